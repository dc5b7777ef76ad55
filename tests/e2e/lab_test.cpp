// The real lab: `clusterbench lab up|status|down` run as child processes against a temporary state
// dir, with a prefix and subnet unique to this test process. Needs root for namespaces (the
// netns cases are skipped otherwise). Whatever happens, each case removes every namespace, link
// and process carrying its unique prefix or state dir.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "os/process_runner.hpp"

namespace {

namespace fs = std::filesystem;
using Argv = std::vector<std::string>;

const std::string kCli = std::string(CB_BIN_DIR) + "/clusterbench";

/// A TCP port free on 127.0.0.1 right now (bound to port 0, read, closed).
int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

/// Namespaces whose name starts with `prefix-`.
std::vector<std::string> namespacesWith(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : lines(cb::os::runSync({"ip", "netns", "list"}).out)) {
    std::string name = l.substr(0, l.find(' '));
    if (name.rfind(prefix + "-", 0) == 0) out.push_back(name);
  }
  return out;
}

/// Host links whose name starts with `prefix-` (from `ip -o link`, "@ifN" stripped).
std::vector<std::string> linksWith(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : lines(cb::os::runSync({"ip", "-o", "link", "show"}).out)) {
    auto start = l.find(": ");
    if (start == std::string::npos) continue;
    std::string name = l.substr(start + 2, l.find(':', start + 2) - start - 2);
    name = name.substr(0, name.find('@'));
    if (name.rfind(prefix + "-", 0) == 0) out.push_back(name);
  }
  return out;
}

/// Pids whose command line mentions `needle` (our unique temp dir).
std::vector<int> processesWith(const std::string& needle) {
  std::vector<int> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "cmdline", std::ios::binary);
    std::string cmd(std::istreambuf_iterator<char>(in), {});
    std::ifstream st(e.path() / "stat");
    std::string stat(std::istreambuf_iterator<char>(st), {});
    auto close = stat.rfind(')');
    bool zombie = close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
    if (!zombie && cmd.find(needle) != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

bool alive(int pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  std::ifstream st("/proc/" + std::to_string(pid) + "/stat");
  std::string stat(std::istreambuf_iterator<char>(st), {});
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

/// One lab under test: temp state dir, unique prefix (<= 6 chars) and subnet in 198.19.0.0/16.
/// The destructor runs `lab down` and then removes anything it left, by prefix and dir only.
class TestLab {
 public:
  TestLab(const std::string& letters, int subnetOffset) {
    int id = static_cast<int>(::getpid());
    prefix_ = letters + std::to_string(id % 1000);
    subnet_ = "198.19." + std::to_string((id + subnetOffset) % 200 + 20) + ".0/24";
    char tmpl[] = "/tmp/cb-lab-e2e-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    port_ = freePort();
  }

  ~TestLab() {
    cli({"lab", "down"});
    for (const auto& ns : namespacesWith(prefix_)) cb::os::runSync({"ip", "netns", "del", ns});
    for (const auto& l : linksWith(prefix_)) cb::os::runSync({"ip", "link", "del", "dev", l});
    for (int pid : processesWith(dir_.string())) ::kill(pid, SIGKILL);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  cb::os::ProcessExit cli(Argv args, std::chrono::seconds timeout = std::chrono::seconds(120)) {
    Argv argv = {kCli, "--state-dir", dir_.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return cb::os::runSync(argv, timeout);
  }

  Argv upArgs(int nodes) const {
    return {"lab",       "up",    "--nodes", std::to_string(nodes), "--prefix",       prefix_,
            "--subnet",  subnet_, "--port",  std::to_string(port_), "--metrics-port", "0",
            "--timeout", "60",    "--json"};
  }

  const std::string& prefix() const { return prefix_; }
  const std::string& subnet() const { return subnet_; }
  const fs::path& dir() const { return dir_; }
  int port() const { return port_; }

 private:
  std::string prefix_;
  std::string subnet_;
  fs::path dir_;
  int port_ = 0;
};

nlohmann::json parseJson(const cb::os::ProcessExit& e) {
  auto j = nlohmann::json::parse(e.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), "stdout is not JSON: " << e.out << "\nstderr: " << e.err);
  return j;
}

/// The lab's pids (agents and, when the lab started it, the controller) from `lab status --json`.
std::vector<int> labPids(const nlohmann::json& status) {
  std::vector<int> pids;
  for (const auto& n : status["nodes"]) pids.push_back(n.value("pid", 0));
  if (status["controller"].value("started_by_lab", false)) {
    pids.push_back(status["controller"].value("pid", 0));
  }
  return pids;
}

void checkNothingLeft(TestLab& lab, const std::vector<int>& pids) {
  CHECK(namespacesWith(lab.prefix()).empty());
  CHECK(linksWith(lab.prefix()).empty());
  for (int pid : pids) CHECK_MESSAGE(!alive(pid), "pid " << pid << " still runs");
  CHECK(processesWith(lab.dir().string()).empty());
  CHECK_FALSE(fs::exists(lab.dir() / "lab"));
}

}  // namespace

TEST_CASE("lab up --nodes 3 builds a netns cluster that lab down removes completely") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: network namespaces need root");
    return;
  }
  TestLab lab("cbt", 0);
  auto up = lab.cli(lab.upArgs(3));
  REQUIRE_MESSAGE(up.exitCode == 0, "lab up failed: " << up.err);
  auto upJson = parseJson(up);
  CHECK(upJson["already_up"] == false);
  CHECK(upJson["provider"] == "netns");
  REQUIRE(upJson["nodes"].size() == 3);
  for (const auto& n : upJson["nodes"]) CHECK(n["state"] == "ready");
  CHECK(upJson["metrics_url"].get<std::string>().rfind("http://127.0.0.1:", 0) == 0);

  // What the controller itself reports.
  auto nodes = lab.cli({"nodes", "--json"});
  REQUIRE_MESSAGE(nodes.exitCode == 0, nodes.err);
  auto list = parseJson(nodes);
  REQUIRE(list.size() == 3);
  std::string net = lab.subnet().substr(0, lab.subnet().rfind('.') + 1);  // "198.19.X."
  std::set<std::string> hostnames, addresses;
  for (const auto& n : list) {
    CHECK(n["state"] == "ready");
    hostnames.insert(n["hostname"].get<std::string>());
    std::string mine;
    for (const auto& a : n["addresses"]) {
      std::string s = a.get<std::string>();
      if (s.rfind(net, 0) == 0) mine = s;
    }
    CHECK_MESSAGE(!mine.empty(), "no address in " << lab.subnet() << ": " << n["addresses"]);
    CHECK(mine.substr(mine.find('/')) == "/24");
    CHECK(mine != net + "1/24");  // .1 is the bridge
    addresses.insert(mine);
  }
  CHECK(hostnames == std::set<std::string>{"master", "node02", "node03"});
  CHECK(addresses.size() == 3);

  CHECK(namespacesWith(lab.prefix()).size() == 3);
  auto links = linksWith(lab.prefix());
  CHECK(std::set<std::string>(links.begin(), links.end()) ==
        std::set<std::string>{lab.prefix() + "-br0", lab.prefix() + "-master",
                              lab.prefix() + "-node02", lab.prefix() + "-node03"});

  // A second `lab up` changes nothing and says so.
  auto again = lab.cli(lab.upArgs(3));
  REQUIRE_MESSAGE(again.exitCode == 0, again.err);
  CHECK(parseJson(again)["already_up"] == true);
  CHECK(again.err.find("already up") != std::string::npos);

  auto status = lab.cli({"lab", "status", "--json"});
  REQUIRE_MESSAGE(status.exitCode == 0, status.err);
  auto statusJson = parseJson(status);
  auto pids = labPids(statusJson);
  REQUIRE(pids.size() == 4);
  for (int pid : pids) CHECK_MESSAGE(alive(pid), "pid " << pid << " is not running");
  for (const auto& n : statusJson["nodes"]) {
    CHECK(n["running"] == true);
    CHECK(n["namespace_exists"] == true);
  }

  auto down = lab.cli({"lab", "down"});
  CHECK_MESSAGE(down.exitCode == 0, down.err);
  checkNothingLeft(lab, pids);

  // Down again: nothing to do, still success.
  auto downAgain = lab.cli({"lab", "down"});
  CHECK_MESSAGE(downAgain.exitCode == 0, downAgain.err);
}

