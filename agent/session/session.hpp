#pragma once
// The agent's session with the controller: wires the Connection (socket, registration,
// heartbeats, reconnects), the durable Outbox of task results and the MessageRouter (which
// controller messages reach which part: tasks, MPI launches, node configuration) together.
// Results are written to the outbox before they are sent and re-sent after every registration
// until the controller acknowledges them.
// Thread-safety: everything runs on the io_context thread given to the constructor.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "bench/catalog.hpp"
#include "facts/facts.hpp"
#include "metrics/node_metrics.hpp"
#include "mpi/spawn_relay.hpp"
#include "mpi/spawn_runner.hpp"
#include "os/filesystem.hpp"
#include "os/process_runner.hpp"
#include "session/connection.hpp"
#include "session/identity.hpp"
#include "session/message_router.hpp"
#include "session/outbox.hpp"
#include "session/resend_schedule.hpp"
#include "spec/node_config.hpp"
#include "tasks/task_runner.hpp"

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
  /// Results not yet acknowledged: an absolute path as the session's Filesystem sees it;
  /// empty = kept in memory only.
  std::string outboxDir;
  std::string agentVersion;
  ExecutionEnv exec;            // scratch root and unprivileged user for tasks
  std::string spawnSocketPath;  // where MPI launch helpers reach this agent
  /// How often nodeMetrics go out while registered; 0 = never.
  std::chrono::milliseconds metricsInterval{0};
  /// An unacknowledged result is sent again after this long while registered, the wait doubling
  /// up to resendMax (the controller could not store it; see ResendSchedule).
  std::chrono::milliseconds resendFirst{5000};
  std::chrono::milliseconds resendMax{60000};
};

class Session {
 public:
  using FactsFn = std::function<Facts()>;

  /// `fs` holds the outbox; it, `catalog` and `runner` must outlive the session.
  Session(boost::asio::io_context& io, zmq::context_t& zmq, SessionConfig config, FactsFn facts,
          const bench::Catalog& catalog, os::ProcessRunner& runner, os::Filesystem& fs);
  ~Session();

  /// Loads the outbox an earlier run left, binds the spawn socket and connects.
  void start();
  /// Cancels running tasks and closes the socket; results already in the outbox stay on disk.
  void stop();

  /// Called for each applyConfig the controller sends (on the io thread). The handler answers
  /// later with sendMessage(an applyReport envelope); unset = configs are refused.
  std::function<void(const std::string& applyId, bool dryRun, spec::NodeConfig config)>
      onApplyConfig;
  /// Sends one encoded envelope now if connected (dropped otherwise: the controller times out).
  void sendMessage(const std::string& bytes) { connection_.send(bytes); }

  /// Called once per successful registration (welcome received).
  std::function<void()> onRegistered;
  /// Called with a one-line summary whenever the link changes state (connecting, registered,
  /// reconnecting and why), e.g. for systemd's STATUS=.
  std::function<void(const std::string& status)> onStatus;

  bool registered() const { return connection_.registered(); }

  /// Handles one encoded envelope as if it had arrived from the controller (decode, router,
  /// handlers). The socket's path; public for tests and the fuzz target.
  void receive(const std::string& frame) { connection_.onFrames({frame}); }

  /// Samples the node for nodeMetrics (every metricsInterval and right after registering);
  /// unset = no nodeMetrics. Runs on the loop thread, so it must be quick.
  std::function<NodeMetricsSample()> sampleMetrics;

 private:
  /// The connection's view of this session; the lambdas capture `this`.
  Connection::Hooks connectionHooks(FactsFn facts);
  void routeMessages();
  void onEnvelope(MessageRouter::Body::Reader body, const std::string& frame);
  void onConnectionRegistered();
  void scheduleMetrics();
  void sendMetrics();
  void handleOutcome(const TaskOutcome& outcome);

  /// Sends `bytes` (a result in the outbox) and schedules its re-send until acknowledged.
  void sendResult(const std::string& taskId, const std::string& bytes);
  void scheduleResends();

  struct MetricsTimer;
  struct ResendTimer;
  SessionConfig config_;
  TaskRunner tasks_;
  SpawnRunner spawns_;
  SpawnRelay relay_;
  Outbox outbox_;
  MessageRouter router_;
  Connection connection_;
  std::unique_ptr<MetricsTimer> metricsTimer_;
  ResendSchedule resends_;
  std::unique_ptr<ResendTimer> resendTimer_;
  bool stopped_ = false;
};

}  // namespace cb::agent
