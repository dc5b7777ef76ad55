#pragma once
// The real controller daemon (`clusterbench controller`) as a child process with a private
// temporary state dir, agent endpoint on loopback port 0 and metrics on port 0.
// Ownership: the object owns the child and the temp dir; the destructor stops the child
// (SIGTERM, then SIGKILL) and deletes the dir. The child also gets SIGTERM if this process dies.
// Thread-safety: use from one thread; start() must run before this process starts threads
// (it forks).
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "util/result.hpp"

namespace cb::swarm {

struct ControllerOptions {
  std::filesystem::path binary;               // the `clusterbench` executable
  std::chrono::milliseconds heartbeat{2000};  // --heartbeat-ms
  std::optional<std::uint64_t> nofile;        // RLIMIT_NOFILE (soft = hard); nullopt = ours
  std::string logLevel = "info";              // --log-level of the daemon
  bool keepStateDir = false;                  // leave the temp dir (logs, results.db) behind
};

class ControllerProcess {
 public:
  /// Forks and execs the daemon, then waits (up to 15 s) for <state>/controller.json and reads
  /// the bound endpoints and the public key (cross-checked against controller.pub).
  /// Errors carry the tail of the daemon's log.
  static Result<std::unique_ptr<ControllerProcess>> start(const ControllerOptions& options);
  ~ControllerProcess();
  ControllerProcess(const ControllerProcess&) = delete;
  ControllerProcess& operator=(const ControllerProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& agentEndpoint() const { return agentEndpoint_; }
  const std::string& controlEndpoint() const { return controlEndpoint_; }
  const std::string& publicKey() const { return publicKey_; }
  /// A join token made in the controller's state dir before it started (never expires).
  const std::string& joinToken() const { return joinToken_; }
  const std::filesystem::path& dir() const { return dir_; }

  /// Kills the daemon with SIGKILL (no clean shutdown), then starts it again on the same state
  /// dir (keys, join token, store) and the same agent endpoint and port, and waits for its new
  /// controller.json like start(). The control endpoint stays the same; pid() changes.
  Status killAndRestart();

  /// True while the child has not exited (reaps it when it has).
  bool alive();
  /// SIGTERM, up to 10 s for a clean exit, then SIGKILL. Idempotent. Returns how it ended.
  std::string stop();
  /// The last `lines` lines of the daemon's stdout+stderr.
  std::string logTail(std::size_t lines) const;

 private:
  ControllerProcess() = default;
  bool reap(bool block);
  /// Forks and execs the daemon with `agentEndpoint`, waits for controller.json and reads it.
  Status launch(const std::string& agentEndpoint);

  pid_t pid_ = -1;
  int exitStatus_ = 0;
  bool exited_ = false;
  bool keepDir_ = false;
  ControllerOptions options_;
  std::filesystem::path dir_;
  std::string agentEndpoint_, controlEndpoint_, publicKey_, joinToken_;
};

}  // namespace cb::swarm
