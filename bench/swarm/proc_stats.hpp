#pragma once
// Resource usage of another process, read from /proc: resident memory and CPU time so far.
// The parsers are pure; readProcStats() is the only part that touches the file system.
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::swarm {

struct ProcStats {
  std::uint64_t rssKb = 0;  // VmRSS of /proc/PID/status
  double cpuSeconds = 0;    // utime + stime of /proc/PID/stat (all threads, children excluded)
};

/// VmRSS in kB from the text of /proc/PID/status; nullopt when absent or malformed.
std::optional<std::uint64_t> parseVmRssKb(std::string_view status);

/// utime + stime in clock ticks from the text of /proc/PID/stat (fields 14 and 15, counted
/// after the parenthesised command name, which may itself hold spaces and parentheses).
std::optional<std::uint64_t> parseCpuTicks(std::string_view stat);

/// Both figures for a live process; errors name the file that could not be read or parsed.
Result<ProcStats> readProcStats(pid_t pid);

/// The first three fields of /proc/loadavg ("1.02 0.87 0.60"), or "?" when unreadable.
std::string loadAverage();

/// CPU seconds (user + system) this process has used so far.
double selfCpuSeconds();

}  // namespace cb::swarm
