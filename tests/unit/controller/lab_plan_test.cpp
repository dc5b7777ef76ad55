// The lab plan is pure: names, addresses, argv lists and validation, checked without root.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "lab/ip_output.hpp"
#include "lab/lab_plan.hpp"
#include "lab/lab_state.hpp"
#include "lab/netns_provider.hpp"

namespace {

using cb::lab::Argv;

cb::lab::LabOptions options() {
  cb::lab::LabOptions o;
  o.stateDir = "/tmp/st";
  o.controllerBinary = "/opt/cb/bin/clusterbench";
  o.agentBinary = "/opt/cb/bin/clusterbench-agent";
  return o;
}

cb::lab::LabPlan plan(const cb::lab::LabOptions& o) {
  auto p = cb::lab::makeLabPlan(o);
  REQUIRE_MESSAGE(p.ok(), (p.ok() ? "" : p.error()));
  return *p;
}

bool contains(const std::vector<Argv>& list, const Argv& argv) {
  return std::find(list.begin(), list.end(), argv) != list.end();
}

}  // namespace

TEST_CASE("hostnames follow the seeds: master, node02, node03, ...") {
  CHECK(cb::lab::labHostname(1) == "master");
  CHECK(cb::lab::labHostname(2) == "node02");
  CHECK(cb::lab::labHostname(10) == "node10");
  CHECK(cb::lab::labHostname(50) == "node50");
}

TEST_CASE("default plan: bridge .1, nodes .2 .3 .4 in their namespaces, dirs per node") {
  auto p = plan(options());
  CHECK(p.bridge == "cb-br0");
  CHECK(p.gateway == "198.18.0.1");
  CHECK(p.gatewayCidr == "198.18.0.1/24");
  CHECK(p.controlEndpoint == "ipc:///tmp/st/control.sock");
  CHECK(p.paths.stateFile == "/tmp/st/lab/lab.json");
  CHECK(p.paths.lockFile == "/tmp/st/lab.lock");
  CHECK(p.controllerKey == "/tmp/st/controller.pub");
  CHECK(p.joinTokenFile == "/tmp/st/lab/join-token");
  REQUIRE(p.nodes.size() == 3);
  const char* hosts[] = {"master", "node02", "node03"};
  const char* addrs[] = {"198.18.0.2", "198.18.0.3", "198.18.0.4"};
  for (int i = 0; i < 3; ++i) {
    const auto& n = p.nodes[i];
    CHECK(n.hostname == hosts[i]);
    CHECK(n.netns == std::string("cb-") + hosts[i]);
    CHECK(n.hostVeth == std::string("cb-") + hosts[i]);
    CHECK(n.address == addrs[i]);
    CHECK(n.cidr == std::string(addrs[i]) + "/24");
    CHECK(n.dir == std::filesystem::path("/tmp/st/lab") / hosts[i]);
    CHECK(n.agentStateDir == n.dir / "agent");
    CHECK(n.rootDir == n.dir / "root");
    CHECK(n.logFile == n.dir / "agent.log");
  }
}

TEST_CASE("interface names fit in 15 characters at the limits") {
  auto o = options();
  o.prefix = "abcdef";
  o.nodes = 50;
  auto p = plan(o);
  std::set<std::string> names{p.bridge};
  for (const auto& n : p.nodes) {
    CHECK(n.hostVeth.size() <= 15);
    CHECK(n.netns.size() <= 15);
    names.insert(n.hostVeth);
  }
  CHECK(names.size() == 51);
  CHECK(p.nodes.back().hostVeth == "abcdef-node50");
  CHECK(p.nodes.back().address == "198.18.0.51");
}

TEST_CASE("subnets elsewhere in 198.18.0.0/15 work, and the last usable address is used") {
  auto o = options();
  o.subnet = "198.19.200.0/29";  // .1 bridge, .2-.6 nodes
  o.nodes = 5;
  auto p = plan(o);
  CHECK(p.gatewayCidr == "198.19.200.1/29");
  CHECK(p.nodes.back().cidr == "198.19.200.6/29");
  o.nodes = 6;
  auto tooMany = cb::lab::makeLabPlan(o);
  REQUIRE_FALSE(tooMany.ok());
  CHECK(tooMany.error().find("198.19.200.0/29") != std::string::npos);
  CHECK(tooMany.error().find("room for 5 nodes") != std::string::npos);
}

