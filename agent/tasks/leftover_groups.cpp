#include "tasks/leftover_groups.hpp"

namespace cb::agent {

std::vector<os::ProcStat> livingMembers(int pgid, const std::vector<os::ProcStat>& snapshot) {
  std::vector<os::ProcStat> out;
  for (const auto& p : snapshot) {
    if (p.pgrp == pgid && p.state != 'Z' && p.state != 'X') out.push_back(p);
  }
  return out;
}

bool carriesTaskMarker(const std::vector<std::string>& environment, const std::string& taskId) {
  const std::string wanted = std::string(kTaskMarkerVariable) + "=" + taskId;
  for (const auto& entry : environment) {
    if (entry == wanted) return true;
  }
  return false;
}

bool isEscapedMember(const TaskGroupRecord& record, const std::string& bootId,
                     const GroupMember& process) {
  const auto& s = process.stat;
  return record.bootId == bootId && process.marked && s.pgrp != record.pgid && s.state != 'Z' &&
         s.state != 'X' && s.startTicks >= record.leaderStartTicks;
}

LeftoverVerdict judgeLeftover(const TaskGroupRecord& record, const std::string& bootId,
                              const std::vector<GroupMember>& members) {
  if (record.bootId != bootId) return LeftoverVerdict::kOtherBoot;
  bool any = false;
  for (const auto& m : members) {
    if (m.stat.pgrp != record.pgid || m.stat.state == 'Z' || m.stat.state == 'X') continue;
    any = true;
    if (m.stat.pid == record.pgid && m.stat.startTicks == record.leaderStartTicks) {
      return LeftoverVerdict::kKill;
    }
    if (m.marked && m.stat.startTicks >= record.leaderStartTicks) return LeftoverVerdict::kKill;
  }
  return any ? LeftoverVerdict::kUnverified : LeftoverVerdict::kGone;
}

const char* verdictName(LeftoverVerdict verdict) {
  switch (verdict) {
    case LeftoverVerdict::kKill:
      return "kill";
    case LeftoverVerdict::kGone:
      return "gone";
    case LeftoverVerdict::kOtherBoot:
      return "other-boot";
    case LeftoverVerdict::kUnverified:
      return "unverified";
  }
  return "?";
}

}  // namespace cb::agent
