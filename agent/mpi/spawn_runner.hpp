#pragma once
// Target side of MPI launches: runs the orted commands the controller sends and reports their
// output and exit. Before anything runs, the command is checked word by word
// (bench/orted_command.hpp) against the job's master addresses; a refusal names the word and
// is logged. orted is exec'd from the system path (never a path from the request, never through
// a shell) as the MPI user, in its own process group, with a time limit, and its group is noted
// in the agent's process-group ledger like a task's (killed at the next start if the agent dies).
// Thread-safety: single-threaded (the agent loop).
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "os/process_runner.hpp"
#include "os/run_as.hpp"

namespace cb::agent {

class TaskGroupTracker;

/// Where and as whom orted runs.
struct SpawnEnv {
  /// orted runs here with HOME here: Open MPI starts the ranks in mpirun's working directory
  /// and, where that does not exist (no shared file system, e.g. VMs), in $HOME, which a systemd
  /// service does not set. Empty: inherit both.
  std::filesystem::path workDir;
  std::string orted;        // absolute path (os::findInSystemPath("orted")); empty = refused
  os::RunAs user;           // uid < 0: no change (the agent is not root)
  std::string userProblem;  // non-empty: every launch is refused with it (no MPI user)
  TaskGroupTracker* groups = nullptr;  // not owned; null = not recorded
};

/// The ledger name of a spawn's process group ("mpi-<spawn id>").
std::string spawnLedgerId(const std::string& spawnId);

class SpawnRunner {
 public:
  using OutputFn = std::function<void(const std::string& spawnId, int stream, const std::string&)>;
  using ExitFn = std::function<void(const std::string& spawnId, int exitCode, const std::string&)>;

  SpawnRunner(os::ProcessRunner& runner, SpawnEnv env, OutputFn onOutput, ExitFn onExit);
  /// Checks and starts the launch; a refusal ends at once with exit code 255 and a message
  /// naming the word that failed.
  void start(const std::string& spawnId, const std::vector<std::string>& argv,
             const std::vector<std::string>& masterAddresses, std::chrono::milliseconds timeout);
  /// False when no such spawn is running.
  bool cancel(const std::string& spawnId);
  void cancelAll();

 private:
  void refuse(const std::string& spawnId, const std::string& why);

  os::ProcessRunner& runner_;
  SpawnEnv env_;
  OutputFn onOutput_;
  ExitFn onExit_;
  std::map<std::string, std::shared_ptr<os::ProcessHandle>> running_;
};

}  // namespace cb::agent