TEST_CASE("controller and agent argv") {
  auto p = plan(options());
  CHECK(cb::lab::controllerArgv(p) == Argv{"/opt/cb/bin/clusterbench", "--state-dir", "/tmp/st",
                                           "--control", "ipc:///tmp/st/control.sock", "controller",
                                           "--agent-endpoint", "tcp://198.18.0.1:7700",
                                           "--metrics-address", "127.0.0.1:9464"});
  auto dial = cb::lab::agentDialEndpoint(p, 7711);
  CHECK(dial == "tcp://198.18.0.1:7711");
  auto agent = cb::lab::agentArgv(p, p.nodes[1], dial);
  CHECK(agent == Argv{"ip",
                      "netns",
                      "exec",
                      "cb-node02",
                      "unshare",
                      "--uts",
                      "--",
                      "/opt/cb/bin/clusterbench-agent",
                      "--controller",
                      "tcp://198.18.0.1:7711",
                      "--controller-key",
                      "/tmp/st/controller.pub",
                      "--state-dir",
                      "/tmp/st/lab/node02/agent",
                      "--join-token-file",
                      "/tmp/st/lab/join-token",
                      "--hostname",
                      "node02",
                      "--config-root",
                      "/tmp/st/lab/node02/root",
                      "--no-service-commands",
                      "--heartbeat-ms",
                      "1000"});
  // The token is read from the lab's file: never a --join-token argument (argv is world-readable).
  for (const auto& a : agent) CHECK(a.rfind("--join-token=", 0) != 0);
  CHECK(std::count(agent.begin(), agent.end(), "--join-token") == 0);
}

TEST_CASE("heartbeat options reach the controller's argv and are validated") {
  auto o = options();
  o.heartbeatMs = 500;
  o.missedHeartbeats = 4;
  auto argv = cb::lab::controllerArgv(plan(o));
  REQUIRE(argv.size() == 14);
  CHECK(Argv(argv.begin() + 10, argv.end()) ==
        Argv{"--heartbeat-ms", "500", "--missed-heartbeats", "4"});
  o.heartbeatMs = 10;
  auto fast = cb::lab::makeLabPlan(o);
  REQUIRE_FALSE(fast.ok());
  CHECK(fast.error().find("--heartbeat-ms 10") != std::string::npos);
  o.heartbeatMs = 0;
  o.missedHeartbeats = 101;
  auto many = cb::lab::makeLabPlan(o);
  REQUIRE_FALSE(many.ok());
  CHECK(many.error().find("--missed-heartbeats 101") != std::string::npos);
}

TEST_CASE("loopback provider: no namespaces, no hostnames, controller on 127.0.0.1") {
  auto o = options();
  o.provider = cb::lab::Provider::kLoopback;
  o.port = 7800;
  auto p = plan(o);
  CHECK(p.bridge.empty());
  CHECK(p.gateway == "127.0.0.1");
  CHECK(cb::lab::controllerArgv(p)[7] == "tcp://127.0.0.1:7800");
  for (const auto& n : p.nodes) {
    CHECK(n.netns.empty());
    CHECK(n.hostVeth.empty());
    CHECK(n.address == "127.0.0.1");
  }
  CHECK(cb::lab::agentArgv(p, p.nodes[0], cb::lab::agentDialEndpoint(p, 7800)) ==
        Argv{"/opt/cb/bin/clusterbench-agent", "--controller", "tcp://127.0.0.1:7800",
             "--controller-key", "/tmp/st/controller.pub", "--state-dir",
             "/tmp/st/lab/master/agent", "--join-token-file", "/tmp/st/lab/join-token",
             "--heartbeat-ms", "1000"});
}

