#include "lab/host_checks.hpp"

namespace cb::lab {
namespace {

/// "" when every program is there; else "missing: a, b".
std::string missing(const HostFacts& f, const std::vector<std::string>& programs) {
  std::string out;
  for (const auto& p : programs) {
    if (!f.programs.count(p)) out += (out.empty() ? "" : ", ") + p;
  }
  return out.empty() ? out : "missing: " + out;
}

HostCheck needs(const HostFacts& f, std::string area, std::string name,
                const std::vector<std::string>& programs, bool needsRoot, std::string works,
                std::string fix) {
  HostCheck c{std::move(area), std::move(name), true, std::move(works), ""};
  std::string why = missing(f, programs);
  if (needsRoot && !f.root) why += std::string(why.empty() ? "" : "; ") + "needs root";
  if (!why.empty()) {
    c.ok = false;
    c.detail = why;
    c.fix = std::move(fix);
  }
  return c;
}

}  // namespace

const std::vector<std::string>& programsToProbe() {
  static const std::vector<std::string> kPrograms = {"ip",
                                                     "unshare",
                                                     "podman",
                                                     "runc",
                                                     "catatonit",
                                                     "systemd-nspawn",
                                                     "qemu-system-x86_64",
                                                     "qemu-img",
                                                     "debootstrap",
                                                     "mke2fs",
                                                     "sysbench",
                                                     "stress-ng",
                                                     "fio",
                                                     "iperf3",
                                                     "hpcc",
                                                     "mpirun",
                                                     "orted",
                                                     "iozone"};
  return kPrograms;
}

std::vector<HostCheck> hostChecks(const HostFacts& f) {
  std::vector<HostCheck> out;
  out.push_back(needs(f, "provider", "netns", {"ip", "unshare"}, true,
                      "network namespaces on the host's own kernel (the native leg)",
                      "run as root; apt-get install iproute2 util-linux"));
  out.push_back(needs(f, "provider", "loopback", {}, false,
                      "agents as plain processes on 127.0.0.x (no isolation)", ""));
  out.push_back(needs(f, "provider", "podman", {"podman", "runc", "catatonit"}, true,
                      "containers from the template image (runc; crun fails here)",
                      "run as root; apt-get install podman runc catatonit"));
  out.push_back(needs(f, "provider", "nspawn", {"systemd-nspawn"}, true,
                      "booted containers from the template image",
                      "run as root; apt-get install systemd-container"));
  auto qemu = needs(f, "provider", "qemu", {"qemu-system-x86_64", "qemu-img"}, true, "", "");
  if (qemu.ok) {
    qemu.detail = f.kvmUsable ? "VMs with KVM"
                              : "VMs under TCG only (no usable /dev/kvm): boots and benchmarks "
                                "are many times slower than with KVM";
  } else {
    qemu.fix = "run as root; apt-get install qemu-system-x86 qemu-utils";
  }
  out.push_back(qemu);
  out.push_back(needs(f, "image", "template image", {"debootstrap", "mke2fs"}, true,
                      "`clusterbench image build` (debootstrap from the Debian mirror)",
                      "run as root; apt-get install debootstrap e2fsprogs"));
  HostCheck nfs{"kernel", "nfs server", f.nfsServerInKernel, "", ""};
  if (f.nfsServerInKernel) {
    nfs.detail = "nfsd is in the running kernel: NFS exports work on this host";
  } else {
    nfs.detail =
        "no nfsd in the running kernel: the NFS share and autofs work only inside "
        "qemu VMs (their own kernel)";
    nfs.fix = "use `lab up --provider qemu` for the shared directory, or a kernel with nfsd";
  }
  out.push_back(nfs);
  struct Tool {
    const char* name;
    std::vector<std::string> programs;
    const char* fix;
  };
  const Tool tools[] = {
      {"sysbench", {"sysbench"}, "apt-get install sysbench"},
      {"stress-ng", {"stress-ng"}, "apt-get install stress-ng"},
      {"fio", {"fio"}, "apt-get install fio"},
      {"iperf3", {"iperf3"}, "apt-get install iperf3"},
      {"hpcc", {"hpcc"}, "apt-get install hpcc"},
      {"hpcc-mpi", {"hpcc", "mpirun", "orted"}, "apt-get install hpcc openmpi-bin"},
      {"iozone",
       {"iozone"},
       "enable Debian's non-free component, then apt-get install iozone3 (scripts/install-deps "
       "does both)"},
  };
  for (const auto& t : tools) {
    out.push_back(needs(f, "tool", t.name, t.programs, false, "installed", t.fix));
  }
  return out;
}

}  // namespace cb::lab
