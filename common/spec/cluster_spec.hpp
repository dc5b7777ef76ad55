#pragma once
// The cluster spec (`cluster.yaml`, DESIGN §4): the cluster the seed tutorial builds by hand —
// a master with NAT and an NFS export, workers routed through it that mount the export with
// autofs — parsed and validated before anything is sent, then resolved into one NodeConfig per
// registered node.
//
// Format (every field below; any other key is an error):
//   name: hpc-lab                    # required, [a-z0-9-]{1,63}
//   network:                         # optional
//     cidr: 192.168.0.0/24           #   the internal network (default 192.168.0.0/24)
//     dns: [8.8.8.8, 8.8.4.4]        #   workers' name servers (default none)
//   master:                          # required
//     hostname: master               #   RFC 1123 label, unique in the cluster (case-insensitive)
//     address: 192.168.0.1           #   a host address of network.cidr, unique
//     interface: enp0s8              #   internal interface
//     nat_interface: enp0s3          #   NAT-side interface; required when parts.nat is on
//     dns: [10.0.2.3]                #   optional; default none (the NAT side's DHCP gives them)
//     mac: 08:00:27:be:2e:41         #   optional, one MAC or a list, unique: matches the node
//     node: 5631c2b77428323658803409dfae54a9   # optional, unique: pins the entry to this
//                                    #   enrolled node id (`clusterbench nodes`); only that node
//                                    #   gets it, whatever others report
//   workers:                         # optional; a list of entries ...
//     - {hostname: node02, address: 192.168.0.2, interface: enp0s8, mac: ..., node: ...}
//   workers:                         # ... or a pattern
//     pattern: {name: "node{02}", count: 2, first_address: 192.168.0.2, interface: enp0s8}
//                                    #   one {digits} placeholder: the first number, zero-padded
//                                    #   to as many digits; count 1..1024; consecutive addresses
//   gateway: master                  # workers' default route: master (default), none, or an
//                                    # address of network.cidr
//   shared:                          # the master's NFS export
//     path: /shared                  #   absolute clean path (default /shared)
//     export_options: rw,sync,no_root_squash,no_subtree_check   # default; text or a list
//     clients: [192.168.0.0/24]      #   default [network.cidr]; networks, addresses or names
//   autofs:                          # the workers' direct autofs mount
//     mount_point: /shared           #   default shared.path
//     options: "-fstype=nfs,rw"      #   default
//     source: master:/shared         #   host:/path; default <master.hostname>:<shared.path>
//   parts: {nat: true, nfs: true, autofs: true, packages: false}   # the defaults
//   extra_packages: {master: [iptables-persistent], workers: []}  # with parts.packages
//
// Errors: all problems found, one per line in document order, each as
// `<file>:<line>: <field>: <message>` with 1-based lines and fields written as paths
// (`workers[1].address`). A YAML syntax error is reported alone.
#include <filesystem>
#include <string>
#include <vector>

#include "net/ipv4.hpp"
#include "spec/net_values.hpp"
#include "spec/node_config.hpp"
#include "util/result.hpp"

