#pragma once
// Bookkeeping of runs in flight: which task went to which node, which are done, deadlines.
// Pure logic; the daemon does the sending. Thread-safety: single-threaded.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cb::controller {

struct TaskSlot {
  std::string nodeId;
  std::string hostname;
  bool done = false;
  std::string status;  // final status once done ("succeeded", "failed", "lost", ...)
};

struct ActiveRun {
  std::int64_t runId = 0;
  std::string benchmark;
  std::map<std::string, TaskSlot> tasks;  // by task id
  std::chrono::steady_clock::time_point deadline{};
  /// Task events (hostname, kind, text); may be empty.
  std::function<void(const std::string&, const std::string&, const std::string&)> onEvent;
  /// Called once when the run completes (runId, status).
  std::function<void(std::int64_t, const std::string&)> onFinished;
  /// Called on every sweep while the run is in flight; may be empty.
  std::function<void(std::chrono::steady_clock::time_point)> onSweep;
};

/// "run<runId>-<nodeId>": unique across controller restarts because run ids come from the store.
std::string makeTaskId(std::int64_t runId, const std::string& nodeId);
/// The run id encoded in a task id; nullopt for ids not made by makeTaskId.
std::optional<std::int64_t> runIdOfTask(const std::string& taskId);

class RunTracker {
 public:
  void add(ActiveRun run);
  ActiveRun* get(std::int64_t runId);
  /// Marks a task done. Returns true when this completes its run (every task done).
  bool complete(const std::string& taskId, const std::string& status);
  /// Undoes complete() for a task whose stored result was rolled back (its run still open).
  void reopen(const std::string& taskId);
  /// Runs past their deadline.
  std::vector<std::int64_t> expired(std::chrono::steady_clock::time_point now) const;
  void erase(std::int64_t runId) { runs_.erase(runId); }
  std::size_t size() const { return runs_.size(); }
  /// Pending tasks across runs (for the tasks_running gauge).
  std::size_t pendingTasks() const;
  std::vector<std::int64_t> ids() const;

 private:
  std::map<std::int64_t, ActiveRun> runs_;
};

}  // namespace cb::controller
