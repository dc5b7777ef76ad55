#pragma once
// The agent's link to the controller: CURVE DEALER socket, registration (hello/welcome),
// heartbeats, reconnect with backoff + jitter, task dispatch, and a durable outbox of results
// that is re-sent until the controller acknowledges it.
// Thread-safety: everything runs on the io_context thread given to the constructor.
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "bench/catalog.hpp"
#include "facts/facts.hpp"
#include "metrics/node_metrics.hpp"
#include "mpi/spawn_relay.hpp"
#include "mpi/spawn_runner.hpp"
#include "os/process_runner.hpp"
#include "session/backoff.hpp"
#include "session/identity.hpp"
#include "spec/node_config.hpp"
#include "tasks/task_runner.hpp"
#include "wire/zmq_socket.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::agent {

struct SessionConfig {
  std::string endpoint;       // e.g. tcp://198.18.0.1:7700
  std::string controllerKey;  // pinned controller public key (Z85)
  Identity identity;
  std::string joinToken;
  std::chrono::milliseconds heartbeat{2000};  // until the controller's welcome says otherwise
  int missedBeforeReconnect = 3;              // heartbeats without an answer
  std::chrono::milliseconds backoffInitial{250};
  std::chrono::milliseconds backoffMax{10000};
  std::filesystem::path outboxDir;  // results not yet acknowledged
  std::string agentVersion;
  ExecutionEnv exec;            // scratch root and unprivileged user for tasks
  std::string spawnSocketPath;  // where MPI launch helpers reach this agent
  /// How often nodeMetrics go out while registered; 0 = never.
  std::chrono::milliseconds metricsInterval{0};
};

class Session {
 public:
  using FactsFn = std::function<Facts()>;

  Session(boost::asio::io_context& io, zmq::context_t& zmq, SessionConfig config, FactsFn facts,
          const bench::Catalog& catalog, os::ProcessRunner& runner);
  ~Session();

  void start();
  /// Cancels running tasks and closes the socket; results already in the outbox stay on disk.
  void stop();

  /// Called for each applyConfig the controller sends (on the io thread). The handler answers
  /// later with sendMessage(an applyReport envelope); unset = configs are refused.
  std::function<void(const std::string& applyId, bool dryRun, spec::NodeConfig config)>
      onApplyConfig;
  /// Sends one encoded envelope now if connected (dropped otherwise: the controller times out).
  void sendMessage(const std::string& bytes) { send(bytes); }

  /// Called once per successful registration (welcome received).
  std::function<void()> onRegistered;
  /// Called with a one-line summary whenever the link changes state (connecting, registered,
  /// reconnecting and why), e.g. for systemd's STATUS=.
  std::function<void(const std::string& status)> onStatus;

  bool registered() const { return registered_; }

  /// Samples the node for nodeMetrics (every metricsInterval and right after registering);
  /// unset = no nodeMetrics. Runs on the loop thread, so it must be quick.
  std::function<NodeMetricsSample()> sampleMetrics;

 private:
  void connect();
  void reconnectLater(const std::string& why);
  void tick();
  void sendHello();
  void scheduleMetrics();
  void sendMetrics();
  void onMessage(wire::Frames&& frames);
  void onMonitorEvent(wire::Frames&& frames);
  void handleOutcome(const TaskOutcome& outcome);
  void loadOutbox();
  void send(const std::string& bytes);

  struct Timers;
  boost::asio::io_context& io_;
  zmq::context_t& zmq_;
  SessionConfig config_;
  FactsFn facts_;
  TaskRunner tasks_;
  SpawnRunner spawns_;
  SpawnRelay relay_;
  Backoff backoff_;
  std::unique_ptr<Timers> timers_;
  std::unique_ptr<wire::LoopSocket> socket_;
  std::unique_ptr<wire::LoopSocket> monitor_;
  std::map<std::string, std::string> outbox_;  // taskId -> encoded taskResult envelope
  bool registered_ = false;
  bool stopped_ = false;
  bool handshakeOk_ = false;
  bool pendingLogged_ = false;
  int handshakeFailures_ = 0;
  std::uint64_t heartbeatSeq_ = 0;
  std::uint64_t nextRequestId_ = 1;
  std::chrono::steady_clock::time_point lastHeard_;
  std::chrono::steady_clock::time_point helloSent_;
  int monitorSerial_ = 0;
};

}  // namespace cb::agent
