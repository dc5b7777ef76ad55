#include "lab/lab_plan.hpp"

#include <cstdio>

namespace cb::lab {
namespace {

constexpr const char* kBenchNetwork = "198.18.0.0/15";
constexpr std::size_t kMaxPrefixChars = 6;

}  // namespace

const char* toString(Provider p) {
  switch (p) {
    case Provider::kNetns:
      return "netns";
    case Provider::kLoopback:
      return "loopback";
    case Provider::kNspawn:
      return "nspawn";
    case Provider::kPodman:
      return "podman";
    case Provider::kQemu:
      return "qemu";
  }
  return "?";
}

Result<Provider> parseProvider(const std::string& text) {
  for (auto p : {Provider::kNetns, Provider::kLoopback, Provider::kNspawn, Provider::kPodman,
                 Provider::kQemu}) {
    if (text == toString(p)) return p;
  }
  return fail("--provider '" + text + "': expected netns, loopback, nspawn, podman or qemu");
}

bool isGuestProvider(Provider p) {
  return p == Provider::kNspawn || p == Provider::kPodman || p == Provider::kQemu;
}

bool hasNodeNamespaces(Provider p) {
  return p == Provider::kNetns || p == Provider::kNspawn || p == Provider::kPodman;
}

Result<net::Cidr> parseLabSubnet(const std::string& text, int nodes) {
  auto subnet = net::parseCidr(text);
  if (!subnet) return fail("--subnet " + subnet.error());
  if (!net::parseCidr(kBenchNetwork)->contains(*subnet)) {
    return fail("--subnet '" + text + "' is not inside " + kBenchNetwork +
                ", the benchmarking range the lab uses so it never collides with real networks");
  }
  // Usable hosts exclude the network and broadcast addresses; one is the bridge.
  std::uint64_t usable = subnet->prefix() >= 31 ? 0 : subnet->size() - 2;
  if (usable < static_cast<std::uint64_t>(nodes) + 1) {
    return fail("--subnet '" + text + "' has room for " +
                std::to_string(usable == 0 ? 0 : usable - 1) + " nodes, " + std::to_string(nodes) +
                " requested; use a shorter prefix length such as /24");
  }
  return *subnet;
}

Status validatePrefix(const std::string& prefix) {
  bool ok = !prefix.empty() && prefix.size() <= kMaxPrefixChars;
  for (char c : prefix) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  if (!ok) {
    return fail("--prefix '" + prefix +
                "': expected 1 to 6 characters from [a-z0-9] (interface names such as "
                "'<prefix>-node02' must fit in 15 characters)");
  }
  return okStatus();
}

Status validateNodeCount(int nodes) {
  if (nodes < 1 || nodes > kMaxNodes) {
    return fail("--nodes " + std::to_string(nodes) + ": expected 1 to " +
                std::to_string(kMaxNodes));
  }
  return okStatus();
}

std::string labHostname(int index) {
  if (index == 1) return "master";
  char buf[16];
  std::snprintf(buf, sizeof buf, "node%02d", index);
  return buf;
}

LabPaths labPaths(const std::filesystem::path& stateDir) {
  return {stateDir / "lab", stateDir / "lab" / "lab.json", stateDir / "lab.lock"};
}

Result<LabPlan> makeLabPlan(const LabOptions& o) {
  if (auto s = validateNodeCount(o.nodes); !s) return fail(s.error());
  if (auto s = validatePrefix(o.prefix); !s) return fail(s.error());
  auto subnet = parseLabSubnet(o.subnet, o.nodes);
  if (!subnet) return fail(subnet.error());
  if (o.port < 1 || o.port > 65535) {
    return fail("--port " + std::to_string(o.port) + ": expected 1 to 65535");
  }
  if (o.metricsPort < 0 || o.metricsPort > 65535) {
    return fail("--metrics-port " + std::to_string(o.metricsPort) + ": expected 0 to 65535");
  }
  if (o.stateDir.empty() || !o.stateDir.is_absolute()) {
    return fail("state dir '" + o.stateDir.string() + "' must be an absolute path");
  }
  if (isGuestProvider(o.provider) && (o.imageDir.empty() || !o.imageDir.is_absolute())) {
    return fail("image dir '" + o.imageDir.string() + "' must be an absolute path");
  }
  if (o.nodeCpus < 0 || o.nodeCpus > 256) {
    return fail("--node-cpus " + std::to_string(o.nodeCpus) + ": expected 0 (default) to 256");
  }
  if (o.nodeMemoryMiB != 0 && (o.nodeMemoryMiB < 64 || o.nodeMemoryMiB > 1024 * 1024)) {
    return fail("--node-memory " + std::to_string(o.nodeMemoryMiB) +
                ": expected 0 (default) or 64 to 1048576 MiB");
  }
  if (o.accel != "auto" && o.accel != "kvm" && o.accel != "tcg") {
    return fail("--accel '" + o.accel + "': expected auto, kvm or tcg");
  }
  auto diskFormat = parseDiskFormat(o.diskFormat);
  if (!diskFormat) return fail(diskFormat.error());
  auto diskCache = parseDiskCache(o.diskCache);
  if (!diskCache) return fail(diskCache.error());
  if (o.provider != Provider::kQemu &&
      (*diskFormat != kDefaultDiskFormat || *diskCache != kDefaultDiskCache)) {
    return fail("--disk-format and --disk-cache are for --provider qemu (VM disks), not " +
                std::string(toString(o.provider)));
  }
  if (o.heartbeatMs != 0 && (o.heartbeatMs < 50 || o.heartbeatMs > 600000)) {
    return fail("--heartbeat-ms " + std::to_string(o.heartbeatMs) +
                ": expected 0 (the controller's default) or 50 to 600000");
  }
  if (o.missedHeartbeats < 0 || o.missedHeartbeats > 100) {
    return fail("--missed-heartbeats " + std::to_string(o.missedHeartbeats) +
                ": expected 0 (the controller's default) or 1 to 100");
  }

  LabPlan p;
  p.provider = o.provider;
  p.prefix = o.prefix;
  p.subnet = *subnet;
  p.port = o.port;
  p.metricsPort = o.metricsPort;
  p.controlEndpoint = o.controlEndpoint.empty() ? "ipc://" + (o.stateDir / "control.sock").string()
                                                : o.controlEndpoint;
  p.stateDir = o.stateDir;
  p.paths = labPaths(o.stateDir);
  p.controllerLog = o.stateDir / "controller.log";
  p.controllerKey = o.stateDir / "controller.pub";
  p.joinTokenFile = p.paths.labDir / "join-token";
  p.controllerBinary = o.controllerBinary;
  p.agentBinary = o.agentBinary;
  p.imageDir = o.imageDir;
  p.nodeCpus = o.nodeCpus;
  p.nodeMemoryMiB = o.nodeMemoryMiB;
  p.accel = o.accel;
  p.disk = QemuDisk{*diskFormat, *diskCache};
  p.heartbeatMs = o.heartbeatMs;
  p.missedHeartbeats = o.missedHeartbeats;
  bool bridged = o.provider != Provider::kLoopback;
  bool netns = hasNodeNamespaces(o.provider);
  bool guest = isGuestProvider(o.provider);
  if (o.provider == Provider::kQemu) {
    p.vmNetns = o.prefix + "-vms";
    p.vmVeth = o.prefix + "-vms";
  }
  std::string suffix = "/" + std::to_string(subnet->prefix());
  if (bridged) {
    p.bridge = o.prefix + "-br0";
    p.gateway = subnet->network().plus(1).str();
    p.gatewayCidr = p.gateway + suffix;
  } else {
    p.gateway = "127.0.0.1";
  }
  for (int i = 1; i <= o.nodes; ++i) {
    NodePlan n;
    n.hostname = labHostname(i);
    if (bridged) {
      if (netns) {
        n.netns = o.prefix + "-" + n.hostname;
        n.hostVeth = o.prefix + "-" + n.hostname;
      }
      n.address = subnet->network().plus(1 + static_cast<std::uint32_t>(i)).str();
      n.cidr = n.address + suffix;
    } else {
      n.address = "127.0.0.1";
    }
    n.dir = p.paths.labDir / n.hostname;
    n.agentStateDir = n.dir / "agent";
    n.rootDir = n.dir / "root";
    n.logFile = n.dir / (guest ? "console.log" : "agent.log");
    if (guest) n.guestName = o.prefix + "-" + n.hostname;
    if (o.provider == Provider::kQemu) {
      char mac[32];
      std::snprintf(mac, sizeof mac, "52:54:00:00:%02x:%02x", (subnet->network().value >> 8) & 0xff,
                    i);
      n.tap = "tap" + std::to_string(i);
      n.mac = mac;
    }
    p.nodes.push_back(std::move(n));
  }
  return p;
}

Argv controllerArgv(const LabPlan& p) {
  Argv argv = {p.controllerBinary.string(), "--state-dir",
               p.stateDir.string(),         "--control",
               p.controlEndpoint,           "controller",
               "--agent-endpoint",          "tcp://" + p.gateway + ":" + std::to_string(p.port),
               "--metrics-address",         "127.0.0.1:" + std::to_string(p.metricsPort)};
  if (p.heartbeatMs > 0) argv.insert(argv.end(), {"--heartbeat-ms", std::to_string(p.heartbeatMs)});
  if (p.missedHeartbeats > 0) {
    argv.insert(argv.end(), {"--missed-heartbeats", std::to_string(p.missedHeartbeats)});
  }
  return argv;
}

std::string agentDialEndpoint(const LabPlan& p, int port) {
  return "tcp://" + p.gateway + ":" + std::to_string(port);
}

Argv agentArgv(const LabPlan& p, const NodePlan& n, const std::string& dialEndpoint) {
  Argv argv;
  if (p.provider == Provider::kNetns) {
    argv = {"ip", "netns", "exec", n.netns, "unshare", "--uts", "--"};
  }
  Argv agent = {p.agentBinary.string(),   "--controller",           dialEndpoint,
                "--controller-key",       p.controllerKey.string(), "--state-dir",
                n.agentStateDir.string(), "--join-token-file",      p.joinTokenFile.string()};
  argv.insert(argv.end(), agent.begin(), agent.end());
  if (p.provider == Provider::kNetns) {
    // Configuration files go to the node's own tree; NFS and autofs cannot run in this
    // kernel, so their service commands are reported but not run.
    argv.insert(argv.end(), {"--hostname", n.hostname, "--config-root", n.rootDir.string(),
                             "--no-service-commands"});
  }
  argv.insert(argv.end(), {"--heartbeat-ms", "1000"});
  return argv;
}

Argv bridgeAddCommand(const LabPlan& p) {
  return {"ip", "link", "add", "name", p.bridge, "type", "bridge"};
}

std::vector<Argv> bridgeConfigureCommands(const LabPlan& p) {
  return {{"ip", "addr", "add", p.gatewayCidr, "dev", p.bridge},
          {"ip", "link", "set", "dev", p.bridge, "up"}};
}

Argv netnsAddCommand(const NodePlan& n) {
  return {"ip", "netns", "add", n.netns};
}

Argv vethAddCommand(const NodePlan& n) {
  return {"ip",   "link", "add",  "name", n.hostVeth, "type",
          "veth", "peer", "name", "eth0", "netns",    n.netns};
}

std::vector<Argv> nodeConfigureCommands(const LabPlan& p, const NodePlan& n) {
  return {{"ip", "link", "set", "dev", n.hostVeth, "master", p.bridge},
          {"ip", "link", "set", "dev", n.hostVeth, "up"},
          {"ip", "-n", n.netns, "link", "set", "dev", "lo", "up"},
          {"ip", "-n", n.netns, "addr", "add", n.cidr, "dev", "eth0"},
          {"ip", "-n", n.netns, "link", "set", "dev", "eth0", "up"},
          {"ip", "-n", n.netns, "route", "add", "default", "via", p.gateway}};
}

Argv linkDeleteCommand(const std::string& link) {
  return {"ip", "link", "del", "dev", link};
}

Argv netnsDeleteCommand(const std::string& netns) {
  return {"ip", "netns", "del", netns};
}

std::string describeArgv(const Argv& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    bool quote = a.empty() || a.find_first_of(" \t'\"") != std::string::npos;
    out += quote ? "'" + a + "'" : a;
  }
  return out;
}

}  // namespace cb::lab
