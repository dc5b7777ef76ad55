#pragma once
// RunService: runs and suites. Fans a benchmark out to nodes as a stored run (the orchestrator's
// Dispatcher), gathers the agents' task events and results into the store, reports progress to
// the waiting client and figures to /metrics, ends runs at their deadline and runs suites.
// Contract:
// - A result is acknowledged to its agent only once the store has it durably: after the group
//   commit of its batch (GroupCommit), or from an earlier send. A failed write or commit
//   acknowledges nothing, so the agent keeps the result and sends it again; a rolled-back result
//   reopens its task. A run that its last result completes finishes after that commit, so its
//   reply never reports results that are not stored.
// - A run finishes exactly once: when its last task reports or is lost with its node, or at its
//   deadline (open tasks become "no_result" and are cancelled on their nodes). A real result
//   that arrives later still is stored (replacing "lost") and the run's status follows it.
// Thread-safety: the controller loop only.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/catalog.hpp"
#include "daemon/agent_link.hpp"
#include "daemon/group_commit.hpp"
#include "daemon/mpi_relay.hpp"
#include "daemon/reply_handle.hpp"
#include "daemon/run_tracker.hpp"
#include "metrics/metrics.hpp"
#include "orchestrator/dispatcher.hpp"
#include "registry/registry.hpp"
#include "schemas/protocol.capnp.h"
#include "spec/suite.hpp"
#include "store/store.hpp"

namespace cb::controller {

class SuiteRunner;

struct RunSettings {
  std::chrono::milliseconds heartbeat{2000};
  int missedHeartbeats = 3;
  /// Raw output kept per result, stdout and stderr each; the rest is cut and the cut marked.
  std::size_t maxRawOutputBytes = 4 * 1024 * 1024;
};

/// A `clusterbench run` request as the control protocol carries it.
struct RunRequest {
  std::string benchmark;
  std::vector<std::string> nodes;  // node ids or hostnames; empty = every ready node
  bench::Params params;
  std::chrono::milliseconds timeout{0};
  nlohmann::json labels = nlohmann::json::object();
};

class RunService final : public Dispatcher {
 public:
  RunService(AgentLink& link, const Registry& registry, store::Store& store, GroupCommit& commit,
             metrics::Metrics* metrics, const bench::Catalog& catalog, MpiRelay& mpi,
             RunSettings settings);
  ~RunService() override;

  // Dispatcher
  std::vector<NodeView> readyNodes() const override;
  Result<std::int64_t> dispatch(const DispatchRequest& request, RunEventFn onEvent,
                                RunFinishedFn onFinished) override;
  void cancelRun(std::int64_t runId) override;
  void suiteProgress(const SuiteProgress& progress) override;

  /// `clusterbench run`: progress lines while it runs, the run with its results at the end.
  void run(const RunRequest& request, const ReplyHandle& reply);
  /// `clusterbench run SUITE`: the suite's summary with every run at the end. The suite is
  /// stored (its id is the first progress line) with each finished step repetition as it goes;
  /// `resumeSuiteId` != 0 continues that stored suite instead (control.capnp SuiteRequest).
  /// `master`: the user's --master ("" = the applied spec's, see setAppliedMaster()).
  void runSuite(const std::string& yaml, const std::string& fileName, const nlohmann::json& labels,
                std::int64_t resumeSuiteId, const std::string& master, const ReplyHandle& reply);
  /// Where a suite without --master gets its master: the node id the last applied cluster
  /// spec's master entry went to ("" = none). Unset: none.
  void setAppliedMaster(std::function<std::string()> fn) { appliedMaster_ = std::move(fn); }
  /// Cancels one run in flight (every run and suite for 0); returns the runs cancelled.
  std::vector<std::int64_t> cancel(std::int64_t runId);

  void onTaskEvent(const std::string& nodeId, proto::TaskEvent::Reader event);
  /// Stores the result, then acknowledges it to the node (see the contract above).
  void onTaskResult(const std::string& nodeId, proto::TaskResult::Reader result);

  /// The node was declared lost: each of its open tasks gets a stored "lost" result (which its
  /// real result replaces should the node come back with it) and runs finish without waiting
  /// for their deadline.
  void onNodeLost(const std::string& nodeId);

  /// At start, before agents connect: runs a dead controller left "running" become
  /// "interrupted"; their results still arrive from the agents' outboxes and are stored (once,
  /// by task id) without changing that status. Suites left "running" become "interrupted" too
  /// (`clusterbench run --resume` continues them).
  Status markInterruptedRuns();

  /// Ends runs past their deadline, forgets finished suites, publishes the task gauges.
  void sweep(std::chrono::steady_clock::time_point now);

  std::size_t runsInFlight() const { return runs_.size(); }
  std::size_t pendingTasks() const { return runs_.pendingTasks(); }

 private:
  /// Stores the result; false when the store failed (the result must not be acknowledged).
  bool storeResult(const std::string& nodeId, proto::TaskResult::Reader result);
  void finishRun(std::int64_t runId);
  /// A result arrived for a run that already finished (a lost node came back): the run's
  /// stored status is computed again from its stored results.
  void restateFinishedRun(std::int64_t runId);
  /// Stores the placeholder result ("lost", "no_result") of a task that has none.
  void storePlaceholder(std::int64_t runId, const std::string& taskId, const TaskSlot& slot,
                        const std::string& status, const std::string& why);
  void publishTaskGauges();
  /// Starts (or resumes) the runner of stored suite `suiteId`.
  /// `masterNodeId`: resolveMasterNode()'s answer ("" = none).
  void startSuite(std::int64_t suiteId, const spec::Suite& suite, const nlohmann::json& labels,
                  const std::optional<store::SuiteRecord>& resumed, const std::string& masterNodeId,
                  const ReplyHandle& reply);

  AgentLink& link_;
  const Registry& registry_;
  store::Store& store_;
  GroupCommit& commit_;
  metrics::Metrics* metrics_;
  const bench::Catalog& catalog_;
  MpiRelay& mpi_;
  RunSettings settings_;
  RunTracker runs_;
  std::map<std::uint64_t, std::unique_ptr<SuiteRunner>> suites_;
  std::function<std::string()> appliedMaster_;
  std::uint64_t nextSuite_ = 1;
  std::uint64_t nextRequestId_ = 1;
};

}  // namespace cb::controller
