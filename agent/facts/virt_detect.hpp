#pragma once
// Virtualization detection in the manner of systemd-detect-virt (systemd src/basic/virt.c), but
// from files only: everything is read under a root directory, so tests run on sample trees.
//
// Differences from systemd, all because a file walker cannot see them:
// - no CPUID: the "hypervisor" flag in /proc/cpuinfo stands in for the CPUID hypervisor bit, so a
//   VM that nothing else identifies is "vm-other" (systemd names the vendor from the CPUID
//   signature, e.g. "kvm" on a Firecracker or QEMU/KVM guest whose DMI says "QEMU" or nothing);
// - no proot (ptrace tracer), no cgroup-namespace fallback, no /proc/xen, no SMBIOS VM bit, no s390
//   /proc/sysinfo;
// - ids outside the set below (rkt, proot, pouch; uml, bhyve, google, apple, …) become
//   "container-other" / "vm-other".
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "labels/environment.hpp"

namespace cb::agent {

/// Where the node runs.
struct Virt {
  /// kContainer when tech is a container id, kVm when it is a VM id, kBare when it is "none".
  labels::Environment environment = labels::Environment::kBare;
  /// systemd-detect-virt id: "none", "kvm", "qemu", "oracle", "vmware", "microsoft", "xen",
  /// "amazon", "bochs", "parallels", "vm-other", "docker", "podman", "systemd-nspawn", "lxc",
  /// "lxc-libvirt", "wsl", "openvz", "container-other".
  std::string tech = "none";

  friend bool operator==(const Virt&, const Virt&) = default;
};

/// Containers take precedence over VMs (a container inside a VM reports the container). Reads only
/// files under root; missing or unreadable files count as absent. Never fails.
Virt detectVirt(const std::filesystem::path& root);

/// The container half of detectVirt: a container id or "none". Order as in systemd: openvz
/// (/proc/vz without /proc/bc), WSL (kernel osrelease), run/host/container-manager,
/// run/systemd/container, $container of PID 1 (proc/1/environ), then run/.containerenv (podman)
/// and .dockerenv (docker).
std::string detectContainer(const std::filesystem::path& root);

/// The VM half of detectVirt: a VM id or "none". Order as in systemd: DMI ids that win over
/// everything (oracle, xen, amazon, parallels), UML, the cpuinfo hypervisor flag (only ever
/// "vm-other"), other DMI ids, sys/hypervisor/type, the device tree.
std::string detectVm(const std::filesystem::path& root);

// Pure pieces, exposed for tests.

/// Maps a container manager name ($container, run/host/container-manager) to an id; unknown or
/// unlisted names give "container-other". "oci" is not handled here (it needs the file checks).
std::string containerTechFromName(std::string_view name);

/// Maps one DMI string (product_name, sys_vendor, …) by prefix through systemd's dmi_vendor_table;
/// "none" when no entry matches.
std::string vmTechFromDmi(std::string_view dmiValue);

/// Maps proc/device-tree/hypervisor/compatible (NUL-terminated) to an id; never "none".
std::string vmTechFromDeviceTree(std::string_view compatible);

/// Value of key in a NUL-separated KEY=VALUE block (proc/<pid>/environ); nullopt when absent.
std::optional<std::string> environValue(std::string_view environ, std::string_view key);

/// Whether the first "flags" line of /proc/cpuinfo lists "hypervisor" (the CPUID hypervisor bit).
bool cpuinfoHasHypervisorFlag(std::string_view cpuinfo);

/// Whether sys/devices/system/clocksource/clocksource0/available_clocksource lists "kvm-clock"
/// (KVM's paravirtual clock: a QEMU guest under KVM has it, under TCG it does not).
bool clocksourcesHaveKvmClock(std::string_view available);

/// Whether the first "vendor_id" line of /proc/cpuinfo says "User Mode Linux".
bool cpuinfoIsUserModeLinux(std::string_view cpuinfo);

}  // namespace cb::agent
