// `clusterbench apply` on a real netns lab: each node's configuration files land in its own root
// tree, addresses, routes and NAT really change inside its namespace, a second apply changes
// nothing, verify reports drift, and a worker that joins later appears in every hosts file.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <chrono>
#include <regex>
#include <thread>

#include "e2e/lab_fixture.hpp"

using namespace cb::e2e;

namespace {

std::string readText(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// examples/lab-cluster.yaml moved onto the test lab's subnet ("198.18.0." -> "198.19.X.").
std::string labSpec(const TestLab& lab) {
  std::string text =
      readText(fs::path(CB_TEST_DATA) / ".." / ".." / "examples" / "lab-cluster.yaml");
  std::string net = lab.subnet().substr(0, lab.subnet().rfind('.') + 1);
  return std::regex_replace(text, std::regex(R"(198\.18\.0\.)"), net);
}

std::string inNetns(const std::string& ns, Argv argv) {
  Argv full = {"ip", "netns", "exec", ns};
  full.insert(full.end(), argv.begin(), argv.end());
  return cb::os::runSync(full).out;
}

int countOutcome(const nlohmann::json& reply, const std::string& outcome) {
  int n = 0;
  for (const auto& node : reply["nodes"]) n += node["counts"].value(outcome, 0);
  return n;
}

}  // namespace

TEST_CASE("apply configures a netns lab from one spec, idempotently, and follows new workers") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: network namespaces need root");
  TestLab lab("cba", 7);
  auto up = lab.cli(lab.upArgs(3));
  REQUIRE_MESSAGE(up.exitCode == 0, "lab up failed: " << up.err);
  const std::string net = lab.subnet().substr(0, lab.subnet().rfind('.') + 1);
  const fs::path specFile = lab.dir() / "cluster.yaml";
  std::ofstream(specFile) << labSpec(lab);
  auto root = [&](const std::string& host) { return lab.dir() / "lab" / host / "root"; };

  // Dry run: every node would change, nothing is written.
  auto dry = lab.cli({"apply", specFile.string(), "--dry-run", "--json"});
  REQUIRE_MESSAGE(dry.exitCode == 0, dry.err << dry.out);
  auto dryJson = parseJson(dry);
  CHECK(dryJson["mode"] == "dry-run");
  REQUIRE(dryJson["nodes"].size() == 3);
  CHECK(countOutcome(dryJson, "changed") >= 3 * 3);  // hostname, hosts, network at least
  CHECK_FALSE(fs::exists(root("node02") / "etc" / "hosts"));
  auto human = lab.cli({"apply", specFile.string(), "--dry-run"});
  CHECK(human.out.find("+++ /etc/hosts") != std::string::npos);
  CHECK(human.out.find("$ iptables -t nat -A POSTROUTING") != std::string::npos);

  // Apply.
  auto applied = lab.cli({"apply", specFile.string(), "--json"});
  REQUIRE_MESSAGE(applied.exitCode == 0, applied.err << applied.out);
  auto applyJson = parseJson(applied);
  CHECK(applyJson["status"] == "succeeded");
  CHECK(countOutcome(applyJson, "failed") == 0);
  // The spec's master entry went to the lab's master node; suites without --master use it.
  std::string masterId;
  for (const auto& n : applyJson["nodes"]) {
    if (n["hostname"] == "master") masterId = n["node_id"].get<std::string>();
  }
  CHECK(masterId.size() == 32);
  CHECK(readText(lab.dir() / "cluster-master") == masterId + "\n");
  for (const std::string host : {"master", "node02", "node03"}) {
    CHECK(readText(root(host) / "etc" / "hostname") == host + "\n");
    auto hosts = readText(root(host) / "etc" / "hosts");
    CHECK(hosts.find("# BEGIN clusterbench") != std::string::npos);
    for (const std::string other : {"master", "node02", "node03"}) {
      CHECK_MESSAGE(hosts.find(" " + other) != std::string::npos, host << " hosts: " << hosts);
    }
  }
  auto exports = readText(root("master") / "etc" / "exports");
  CHECK(exports.find("/shared " + net + "0/24(rw,sync,no_root_squash,no_subtree_check)") !=
        std::string::npos);
  CHECK(fs::exists(root("master") / "etc" / "sysctl.d" / "99-clusterbench-ipforward.conf"));
  CHECK(readText(root("master") / "etc" / "iptables" / "rules.v4").find("MASQUERADE") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(root("master") / "etc" / "auto.master.d" / "clusterbench.autofs"));
  for (const std::string w : {"node02", "node03"}) {
    CHECK(readText(root(w) / "etc" / "auto.master.d" / "clusterbench.autofs").find("/-") !=
          std::string::npos);
    CHECK(readText(root(w) / "etc" / "auto.clusterbench").find("master:/shared") !=
          std::string::npos);
    // The running state inside the node's namespace.
    auto route = inNetns(lab.prefix() + "-" + w, {"ip", "route", "show", "default"});
    CHECK_MESSAGE(route.find("via " + net + "2") != std::string::npos, w << ": " << route);
  }
  auto nat = inNetns(lab.prefix() + "-master", {"iptables", "-t", "nat", "-S", "POSTROUTING"});
  CHECK(nat.find("-s " + net + "0/24 -o eth0 -j MASQUERADE") != std::string::npos);
  CHECK(inNetns(lab.prefix() + "-master", {"sysctl", "-n", "net.ipv4.ip_forward"}) == "1\n");

