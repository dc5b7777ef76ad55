#pragma once
// Child processes as argv (never a shell string), each in its own process group, with a
// timeout, streamed output lines, and exit status + wall time + rusage on completion.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace cb::os {

/// What a child's environment starts from.
///  - kMinimal (the default, and what the agent uses for every child: benchmarks, MPI daemons,
///    configuration commands): only PATH=/usr/sbin:/usr/bin:/sbin:/bin, LANG=C.UTF-8 and HOME
///    (the home directory of the user the child runs as, from the password database; "/" when it
///    has none). Nothing of the parent's environment (secrets, sockets such as NOTIFY_SOCKET,
///    loader variables) reaches the child.
///  - kInherit: the parent's environment (the controller's CLI helpers: podman, VBoxManage).
/// ProcessSpec::env entries are added on top and replace a variable of the same name.
/// argv[0] is looked up in the parent's PATH either way.
enum class ChildEnvironment { kMinimal, kInherit };

/// The minimal environment's fixed entries (ChildEnvironment::kMinimal).
inline constexpr const char* kMinimalPath = "/usr/sbin:/usr/bin:/sbin:/bin";
inline constexpr const char* kMinimalLang = "C.UTF-8";

// The child gets exactly three descriptors: stdin (/dev/null), stdout and stderr (pipes). Every
// other descriptor is marked close-on-exec in the child before exec (close_range), on top of the
// rule that every descriptor the daemons open is close-on-exec from the start.
struct ProcessSpec {
  std::vector<std::string> argv;         // argv[0] is looked up in PATH
  std::chrono::milliseconds timeout{0};  // 0 = no limit
  std::filesystem::path cwd;             // empty = inherit
  ChildEnvironment environment = ChildEnvironment::kMinimal;
  std::vector<std::string> env;             // NAME=VALUE entries added to (or replacing) the above
  std::size_t outputCap = 4 * 1024 * 1024;  // bytes kept per stream; lines are streamed regardless
  int uid = -1;                             // >= 0: the child drops to this uid/gid before exec
  int gid = -1;
  std::vector<int> groups;  // with uid >= 0: supplementary groups (empty = gid only); run_as.hpp
};

enum class Stream { kStdout, kStderr };

struct ProcessExit {
  bool started = false;    // false: exec failed, see error
  std::string error;       // why it did not start, or why it was killed
  int exitCode = 0;        // exit status, or -signal when killed by a signal
  bool timedOut = false;   // killed because the timeout expired
  bool cancelled = false;  // killed by cancel()
  double wallSeconds = 0;
  double userSeconds = 0;
  double systemSeconds = 0;
  std::uint64_t maxRssKb = 0;
  std::string out;         // stdout, up to outputCap bytes
  std::string err;         // stderr, up to outputCap bytes
  bool truncated = false;  // some output was dropped because of outputCap
};

/// A running child. Thread-safety: use only on the io_context's thread.
class ProcessHandle {
 public:
  virtual ~ProcessHandle() = default;
  virtual int pid() const = 0;
  /// Kills the whole process group (SIGTERM, then SIGKILL after a grace period).
  virtual void cancel() = 0;
};

using LineCallback = std::function<void(Stream, const std::string& line)>;
using ExitCallback = std::function<void(const ProcessExit&)>;

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Starts the child. onLine is called per complete line; onExit exactly once, after the last
  /// onLine. Both run on the runner's io_context thread.
  virtual std::shared_ptr<ProcessHandle> start(const ProcessSpec& spec, LineCallback onLine,
                                               ExitCallback onExit) = 0;
};

/// The real runner (fork/exec + pipes + wait4) driven by an io_context.
std::unique_ptr<ProcessRunner> makeProcessRunner(boost::asio::io_context& io);

/// Runs argv to completion synchronously (for short helper commands such as `ip`).
ProcessExit runSync(const std::vector<std::string>& argv,
                    std::chrono::milliseconds timeout = std::chrono::seconds(30),
                    ChildEnvironment environment = ChildEnvironment::kMinimal);

/// The environment a child of `spec` gets (see ChildEnvironment), as NAME=VALUE entries.
std::vector<std::string> childEnvironment(const ProcessSpec& spec);

}  // namespace cb::os
