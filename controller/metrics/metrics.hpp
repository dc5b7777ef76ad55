#pragma once
// Prometheus exposition of the controller's state on /metrics (prometheus-cpp).
// Names follow Prometheus conventions: clusterbench_ prefix, base units, _total counters; labels
// are bounded (node = hostname, environment, benchmark, metric, state, status) — never run ids.
// Thread-safety: call from the controller loop thread; scrapes run on prometheus-cpp's threads.
#include <memory>
#include <string>

#include "util/result.hpp"

namespace cb::metrics {

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
  /// clusterbench_tasks_total{status}   (status: succeeded, failed, timed_out, cancelled, refused)
  virtual void countTask(const std::string& status) = 0;
  /// clusterbench_tasks_running (gauge)
  virtual void setTasksRunning(double n) = 0;
  /// clusterbench_benchmark_result{node,environment,benchmark,metric,unit}: latest value.
  virtual void recordSample(const std::string& node, const std::string& environment,
                            const std::string& benchmark, const std::string& metric,
                            const std::string& unit, double value) = 0;
};

}  // namespace cb::metrics
