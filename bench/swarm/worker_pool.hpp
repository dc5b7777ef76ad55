#pragma once
// The parent's side of the worker processes: forks and execs this executable P times in
// `--worker` mode (worker.hpp), agents split as evenly as possible, and talks to them with the
// line protocol of worker_protocol.hpp over one pipe each way.
// Ownership: owns the workers. The destructor closes their stdin, gives them 5 s to exit, then
// SIGKILLs and reaps them; they also get SIGKILL if this process dies (PR_SET_PDEATHSIG).
// Thread-safety: one thread only. Every exchange is bounded by the reply timeout; a worker that
// exits or stops answering is an error that names it and says how it ended.
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "util/result.hpp"
#include "worker_protocol.hpp"

namespace cb::swarm {

struct WorkerPoolOptions {
  std::filesystem::path self;  // this executable (/proc/self/exe)
  std::size_t agents = 0;      // in all
  std::size_t processes = 1;
  std::string endpoint, controllerKey, joinToken;
  std::string logLevel = "error";
  int agentHeartbeatMs = 2000;  // SimAgentConfig::heartbeat
  /// Added to the workers' nice value: the simulated agents stand for other machines, so they
  /// should not take the controller's CPU on this one.
  int niceIncrement = 10;
  std::chrono::milliseconds replyTimeout{120000};  // also bounds "prepared"
};

class WorkerPool {
 public:
  /// Starts every worker and waits until each has said "prepared".
  static Result<std::unique_ptr<WorkerPool>> start(const WorkerPoolOptions& options);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  std::size_t processes() const { return workers_.size(); }
  std::size_t agents() const { return agents_; }
  std::vector<pid_t> pids() const;

  /// Sends `line` to every worker, then reads one reply from each (in worker order). A reply
  /// starting with "error" is an error too.
  Result<std::vector<std::string>> command(const std::string& line);
  /// "counters" from every worker, added up.
  Result<WorkerCounters> counters();
  /// "welcomes" from every worker, concatenated in agent order.
  Result<std::vector<std::int64_t>> welcomedNs();
  /// How the first worker that has exited ended ("worker 2 (pid 123) exited with status 1");
  /// empty while every worker runs. Reaps without blocking.
  std::string exited();
  /// "quit", then waits for each worker's exit; an exit status other than 0 is an error.
  Status quit();

 private:
  struct Worker {
    pid_t pid = -1;
    int toWorker = -1;    // its stdin
    int fromWorker = -1;  // its stdout
    std::string buffered;
    bool reaped = false;
    int status = 0;
  };
  WorkerPool() = default;
  Result<std::string> readLine(std::size_t index);
  Status writeLine(std::size_t index, const std::string& line);
  /// "worker 2 (pid 123) exited with status 1" and the like; reaps it if it has exited.
  std::string describe(std::size_t index, bool block);

  std::vector<Worker> workers_;
  std::size_t agents_ = 0;
  std::chrono::milliseconds timeout_{0};
};

}  // namespace cb::swarm
