#pragma once
// Short synchronous commands for the node-configuration appliers: probes (`ip -j addr show`,
// `sysctl -n`, `iptables -C`) and changes (`ip addr add`, `exportfs -ra`). Always argv, never a
// shell string. Tests use a recording fake; main() creates the real one.
// Thread-safety: none; one runner per configuration run.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cb::agent::config {

struct CommandResult {
  bool started = false;  // false: the program could not be executed (see err)
  int exitCode = -1;     // exit status, or -signal when killed by a signal
  std::string out;       // stdout
  std::string err;       // stderr, or why the command did not start or was killed
  bool ok() const { return started && exitCode == 0; }
};

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  /// Runs argv (argv[0] looked up in PATH) to completion.
  virtual CommandResult run(const std::vector<std::string>& argv) = 0;
  /// Whether `program` is an executable file in PATH (or, when it contains '/', that file).
  virtual bool available(const std::string& program) = 0;
};

/// The real runner over os::runSync; each command is killed after `timeout`.
std::unique_ptr<CommandRunner> makeSystemCommandRunner(
    std::chrono::milliseconds timeout = std::chrono::minutes(10));

/// argv words joined by spaces for display; words that are empty or hold blanks, quotes or
/// shell metacharacters are shown single-quoted. Never executed.
std::string displayCommand(const std::vector<std::string>& argv);

}  // namespace cb::agent::config
