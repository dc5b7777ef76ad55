#pragma once
// Provider qemu: each node is a VM booted from the template disk image (never written: -snapshot,
// or a qcow2 overlay per node, see qemu_disk.hpp) with the image's kernel and initrd. The VMs share
// one namespace <prefix>-vms holding a bridge br0 and one tap per VM; a veth pair links br0 to the
// lab's host bridge, where the controller listens. Per-node settings travel on the kernel command
// line (clusterbench.*, read by the image's clusterbench-node-setup). KVM is used when a probe boot
// shows it works, TCG otherwise (docs/LAB.md).
#include <chrono>
#include <string>

#include "image/image_info.hpp"
#include "lab/guest_runtime.hpp"

namespace cb::lab {

constexpr int kQemuDefaultCpus = 1;
constexpr int kQemuDefaultMemoryMiB = 512;

/// The kernel command line of node n (pure).
std::string qemuKernelAppend(const LabPlan& plan, const NodePlan& n, const std::string& dial,
                             const std::string& controllerKey);

/// The QEMU command of node n, run inside plan.vmNetns (pure). accel: "kvm" | "tcg".
Argv qemuArgv(const LabPlan& plan, const NodePlan& n, const image::ImageInfo& image,
              const std::string& accel, const std::string& append);

/// What identifies node n's QEMU process in /proc/<pid>/cmdline: its serial log path.
std::string qemuNeedle(const std::filesystem::path& nodeDir);

/// `ip` commands creating the VM namespace's bridge and uplink (after `ip netns add`), in order;
/// the first one after the namespace creates the veth pair.
std::vector<Argv> vmNetworkCommands(const LabPlan& plan);
/// `ip` commands adding node n's tap to the VM bridge.
std::vector<Argv> tapCommands(const LabPlan& plan, const NodePlan& n);

class QemuRuntime : public GuestRuntime {
 public:
  explicit QemuRuntime(const LabEnv& env) : env_(env) {}

  Status check(const LabPlan& plan) override;
  Status prepare(const LabPlan& plan, LabJournal& journal) override;
  Status start(const LabPlan& plan, std::size_t i, const std::string& dial,
               const std::string& controllerKey, LabJournal& journal) override;
  bool running(const LabState& state, std::size_t i) override;
  std::string whyNotRunning(const LabState& state, std::size_t i) override;
  Status remove(LabJournal& journal, std::size_t i) override;
  Status removeShared(LabJournal& journal) override;
  std::vector<std::string> leftovers(const LabState& state) override;

 private:
  /// "kvm" when a probe VM's kernel prints its banner within `timeout`, else "tcg".
  std::string probeKvm(const LabPlan& plan, const image::ImageInfo& image,
                       std::chrono::seconds timeout);

  const LabEnv& env_;
};

}  // namespace cb::lab
