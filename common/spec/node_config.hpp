#pragma once
// The desired configuration of one node, resolved from cluster.yaml by the controller and applied
// by the agent's appliers (DESIGN §4). Mirrors proto NodeConfig field by field; every value is
// validated by validateNodeConfig() before an applier sees it.
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::spec {

struct HostEntry {
  std::string address;             // dotted IPv4
  std::vector<std::string> names;  // RFC 1123 host names, canonical first
  bool operator==(const HostEntry&) const = default;
};

struct NodeConfig {
  std::string clusterName;
  std::string hostname;
  std::string role;       // "master" or "worker"
  std::string interface;  // internal interface, e.g. "enp0s8"
  std::string address;    // "192.168.0.1/24"
  std::string gateway;    // default route via; empty = leave routes alone
  std::vector<std::string> dns;
  std::vector<HostEntry> hosts;  // managed /etc/hosts block

  bool natEnabled = false;
  std::string natOutInterface;  // "enp0s3"
  std::string natSource;        // "192.168.0.0/24"

  bool nfsExportEnabled = false;
  std::string sharedPath;     // "/shared"
  std::string exportOptions;  // "rw,sync,no_root_squash,no_subtree_check"
  std::vector<std::string> exportClients;

  bool autofsEnabled = false;
  std::string autofsMountPoint;  // "/shared"
  std::string autofsOptions;     // "-fstype=nfs,rw"
  std::string autofsSource;      // "master:/shared"

  bool packagesEnabled = false;
  std::vector<std::string> packages;

  bool operator==(const NodeConfig&) const = default;
};

/// Checks every value of a resolved node config (hostnames RFC 1123, addresses and CIDRs,
/// absolute clean paths, export options from the allow-list, interface and package names).
/// Used by the agent on receipt, whatever the controller already checked. The error lists every
/// problem found as "field: message" lines.
Status validateNodeConfig(const NodeConfig& config);

}  // namespace cb::spec
