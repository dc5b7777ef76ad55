#pragma once
// Provider podman: the template rootfs imported once as localhost/clusterbench-node:<agent key>
// (kept across labs: a new agent binary makes a new tag), then one container per node running
// clusterbench-agent as its entrypoint under catatonit (--init), in the node's network namespace
// built as for netns, with CPU and memory limits. Podman runs with runc, cgroupfs and the file
// events backend: what works on hosts without a systemd bus and with cgroup v1 (docs/LAB.md).
#include <filesystem>
#include <string>

#include "lab/guest_runtime.hpp"

namespace cb::lab {

constexpr double kPodmanDefaultCpus = 2;  // the seed's compose limits
constexpr int kPodmanDefaultMemoryMiB = 2048;

/// `podman` and the global flags every call uses.
Argv podmanBase();

/// "localhost/clusterbench-node:<first 12 of agentKey>".
std::string podmanImageRef(const std::string& agentKey);

/// The `podman run -d` of node n (pure); cpus/memoryMiB already resolved (> 0). The host's
/// `joinTokenFile` is bind-mounted read-only at /etc/clusterbench/join-token, which the agent
/// is told to read (the token itself is never on the command line).
Argv podmanRunArgv(const NodePlan& n, const std::string& imageRef, const std::string& dial,
                   const std::string& controllerKey, const std::filesystem::path& joinTokenFile,
                   double cpus, int memoryMiB);

class PodmanRuntime : public GuestRuntime {
 public:
  explicit PodmanRuntime(const LabEnv& env) : env_(env) {}

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
  bool exists(const std::string& container) const;

  const LabEnv& env_;
};

}  // namespace cb::lab
