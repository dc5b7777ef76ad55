#pragma once
// Test support: real child processes (daemons in the background, CLI commands to completion),
// temp dirs and polling. Everything a test starts is killed by the destructors.
#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace cb::test {

/// A fresh directory under /tmp, removed recursively on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A background process whose stdout+stderr go to a log file. Killed (SIGKILL) on destruction.
class Daemon {
 public:
  Daemon(std::vector<std::string> argv, std::filesystem::path log);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  pid_t pid() const { return pid_; }
  /// Sends `sig` and waits up to `timeout` for the exit; returns the wait status or -1.
  int stop(int sig = SIGTERM, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  bool running();
  std::string log() const;

 private:
  std::vector<std::string> argv_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

struct CommandResult {
  int exitCode = -1;
  std::string out;
  std::string err;
};

/// Runs argv to completion (real child process).
CommandResult run(const std::vector<std::string>& argv,
                  std::chrono::milliseconds timeout = std::chrono::seconds(120));

/// Polls `ready` every 50 ms until it is true or `timeout` passes.
bool waitFor(const std::function<bool()>& ready, std::chrono::milliseconds timeout);

/// Path of a built binary (CB_BIN_DIR).
std::string bin(const std::string& name);

}  // namespace cb::test
