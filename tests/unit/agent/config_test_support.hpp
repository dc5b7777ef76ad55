#pragma once
// Support for the node-configuration tests: a rooted temp tree, sample configs, and FakeNode, a
// recording CommandRunner that answers the appliers' probes with output captured from the real
// tools (tests/data/node_config, see tests/data/README.md) and changes its state when a mutating
// command runs, so a second apply sees what the first one did.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/applier.hpp"
#include "config/command_runner.hpp"
#include "os/filesystem.hpp"
#include "support/process.hpp"

namespace cb::test {

inline std::string nodeConfigFixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(CB_TEST_DATA) / "node_config" / name, std::ios::binary);
  REQUIRE_MESSAGE(in, "missing fixture " << name);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A temporary root directory with a Filesystem over it.
struct TempRoot {
  TempDir dir;
  std::unique_ptr<os::Filesystem> fs = os::makeRootedFilesystem(dir.path());

  void put(const std::string& path, const std::string& content) {
    REQUIRE(fs->write(path, content));
  }
  std::optional<std::string> get(const std::string& path) {
    auto content = fs->read(path);
    REQUIRE(content);
    return *content;
  }
};

/// master (198.18.102.1) and node02 (198.18.102.2) on cb0; the master masquerades
/// 198.18.102.0/24 out of cb1 and exports /shared; node02 mounts it with autofs.
inline spec::NodeConfig masterConfig() {
  spec::NodeConfig c;
  c.clusterName = "lab";
  c.hostname = "master";
  c.role = "master";
  c.interface = "cb0";
  c.address = "198.18.102.1/24";
  c.hosts = {{"198.18.102.1", {"master"}}, {"198.18.102.2", {"node02"}}};
  c.natEnabled = true;
  c.natOutInterface = "cb1";
  c.natSource = "198.18.102.0/24";
  c.nfsExportEnabled = true;
  c.sharedPath = "/shared";
  c.exportOptions = "rw,sync,no_root_squash,no_subtree_check";
  c.exportClients = {"198.18.102.0/24"};
  c.packagesEnabled = true;
  c.packages = {"nfs-kernel-server", "iptables"};
  return c;
}

inline spec::NodeConfig workerConfig() {
  spec::NodeConfig c;
  c.clusterName = "lab";
  c.hostname = "node02";
  c.role = "worker";
  c.interface = "cb0";
  c.address = "198.18.102.2/24";
  c.gateway = "198.18.102.1";
  c.dns = {"8.8.8.8", "8.8.4.4"};
  c.hosts = {{"198.18.102.1", {"master"}}, {"198.18.102.2", {"node02"}}};
  c.autofsEnabled = true;
  c.autofsMountPoint = "/shared";
  c.autofsOptions = "-fstype=nfs,rw";
  c.autofsSource = "master:/shared";
  return c;
}

class FakeNode : public agent::config::CommandRunner {
 public:
  using CommandResult = agent::config::CommandResult;

  // Node state, as the probes report it.
  std::string hostname = "template";
  bool linkUp = false;
  std::set<std::string> addresses;  // on cb0; combinations with a captured fixture only
  bool defaultRoute = false;        // via 198.18.102.1 dev cb0
  std::string ipForward = "0";
  std::set<std::string> natRules;  // displayed rule words after "POSTROUTING"
  std::set<std::string> installed{"iptables"};
  std::set<std::string> programs{"hostname", "ip",        "sysctl",     "iptables", "iptables-save",
                                 "exportfs", "systemctl", "dpkg-query", "apt-get",  "timeout"};
  /// What `dd if=MOUNT/.clusterbench-share` prints through the automount; nullopt: not mounted.
  std::optional<std::string> shareMarker;

  std::vector<std::string> calls;       // every command, displayed
  std::vector<std::string> unexpected;  // commands the fake does not know
  /// Results given instead of the simulated ones, by displayed command.
  std::map<std::string, CommandResult> overrides;
  void failWith(const std::string& command, const std::string& err, int exitCode = 1) {
    overrides[command] = {true, exitCode, "", err};
  }

  /// Calls that are not probes.
  std::vector<std::string> mutatingCalls() const {
    std::vector<std::string> out;
    for (const auto& call : calls) {
      if (call == "hostname" || call.rfind("ip -j ", 0) == 0 || call.rfind("sysctl -n ", 0) == 0 ||
          call.rfind("timeout -k 5 20 dd ", 0) == 0 || call.rfind("iptables -t nat -C ", 0) == 0 ||
          call.rfind("dpkg-query ", 0) == 0) {
        continue;
      }
      out.push_back(call);
    }
    return out;
  }

  bool available(const std::string& program) override { return programs.count(program) > 0; }

