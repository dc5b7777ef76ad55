#pragma once
// The controller daemon: agent ROUTER (CURVE server), local control ROUTER, liveness sweeps,
// run fan-out/gather, durable results and /metrics. Owns no real-world resources itself: the
// store, metrics and catalog are created in main() and injected.
// Thread-safety: every method runs on the io_context thread.
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <zmq.hpp>

#include "apply/apply_rollout.hpp"
#include "daemon/agent_gateway.hpp"
#include "bench/catalog.hpp"
#include "daemon/run_tracker.hpp"
#include "metrics/metrics.hpp"
#include "mpi/mpi_jobs.hpp"
#include "orchestrator/dispatcher.hpp"
#include "registry/registry.hpp"
#include "schemas/protocol.capnp.h"
#include "spec/cluster_spec.hpp"
#include "store/store.hpp"
#include "util/result.hpp"
#include "wire/curve_keys.hpp"
#include "wire/zmq_socket.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::controller {

class SuiteRunner;

struct ControllerConfig {
  std::string agentEndpoint = "tcp://0.0.0.0:7700";
  std::string controlEndpoint;  // empty = ipc://<stateDir>/control.sock
  std::filesystem::path stateDir;
  std::chrono::milliseconds heartbeat{2000};  // interval the agents are told to use
  int missedHeartbeats = 3;                   // silent this many intervals = lost
  std::size_t maxPendingKeys = 1024;  // unknown keys are refused at the handshake beyond this
  std::string version = "0.1.0";
};

class ControllerDaemon : public Dispatcher {
 public:
  ControllerDaemon(boost::asio::io_context& io, zmq::context_t& zmq, ControllerConfig config,
                   wire::KeyPair keys, store::Store& store, metrics::Metrics* metrics,
                   const bench::Catalog& catalog);
  ~ControllerDaemon();

  /// Binds both sockets, writes <stateDir>/controller.json (bound endpoints, public key, pid)
  /// and starts the timers.
  Status start();
  void stop();

  std::string agentEndpoint() const { return boundAgent_; }
  std::string controlEndpoint() const { return boundControl_; }

  // Dispatcher (dispatch.cpp)
  std::vector<NodeView> readyNodes() const override;
  Result<std::int64_t> dispatch(const DispatchRequest& request, RunEventFn onEvent,
                                RunFinishedFn onFinished) override;
  void cancelRun(std::int64_t runId) override;
  void suiteProgress(const SuiteProgress& progress) override;

  /// Called when a control client asks the daemon to shut down.
  std::function<void()> onShutdownRequested;

 private:
  // agent side (agent_handler.cpp)
  void onAgentMessage(const std::string& nodeId, const std::string& routingId,
                      proto::Envelope::Reader envelope);
  std::string keysReply(const std::string& bytes);
  void handleTaskResult(const std::string& nodeId, proto::TaskResult::Reader result);
  void sendToAgent(const std::string& routingId, const std::string& bytes);
  /// clusterbench_node_tasks_running from the runs in flight (dispatch.cpp).
  void publishTaskGauges();
  void sweep();
  // MPI daemon launches relayed between agents (mpi_spawn.cpp)
  void handleSpawnRequest(const std::string& fromNodeId, proto::SpawnRequest::Reader req);
  void relaySpawnOutput(proto::SpawnOutput::Reader out);
  void relaySpawnExit(proto::SpawnExit::Reader exit);
  void refuseSpawn(const std::string& routingId, const std::string& spawnId,
                   const std::string& why);

  // control side (control_handler.cpp)
  void onControlMessage(wire::Frames&& frames);
  std::string handleControl(const std::string& peer, const std::string& bytes, bool& deferred);
  std::string startRun(const std::string& peer, const std::string& benchmark,
                       const std::vector<std::string>& nodes, const bench::Params& params,
                       std::uint32_t timeoutMs, const nlohmann::json& labels, bool& deferred);
  std::string startSuite(const std::string& peer, const std::string& yaml,
                         const std::string& fileName, const nlohmann::json& labels, bool& deferred);
  nlohmann::json runJson(std::int64_t runId);
  /// Stores saved outputs (see control.capnp importRun) as a finished run (import_handler.cpp).
  std::string importRun(const std::string& json);
  void finishRun(std::int64_t runId);
  // cluster spec rollouts (apply_handler.cpp)
  std::string startApply(const std::string& peer, std::string yaml, std::string fileName,
                         ApplyMode mode, std::chrono::milliseconds timeout, bool& deferred);
  void handleApplyReport(const std::string& nodeId, proto::ApplyReport::Reader report);
  void finishApply(std::uint64_t id);
  /// After a node's first registration: re-apply the last applied spec to every ready node.
  void scheduleAutoApply();
  std::filesystem::path appliedSpecPath() const;
  spec::NodeIdentity identityOf(const NodeInfo& n) const;
  /// Registered nodes the spec does not list but whose address lies in its network still get a
  /// line in every node's hosts block (a worker started beyond the spec's entries).
  void addUnlistedHosts(const spec::ClusterSpec& spec, spec::Resolution& resolution) const;
  void sendProgress(const std::string& peer, const std::string& line);
  void sendControlReply(const std::string& peer, const std::string& bytes);

  struct Timers;
  boost::asio::io_context& io_;
  zmq::context_t& zmq_;
  ControllerConfig config_;
  wire::KeyPair keys_;
  store::Store& store_;
  metrics::Metrics* metrics_;
  const bench::Catalog& catalog_;
  std::unique_ptr<AgentGateway> gateway_;
  Registry& registry_;  // the gateway's
  RunTracker runs_;
  std::unique_ptr<Timers> timers_;
  std::unique_ptr<wire::LoopSocket> control_;
  std::string boundAgent_, boundControl_;
  std::uint64_t nextRequestId_ = 1;
  std::chrono::steady_clock::time_point lastKeepalive_{};
  std::map<std::uint64_t, std::unique_ptr<SuiteRunner>> suites_;
  std::map<std::uint64_t, std::string> suitePeers_;
  MpiJobs mpiJobs_;
  struct SpawnRoute {
    std::string originNodeId;
    std::string originSpawnId;
    std::string targetNodeId;
    std::int64_t runId = 0;
  };
  std::map<std::string, SpawnRoute> spawns_;  // by controller spawn id
  std::uint64_t nextSpawn_ = 1;               // control peers waiting on suites
  std::uint64_t nextSuite_ = 1;
  struct PendingApply;
  std::map<std::uint64_t, std::unique_ptr<PendingApply>> applies_;
  std::map<std::string, std::uint64_t> applyOwner_;  // applyId -> applies_ key
  std::uint64_t nextApply_ = 1;
  struct AutoApply;
  std::unique_ptr<AutoApply> autoApply_;
};

}  // namespace cb::controller
