#include "mpi/spawn_runner.hpp"

namespace cb::agent {

SpawnRunner::SpawnRunner(os::ProcessRunner& runner, std::filesystem::path workDir,
                         OutputFn onOutput, ExitFn onExit)
    : runner_(runner),
      workDir_(std::move(workDir)),
      onOutput_(std::move(onOutput)),
      onExit_(std::move(onExit)) {}

void SpawnRunner::start(const std::string& spawnId, const std::vector<std::string>& argv,
                        std::chrono::milliseconds timeout) {
  // Defence in depth: the controller already checked; the agent never runs anything else.
  if (argv.empty() || (argv[0] != "orted" && argv[0] != "/usr/bin/orted")) {
    onExit_(spawnId, 255, "refused: only orted may be spawned");
    return;
  }
  if (running_.count(spawnId)) {
    onExit_(spawnId, 255, "refused: spawn id already running");
    return;
  }
  os::ProcessSpec spec;
  spec.argv = argv;
  spec.timeout = timeout;
  spec.outputCap = 64 * 1024;
  if (!workDir_.empty()) {
    spec.cwd = workDir_;
    spec.env.push_back("HOME=" + workDir_.string());
  }
  running_[spawnId] = runner_.start(
      spec,
      [this, spawnId](os::Stream s, const std::string& line) {
        onOutput_(spawnId, s == os::Stream::kStdout ? 1 : 2, line + "\n");
      },
      [this, spawnId](const os::ProcessExit& e) {
        running_.erase(spawnId);
        onExit_(spawnId, e.started ? e.exitCode : 255, e.error);
      });
}

bool SpawnRunner::cancel(const std::string& spawnId) {
  auto it = running_.find(spawnId);
  if (it == running_.end()) return false;
  it->second->cancel();
  return true;
}

void SpawnRunner::cancelAll() {
  for (auto& [_, h] : running_) h->cancel();
}

}  // namespace cb::agent
