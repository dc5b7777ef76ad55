#pragma once
// Long-lived lab daemons (controller, agents) started detached: own session (setsid), stdin from
// /dev/null, stdout+stderr appended to a log file, no other inherited descriptors. They outlive
// the CLI; later CLI runs find them by the pid recorded in lab.json.
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::lab {

/// Forks and execs argv (argv[0] looked up in PATH). Returns the pid, which is also the new
/// session's and process group's id. Errors name argv[0] and the log file; an exec failure is
/// reported here, not as an exit code.
Result<int> spawnDetached(const std::vector<std::string>& argv,
                          const std::filesystem::path& logFile);

/// True while `pid` exists and is not a zombie. Reaps it when it is our exited child.
bool isRunning(int pid);

/// True when /proc/<pid>/cmdline (arguments joined by spaces) contains `needle`: guards signals
/// against a pid reused by an unrelated process.
bool commandLineContains(int pid, const std::string& needle);

/// Stops `pid` unless it is gone or no longer matches `needle`: SIGTERM to its process group
/// (to the pid alone when it leads no group), SIGKILL after `grace`. Error when it survives.
Status stopProcess(int pid, const std::string& needle, std::chrono::milliseconds grace);

/// Waits until `pid` is gone; false on timeout.
bool waitForExit(int pid, std::chrono::milliseconds timeout);

/// The last `maxLines` lines of a log file, for error messages ("" when unreadable).
std::string logTail(const std::filesystem::path& file, std::size_t maxLines = 15);

}  // namespace cb::lab
