#include "sim_agent.hpp"

#include "util/asio.hpp"

#include "schemas/protocol.capnp.h"
#include "session/wire_convert.hpp"
#include "tasks/task_types.hpp"
#include "wire/envelope.hpp"

namespace cb::swarm {
namespace asio = boost::asio;
using Body = proto::Envelope::Body;

struct SimAgent::Timer {
  explicit Timer(asio::io_context& io) : tick(io) {}
  asio::steady_timer tick;
};

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

}  // namespace

SimAgent::SimAgent(asio::io_context& io, zmq::context_t& zmq, SimAgentConfig config,
                   SwarmCounters& counters, std::uint64_t swarmSize,
                   std::atomic<std::int64_t>* welcomedNs)
    : io_(io),
      zmq_(zmq),
      config_(std::move(config)),
      counters_(counters),
      swarmSize_(swarmSize),
      welcomedNs_(welcomedNs),
      timer_(std::make_unique<Timer>(io)) {}

SimAgent::~SimAgent() {
  stop();
}

void SimAgent::start() {
  zmq::socket_t s(zmq_, zmq::socket_type::dealer);
  wire::applyCommonOptions(s);
  s.set(zmq::sockopt::routing_id, config_.nodeId);
  s.set(zmq::sockopt::curve_serverkey, config_.controllerKey);
  s.set(zmq::sockopt::curve_publickey, config_.keys.publicKey);
  s.set(zmq::sockopt::curve_secretkey, config_.keys.secretKey);
  s.set(zmq::sockopt::immediate, config_.immediate ? 1 : 0);
  s.set(zmq::sockopt::reconnect_ivl, 200);
  s.set(zmq::sockopt::reconnect_ivl_max, 5000);
  s.connect(config_.endpoint);
  socket_ = std::make_unique<wire::LoopSocket>(
      io_, std::move(s), [this](wire::Frames&& f) { onMessage(std::move(f)); });
  sendHello();
  tick();
}

void SimAgent::stop() {
  if (timer_) timer_->tick.cancel();
  socket_.reset();
}

void SimAgent::tick() {
  timer_->tick.expires_after(config_.heartbeat);
  timer_->tick.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !socket_) return;
    if (registered_) {
      send(wire::buildEnvelope(0, [&](Body::Builder body) {
        auto hb = body.initHeartbeat();
        hb.setNodeId(config_.nodeId);
        hb.setSequence(++heartbeatSeq_);
        hb.setRunningTasks(0);
      }));
      counters_.heartbeatsSent++;
    } else {
      sendHello();
    }
    tick();
  });
}

void SimAgent::sendHello() {
  send(wire::buildEnvelope(nextRequestId_++, [&](Body::Builder body) {
    auto h = body.initHello();
    h.setNodeId(config_.nodeId);
    h.setJoinToken(config_.joinToken);
    agent::writeFacts(config_.facts, h.initFacts());
    h.setAgentVersion("0.1.0-swarm");
    h.initRunningTasks(0);
  }));
  counters_.hellosSent++;
}

void SimAgent::send(const std::string& bytes) {
  if (socket_ && !socket_->send({bytes})) counters_.sendRefused++;
}

void SimAgent::onMessage(wire::Frames&& frames) {
  if (frames.size() != 1) return;
  auto in = wire::readEnvelope(frames[0]);
  if (!in) return;
  auto body = in->envelope.getBody();
  switch (body.which()) {
    case Body::WELCOME: {
      auto w = body.getWelcome();
      if (w.getHeartbeatIntervalMs() > 0) {
        config_.heartbeat = std::chrono::milliseconds(w.getHeartbeatIntervalMs());
      }
      if (!registered_) {
        registered_ = true;
        if (everRegistered_) {
          counters_.reRegistrations++;
        } else {
          everRegistered_ = true;
          *welcomedNs_ = nowNs();
          if (++counters_.registered == swarmSize_) counters_.allRegisteredNs = nowNs();
        }
      }
      break;
    }
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
      send(agent::encodeOutcome(noopOutcome(request.taskId)));
      counters_.resultsSent++;
      break;
    }
    case Body::TASK_RESULT_ACK:
      break;
    case Body::ERROR:
      counters_.errorsReceived++;
      if (body.getError().getCode() == proto::Error::Code::UNKNOWN_NODE) {
        registered_ = false;
        sendHello();
      }
      break;
    default:
      break;
  }
}

}  // namespace cb::swarm
