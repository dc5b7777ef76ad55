// Plans of the appliers that probe the running system (network, gateway, packages), over
// output captured from the real tools (tests/data/node_config).
#include <doctest/doctest.h>

#include "config/gateway_applier.hpp"
#include "config/ip_json.hpp"
#include "config/network_applier.hpp"
#include "config/network_files.hpp"
#include "config/packages_applier.hpp"
#include "spec/node_config.hpp"
#include "unit/agent/config_test_support.hpp"

using namespace cb::agent::config;
using cb::test::FakeNode;
using cb::test::nodeConfigFixture;
using cb::test::TempRoot;

namespace {

std::vector<std::string> argvs(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& c : plan.commands) out.push_back(displayCommand(c.argv));
  return out;
}

}  // namespace

TEST_CASE("ip -j addr show and ip -j route show default, as iproute2 6.1 prints them") {
  auto down = parseIpAddrShow(nodeConfigFixture("ip_addr_cb0_down_no_address.json"));
  REQUIRE(down);
  CHECK(down->name == "cb0");
  CHECK_FALSE(down->adminUp);
  CHECK(down->addresses.empty());
  auto two = parseIpAddrShow(nodeConfigFixture("ip_addr_cb0_up_two_addresses.json"));
  REQUIRE(two);
  CHECK(two->adminUp);
  // The IPv6 link-local address is not listed.
  CHECK(two->addresses == std::vector<std::string>{"198.18.102.2/24", "198.18.102.3/24"});
  CHECK_FALSE(parseIpAddrShow("[]"));
  CHECK_FALSE(parseIpAddrShow("Device \"x\" does not exist."));

  auto none = parseDefaultRoute(nodeConfigFixture("ip_route_default_none.json"));
  REQUIRE(none);
  CHECK_FALSE(none->has_value());
  auto via = parseDefaultRoute(nodeConfigFixture("ip_route_default_via_198.18.102.1.json"));
  REQUIRE(via);
  REQUIRE(via->has_value());
  CHECK((*via)->gateway == "198.18.102.1");
  CHECK((*via)->device == "cb0");
}

TEST_CASE("network: the running system gets what it lacks, persisted where possible") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  const auto config = cb::test::workerConfig();

  SUBCASE("no netplan, no networkd: running state only") {
    auto current = observeNetwork(config, env);
    REQUIRE(current);
    CHECK(current->persistence == NetworkPersistence::kNone);
    Plan plan = planNetwork(config, *current);
    CHECK(plan.files.empty());
    CHECK(argvs(plan) ==
          std::vector<std::string>{"ip link set dev cb0 up", "ip addr add 198.18.102.2/24 dev cb0",
                                   "ip route replace default via 198.18.102.1 dev cb0"});
    REQUIRE(plan.notes.size() == 1);
    CHECK(plan.notes[0].find("DNS servers are not configured") != std::string::npos);
  }
  SUBCASE("netplan: our own file beside the user's, applied as a service command") {
    root.put("/etc/netplan/50-cloud-init.yaml", "network:\n  version: 2\n");
    node.programs.insert("netplan");
    cb::test::settle(node, config);
    Plan plan = planNetwork(config, *observeNetwork(config, env));
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].path == "/etc/netplan/60-clusterbench.yaml");
    CHECK(plan.files[0].mode == 0600);
    CHECK(plan.files[0].newContent == std::string(kOwnedFileHeader) +
                                          "network:\n"
                                          "  version: 2\n"
                                          "  ethernets:\n"
                                          "    cb0:\n"
                                          "      dhcp4: false\n"
                                          "      addresses:\n"
                                          "        - 198.18.102.2/24\n"
                                          "      routes:\n"
                                          "        - to: default\n"
                                          "          via: 198.18.102.1\n"
                                          "      nameservers:\n"
                                          "        addresses:\n"
                                          "          - 8.8.8.8\n"
                                          "          - 8.8.4.4\n");
    CHECK(argvs(plan) == std::vector<std::string>{"netplan apply"});
    CHECK(plan.commands[0].service);
    root.put(plan.files[0].path, plan.files[0].newContent);
    CHECK(planNetwork(config, *observeNetwork(config, env)).empty());
  }
  SUBCASE("/etc/netplan without netplan installed falls back to networkd") {
    root.put("/etc/netplan/50-cloud-init.yaml", "network: {}\n");
    REQUIRE(root.fs->makeDirs("/etc/systemd/network"));
    cb::test::settle(node, config);
    Plan plan = planNetwork(config, *observeNetwork(config, env));
    REQUIRE(plan.files.size() == 1);
    CHECK(plan.files[0].path == "/etc/systemd/network/60-clusterbench.network");
    CHECK(plan.files[0].newContent == std::string(kOwnedFileHeader) +
                                          "[Match]\nName=cb0\n\n[Network]\n"
                                          "Address=198.18.102.2/24\nGateway=198.18.102.1\n"
                                          "DNS=8.8.8.8\nDNS=8.8.4.4\n");
    CHECK(plan.commands.empty());
  }
  SUBCASE("a master without a gateway leaves routes alone") {
    const auto master = cb::test::masterConfig();
    node.linkUp = true;
    node.addresses = {"198.18.102.1/24"};
    Plan plan = planNetwork(master, *observeNetwork(master, env));
    CHECK(plan.commands.empty());
    for (const auto& call : node.calls) CHECK(call.find("route") == std::string::npos);
  }
  SUBCASE("a missing interface fails the observation with ip's message") {
    auto missing = config;
    missing.interface = "nosuch";
    auto current = observeNetwork(missing, env);
    REQUIRE_FALSE(current);
    CHECK(current.error() ==
          "interface nosuch: ip -j addr show dev nosuch: exit 1: Device \"nosuch\" does not "
          "exist.");
  }
  CHECK(node.unexpected.empty());
}

