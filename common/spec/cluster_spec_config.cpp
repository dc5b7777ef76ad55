// From a parsed spec to the NodeConfig of one entry, and file loading (see cluster_spec.hpp).
#include <algorithm>

#include "os/atomic_file.hpp"
#include "spec/cluster_spec.hpp"

namespace cb::spec {

const char* toString(Role role) {
  return role == Role::kMaster ? "master" : "worker";
}

std::vector<std::string> packagesFor(const ClusterSpec& spec, Role role) {
  std::vector<std::string> out;
  if (!spec.parts.packages) return out;
  auto add = [&](const std::string& name) {
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  if (role == Role::kMaster) {
    if (spec.parts.nat) add("iptables");
    if (spec.parts.nfs) add("nfs-kernel-server");
    for (const auto& name : spec.masterExtraPackages) add(name);
  } else {
    if (spec.parts.autofs) {
      add("nfs-common");
      add("autofs");
    }
    for (const auto& name : spec.workerExtraPackages) add(name);
  }
  return out;
}

NodeConfig nodeConfigFor(const ClusterSpec& spec, std::size_t entry) {
  const NodeSpec& node = spec.nodes.at(entry);
  NodeConfig c;
  c.clusterName = spec.name;
  c.hostname = node.hostname;
  c.role = toString(node.role);
  c.interface = node.interface;
  c.address = node.address + "/" + std::to_string(spec.network.prefix());
  for (const auto& n : spec.nodes) c.hosts.push_back({n.address, {n.hostname}});
  if (node.role == Role::kMaster) {
    c.dns = spec.masterDns;
    if (spec.parts.nat) {
      c.natEnabled = true;
      c.natOutInterface = spec.natInterface;
      c.natSource = spec.network.str();
    }
    if (spec.parts.nfs) {
      c.nfsExportEnabled = true;
      c.sharedPath = spec.shared.path;
      c.exportOptions = spec.shared.exportOptions;
      c.exportClients = spec.shared.clients;
    }
  } else {
    c.dns = spec.workerDns;
    c.gateway = spec.gateway;
    if (spec.parts.autofs) {
      c.autofsEnabled = true;
      c.autofsMountPoint = spec.autofs.mountPoint;
      c.autofsOptions = spec.autofs.options;
      c.autofsSource = spec.autofs.source;
    }
  }
  c.packagesEnabled = spec.parts.packages;
  c.packages = packagesFor(spec, node.role);
  return c;
}

Result<ClusterSpec> loadClusterSpec(const std::filesystem::path& file) {
  auto text = os::readFile(file);
  if (!text) return fail(text.error());
  return parseClusterSpec(*text, file.string());
}

}  // namespace cb::spec
