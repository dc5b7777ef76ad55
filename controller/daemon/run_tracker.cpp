#include "daemon/run_tracker.hpp"

#include <charconv>

namespace cb::controller {

std::string makeTaskId(std::int64_t runId, const std::string& nodeId) {
  return "run" + std::to_string(runId) + "-" + nodeId;
}

std::optional<std::int64_t> runIdOfTask(const std::string& taskId) {
  if (taskId.rfind("run", 0) != 0) return std::nullopt;
  auto dash = taskId.find('-');
  if (dash == std::string::npos || dash == 3) return std::nullopt;
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(taskId.data() + 3, taskId.data() + dash, id);
  if (ec != std::errc() || p != taskId.data() + dash) return std::nullopt;
  return id;
}

void RunTracker::add(ActiveRun run) {
  runs_[run.runId] = std::move(run);
}

ActiveRun* RunTracker::get(std::int64_t runId) {
  auto it = runs_.find(runId);
  return it == runs_.end() ? nullptr : &it->second;
}

void RunTracker::reopen(const std::string& taskId) {
  auto runId = runIdOfTask(taskId);
  auto* run = runId ? get(*runId) : nullptr;
  if (!run) return;
  auto it = run->tasks.find(taskId);
  if (it == run->tasks.end()) return;
  it->second.done = false;
  it->second.status.clear();
}

bool RunTracker::complete(const std::string& taskId, const std::string& status) {
  auto runId = runIdOfTask(taskId);
  if (!runId) return false;
  auto* run = get(*runId);
  if (!run) return false;
  auto it = run->tasks.find(taskId);
  if (it == run->tasks.end() || it->second.done) return false;
  it->second.done = true;
  it->second.status = status;
  for (const auto& [_, slot] : run->tasks) {
    if (!slot.done) return false;
  }
  return true;
}

std::vector<std::int64_t> RunTracker::expired(std::chrono::steady_clock::time_point now) const {
  std::vector<std::int64_t> out;
  for (const auto& [id, run] : runs_) {
    if (now > run.deadline) out.push_back(id);
  }
  return out;
}

std::size_t RunTracker::pendingTasks() const {
  std::size_t n = 0;
  for (const auto& [_, run] : runs_) {
    for (const auto& [__, slot] : run.tasks) n += slot.done ? 0 : 1;
  }
  return n;
}

std::vector<std::int64_t> RunTracker::ids() const {
  std::vector<std::int64_t> out;
  for (const auto& [id, _] : runs_) out.push_back(id);
  return out;
}

}  // namespace cb::controller
