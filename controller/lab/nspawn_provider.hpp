#pragma once
// Provider nspawn: each node is the template rootfs booted by systemd-nspawn (systemd inside
// starts clusterbench-agent as in production), on an overlay mount of its own (lower: the image's
// rootfs, read-only; upper: <node dir>/upper), in the node's network namespace built as for
// netns. No host systemd is needed (--register=no --keep-unit). CPU and memory limits use cgroup
// v1 hierarchies (/sys/fs/cgroup/{cpu,memory}/clusterbench/<guest>) where the host has them;
// elsewhere nodes run unlimited (docs/LAB.md).
#include <filesystem>
#include <string>

#include "lab/guest_runtime.hpp"

namespace cb::lab {

/// Where a node's overlay lives; all under the node dir except `lower`.
struct OverlayPaths {
  std::filesystem::path lower;   // the image's rootfs (never written)
  std::filesystem::path upper;   // <dir>/upper: the node's changes, kept until lab down
  std::filesystem::path work;    // <dir>/work: overlayfs scratch
  std::filesystem::path merged;  // <dir>/rootfs: the mount point nspawn boots
};

OverlayPaths overlayPaths(const std::filesystem::path& lower, const std::filesystem::path& dir);

/// `mount -t overlay` of p.merged.
Argv overlayMountCommand(const OverlayPaths& p);

/// The systemd-nspawn command of node n (pure). The needle nspawnNeedle(merged) is in it.
Argv nspawnArgv(const NodePlan& n, const OverlayPaths& p);

constexpr double kNspawnDefaultCpus = 2;  // as podman: the seed's compose limits
constexpr int kNspawnDefaultMemoryMiB = 2048;

/// The cgroup v1 dirs (cpu, memory) holding a guest's processes.
std::vector<std::filesystem::path> nspawnCgroups(const std::filesystem::path& cgroupRoot,
                                                 const std::string& guestName);

/// `argv` started inside `cgroups`: a shell joins them, then execs argv (same pid).
Argv inCgroups(const std::vector<std::filesystem::path>& cgroups, const Argv& argv);

/// What identifies a node's systemd-nspawn process in /proc/<pid>/cmdline.
std::string nspawnNeedle(const std::filesystem::path& merged);

/// Mount points from /proc/self/mounts (octal escapes decoded) that are `path` or below it.
std::vector<std::string> mountsUnder(const std::string& mountsText,
                                     const std::filesystem::path& path);

class NspawnRuntime : public GuestRuntime {
 public:
  explicit NspawnRuntime(const LabEnv& env) : env_(env) {}

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
  /// Creates the node's cgroups with its limits; empty when the host has no cgroup v1 cpu and
  /// memory hierarchies (then nothing is created).
  Result<std::vector<std::filesystem::path>> makeCgroups(const LabPlan& plan, const NodePlan& n);

  const LabEnv& env_;
};

}  // namespace cb::lab