namespace cb::spec {

inline constexpr const char* kDefaultClusterNetwork = "192.168.0.0/24";
inline constexpr const char* kDefaultSharedPath = "/shared";
inline constexpr const char* kDefaultExportOptions = "rw,sync,no_root_squash,no_subtree_check";
inline constexpr const char* kDefaultAutofsOptions = "-fstype=nfs,rw";
inline constexpr int kMaxPatternCount = 1024;

enum class Role { kMaster, kWorker };
/// "master" or "worker", as NodeConfig::role.
const char* toString(Role role);

/// One node of the spec.
struct NodeSpec {
  Role role = Role::kWorker;
  std::string hostname;
  std::string address;            // dotted IPv4, a host address of the network
  std::string interface;          // internal interface
  std::vector<std::string> macs;  // lower-case; empty when the spec gives none
  std::string nodeId;             // lower-case enrolled node id; empty when not pinned
  int line = 0;                   // 1-based line of the entry (of the pattern for its nodes)
};

struct SharedSpec {
  std::string path = kDefaultSharedPath;
  std::string exportOptions = kDefaultExportOptions;
  std::vector<std::string> clients;  // as written; default: the network's CIDR
};

struct AutofsSpec {
  std::string mountPoint;  // default: shared.path
  std::string options = kDefaultAutofsOptions;
  std::string source;  // default: <master hostname>:<shared.path>
};

struct Parts {
  bool nat = true;
  bool nfs = true;
  bool autofs = true;
  bool packages = false;
};

struct ClusterSpec {
  std::string name;
  std::string file;  // the file name given to the parser, as used in its messages
  net::Cidr network;
  std::vector<std::string> workerDns;
  std::vector<std::string> masterDns;
  std::string natInterface;     // master's NAT-side interface; may be empty when parts.nat is off
  std::string gateway;          // workers' default route via this address; empty: none
  std::vector<NodeSpec> nodes;  // the master first, then the workers in file order
  SharedSpec shared;
  AutofsSpec autofs;
  Parts parts;
  std::vector<std::string> masterExtraPackages;
  std::vector<std::string> workerExtraPackages;

  const NodeSpec& master() const { return nodes.front(); }
};

/// Parses and validates spec text; `fileName` only labels messages and ClusterSpec::file.
Result<ClusterSpec> parseClusterSpec(const std::string& yamlText, const std::string& fileName);
/// Reads `file` (its only I/O) and parses it, messages naming the path as given.
Result<ClusterSpec> loadClusterSpec(const std::filesystem::path& file);

/// Debian packages a role needs for the enabled parts, then the role's extra packages, without
/// repeats. Master: iptables (nat), nfs-kernel-server (nfs). Worker: nfs-common and autofs
/// (autofs). Empty when parts.packages is off.
std::vector<std::string> packagesFor(const ClusterSpec& spec, Role role);

/// The NodeConfig of spec.nodes[entry]: hosts block of every spec node in spec order; the
/// master gets NAT and the NFS export (when on), workers the gateway and autofs (when on).
/// Fields of disabled parts stay empty.
NodeConfig nodeConfigFor(const ClusterSpec& spec, std::size_t entry);

/// What a registered node tells about itself, for matching it to a spec entry.
struct NodeIdentity {
  std::string nodeId;
  std::string hostname;
  std::vector<std::string> macs;
  int joinOrder = 0;  // smaller joined earlier
  std::vector<std::string> interfaces;
};

enum class MatchReason { kNodeId, kMac, kHostname, kJoinOrder };
/// "node id", "mac", "hostname" or "join order".
const char* toString(MatchReason reason);

struct ResolvedNode {
  std::string nodeId;
  std::size_t entry = 0;  // index into ClusterSpec::nodes
  MatchReason matchedBy = MatchReason::kJoinOrder;
  NodeConfig config;
};

struct Resolution {
  std::vector<ResolvedNode> nodes;            // in spec order (the master first)
  std::vector<std::string> unmatchedEntries;  // host names of spec entries without a node
  std::vector<std::string> unmatchedNodes;    // ids of nodes without an entry, in join order
  std::vector<std::string> warnings;          // e.g. an interface the node did not report
};

/// Matches nodes to spec entries, deterministically: first an entry that pins a node id gets
/// that node (the id comes from the node's enrolled key, so nothing a node reports can take a
/// pinned entry: a pinned entry whose node is absent stays unmatched, and a node pinned to one
/// entry is never matched to another); then, among the rest, a node reporting a MAC an entry
/// lists (case-insensitive); then a node whose reported hostname equals an entry's
/// (case-insensitive; nodes in join order); then the remaining nodes in join order (ties by
/// node id) to the remaining entries in spec order (the master first). A node that reports the
/// MAC or the hostname of a pinned entry is matched by the later rules instead, with a warning.
/// Fails when node ids repeat, or a MAC ties one node to two entries or two nodes to one entry.
Result<Resolution> resolveCluster(const ClusterSpec& spec, const std::vector<NodeIdentity>& nodes);

}  // namespace cb::spec
