#pragma once
// `clusterbench doctor`: whether each lab provider and each benchmark tool works on this host,
// and when not, why and what to install. Pure: the facts come from a probe built by the CLI.
#include <set>
#include <string>
#include <vector>

namespace cb::lab {

/// What the probe found on the host.
struct HostFacts {
  bool root = false;
  std::set<std::string> programs;  // the names of programsToProbe() found executable
  bool kvmUsable = false;          // /dev/kvm opens read-write
  bool nfsServerInKernel = false;  // nfsd in /proc/filesystems or a module of the running kernel
};

/// The programs hostChecks() looks at (looked up in PATH, /usr/sbin and /sbin).
const std::vector<std::string>& programsToProbe();

struct HostCheck {
  std::string area;    // "provider" | "image" | "kernel" | "tool"
  std::string name;    // e.g. "qemu", "sysbench"
  bool ok = false;     // usable as clusterbench uses it
  std::string detail;  // what works or what is missing
  std::string fix;     // what to do when not ok ("" when ok)
};

/// One check per lab provider (netns, loopback, podman, nspawn, qemu), the template image
/// build, the NFS server (the seeds' shared directory) and each benchmark tool, in that order.
std::vector<HostCheck> hostChecks(const HostFacts& facts);

}  // namespace cb::lab
