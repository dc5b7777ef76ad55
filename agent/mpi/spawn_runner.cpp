#include "mpi/spawn_runner.hpp"

#include <spdlog/spdlog.h>

#include "bench/orted_command.hpp"
#include "tasks/task_group_ledger.hpp"
#include "tasks/task_group_record.hpp"
#include "tasks/task_types.hpp"
#include "util/safe_text.hpp"

namespace cb::agent {

std::string spawnLedgerId(const std::string& spawnId) {
  return "mpi-" + spawnId;
}

SpawnRunner::SpawnRunner(os::ProcessRunner& runner, SpawnEnv env, OutputFn onOutput, ExitFn onExit)
    : runner_(runner),
      env_(std::move(env)),
      onOutput_(std::move(onOutput)),
      onExit_(std::move(onExit)) {}

void SpawnRunner::refuse(const std::string& spawnId, const std::string& why) {
  spdlog::warn("refused MPI launch {}: {}", util::safeLine(spawnId), why);
  onExit_(spawnId, 255, "refused: " + why);
}

void SpawnRunner::start(const std::string& spawnId, const std::vector<std::string>& argv,
                        const std::vector<std::string>& masterAddresses,
                        std::chrono::milliseconds timeout) {
  // The controller checked too; the agent never runs anything else.
  if (auto s = bench::checkOrtedCommand(argv, masterAddresses); !s) {
    return refuse(spawnId, s.error());
  }
  if (!isValidTaskId(spawnLedgerId(spawnId))) return refuse(spawnId, "invalid spawn id");
  if (running_.count(spawnId)) return refuse(spawnId, "spawn id already running");
  if (!env_.userProblem.empty()) return refuse(spawnId, env_.userProblem);
  if (env_.orted.empty()) {
    return refuse(spawnId, std::string("orted is not installed in ") + os::kMinimalPath);
  }
  os::ProcessSpec spec;
  spec.argv = bench::attachedOrtedArgv(argv);  // its whole tree stays in the spawn's group
  spec.argv[0] = env_.orted;
  spec.timeout = timeout;
  spec.outputCap = 64 * 1024;
  os::applyRunAs(spec, env_.user);
  if (!env_.workDir.empty()) {
    spec.cwd = env_.workDir;
    spec.env.push_back("HOME=" + env_.workDir.string());
  }
  // Marks the group's members as this spawn's for the ledger's check at the next start.
  spec.env.push_back(std::string(kTaskMarkerVariable) + "=" + spawnLedgerId(spawnId));
  running_[spawnId] = nullptr;  // until started; an exit reported during start() removes it
  auto handle = runner_.start(
      spec,
      [this, spawnId](os::Stream s, const std::string& line) {
        onOutput_(spawnId, s == os::Stream::kStdout ? 1 : 2, line + "\n");
      },
      [this, spawnId](const os::ProcessExit& e) {
        running_.erase(spawnId);
        if (env_.groups) env_.groups->release(spawnLedgerId(spawnId));
        onExit_(spawnId, e.started ? e.exitCode : 255, e.error);
      });
  auto it = running_.find(spawnId);
  if (it == running_.end()) return;  // already over (it could not start)
  it->second = handle;
  if (env_.groups && handle && handle->pid() > 0) {
    env_.groups->track(spawnLedgerId(spawnId), handle->pid());
  }
}

bool SpawnRunner::cancel(const std::string& spawnId) {
  auto it = running_.find(spawnId);
  if (it == running_.end() || !it->second) return false;
  it->second->cancel();
  return true;
}

void SpawnRunner::cancelAll() {
  for (auto& [_, h] : running_) {
    if (h) h->cancel();
  }
}

}  // namespace cb::agent
