#include "sim_agent.hpp"

#include "session/wire_convert.hpp"
#include "tasks/task_types.hpp"

namespace cb::swarm {
using Body = proto::Envelope::Body;

namespace {

/// What the real agent reports for a `noop` task that ran true(1).
agent::TaskOutcome noopOutcome(const std::string& taskId) {
  agent::TaskOutcome o;
  o.taskId = taskId;
  o.status = agent::TaskStatus::kSucceeded;
  o.exitCode = 0;
  o.wallSeconds = 0.001;
  o.samples = {bench::Sample{"completed", 1, "count", {}}};
  o.command = {"true"};
  return o;
}

agent::ConnectionConfig connectionConfig(const SimAgentConfig& c) {
  agent::ConnectionConfig out;
  out.endpoint = c.endpoint;
  out.controllerKey = c.controllerKey;
  out.identity = c.identity;
  out.joinToken = c.joinToken;
  out.agentVersion = "0.1.0-swarm";
  out.heartbeat = c.heartbeat;
  return out;  // missed beats and backoff: the agent's defaults
}

}  // namespace

SimAgent::SimAgent(boost::asio::io_context& io, zmq::context_t& zmq, const SimAgentConfig& config,
                   SwarmCounters& counters, std::uint64_t swarmSize,
                   std::atomic<std::int64_t>* welcomedNs)
    : facts_(config.facts),
      counters_(counters),
      swarmSize_(swarmSize),
      welcomedNs_(welcomedNs),
      connection_(io, zmq, connectionConfig(config), hooks()) {}

agent::Connection::Hooks SimAgent::hooks() {
  agent::Connection::Hooks h;
  // The Connection asks for facts once per hello and for the running count once per
  // heartbeat: that is where they are counted.
  h.facts = [this] {
    counters_.hellosSent++;
    return facts_;
  };
  h.runningTasks = [] { return std::vector<std::string>{}; };
  h.runningCount = [this] {
    counters_.heartbeatsSent++;
    return std::uint32_t{0};
  };
  h.onEnvelope = [this](Body::Reader body, const std::string&) { onEnvelope(body); };
  h.onRegistered = [this] { onRegistered(); };
  return h;
}

void SimAgent::onRegistered() {
  if (everRegistered_) {
    counters_.reRegistrations++;
    return;
  }
  everRegistered_ = true;
  *welcomedNs_ = nowNs();
  if (++counters_.registered == swarmSize_) counters_.allRegisteredNs = nowNs();
}

void SimAgent::onEnvelope(Body::Reader body) {
  switch (body.which()) {
    case Body::WELCOME:
      connection_.onWelcome(body.getWelcome());
      break;
    case Body::ERROR:
      counters_.errorsReceived++;
      connection_.onError(body.getError());
      break;
    case Body::HEARTBEAT_ACK:
      counters_.heartbeatAcks++;
      break;
    case Body::RUN_TASK: {
      std::int64_t now = nowNs();
      std::int64_t expected = 0;
      counters_.firstTaskNs.compare_exchange_strong(expected, now);
      counters_.lastTaskNs = now;
      counters_.tasksReceived++;
      auto request = agent::readTaskRequest(body.getRunTask());
      if (connection_.send(agent::encodeOutcome(noopOutcome(request.taskId)))) {
        counters_.resultsSent++;
      } else {
        counters_.sendRefused++;
      }
      break;
    }
    default:
      break;  // taskResultAck and anything else: nothing to do
  }
}

}  // namespace cb::swarm