TEST_CASE("a lab up that fails removes what it created and names the failure") {
  if (::geteuid() != 0) {
    MESSAGE("skipped: network namespaces need root");
    return;
  }
  TestLab lab("cbu", 1);
  // Occupy the agent port on every address: the controller the lab starts cannot bind it.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(lab.port()));
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  auto up = lab.cli(lab.upArgs(2));
  ::close(fd);
  CHECK(up.exitCode != 0);
  CHECK_MESSAGE(up.err.find("--agent-endpoint tcp://") != std::string::npos, up.err);
  CHECK_MESSAGE(up.err.find("Address already in use") != std::string::npos, up.err);
  checkNothingLeft(lab, {});
}

TEST_CASE("lab up rejects bad options before creating anything") {
  TestLab lab("cbv", 2);
  auto nodes = lab.cli({"lab", "up", "--nodes", "0"});
  CHECK(nodes.exitCode == 2);
  CHECK_MESSAGE(nodes.err.find("--nodes 0") != std::string::npos, nodes.err);
  auto subnet = lab.cli({"lab", "up", "--subnet", "10.1.0.0/24"});
  CHECK(subnet.exitCode == 2);
  CHECK_MESSAGE(subnet.err.find("10.1.0.0/24") != std::string::npos, subnet.err);
  auto prefix = lab.cli({"lab", "up", "--prefix", "toolong1"});
  CHECK(prefix.exitCode == 2);
  CHECK_MESSAGE(prefix.err.find("toolong1") != std::string::npos, prefix.err);
  CHECK_FALSE(fs::exists(lab.dir() / "lab"));
  auto status = lab.cli({"lab", "status", "--json"});
  CHECK(status.exitCode == 0);
  CHECK(parseJson(status)["up"] == false);
}

TEST_CASE("loopback provider: agents as plain processes, removed by lab down") {
  TestLab lab("cbw", 3);
  Argv args = lab.upArgs(2);
  args.insert(args.end(), {"--provider", "loopback"});
  auto up = lab.cli(args);
  REQUIRE_MESSAGE(up.exitCode == 0, "lab up failed: " << up.err);
  auto j = parseJson(up);
  CHECK(j["provider"] == "loopback");
  REQUIRE(j["nodes"].size() == 2);
  for (const auto& n : j["nodes"]) {
    CHECK(n["state"] == "ready");
    CHECK(n["address"] == "127.0.0.1");
  }
  CHECK(j["controller"]["agent_endpoint"] == "tcp://127.0.0.1:" + std::to_string(lab.port()));
  auto pids = labPids(j);
  auto down = lab.cli({"lab", "down"});
  CHECK_MESSAGE(down.exitCode == 0, down.err);
  checkNothingLeft(lab, pids);
}
