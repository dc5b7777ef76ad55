#include "session/connection.hpp"

#include <sys/random.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <random>

#include "session/wire_convert.hpp"
#include "util/asio.hpp"
#include "wire/envelope.hpp"

namespace cb::agent {
namespace asio = boost::asio;
using Body = proto::Envelope::Body;
using SteadyClock = std::chrono::steady_clock;

struct Connection::Timers {
  explicit Timers(asio::io_context& io) : tick(io), reconnect(io) {}
  asio::steady_timer tick;
  asio::steady_timer reconnect;
};

namespace {
/// 16 random bytes from the kernel's CSPRNG; the first is never 0 (libzmq reserves those ids).
std::string randomRoutingId() {
  std::string id(16, '\0');
  std::size_t got = 0;
  while (got < id.size()) {
    ssize_t n = ::getrandom(id.data() + got, id.size() - got, 0);
    if (n > 0) got += static_cast<std::size_t>(n);
  }
  if (id[0] == '\0') id[0] = 'r';
  return id;
}

std::shared_ptr<spdlog::logger> log() {
  static auto logger = [] {
    auto l = spdlog::get("session");
    return l ? l : spdlog::default_logger()->clone("session");
  }();
  return logger;
}
}  // namespace

Connection::Connection(asio::io_context& io, zmq::context_t& zmq, ConnectionConfig config,
                       Hooks hooks)
    : io_(io),
      zmq_(zmq),
      config_(std::move(config)),
      hooks_(std::move(hooks)),
      backoff_(config_.backoffInitial, config_.backoffMax, std::random_device{}()),
      timers_(std::make_unique<Timers>(io)) {}

Connection::~Connection() = default;

void Connection::start() {
  connect();
}

void Connection::stop() {
  stopped_ = true;
  timers_->tick.cancel();
  timers_->reconnect.cancel();
  monitor_.reset();
  socket_.reset();
}

void Connection::status(const std::string& text) {
  if (hooks_.onStatus) hooks_.onStatus(text);
}

void Connection::connect() {
  if (stopped_) return;
  registered_ = false;
  handshakeOk_ = false;
  helloEveryTicks_ = 1;
  tcpUp_ = false;
  downSince_ = SteadyClock::now();
  monitor_.reset();
  socket_.reset();
  zmq::socket_t s(zmq_, zmq::socket_type::dealer);
  wire::applyCommonOptions(s);
  // A fresh random routing id per connection, never shown to anyone: the controller hands a
  // routing id over only to the connection that presents it, so nobody else can take ours.
  s.set(zmq::sockopt::routing_id, randomRoutingId());
  s.set(zmq::sockopt::curve_serverkey, config_.controllerKey);
  s.set(zmq::sockopt::curve_publickey, config_.identity.keys.publicKey);
  s.set(zmq::sockopt::curve_secretkey, config_.identity.keys.secretKey);
  s.set(zmq::sockopt::immediate, 1);  // never queue for a peer whose handshake is not done
  s.set(zmq::sockopt::reconnect_ivl, 200);
  s.set(zmq::sockopt::reconnect_ivl_max, 5000);
  // ZMTP heartbeats tell a dead controller (or path) from a busy one: see linkedPatience.
  const auto hbMs = static_cast<int>(config_.heartbeat.count());
  s.set(zmq::sockopt::heartbeat_ivl, hbMs);
  s.set(zmq::sockopt::heartbeat_timeout, hbMs * std::max(config_.missedBeforeReconnect, 1));

  // inproc names are per ZeroMQ context, and several Connections may share one (the swarm
  // benchmark runs thousands): the serial is process-wide.
  static std::atomic<std::uint64_t> monitorSerial{0};
  std::string monitorAddr = "inproc://cb-session-monitor-" + std::to_string(++monitorSerial);
  zmq_socket_monitor(s.handle(), monitorAddr.c_str(),
                     ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED |
                         ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                         ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);
  zmq::socket_t mon(zmq_, zmq::socket_type::pair);
  mon.connect(monitorAddr);
  monitor_ = std::make_unique<wire::LoopSocket>(
      io_, std::move(mon), [this](wire::Frames&& f) { onMonitorEvent(std::move(f)); });

  try {
    s.connect(config_.endpoint);
  } catch (const zmq::error_t& e) {
    log()->error("cannot connect to {}: {}", config_.endpoint, e.what());
    reconnectLater("bad endpoint");
    return;
  }
  socket_ = std::make_unique<wire::LoopSocket>(
      io_, std::move(s), [this](wire::Frames&& f) { onFrames(std::move(f)); });
  log()->info("connecting to controller {}", config_.endpoint);
  status("connecting to controller " + config_.endpoint);
  lastHeard_ = SteadyClock::now();
  sendHello();
  tick();
}

void Connection::reconnectLater(const std::string& why) {
  if (stopped_) return;
  registered_ = false;
  monitor_.reset();
  socket_.reset();
  timers_->tick.cancel();
  auto delay = backoff_.next();
  log()->warn("{}; reconnecting in {} ms (attempt {})", why, delay.count(), backoff_.attempts());
  status(why + "; reconnecting in " + std::to_string(delay.count()) + " ms (attempt " +
         std::to_string(backoff_.attempts()) + ")");
  timers_->reconnect.expires_after(delay);
  timers_->reconnect.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) connect();
  });
}

