#pragma once
// The node's processes as /proc shows them, and the few calls that act on them (kill a group,
// reap a child, become a child subreaper). The parser is pure; ProcessTable is the injected side.
// Thread-safety: every call reads or acts afresh; the real table keeps no state.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace cb::os {

/// The fields of /proc/PID/stat this project uses.
struct ProcStat {
  int pid = 0;
  char state = '?';  // R, S, D, Z (zombie), ...
  int ppid = 0;
  int pgrp = 0;
  int session = 0;
  std::uint64_t startTicks = 0;  // start time since boot, in clock ticks (field 22)
};

/// Parses the text of /proc/PID/stat; the command name may hold spaces and parentheses.
Result<ProcStat> parseProcStat(std::string_view text);

class ProcessTable {
 public:
  virtual ~ProcessTable() = default;
  /// Every process now; those that vanish while it is read are left out.
  virtual std::vector<ProcStat> list() = 0;
  /// One process, or nullopt when it does not exist.
  virtual std::optional<ProcStat> stat(int pid) = 0;
  /// The NAME=VALUE entries of the process's environment, or nullopt when it cannot be read
  /// (gone, or another user's process and this one is not root).
  virtual std::optional<std::vector<std::string>> environment(int pid) = 0;
  /// This boot's id: pids and start times mean something only within one boot.
  virtual std::string bootId() = 0;
  /// Sends SIGKILL to every process of group `pgid`; an error names the group and errno.
  virtual Status killGroup(int pgid) = 0;
  /// Sends SIGKILL to process `pid` alone; an error names the pid and errno.
  virtual Status killProcess(int pid) = 0;
  /// waitpid(pid, WNOHANG) on a child of this process: true when it was reaped now.
  virtual bool reap(int pid) = 0;
};

/// The real table under `procRoot` (normally /proc).
std::unique_ptr<ProcessTable> makeProcessTable(const std::filesystem::path& procRoot = "/proc");

/// Makes this process a child subreaper (PR_SET_CHILD_SUBREAPER): orphans among its descendants
/// become its children instead of init's, so it must reap them.
Status becomeChildSubreaper();

}  // namespace cb::os
