#pragma once
// Deciding, at the agent's start, whether a recorded task process group is still the task's.
// Pure: the caller reads /proc (ProcessTable) and acts on the verdict.
//
// Contract. A process group id is the pid of the process that made the group, and the kernel
// hands that pid to no new process while any member of the group lives; but once the group is
// empty the id may be reused (pid_max is often 32768). So a record is trusted only when the
// living members of group `pgid` show it is still the task's:
//  - the boot is the one the record was written in (else everything in it died with the boot);
//  - and either the leader (pid == pgid) is alive with the recorded start time, or, the leader
//    being gone (killed by PR_SET_PDEATHSIG with the agent), a member started no earlier than
//    the leader and carries CB_TASK_ID=<the record's task> in its environment.
// Zombies are not counted: they are dead already and signals do not reach them.
#include <string>
#include <vector>

#include "os/process_table.hpp"
#include "tasks/task_group_record.hpp"

namespace cb::agent {

enum class LeftoverVerdict {
  kKill,        // the group is still the task's: kill it
  kGone,        // no living member: nothing to do
  kOtherBoot,   // written before a reboot: nothing of it can run
  kUnverified,  // members exist but none proves the group is the task's: leave them alone
};

/// A living process in the recorded group.
struct GroupMember {
  os::ProcStat stat;
  bool marked = false;  // its environment holds CB_TASK_ID=<the record's task id>
};

/// The processes of `snapshot` in group `pgid` that are not zombies.
std::vector<os::ProcStat> livingMembers(int pgid, const std::vector<os::ProcStat>& snapshot);

/// True when `environment` holds CB_TASK_ID=`taskId`.
bool carriesTaskMarker(const std::vector<std::string>& environment, const std::string& taskId);

/// A process that left the recorded group (setsid, setpgid: a daemon such as `orted --daemonize`)
/// and so escapes the group's kill. It is the task's, and killed, when the record is of this
/// boot and the process is living, outside group `pgid`, carries the record's task marker and
/// started no earlier than the record's leader (so not a process the pid was reused for).
bool isEscapedMember(const TaskGroupRecord& record, const std::string& bootId,
                     const GroupMember& process);

LeftoverVerdict judgeLeftover(const TaskGroupRecord& record, const std::string& bootId,
                              const std::vector<GroupMember>& members);

/// "kill", "gone", "other-boot", "unverified".
const char* verdictName(LeftoverVerdict verdict);

}  // namespace cb::agent
