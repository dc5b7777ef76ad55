#pragma once
// The durable note of a running task's process group: one small file per running task in the
// agent's state dir (written atomically when a step starts, removed when the task ends), read at
// the agent's next start to kill what a crash left running. See leftover_groups.hpp for how a
// record is matched against the processes that exist then.
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::agent {

/// Every benchmark process starts with CB_TASK_ID=<task id> in its environment, which its
/// descendants inherit: the mark that tells the task's processes from strangers.
inline constexpr std::string_view kTaskMarkerVariable = "CB_TASK_ID";

struct TaskGroupRecord {
  std::string taskId;
  int pgid = 0;                        // the step's process group = its leader's pid
  std::uint64_t leaderStartTicks = 0;  // the leader's start time (/proc/PID/stat field 22)
  std::string bootId;                  // pids and start times hold within this boot only
};

/// "task=ID\npgid=N\nleader-start=N\nboot-id=ID\n"
std::string formatTaskGroupRecord(const TaskGroupRecord& record);
/// The inverse; an error names the missing or bad key.
Result<TaskGroupRecord> parseTaskGroupRecord(std::string_view text);

}  // namespace cb::agent
