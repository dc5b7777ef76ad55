#include "tasks/task_group_ledger.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "os/atomic_file.hpp"

namespace cb::agent {
namespace fs = std::filesystem;

TaskGroupLedger::TaskGroupLedger(fs::path dir, os::ProcessTable& table)
    : dir_(std::move(dir)), table_(table) {}

void TaskGroupLedger::track(const std::string& taskId, int pgid) {
  if (bootId_.empty()) bootId_ = table_.bootId();
  auto leader = table_.stat(pgid);
  if (!leader) {
    spdlog::warn("task {}: process group {} not recorded: its leader is already gone", taskId,
                 pgid);
    return;
  }
  std::error_code ec;
  fs::create_directories(dir_, ec);
  TaskGroupRecord record{taskId, pgid, leader->startTicks, bootId_};
  if (auto s = os::writeFileAtomic(dir_ / taskId, formatTaskGroupRecord(record), 0600); !s) {
    spdlog::warn("task {}: process group {} not recorded: {}", taskId, pgid, s.error());
  }
}

void TaskGroupLedger::release(const std::string& taskId) {
  std::error_code ec;
  fs::remove(dir_ / taskId, ec);
  if (ec)
    spdlog::warn("task {}: cannot remove {}: {}", taskId, (dir_ / taskId).string(), ec.message());
}

void TaskGroupLedger::killEscaped(LeftoverOutcome& o, const std::string& bootId,
                                  const std::vector<os::ProcStat>& snapshot) {
  if (o.record.bootId != bootId) return;
  for (const auto& p : snapshot) {
    // Cheap filters first: the environment is read only of processes that could qualify.
    if (p.pgrp == o.record.pgid || p.startTicks < o.record.leaderStartTicks) continue;
    auto env = table_.environment(p.pid);
    GroupMember m{p, env && carriesTaskMarker(*env, o.record.taskId)};
    if (!isEscapedMember(o.record, bootId, m)) continue;
    o.escaped.push_back(p.pid);
    if (auto s = table_.killProcess(p.pid); !s && o.problem.empty()) o.problem = s.error();
  }
}

std::vector<LeftoverOutcome> TaskGroupLedger::killLeftovers() {
  std::vector<LeftoverOutcome> out;
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) files.push_back(it->path());
  }
  if (files.empty()) return out;
  std::sort(files.begin(), files.end());
  const auto bootId = table_.bootId();
  const auto snapshot = table_.list();
  for (const auto& file : files) {
    LeftoverOutcome o;
    o.file = file.filename().string();
    // A temp file of an interrupted atomic write: its target holds the last complete record.
    if (o.file.find(".tmp.") != std::string::npos) {
      fs::remove(file, ec);
      continue;
    }
    auto text = os::readFileNoFollow(file);
    auto record = text ? parseTaskGroupRecord(*text) : Result<TaskGroupRecord>(fail(text.error()));
    if (!record) {
      o.problem = "unreadable record: " + record.error();
    } else {
      o.record = *record;
      std::vector<GroupMember> members;
      for (const auto& p : livingMembers(o.record.pgid, snapshot)) {
        auto env = table_.environment(p.pid);
        members.push_back({p, env && carriesTaskMarker(*env, o.record.taskId)});
        o.members.push_back(p.pid);
      }
      o.verdict = judgeLeftover(o.record, bootId, members);
      if (o.verdict == LeftoverVerdict::kKill) {
        if (auto s = table_.killGroup(o.record.pgid); !s) o.problem = s.error();
      }
      killEscaped(o, bootId, snapshot);
    }
    fs::remove(file, ec);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace cb::agent