  // A second apply changes nothing and runs no command; the rule exists once.
  auto again = lab.cli({"apply", specFile.string(), "--json"});
  REQUIRE_MESSAGE(again.exitCode == 0, again.err);
  auto againJson = parseJson(again);
  CHECK(countOutcome(againJson, "changed") == 0);
  CHECK(countOutcome(againJson, "failed") == 0);
  for (const auto& node : againJson["nodes"]) {
    for (const auto& step : node["steps"]) CHECK(step["commands"].empty());
  }
  nat = inNetns(lab.prefix() + "-master", {"iptables", "-t", "nat", "-S", "POSTROUTING"});
  CHECK(nat.find("MASQUERADE") == nat.rfind("MASQUERADE"));

  // verify: in sync, then drift after a user edits a managed block away.
  CHECK(lab.cli({"verify"}).exitCode == 0);
  std::ofstream(root("node03") / "etc" / "hosts") << "127.0.0.1 localhost\n";
  auto drift = lab.cli({"verify", "--json"});
  CHECK(drift.exitCode == 3);
  auto driftJson = parseJson(drift);
  CHECK(driftJson["status"] == "drift");
  for (const auto& node : driftJson["nodes"]) {
    CHECK(node["status"] == (node["hostname"] == "node03" ? "changed" : "unchanged"));
  }
  REQUIRE(lab.cli({"apply", specFile.string()}).exitCode == 0);

  // A worker that joins later (a fourth namespace on the lab bridge): the controller re-applies
  // the last spec on its own and every node's hosts file learns the new name.
  const std::string ns = lab.prefix() + "-node04", veth = lab.prefix() + "-node04";
  for (Argv c : std::vector<Argv>{
           {"ip", "netns", "add", ns},
           {"ip", "link", "add", "name", veth, "type", "veth", "peer", "name", "eth0", "netns", ns},
           {"ip", "link", "set", "dev", veth, "master", lab.prefix() + "-br0"},
           {"ip", "link", "set", "dev", veth, "up"},
           {"ip", "-n", ns, "addr", "add", net + "5/24", "dev", "eth0"},
           {"ip", "-n", ns, "link", "set", "dev", "eth0", "up"}}) {
    auto r = cb::os::runSync(c);
    REQUIRE_MESSAGE(r.exitCode == 0, r.err);
  }
  fs::create_directories(lab.dir() / "node04" / "root");
  Argv agent = {"ip",
                "netns",
                "exec",
                ns,
                "unshare",
                "--uts",
                "--",
                std::string(CB_BIN_DIR) + "/clusterbench-agent",
                "--controller",
                "tcp://" + net + "1:" + std::to_string(lab.port()),
                "--controller-key",
                (lab.dir() / "controller.pub").string(),
                "--state-dir",
                (lab.dir() / "node04" / "agent").string(),
                "--join-token-file",
                (lab.dir() / "lab" / "join-token").string(),
                "--hostname",
                "node04",
                "--config-root",
                (lab.dir() / "node04" / "root").string(),
                "--no-service-commands",
                "--heartbeat-ms",
                "1000"};
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::vector<char*> args;
    for (auto& a : agent) args.push_back(a.data());
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  bool everywhere = false;
  for (int i = 0; i < 60 && !everywhere; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    everywhere = true;
    for (const std::string host : {"master", "node02", "node03"}) {
      if (readText(root(host) / "etc" / "hosts").find(net + "5 node04") == std::string::npos) {
        everywhere = false;
      }
    }
  }
  CHECK_MESSAGE(everywhere, "node04 did not reach every hosts file");
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
}