TEST_CASE("ip commands: one creating command per object, configuration after it") {
  auto p = plan(options());
  const auto& n = p.nodes[0];
  CHECK(cb::lab::bridgeAddCommand(p) ==
        Argv{"ip", "link", "add", "name", "cb-br0", "type", "bridge"});
  auto br = cb::lab::bridgeConfigureCommands(p);
  CHECK(contains(br, {"ip", "addr", "add", "198.18.0.1/24", "dev", "cb-br0"}));
  CHECK(contains(br, {"ip", "link", "set", "dev", "cb-br0", "up"}));
  CHECK(cb::lab::netnsAddCommand(n) == Argv{"ip", "netns", "add", "cb-master"});
  CHECK(cb::lab::vethAddCommand(n) == Argv{"ip", "link", "add", "name", "cb-master", "type", "veth",
                                           "peer", "name", "eth0", "netns", "cb-master"});
  auto cfg = cb::lab::nodeConfigureCommands(p, n);
  CHECK(contains(cfg, {"ip", "link", "set", "dev", "cb-master", "master", "cb-br0"}));
  CHECK(contains(cfg, {"ip", "-n", "cb-master", "addr", "add", "198.18.0.2/24", "dev", "eth0"}));
  CHECK(contains(cfg, {"ip", "-n", "cb-master", "link", "set", "dev", "lo", "up"}));
  CHECK(contains(cfg, {"ip", "-n", "cb-master", "route", "add", "default", "via", "198.18.0.1"}));
  // eth0 must be up before the default route through it can be added.
  auto up = std::find(cfg.begin(), cfg.end(),
                      Argv{"ip", "-n", "cb-master", "link", "set", "dev", "eth0", "up"});
  auto route =
      std::find(cfg.begin(), cfg.end(),
                Argv{"ip", "-n", "cb-master", "route", "add", "default", "via", "198.18.0.1"});
  CHECK(up < route);
  CHECK(cb::lab::linkDeleteCommand("cb-br0") == Argv{"ip", "link", "del", "dev", "cb-br0"});
  CHECK(cb::lab::netnsDeleteCommand("cb-master") == Argv{"ip", "netns", "del", "cb-master"});
  CHECK(cb::lab::describeArgv({"ip", "a b", ""}) == "ip 'a b' ''");
}

TEST_CASE("validation errors name the value") {
  auto expectError = [](cb::lab::LabOptions o, const std::string& needle) {
    auto p = cb::lab::makeLabPlan(o);
    REQUIRE_FALSE(p.ok());
    CHECK_MESSAGE(p.error().find(needle) != std::string::npos, p.error());
  };
  auto o = options();
  o.nodes = 0;
  expectError(o, "--nodes 0");
  o.nodes = 51;
  expectError(o, "--nodes 51");
  o = options();
  for (const char* bad : {"", "abcdefg", "CB", "c-b", "c_b", "cb!"}) {
    o.prefix = bad;
    expectError(o, "--prefix '" + std::string(bad) + "'");
  }
  o = options();
  for (const char* bad : {"10.0.0.0/24", "198.20.0.0/24", "198.16.0.0/14", "192.0.2.0/24"}) {
    o.subnet = bad;
    expectError(o, std::string(bad) + "' is not inside 198.18.0.0/15");
  }
  for (const char* bad :
       {"198.18.0.0", "198.18.0/24", "198.18.0.256/24", "198.18.0.0/33", "198.18.0.0/", "x/24",
        "198.18.0.0/2a", "198.18.0.0/024", "198.018.0.0/24"}) {
    o.subnet = bad;
    expectError(o, "--subnet '" + std::string(bad) + "'");
  }
  o.subnet = "198.18.0.5/24";
  expectError(o, "--subnet '198.18.0.5/24' has host bits set (the network is 198.18.0.0/24)");
  o.subnet = "198.18.0.0/14";
  expectError(o, "--subnet '198.18.0.0/14' has host bits set (the network is 198.16.0.0/14)");
  o.subnet = "198.18.0.0/31";
  expectError(o, "room for 0 nodes");
  o.subnet = "198.18.0.0/30";  // .1 bridge, .2 one node
  o.nodes = 1;
  CHECK(cb::lab::makeLabPlan(o).ok());
  o.nodes = 2;
  expectError(o, "room for 1 nodes");
  o = options();
  o.port = 0;
  expectError(o, "--port 0");
  o = options();
  o.stateDir = "relative";
  expectError(o, "'relative' must be an absolute path");
  o = options();
  o.subnet = "198.18.0.0/15";
  o.nodes = 50;
  CHECK(cb::lab::makeLabPlan(o).ok());
}

TEST_CASE("ip output parsers") {
  CHECK(cb::lab::parseNetnsList("cb-node02 (id: 1)\ncb-master\n\n") ==
        std::vector<std::string>{"cb-node02", "cb-master"});
  std::string links =
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\\    link/loopback\n"
      "15: cb-master@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN\\    link/ether "
      "4a:3b:98:cd:e3:d0 brd ff:ff:ff:ff:ff:ff link-netns cb-master\n"
      "16: cb-br0: <BROADCAST,MULTICAST,UP> mtu 1500\n";
  CHECK(cb::lab::parseLinkNames(links) == std::vector<std::string>{"lo", "cb-master", "cb-br0"});
  auto addrs = cb::lab::parseIpv4Addresses(
      "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n"
      "4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft\n");
  REQUIRE(addrs.size() == 2);
  CHECK(addrs[1].interface == "eth0");
  CHECK(addrs[1].cidr == "192.0.2.2/24");
}