TEST_CASE("gateway: forwarding and one MASQUERADE rule, persisted") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  const auto config = cb::test::masterConfig();

  CHECK(masqueradeSaveLine(config) == "-A POSTROUTING -s 198.18.102.0/24 -o cb1 -j MASQUERADE");
  // A source iptables-save would print differently never reaches the applier.
  REQUIRE(cb::spec::validateNodeConfig(config));
  auto odd = config;
  for (const char* source : {"198.18.102.77/24", "198.18.102.77", "198.18.102.0/024"}) {
    odd.natSource = source;
    CHECK_FALSE_MESSAGE(cb::spec::validateNodeConfig(odd), source);
  }

  auto current = observeGateway(config, env);
  REQUIRE(current);
  CHECK(current->ipForward == "0");
  CHECK_FALSE(current->masqueradePresent);
  Plan plan = planGateway(config, *current);
  REQUIRE(plan.files.size() == 1);
  CHECK(plan.files[0].path == "/etc/sysctl.d/99-clusterbench-ipforward.conf");
  CHECK(plan.files[0].newContent == std::string(kOwnedFileHeader) + "net.ipv4.ip_forward=1\n");
  CHECK(argvs(plan) == std::vector<std::string>{
                           "sysctl -w net.ipv4.ip_forward=1",
                           "iptables -t nat -A POSTROUTING -s 198.18.102.0/24 -o cb1 -j MASQUERADE",
                           "iptables-save"});
  CHECK(plan.commands[2].stdoutTo == "/etc/iptables/rules.v4");
  REQUIRE(plan.notes.size() == 1);
  CHECK(plan.notes[0].find("iptables-persistent, which is not installed") != std::string::npos);

  SUBCASE("the rule is running but rules.v4 lacks it: only persisted again") {
    node.ipForward = "1";
    node.natRules = {"-s 198.18.102.0/24 -o cb1 -j MASQUERADE"};
    root.put(plan.files[0].path, plan.files[0].newContent);
    root.put("/etc/iptables/rules.v4", "*filter\nCOMMIT\n");
    CHECK(argvs(planGateway(config, *observeGateway(config, env))) ==
          std::vector<std::string>{"iptables-save"});
    root.put("/etc/iptables/rules.v4", nodeConfigFixture("iptables_save_masquerade.txt"));
    CHECK(planGateway(config, *observeGateway(config, env)).empty());
  }
  SUBCASE("iptables not installed yet: the rule is still planned") {
    node.programs.erase("iptables");
    node.programs.erase("iptables-save");
    node.calls.clear();
    plan = planGateway(config, *observeGateway(config, env));
    CHECK(argvs(plan).size() == 3);
    CHECK(plan.notes[0] == "iptables is not installed");
    for (const auto& call : node.calls) CHECK(call.rfind("iptables", 0) != 0);
  }
  SUBCASE("iptables -C failing for another reason than an absent rule fails the observation") {
    const std::string check =
        "iptables -t nat -C POSTROUTING -s 198.18.102.0/24 -o cb1 -j MASQUERADE";
    node.failWith(check, nodeConfigFixture("iptables_check_not_root.stderr.txt"), 4);
    auto failed = observeGateway(config, env);
    REQUIRE_FALSE(failed);
    CHECK(failed.error() == check +
                                ": exit 4: iptables v1.8.9 (nf_tables): Could not fetch rule "
                                "set generation id: Permission denied (you must be root)");
  }
  CHECK(node.unexpected.empty());
}

TEST_CASE("packages: only the missing ones, non-interactively") {
  TempRoot root;
  FakeNode node;
  ConfigEnv env{*root.fs, node, {}};
  const auto config = cb::test::masterConfig();

  CHECK(dpkgStatusInstalled("install ok installed"));
  CHECK(dpkgStatusInstalled("hold ok installed"));
  CHECK_FALSE(dpkgStatusInstalled("deinstall ok config-files"));
  CHECK_FALSE(dpkgStatusInstalled(""));

  auto current = observePackages(config, env);
  REQUIRE(current);
  CHECK(current->missing == std::vector<std::string>{"nfs-kernel-server"});
  CHECK(argvs(planPackages(config, *current)) ==
        std::vector<std::string>{"env DEBIAN_FRONTEND=noninteractive apt-get install -y "
                                 "--no-install-recommends nfs-kernel-server"});
  node.installed.insert("nfs-kernel-server");
  CHECK(planPackages(config, *observePackages(config, env)).empty());

  node.programs.erase("dpkg-query");
  auto notDebian = observePackages(config, env);
  REQUIRE_FALSE(notDebian);
  CHECK(notDebian.error().find("Debian-based") != std::string::npos);
  CHECK(node.unexpected.empty());
}
