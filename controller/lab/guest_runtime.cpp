#include "lab/guest_runtime.hpp"

#include "lab/detached_process.hpp"
#include "lab/nspawn_provider.hpp"
#include "lab/podman_provider.hpp"
#include "lab/qemu_provider.hpp"

namespace cb::lab {

bool isGuestProvider(const std::string& provider) {
  return provider == "nspawn" || provider == "podman" || provider == "qemu";
}

std::unique_ptr<GuestRuntime> makeGuestRuntime(const std::string& provider, const LabEnv& env) {
  if (provider == "nspawn") return std::make_unique<NspawnRuntime>(env);
  if (provider == "podman") return std::make_unique<PodmanRuntime>(env);
  if (provider == "qemu") return std::make_unique<QemuRuntime>(env);
  return nullptr;
}

std::vector<std::string> removeGuests(LabJournal& journal, const LabEnv& env) {
  std::vector<std::string> problems;
  auto runtime = makeGuestRuntime(journal.state().provider, env);
  if (!runtime) return problems;
  for (std::size_t i = 0; i < journal.state().nodes.size(); ++i) {
    if (auto s = runtime->remove(journal, i); !s) problems.push_back(s.error());
  }
  return problems;
}

std::vector<std::string> removeGuestShared(LabJournal& journal, const LabEnv& env) {
  std::vector<std::string> problems;
  auto runtime = makeGuestRuntime(journal.state().provider, env);
  if (!runtime) return problems;
  if (auto s = runtime->removeShared(journal); !s) problems.push_back(s.error());
  for (auto& left : runtime->leftovers(journal.state())) problems.push_back(left + " still exists");
  return problems;
}

bool nodeRunning(const LabState& state, std::size_t i, const LabEnv& env) {
  if (auto runtime = makeGuestRuntime(state.provider, env)) return runtime->running(state, i);
  const NodeRecord& r = state.nodes[i];
  return r.pid > 0 && isRunning(r.pid) && commandLineContains(r.pid, agentNeedle(r));
}

}  // namespace cb::lab
