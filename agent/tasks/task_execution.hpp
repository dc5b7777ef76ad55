#pragma once
// One task from start to outcome: scratch dir, input files, the invocation's steps in order (each
// its own process group, within one overall deadline), cleanup steps, parse, scratch removal.
// Every step runs with CB_TASK_ID=<task id> in its environment and its process group is told to
// env.groups while it runs (task_group_ledger.hpp).
// Thread-safety: single-threaded, on the ProcessRunner's io_context.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "bench/benchmark.hpp"
#include "os/process_runner.hpp"
#include "os/run_as.hpp"
#include "tasks/task_types.hpp"

namespace cb::agent {

class TaskGroupTracker;

/// Where and as whom benchmark processes run.
struct ExecutionEnv {
  std::filesystem::path scratchRoot;  // per-task scratch dirs are made below it
  int uid = -1;                       // >= 0: drop to this user unless the benchmark needs root
  int gid = -1;
  std::string mpiRsh;         // path of clusterbench-mpi-rsh (MPI launches)
  std::string spawnEndpoint;  // the agent's spawn socket, exported as CB_AGENT_SPAWN
  /// Told each step's process group and the task's end; null = not recorded. Not owned; it
  /// outlives every task.
  TaskGroupTracker* groups = nullptr;
  /// MPI work (Invocation::mpiUser: mpirun and its ranks; orted launches) runs as this user,
  /// never as root (uid < 0: no change, the agent itself is not root).
  os::RunAs mpiUser;
  /// Non-empty: MPI work is refused with this message (the MPI user is missing).
  std::string mpiUserProblem;
  /// orted's absolute path in the system path (os::findInSystemPath); empty = not installed.
  std::string orted;
  /// orted's working directory and HOME (owned by the MPI user); empty = scratchRoot.
  std::filesystem::path mpiHome;
};

class TaskExecution : public std::enable_shared_from_this<TaskExecution> {
 public:
  using LineFn = std::function<void(os::Stream, const std::string&)>;
  using DoneFn = std::function<void(const TaskOutcome&)>;

  TaskExecution(os::ProcessRunner& runner, const bench::Benchmark& bench, bench::Params params,
                std::string taskId, std::chrono::milliseconds timeout, ExecutionEnv env,
                LineFn onLine, DoneFn onDone);

  /// Prepares the scratch dir and starts the first step; onDone is always called exactly once,
  /// asynchronously.
  void start();
  void cancel();
  /// argv of every step joined for display.
  std::string describe() const;

 private:
  void runStep(std::size_t index);
  void stepDone(std::size_t index, const os::ProcessExit& exit);
  void finish();
  void fail(TaskStatus status, std::string message);

  os::ProcessRunner& runner_;
  const bench::Benchmark& bench_;
  bench::Params params_;
  bench::Invocation inv_;
  ExecutionEnv env_;
  LineFn onLine_;
  DoneFn onDone_;
  std::filesystem::path scratch_;
  os::RunAs runAs_;  // who the steps run as (uid < 0: the agent's own user)
  std::chrono::steady_clock::time_point deadline_;
  std::chrono::steady_clock::time_point started_;
  std::shared_ptr<os::ProcessHandle> current_;
  std::string stdout_;
  TaskOutcome outcome_;
  bool failed_ = false;
  bool cancelled_ = false;
};

}  // namespace cb::agent
