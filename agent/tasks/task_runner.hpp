#pragma once
// Runs catalogued benchmarks as child processes and reports events and outcomes.
// Thread-safety: single-threaded, on the agent loop (the ProcessRunner's io_context).
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/catalog.hpp"
#include "os/process_runner.hpp"
#include "tasks/task_execution.hpp"
#include "tasks/task_types.hpp"

namespace cb::agent {

enum class EventKind { kStarted, kStdout, kStderr, kProgress };

class TaskRunner {
 public:
  using EventFn = std::function<void(const std::string& taskId, EventKind, const std::string&)>;
  using OutcomeFn = std::function<void(const TaskOutcome&)>;

  TaskRunner(const bench::Catalog& catalog, os::ProcessRunner& runner, ExecutionEnv env,
             EventFn onEvent, OutcomeFn onOutcome);

  /// Validates and starts the task. Invalid requests (unknown benchmark, bad parameter, bad or
  /// duplicate id) complete at once with status kRefused and a message naming the problem.
  void start(const TaskRequest& request);
  /// Kills the task's process group; it completes with kCancelled. Unknown ids are ignored.
  void cancel(const std::string& taskId);
  /// Cancels every running task (shutdown).
  void cancelAll();

  std::vector<std::string> runningIds() const;
  std::size_t runningCount() const { return running_.size(); }

 private:
  const bench::Catalog& catalog_;
  os::ProcessRunner& runner_;
  ExecutionEnv env_;
  EventFn onEvent_;
  OutcomeFn onOutcome_;
  std::map<std::string, std::shared_ptr<TaskExecution>> running_;
};

}  // namespace cb::agent
