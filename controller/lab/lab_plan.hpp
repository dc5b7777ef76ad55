#pragma once
// The lab's plan (DESIGN §7): every name, address, directory and argv that `clusterbench lab up`
// uses, computed from validated options. Pure: no I/O, no logging, no clock.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "lab/qemu_disk.hpp"
#include "net/ipv4.hpp"
#include "util/result.hpp"

namespace cb::lab {

constexpr int kMaxNodes = 50;
constexpr int kDefaultAgentPort = 7700;
constexpr int kDefaultMetricsPort = 9464;

using Argv = std::vector<std::string>;

/// How nodes are isolated. kNetns: one network + UTS namespace per node on a host bridge (root).
/// kLoopback: agents are plain host processes dialing 127.0.0.1 (the fallback without root).
/// kNspawn / kPodman: containers booted from the template image (docs/LAB.md), each in its
/// node's network namespace as kNetns builds it. kQemu: VMs from the template disk image on a
/// bridge inside one namespace, linked to the host bridge by a veth pair.
enum class Provider { kNetns, kLoopback, kNspawn, kPodman, kQemu };
const char* toString(Provider p);
/// "netns" | "loopback" | "nspawn" | "podman" | "qemu"; errors name the value.
Result<Provider> parseProvider(const std::string& text);
/// Nodes are containers or VMs started from the template image (not host processes).
bool isGuestProvider(Provider p);
/// Each node has its own network namespace and host veth (kNetns, kNspawn, kPodman).
bool hasNodeNamespaces(Provider p);

/// Parses a lab subnet: a network as net::parseCidr() reads it, inside 198.18.0.0/15 (RFC 2544
/// benchmarking space), with room for the bridge address and `nodes` node addresses. Errors
/// start with "--subnet '<text>'".
Result<net::Cidr> parseLabSubnet(const std::string& text, int nodes);

/// [a-z0-9]{1,6}: names built from it ("<prefix>-node02") must fit Linux's 15-char IFNAMSIZ.
Status validatePrefix(const std::string& prefix);
Status validateNodeCount(int nodes);

/// Lab hostnames, 1-based like the seeds: 1 -> "master", 2 -> "node02", 17 -> "node17".
std::string labHostname(int index);

/// Where a lab keeps its files inside a controller state dir.
struct LabPaths {
  std::filesystem::path labDir;     // <stateDir>/lab: removed by `lab down`
  std::filesystem::path stateFile;  // <stateDir>/lab/lab.json
  std::filesystem::path lockFile;   // <stateDir>/lab.lock (outside labDir: survives down)
};
LabPaths labPaths(const std::filesystem::path& stateDir);

struct LabOptions {
  Provider provider = Provider::kNetns;
  int nodes = 3;
  std::string subnet = "198.18.0.0/24";
  std::string prefix = "cb";
  int port = kDefaultAgentPort;            // TCP port agents dial (1..65535)
  int metricsPort = kDefaultMetricsPort;   // 127.0.0.1:<port>/metrics; 0 = any free port
  std::string controlEndpoint;             // control socket the CLI and the controller use
  std::filesystem::path stateDir;          // controller state dir; the lab lives in <stateDir>/lab
  std::filesystem::path controllerBinary;  // absolute path of `clusterbench`
  std::filesystem::path agentBinary;       // absolute path of `clusterbench-agent`
  std::filesystem::path imageDir;          // template image (scripts/build-image --out); guests
  double nodeCpus = 0;                     // CPUs per guest node; 0 = the provider's default
  int nodeMemoryMiB = 0;                   // memory per guest node; 0 = the provider's default
  std::string accel = "auto";              // kQemu: "auto" (probe KVM, else TCG) | "kvm" | "tcg"
  std::string diskFormat = "raw";          // kQemu: parseDiskFormat() (qemu_disk.hpp)
  std::string diskCache = "unsafe";        // kQemu: parseDiskCache()
  int heartbeatMs = 0;       // controller's --heartbeat-ms (50..600000); 0 = its default
  int missedHeartbeats = 0;  // controller's --missed-heartbeats (1..100); 0 = its default
};

struct NodePlan {
  std::string hostname;       // master, node02, ...
  std::string netns;          // <prefix>-<hostname>; empty for kLoopback
  std::string hostVeth;       // host end of the veth pair, on the bridge; empty for kLoopback
  std::string address;        // 198.18.0.2; 127.0.0.1 for kLoopback
  std::string cidr;           // 198.18.0.2/24; empty for kLoopback
  std::filesystem::path dir;  // <stateDir>/lab/<hostname>
  std::filesystem::path agentStateDir;  // <dir>/agent: node id, keys, outbox
  std::filesystem::path rootDir;        // <dir>/root: the node's root for configuration files
  std::filesystem::path logFile;        // <dir>/agent.log: agent stdout + stderr (guests: the
                                        // container's or VM's console)
  std::string guestName;                // guests: <prefix>-<hostname> (container / VM name)
  std::string tap;                      // kQemu: tap<index> inside the VM namespace
  std::string mac;                      // kQemu: 52:54:00:00:<subnet octet>:<index>
};

struct LabPlan {
  Provider provider = Provider::kNetns;
  std::string prefix;
  net::Cidr subnet;
  std::string bridge;       // <prefix>-br0; empty for kLoopback
  std::string gateway;      // bridge address 198.18.0.1; 127.0.0.1 for kLoopback
  std::string gatewayCidr;  // 198.18.0.1/24; empty for kLoopback
  int port = kDefaultAgentPort;
  int metricsPort = kDefaultMetricsPort;
  std::string controlEndpoint;
  std::filesystem::path stateDir;
  LabPaths paths;
  std::filesystem::path controllerLog;  // <stateDir>/controller.log
  std::filesystem::path controllerKey;  // <stateDir>/controller.pub
  /// <labDir>/join-token (0600): the lab's own random join token, made by `lab up` and added to
  /// the controller's join-tokens; agents read it from this file, never from argv.
  std::filesystem::path joinTokenFile;
  std::filesystem::path controllerBinary;
  std::filesystem::path agentBinary;
  std::filesystem::path imageDir;
  double nodeCpus = 0;
  int nodeMemoryMiB = 0;
  std::string accel = "auto";
  QemuDisk disk;             // kQemu: the VMs' disk format and cache mode
  int heartbeatMs = 0;       // 0: the controller's default
  int missedHeartbeats = 0;  // 0: the controller's default
  std::string vmNetns;       // kQemu: <prefix>-vms, holding br0 and the taps
  std::string vmVeth;        // kQemu: host end <prefix>-vms (on the host bridge) of the uplink pair
  std::vector<NodePlan> nodes;
};

/// Validates every option and computes the plan; the first invalid option is the error.
Result<LabPlan> makeLabPlan(const LabOptions& options);

/// The controller the lab starts when none answers: bound to the bridge address only (agents
/// in the namespaces reach it there; nothing outside the lab subnet does), metrics on loopback,
/// heartbeat options when the plan sets them.
Argv controllerArgv(const LabPlan& plan);

/// "tcp://<gateway>:<port>": the endpoint agents dial for a controller listening on `port`.
std::string agentDialEndpoint(const LabPlan& plan, int port);

/// The agent of `node`, dialing `dialEndpoint`. kNetns: inside the node's network namespace and a
/// private UTS namespace, with its hostname; kLoopback: a plain process keeping the host name.
Argv agentArgv(const LabPlan& plan, const NodePlan& node, const std::string& dialEndpoint);

/// `ip` commands, in order. Each *Add command creates exactly one named object, so a failure of
/// it means nothing was created; the *Configure lists only change objects created before.
Argv bridgeAddCommand(const LabPlan& plan);
std::vector<Argv> bridgeConfigureCommands(const LabPlan& plan);
Argv netnsAddCommand(const NodePlan& node);
/// Creates the veth pair with its namespace end already named eth0 inside the node's namespace.
Argv vethAddCommand(const NodePlan& node);
std::vector<Argv> nodeConfigureCommands(const LabPlan& plan, const NodePlan& node);
Argv linkDeleteCommand(const std::string& link);
Argv netnsDeleteCommand(const std::string& netns);

/// "a b c" with arguments containing spaces quoted; for error messages only.
std::string describeArgv(const Argv& argv);

}  // namespace cb::lab
