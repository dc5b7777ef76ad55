#pragma once
// Prometheus exposition of the controller's state on /metrics (prometheus-cpp).
// Names follow Prometheus conventions: clusterbench_ prefix, base units, _total counters; labels
// are bounded (node = hostname, environment, benchmark, metric, state, status) — never run ids.
// Thread-safety: call from the controller loop thread; scrapes run on prometheus-cpp's threads.
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "metrics/node_resources.hpp"
#include "util/result.hpp"

namespace cb::metrics {

/// Where a suite run is. Suite and step names come from the user's suite files (bounded).
struct SuiteProgress {
  std::string suite;
  std::vector<std::string> steps;  // in order
  std::size_t stepsCompleted = 0;
  std::string currentStep;  // "" when no step runs
  bool running = false;
};

/// Tasks in flight per (node hostname, benchmark).
using NodeTaskCounts = std::map<std::pair<std::string, std::string>, int>;

class Metrics {
 public:
  /// Starts the HTTP exposer on "host:port" (port 0 = any free port).
  static Result<std::unique_ptr<Metrics>> start(const std::string& address);
  virtual ~Metrics() = default;

  /// e.g. "http://127.0.0.1:9464/metrics" with the port actually bound.
  virtual std::string url() const = 0;

  /// clusterbench_node_up{node,environment} 1/0 and
  /// clusterbench_node_state{node,state} 1 for the current state, 0 for the others
  /// (states: "ready", "busy", "lost").
  virtual void setNodeState(const std::string& node, const std::string& environment,
                            const std::string& state) = 0;
  /// clusterbench_node_heartbeat_age_seconds{node}
  virtual void setHeartbeatAge(const std::string& node, double seconds) = 0;
  /// clusterbench_registrations_total
  virtual void countRegistration() = 0;
  /// clusterbench_agent_refusals_total{reason}: agent handshakes and messages refused by
  /// enrollment. Reasons are a fixed set chosen by the controller: handshake, pending,
  /// not_accepted, rejected, too_large, hello_refused, wrong_connection, foreign_result,
  /// label_too_long and series_limit (a result series not exported: label_bounds.hpp).
  virtual void countAgentRefusal(const std::string& reason) = 0;
  /// clusterbench_tasks_total{status}   (status: succeeded, failed, timed_out, cancelled, refused,
  /// lost)
  virtual void countTask(const std::string& status) = 0;
  /// clusterbench_store_write_failures_total: failed store writes and group commits (nothing of
  /// a failed commit was acknowledged); clusterbench_store_writable 1/0: whether the latest
  /// write or commit succeeded.
  virtual void countStoreCommit(bool ok) = 0;
  /// clusterbench_tasks_running (gauge)
  virtual void setTasksRunning(double n) = 0;
  /// clusterbench_benchmark_result{node,environment,benchmark,metric,unit}: latest value. A new
  /// series whose metric or unit is too long, or beyond the node's series budget, is not
  /// exported (LabelBounds; counted as an agent refusal); the sample is stored all the same.
  virtual void recordSample(const std::string& node, const std::string& environment,
                            const std::string& benchmark, const std::string& metric,
                            const std::string& unit, double value) = 0;

  /// The node's latest resource report (see node_resource_collector.hpp for the series). The
  /// series exist while the node is not lost: setNodeState(..., "lost") drops them.
  virtual void setNodeResources(const std::string& node, const NodeResources& resources) = 0;
  /// clusterbench_node_tasks_running{node,benchmark}: the counts given; series of pairs seen
  /// before and absent now are set to 0 (so a panel shows a task ending).
  virtual void setNodeTasksRunning(const NodeTaskCounts& running) = 0;
  /// clusterbench_suite_steps{suite}, clusterbench_suite_steps_completed{suite},
  /// clusterbench_suite_running{suite} 1/0, clusterbench_suite_step_running{suite,step} 1 for
  /// the current step and 0 for the suite's other steps; steps the suite no longer has are
  /// removed.
  virtual void setSuiteProgress(const SuiteProgress& progress) = 0;
};

}  // namespace cb::metrics