TEST_CASE("lab.json round-trips and names a missing field") {
  cb::lab::LabState s;
  s.provider = "netns";
  s.prefix = "cb";
  s.subnet = "198.18.0.0/24";
  s.bridge = "cb-br0";
  s.controlEndpoint = "ipc:///tmp/st/control.sock";
  s.agentEndpoint = "tcp://198.18.0.1:7700";
  s.controllerStartedByLab = true;
  s.controllerPid = 42;
  s.controllerArgv = {"/opt/cb/bin/clusterbench", "--state-dir", "/tmp/st", "controller"};
  cb::lab::NodeRecord r;
  r.hostname = "master";
  r.address = "198.18.0.2";
  r.netns = "cb-master";
  r.pid = 43;
  r.agentStateDir = "/tmp/st/lab/master/agent";
  s.nodes.push_back(r);
  auto back = cb::lab::labStateFromJson(cb::lab::toJson(s));
  REQUIRE(back.ok());
  CHECK(cb::lab::toJson(*back) == cb::lab::toJson(s));
  CHECK(back->controllerArgv == s.controllerArgv);
  auto j = cb::lab::toJson(s);
  // Files written before the argv was recorded still load.
  auto older = j;
  older.erase("controller_argv");
  auto olderBack = cb::lab::labStateFromJson(older);
  REQUIRE(olderBack.ok());
  CHECK(olderBack->controllerArgv.empty());
  j["nodes"][0].erase("netns");
  auto bad = cb::lab::labStateFromJson(j);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().find("netns") != std::string::npos);
}

TEST_CASE("netns provider with a fake runner: errors name the command; conflicts are found") {
  std::vector<Argv> ran;
  std::string addresses;
  auto fake = [&](const Argv& argv) {
    ran.push_back(argv);
    cb::os::ProcessExit e;
    e.started = true;
    if (argv == Argv{"ip", "netns", "list"}) {
      e.out = "other (id: 0)\n";
    } else if (argv == Argv{"ip", "-o", "link", "show"}) {
      e.out = "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536\n7: cb-node02@if2: <BROADCAST> mtu 1500\n";
    } else if (argv == Argv{"ip", "-o", "-4", "addr", "show"}) {
      e.out = addresses;
    } else {
      e.exitCode = 2;
      e.err = "RTNETLINK answers: File exists\n";
    }
    return e;
  };
  cb::lab::NetnsProvider ip(fake);
  auto s = ip.run({"ip", "link", "add", "name", "x", "type", "bridge"});
  REQUIRE_FALSE(s.ok());
  CHECK(s.error() ==
        "`ip link add name x type bridge` failed (exit 2): RTNETLINK answers: File exists");

  auto p = plan(options());
  auto taken = ip.checkFree(p);
  REQUIRE_FALSE(taken.ok());
  CHECK(taken.error().find("link 'cb-node02' already exists") != std::string::npos);

  auto o = options();
  o.prefix = "lab2";
  auto p2 = plan(o);
  CHECK(ip.checkFree(p2).ok());
  addresses = "9: lab1-br0    inet 198.18.0.1/24 scope global lab1-br0\\       valid_lft\n";
  auto inUse = ip.checkFree(p2);
  REQUIRE_FALSE(inUse.ok());
  CHECK(inUse.error().find("lab1-br0 has 198.18.0.1/24") != std::string::npos);

  // Deleting absent objects runs nothing.
  ran.clear();
  cb::lab::HostNetwork now{{"cb-master"}, {"cb-br0"}};
  CHECK(ip.deleteLinkIfPresent("cb-node02", now).ok());
  CHECK(ip.deleteNetnsIfPresent("cb-node02", now).ok());
  CHECK(ran.empty());
  CHECK_FALSE(ip.deleteNetnsIfPresent("cb-master", now).ok());  // the fake fails every change
  CHECK(ran == std::vector<Argv>{{"ip", "netns", "del", "cb-master"}});
}