void Connection::tick() {
  timers_->tick.expires_after(config_.heartbeat);
  timers_->tick.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || !socket_) return;
    const auto now = SteadyClock::now();
    auto silentFor = now - lastHeard_;
    auto limit = config_.heartbeat * config_.missedBeforeReconnect;
    // A link that is up (TCP connected, its CURVE handshake done or still queued at a busy
    // controller) is waited for; a new socket would only start that handshake over. A link
    // that is down counts only for as long as it has been down.
    if (handshakeOk_ || tcpUp_) {
      limit = std::max<std::chrono::milliseconds>(limit, config_.linkedPatience);
    } else {
      silentFor = std::min(silentFor, now - downSince_);
    }
    if (silentFor > limit) {
      reconnectLater(registered_ ? "controller stopped answering heartbeats"
                                 : "no welcome from the controller");
      return;
    }
    if (registered_) {
      send(wire::buildEnvelope(0, [&](Body::Builder body) {
        auto hb = body.initHeartbeat();
        hb.setNodeId(config_.identity.nodeId);
        hb.setSequence(++heartbeatSeq_);
        hb.setRunningTasks(hooks_.runningCount());
      }));
    } else if (++ticksSinceHello_ >= helloEveryTicks_) {
      helloEveryTicks_ = std::min(helloEveryTicks_ * 2, 8);
      sendHello();
    }
    tick();
  });
}

void Connection::sendHello() {
  ticksSinceHello_ = 0;
  Facts facts = hooks_.facts();
  auto running = hooks_.runningTasks();
  send(wire::buildEnvelope(nextRequestId_++, [&](Body::Builder body) {
    auto h = body.initHello();
    h.setNodeId(config_.identity.nodeId);
    h.setJoinToken(config_.joinToken);
    writeFacts(facts, h.initFacts());
    h.setAgentVersion(config_.agentVersion);
    auto list = h.initRunningTasks(static_cast<unsigned>(running.size()));
    for (unsigned i = 0; i < running.size(); ++i) list.set(i, running[i]);
  }));
}

bool Connection::send(const std::string& bytes) {
  return socket_ && socket_->send({bytes});
}

void Connection::onFrames(wire::Frames&& frames) {
  if (frames.size() != 1) {
    log()->warn("dropping a message of {} frames", frames.size());
    return;
  }
  auto in = wire::readEnvelope(frames[0]);
  if (!in) {
    log()->warn("dropping a message from the controller: {}", in.error());
    return;
  }
  lastHeard_ = SteadyClock::now();
  hooks_.onEnvelope(in->envelope.getBody(), frames[0]);
}

void Connection::onWelcome(proto::Welcome::Reader welcome) {
  if (welcome.getHeartbeatIntervalMs() > 0) {
    config_.heartbeat = std::chrono::milliseconds(welcome.getHeartbeatIntervalMs());
  }
  bool first = !registered_;
  registered_ = true;
  pendingLogged_ = false;
  backoff_.reset();
  if (!first) return;
  log()->info("registered with controller {} as node {}", config_.endpoint,
              config_.identity.nodeId);
  status("registered with controller " + config_.endpoint + " as node " + config_.identity.nodeId);
  hooks_.onRegistered();
}

void Connection::onError(proto::Error::Reader error) {
  const auto code = error.getCode();
  if (code == proto::Error::Code::UNKNOWN_NODE) {
    log()->info("controller does not know this node (it restarted?): registering again");
    registered_ = false;
    sendHello();
  } else if (code == proto::Error::Code::PENDING) {
    // Keep saying hello every heartbeat until an operator accepts the key.
    if (!pendingLogged_) {
      log()->warn(
          "controller {}: this node's key {} waits for acceptance (run `clusterbench keys "
          "accept {}` on the controller, or give the node a join token file)",
          config_.endpoint, config_.identity.keys.publicKey, config_.identity.keys.publicKey);
      status("waiting for the controller to accept key " + config_.identity.keys.publicKey);
      pendingLogged_ = true;
    }
    registered_ = false;
    helloEveryTicks_ = 1;  // the controller answers: ask again every heartbeat
  } else if (code == proto::Error::Code::REFUSED) {
    pendingLogged_ = false;
    reconnectLater("controller " + config_.endpoint +
                   " refused this node: " + std::string(error.getMessage().cStr()));
  } else {
    log()->error("controller refused a message: {}", error.getMessage().cStr());
  }
}

void Connection::onMonitorEvent(wire::Frames&& frames) {
  if (frames.empty() || frames[0].size() < 6) return;
  std::uint16_t event = 0;
  std::uint32_t value = 0;
  std::memcpy(&event, frames[0].data(), 2);
  std::memcpy(&value, frames[0].data() + 2, 4);
  switch (event) {
    case ZMQ_EVENT_CONNECTED:
      tcpUp_ = true;
      break;
    case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
      tcpUp_ = true;
      handshakeOk_ = true;
      handshakeFailures_ = 0;
      // ZMQ_IMMEDIATE refused the hello sent before the handshake: say it now, not a tick later.
      if (!registered_) sendHello();
      break;
    case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
      log()->error(
          "controller {} refused this agent (ZAP status {}): the controller does not "
          "accept this agent's key or join token",
          config_.endpoint, value);
      break;
    case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
    case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
      log()->error(
          "CURVE handshake with controller {} failed: check that the pinned controller "
          "key matches the controller's public key (controller.pub in its state dir)",
          config_.endpoint);
      break;
    case ZMQ_EVENT_DISCONNECTED:
      if (!handshakeOk_) {
        ++handshakeFailures_;
        log()->error(
            "controller {} closed the connection during the CURVE handshake ({} times): "
            "either the pinned controller key does not match the controller's public key "
            "(controller.pub in its state dir) or the controller is overloaded",
            config_.endpoint, handshakeFailures_);
      } else {
        log()->warn("disconnected from controller {}", config_.endpoint);
      }
      handshakeOk_ = false;
      if (tcpUp_) downSince_ = SteadyClock::now();
      tcpUp_ = false;  // libzmq reconnects by itself: CONNECTED sets it again
      break;
    default:
      break;
  }
}

}  // namespace cb::agent
