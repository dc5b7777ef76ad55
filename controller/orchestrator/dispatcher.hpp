#pragma once
// What the orchestrator needs from the daemon: ready nodes, fan-out of one benchmark to some
// nodes as a stored run with completion/event callbacks, progress lines, cancellation.
// Thread-safety: single-threaded (the controller loop); callbacks run on it too.
#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/benchmark.hpp"
#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::controller {

struct NodeView {
  std::string nodeId;
  std::string hostname;
  std::string address;  // first IPv4 address without prefix length ("" if none)
  std::string cidr;     // that address's network, e.g. "198.18.0.0/24"
  unsigned cpuCount = 1;
};

/// One sample of a finished run's stored results, with the node that measured it.
struct RunSample {
  std::string hostname;
  bench::Sample sample;
};
using RunSamplesFn = std::function<void(const std::vector<RunSample>& samples)>;

struct DispatchRequest {
  std::string benchmark;
  bench::Params params;                  // validated by dispatch() against the catalog
  std::vector<std::string> nodeIds;      // ready nodes
  std::chrono::milliseconds timeout{0};  // per task; 0 = catalog default
  /// Stored with the run. dispatch() adds `environment` and `virt_tech` from the facts of the
  /// nodes in nodeIds and peerNodeIds unless present (labels::withEnvironmentLabels()).
  nlohmann::json labels = nlohmann::json::object();
  /// Nodes the run involves without a task of its own (the MPI hosts besides the master, the
  /// other end of an iperf3 pair): they count for the environment labels only.
  std::vector<std::string> peerNodeIds;
  /// Stored with the run: JSON array of performance references (spec::referencesJson()).
  std::string referencesJson = "[]";
  /// Optional: called once when the run completes, just before its RunFinishedFn, with the
  /// samples of every result stored for it.
  RunSamplesFn onSamples;
  /// Optional: called on every sweep of the controller (about once a second or faster) while the
  /// run is in flight; RunProgress::flush() hangs here.
  std::function<void(std::chrono::steady_clock::time_point now)> onSweep;
};

/// Where a suite is, reported after every change: its steps in order, how many have finished,
/// the one running ("" = none) and whether the suite is still running.
struct SuiteProgress {
  std::string suite;
  std::vector<std::string> steps;
  std::size_t stepsCompleted = 0;
  std::string currentStep;
  bool running = true;
};

/// A task event of a dispatched run (kind: "started", "stdout", "stderr", "progress", and
/// "finished" with the status and message of a node's result).
using RunEventFn = std::function<void(const std::string& hostname, const std::string& kind,
                                      const std::string& text)>;
/// The run is complete (every task reported or the deadline passed); status is "succeeded",
/// "failed" or "partial".
using RunFinishedFn = std::function<void(std::int64_t runId, const std::string& status)>;

class Dispatcher {
 public:
  virtual ~Dispatcher() = default;
  virtual std::vector<NodeView> readyNodes() const = 0;
  virtual Result<std::int64_t> dispatch(const DispatchRequest& request, RunEventFn onEvent,
                                        RunFinishedFn onFinished) = 0;
  virtual void cancelRun(std::int64_t runId) = 0;
  /// Progress of a suite (for /metrics); ignored by default.
  virtual void suiteProgress(const SuiteProgress& /*progress*/) {}
};

}  // namespace cb::controller