  CommandResult run(const std::vector<std::string>& argv) override {
    const std::string key = agent::config::displayCommand(argv);
    calls.push_back(key);
    if (!argv.empty() && !programs.count(argv[0]) && argv[0] != "env") {
      return {false, -1, "", "cannot execute " + argv[0] + ": No such file or directory"};
    }
    if (auto it = overrides.find(key); it != overrides.end()) return it->second;
    if (key == "hostname") return ok(hostname + "\n");
    if (key.rfind("timeout -k 5 20 dd ", 0) == 0) {
      if (shareMarker) return ok(*shareMarker);
      return {true, 1, "",
              "dd: failed to open '" + argv[5].substr(3) + "': No such file or directory"};
    }
    if (argv.size() == 2 && argv[0] == "hostname") {
      hostname = argv[1];
      return ok();
    }
    if (key == "ip -j addr show dev cb0") return addrShow();
    if (key == "ip -j addr show dev nosuch") {
      return {true, 1, "", nodeConfigFixture("ip_addr_nosuch.stderr.txt")};
    }
    if (key == "ip -j route show default") {
      return ok(nodeConfigFixture(defaultRoute ? "ip_route_default_via_198.18.102.1.json"
                                               : "ip_route_default_none.json"));
    }
    if (key == "ip link set dev cb0 up") {
      linkUp = true;
      return ok();
    }
    if (argv.size() == 6 && key.rfind("ip addr add ", 0) == 0 && argv[5] == "cb0") {
      addresses.insert(argv[3]);
      return ok();
    }
    if (key == "ip route replace default via 198.18.102.1 dev cb0") {
      defaultRoute = true;
      return ok();
    }
    if (key == "sysctl -n net.ipv4.ip_forward") return ok(ipForward + "\n");
    if (key == "sysctl -w net.ipv4.ip_forward=1") {
      ipForward = "1";
      return ok("net.ipv4.ip_forward = 1\n");
    }
    if (key.rfind("iptables -t nat -C POSTROUTING ", 0) == 0) {
      if (natRules.count(key.substr(31))) return ok();
      return {true, 1, "", nodeConfigFixture("iptables_check_absent.stderr.txt")};
    }
    if (key.rfind("iptables -t nat -A POSTROUTING ", 0) == 0) {
      natRules.insert(key.substr(31));
      return ok();
    }
    if (key == "iptables-save") {
      // The capture holds exactly the master's rule.
      if (natRules != std::set<std::string>{"-s 198.18.102.0/24 -o cb1 -j MASQUERADE"}) {
        unexpected.push_back("iptables-save with rules the capture does not hold");
      }
      return ok(nodeConfigFixture("iptables_save_masquerade.txt"));
    }
    if (argv.size() == 4 && argv[0] == "dpkg-query" && argv[2] == "-f=${Status}") {
      if (installed.count(argv[3])) return ok("install ok installed");
      // The capture is for the package nosuchpkg-xyz.
      std::string err = nodeConfigFixture("dpkg_query_missing.stderr.txt");
      err.replace(err.find("nosuchpkg-xyz"), 13, argv[3]);
      return {true, 1, "", err};
    }
    if (argv.size() > 6 && argv[0] == "env" && argv[2] == "apt-get" && argv[3] == "install") {
      for (std::size_t i = 6; i < argv.size(); ++i) installed.insert(argv[i]);
      return ok();
    }
    if (key == "exportfs -ra" || key.rfind("systemctl ", 0) == 0 || key == "netplan apply") {
      return ok();
    }
    unexpected.push_back(key);
    return {false, -1, "", "unexpected command " + key};
  }

 private:
  static CommandResult ok(std::string out = "") { return {true, 0, std::move(out), ""}; }

  CommandResult addrShow() {
    std::string fixture;
    if (!linkUp && addresses.empty()) fixture = "ip_addr_cb0_down_no_address.json";
    if (linkUp && addresses.empty()) fixture = "ip_addr_cb0_up_no_address.json";
    if (linkUp && addresses == std::set<std::string>{"198.18.102.1/24"}) {
      fixture = "ip_addr_cb0_up_198.18.102.1.json";
    }
    if (linkUp && addresses == std::set<std::string>{"198.18.102.2/24"}) {
      fixture = "ip_addr_cb0_up_198.18.102.2.json";
    }
    if (fixture.empty()) {
      unexpected.push_back("ip -j addr show dev cb0 in a state without a capture");
      return {true, 1, "", "no capture"};
    }
    return ok(nodeConfigFixture(fixture));
  }
};

/// A node that already runs as `config` wants (for idempotence and failure tests).
inline void settle(FakeNode& node, const spec::NodeConfig& config) {
  node.hostname = config.hostname;
  node.linkUp = true;
  node.addresses = {config.address};
  node.defaultRoute = !config.gateway.empty();
}

}  // namespace cb::test
