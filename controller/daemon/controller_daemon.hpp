#pragma once
// The controller daemon: builds the services and wires them together, nothing else.
//   AgentGateway  — agents' ROUTER (CURVE + ZAP), enrollment, liveness, registry; AgentLink.
//   RunService    — runs and suites: fan-out, gather into the store, progress, /metrics.
//   ApplyService  — cluster spec rollouts and the re-apply when a node joins.
//   MpiRelay      — MPI daemon launches relayed between agents.
//   ControlServer — the local control socket; ControlTable maps request kinds to handlers.
// The store, metrics and catalog are created in main() and injected.
// Thread-safety: every method runs on the io_context thread.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "bench/catalog.hpp"
#include "metrics/metrics.hpp"
#include "store/store.hpp"
#include "util/result.hpp"
#include "wire/curve_keys.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::controller {

class GroupCommit;
class AgentGateway;
class ApplyService;
class ControlServer;
class ControlTable;
class Dispatcher;
class MpiRelay;
class RunService;

struct ControllerConfig {
  std::string agentEndpoint = "tcp://0.0.0.0:7700";
  std::string controlEndpoint;  // empty = ipc://<stateDir>/control.sock
  std::filesystem::path stateDir;
  std::chrono::milliseconds heartbeat{2000};  // interval the agents are told to use
  int missedHeartbeats = 3;                   // silent this many intervals = lost
  std::size_t maxPendingKeys = 1024;  // unknown keys are refused at the handshake beyond this
  std::size_t maxRawOutputBytes = 4 * 1024 * 1024;  // per result and stream; the cut is marked
  std::string version = "0.1.0";
};

class ControllerDaemon {
 public:
  ControllerDaemon(boost::asio::io_context& io, zmq::context_t& zmq, ControllerConfig config,
                   wire::KeyPair keys, store::Store& store, metrics::Metrics* metrics,
                   const bench::Catalog& catalog);
  ~ControllerDaemon();

  /// Binds both sockets, writes <stateDir>/controller.json (bound endpoints, public key, pid)
  /// and starts the timers.
  Status start();
  void stop();

  std::string agentEndpoint() const;
  std::string controlEndpoint() const;
  /// Runs dispatched in this process (the orchestrator's view of the daemon).
  Dispatcher& dispatcher();

  /// Called when a control client asks the daemon to shut down.
  std::function<void()> onShutdownRequested;

 private:
  void sweep();

  struct Timers;
  boost::asio::io_context& io_;
  ControllerConfig config_;
  wire::KeyPair keys_;
  metrics::Metrics* metrics_;
  std::unique_ptr<GroupCommit> commit_;
  std::unique_ptr<AgentGateway> gateway_;
  std::unique_ptr<ControlTable> table_;
  std::unique_ptr<ControlServer> control_;
  std::unique_ptr<MpiRelay> mpi_;
  std::unique_ptr<RunService> runs_;
  std::unique_ptr<ApplyService> applies_;
  std::unique_ptr<Timers> timers_;
  std::chrono::steady_clock::time_point lastKeepalive_{};
};

}  // namespace cb::controller
