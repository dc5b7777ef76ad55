// The real lab: `clusterbench lab up|status|down` run as child processes against a temporary state
// dir, with a prefix and subnet unique to this test process. Needs root for namespaces (each
// netns case REQUIREs it). Whatever happens, each case removes every namespace, link
// and process carrying its unique prefix or state dir.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "e2e/lab_fixture.hpp"

using namespace cb::e2e;

TEST_CASE("lab up --nodes 3 builds a netns cluster that lab down removes completely") {
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: network namespaces need root");
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
  REQUIRE_MESSAGE(::geteuid() == 0, "run as root: network namespaces need root");
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
