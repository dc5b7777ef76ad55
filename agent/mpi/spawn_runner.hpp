#pragma once
// Target side of MPI launches: runs the orted commands the controller sends (argv, own process
// group, time limit) and reports their output and exit. Refuses anything but orted.
// Thread-safety: single-threaded (the agent loop).
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "os/process_runner.hpp"

namespace cb::agent {

class SpawnRunner {
 public:
  using OutputFn = std::function<void(const std::string& spawnId, int stream, const std::string&)>;
  using ExitFn = std::function<void(const std::string& spawnId, int exitCode, const std::string&)>;

  /// orted runs in `workDir` with HOME=`workDir`: Open MPI starts the ranks in mpirun's working
  /// directory and, where that does not exist (no shared file system, e.g. VMs), in $HOME, which
  /// a systemd service does not set. Empty: inherit both.
  SpawnRunner(os::ProcessRunner& runner, std::filesystem::path workDir, OutputFn onOutput,
              ExitFn onExit);
  void start(const std::string& spawnId, const std::vector<std::string>& argv,
             std::chrono::milliseconds timeout);
  /// False when no such spawn is running.
  bool cancel(const std::string& spawnId);
  void cancelAll();

 private:
  os::ProcessRunner& runner_;
  std::filesystem::path workDir_;
  OutputFn onOutput_;
  ExitFn onExit_;
  std::map<std::string, std::shared_ptr<os::ProcessHandle>> running_;
};

}  // namespace cb::agent
