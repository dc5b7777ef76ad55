#pragma once
// Running tasks' process groups, noted durably so that the agent's next start can kill what a
// crash of the agent (SIGKILL, OOM kill, power to the process but not the node) left running:
// PR_SET_PDEATHSIG kills a task's first process with the agent, not what that process forked.
// One file per running task in `dir`, named by the task id (task ids are file-name safe),
// replaced atomically when a step starts and removed when the task ends.
// Thread-safety: single-threaded (the agent loop); killLeftovers() runs before the loop starts.
#include <filesystem>
#include <string>
#include <vector>

#include "os/process_table.hpp"
#include "tasks/leftover_groups.hpp"
#include "tasks/task_group_record.hpp"

namespace cb::agent {

/// What TaskExecution tells about its processes.
class TaskGroupTracker {
 public:
  virtual ~TaskGroupTracker() = default;
  /// A step of the task has just started as the leader of process group `pgid`.
  virtual void track(const std::string& taskId, int pgid) = 0;
  /// The task has ended; none of its processes runs any more.
  virtual void release(const std::string& taskId) = 0;
};

/// One record found at start and what was done about it.
struct LeftoverOutcome {
  std::string file;
  TaskGroupRecord record;
  LeftoverVerdict verdict = LeftoverVerdict::kGone;
  std::vector<int> members;  // living members of the group when it was judged
  std::vector<int> escaped;  // processes that left the group but are the task's: killed one by one
  std::string problem;       // unreadable record, or a kill that failed; empty = none
};

class TaskGroupLedger : public TaskGroupTracker {
 public:
  /// `table` must outlive the ledger; `dir` is made on first use.
  TaskGroupLedger(std::filesystem::path dir, os::ProcessTable& table);

  /// Writes the record (a failure is logged: the task runs on, unrecorded).
  void track(const std::string& taskId, int pgid) override;
  void release(const std::string& taskId) override;

  /// Judges every record left by an earlier run (leftover_groups.hpp), SIGKILLs the groups that
  /// are still the task's and the task's processes that left their group (isEscapedMember),
  /// and removes every record. Call before any task starts.
  std::vector<LeftoverOutcome> killLeftovers();

  const std::filesystem::path& dir() const { return dir_; }

 private:
  void killEscaped(LeftoverOutcome& o, const std::string& bootId,
                   const std::vector<os::ProcStat>& snapshot);

  std::filesystem::path dir_;
  os::ProcessTable& table_;
  std::string bootId_;
};

}  // namespace cb::agent
