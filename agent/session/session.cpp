#include "session/session.hpp"

#include <sys/random.h>

#include <spdlog/spdlog.h>

#include <cstring>
#include <fstream>
#include "util/asio.hpp"

#include "metrics/node_metrics_wire.hpp"
#include "os/atomic_file.hpp"
#include "session/wire_convert.hpp"
#include "util/clock.hpp"
#include "wire/envelope.hpp"
#include "wire/node_config_codec.hpp"

namespace cb::agent {
namespace asio = boost::asio;
using Body = proto::Envelope::Body;
using SteadyClock = std::chrono::steady_clock;

struct Session::Timers {
  explicit Timers(asio::io_context& io) : tick(io), reconnect(io), metrics(io) {}
  asio::steady_timer tick;
  asio::steady_timer reconnect;
  asio::steady_timer metrics;
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

Session::Session(asio::io_context& io, zmq::context_t& zmq, SessionConfig config, FactsFn facts,
                 const bench::Catalog& catalog, os::ProcessRunner& runner)
    : io_(io),
      zmq_(zmq),
      config_(std::move(config)),
      facts_(std::move(facts)),
      tasks_(
          catalog, runner, config_.exec,
          [this](const std::string& id, EventKind kind, const std::string& text) {
            if (!registered_) return;  // progress is best effort; results are durable
            send(wire::buildEnvelope(0, [&](Body::Builder body) {
              auto e = body.initTaskEvent();
              e.setTaskId(id);
              e.setKind(static_cast<proto::TaskEvent::Kind>(kind));
              e.setText(text);
            }));
          },
          [this](const TaskOutcome& o) { handleOutcome(o); }),
      spawns_(
          runner, config_.exec.scratchRoot,
          [this](const std::string& id, int stream, const std::string& data) {
            send(wire::buildEnvelope(0, [&](Body::Builder b) {
              auto o = b.initSpawnOutput();
              o.setSpawnId(id);
              o.setStream(static_cast<std::uint8_t>(stream));
              o.setData(
                  kj::arrayPtr(reinterpret_cast<const capnp::byte*>(data.data()), data.size()));
            }));
          },
          [this](const std::string& id, int code, const std::string& message) {
            send(wire::buildEnvelope(0, [&](Body::Builder b) {
              auto e = b.initSpawnExit();
              e.setSpawnId(id);
              e.setExitCode(code);
              e.setMessage(message);
            }));
          }),
      relay_(io, zmq, [this](const std::string& envelope) { send(envelope); }),
      backoff_(config_.backoffInitial, config_.backoffMax, std::random_device{}()),
      timers_(std::make_unique<Timers>(io)) {}

Session::~Session() = default;

void Session::start() {
  loadOutbox();
  if (!config_.spawnSocketPath.empty()) {
    if (auto s = relay_.bind(config_.spawnSocketPath); !s) log()->error("{}", s.error());
  }
  connect();
  scheduleMetrics();
}

void Session::stop() {
  stopped_ = true;
  tasks_.cancelAll();
  spawns_.cancelAll();
  timers_->tick.cancel();
  timers_->reconnect.cancel();
  timers_->metrics.cancel();
  monitor_.reset();
  socket_.reset();
}

void Session::connect() {
  if (stopped_) return;
  registered_ = false;
  handshakeOk_ = false;
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

  std::string monitorAddr = "inproc://cb-session-monitor-" + std::to_string(++monitorSerial_);
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
      io_, std::move(s), [this](wire::Frames&& f) { onMessage(std::move(f)); });
  log()->info("connecting to controller {}", config_.endpoint);
  if (onStatus) onStatus("connecting to controller " + config_.endpoint);
  lastHeard_ = SteadyClock::now();
  sendHello();
  tick();
}

void Session::reconnectLater(const std::string& why) {
  if (stopped_) return;
  registered_ = false;
  monitor_.reset();
  socket_.reset();
  timers_->tick.cancel();
  auto delay = backoff_.next();
  log()->warn("{}; reconnecting in {} ms (attempt {})", why, delay.count(), backoff_.attempts());
  if (onStatus) {
    onStatus(why + "; reconnecting in " + std::to_string(delay.count()) + " ms (attempt " +
             std::to_string(backoff_.attempts()) + ")");
  }
  timers_->reconnect.expires_after(delay);
  timers_->reconnect.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) connect();
  });
}

void Session::tick() {
  timers_->tick.expires_after(config_.heartbeat);
  timers_->tick.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_ || !socket_) return;
    auto silentFor = SteadyClock::now() - lastHeard_;
    if (silentFor > config_.heartbeat * config_.missedBeforeReconnect) {
      reconnectLater(registered_ ? "controller stopped answering heartbeats"
                                 : "no welcome from the controller");
      return;
    }
    if (registered_) {
      send(wire::buildEnvelope(0, [&](Body::Builder body) {
        auto hb = body.initHeartbeat();
        hb.setNodeId(config_.identity.nodeId);
        hb.setSequence(++heartbeatSeq_);
        hb.setRunningTasks(static_cast<std::uint32_t>(tasks_.runningCount()));
      }));
    } else {
      sendHello();
    }
    tick();
  });
}

void Session::sendHello() {
  Facts facts = facts_();
  auto running = tasks_.runningIds();
  send(wire::buildEnvelope(nextRequestId_++, [&](Body::Builder body) {
    auto h = body.initHello();
    h.setNodeId(config_.identity.nodeId);
    h.setJoinToken(config_.joinToken);
    writeFacts(facts, h.initFacts());
    h.setAgentVersion(config_.agentVersion);
    auto list = h.initRunningTasks(static_cast<unsigned>(running.size()));
    for (unsigned i = 0; i < running.size(); ++i) list.set(i, running[i]);
  }));
  helloSent_ = SteadyClock::now();
}

void Session::scheduleMetrics() {
  if (!sampleMetrics || config_.metricsInterval.count() <= 0) return;
  timers_->metrics.expires_after(config_.metricsInterval);
  timers_->metrics.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    sendMetrics();
    scheduleMetrics();
  });
}

void Session::sendMetrics() {
  if (!registered_ || !sampleMetrics || config_.metricsInterval.count() <= 0) return;
  send(encodeNodeMetrics(sampleMetrics(), config_.identity.nodeId, nowMs()));
}

void Session::send(const std::string& bytes) {
  if (socket_) socket_->send({bytes});
}

void Session::onMessage(wire::Frames&& frames) {
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
  auto body = in->envelope.getBody();
  try {
    switch (body.which()) {
      case Body::WELCOME: {
        auto w = body.getWelcome();
        if (w.getHeartbeatIntervalMs() > 0) {
          config_.heartbeat = std::chrono::milliseconds(w.getHeartbeatIntervalMs());
        }
        bool first = !registered_;
        registered_ = true;
        pendingLogged_ = false;
        backoff_.reset();
        if (first) {
          log()->info("registered with controller {} as node {}", config_.endpoint,
                      config_.identity.nodeId);
          for (const auto& [id, bytes] : outbox_) send(bytes);
          if (onStatus) {
            onStatus("registered with controller " + config_.endpoint + " as node " +
                     config_.identity.nodeId);
          }
          if (onRegistered) onRegistered();
          sendMetrics();
        }
        break;
      }
      case Body::HEARTBEAT_ACK:
        break;
      case Body::RUN_TASK: {
        auto req = readTaskRequest(body.getRunTask());
        log()->info("task {}: {}", req.taskId, req.benchmark);
        tasks_.start(req);
        break;
      }
      case Body::CANCEL:
        if (!spawns_.cancel(body.getCancel().getTaskId())) {
          tasks_.cancel(body.getCancel().getTaskId());
        }
        break;
      case Body::SPAWN: {
        auto sp = body.getSpawn();
        std::vector<std::string> argv;
        for (auto w : sp.getArgv()) argv.emplace_back(w.cStr());
        log()->info("MPI launch {}: {}", sp.getSpawnId().cStr(), argv.empty() ? "" : argv[0]);
        spawns_.start(sp.getSpawnId(), argv, std::chrono::milliseconds(sp.getTimeoutMs()));
        break;
      }
      case Body::APPLY_CONFIG: {
        auto ac = body.getApplyConfig();
        std::string applyId = ac.getApplyId();
        if (!onApplyConfig) {
          send(wire::buildEnvelope(0, [&](Body::Builder b) {
            auto r = b.initApplyReport();
            r.setApplyId(applyId);
            r.setError("this agent does not apply node configuration");
          }));
          break;
        }
        log()->info("configuration {} ({})", applyId, ac.getDryRun() ? "dry run" : "apply");
        onApplyConfig(applyId, ac.getDryRun(), wire::readNodeConfig(ac.getConfig()));
        break;
      }
      case Body::SPAWN_OUTPUT:
        relay_.deliver(body.getSpawnOutput().getSpawnId(), frames[0], false);
        break;
      case Body::SPAWN_EXIT:
        relay_.deliver(body.getSpawnExit().getSpawnId(), frames[0], true);
        break;
      case Body::TASK_RESULT_ACK: {
        std::string id = body.getTaskResultAck().getTaskId();
        if (outbox_.erase(id) && isValidTaskId(id)) {
          std::error_code ec;
          std::filesystem::remove(config_.outboxDir / (id + ".bin"), ec);
        }
        break;
      }
      case Body::ERROR: {
        auto e = body.getError();
        if (e.getCode() == proto::Error::Code::UNKNOWN_NODE) {
          log()->info("controller does not know this node (it restarted?): registering again");
          registered_ = false;
          sendHello();
        } else if (e.getCode() == proto::Error::Code::PENDING) {
          // Keep saying hello every heartbeat until an operator accepts the key.
          if (!pendingLogged_) {
            log()->warn(
                "controller {}: this node's key {} waits for acceptance (run `clusterbench keys "
                "accept {}` on the controller, or give the node a join token file)",
                config_.endpoint, config_.identity.keys.publicKey,
                config_.identity.keys.publicKey);
            if (onStatus) onStatus("waiting for the controller to accept key " +
                                   config_.identity.keys.publicKey);
            pendingLogged_ = true;
          }
          registered_ = false;
        } else if (e.getCode() == proto::Error::Code::REFUSED) {
          pendingLogged_ = false;
          reconnectLater("controller " + config_.endpoint + " refused this node: " +
                         std::string(e.getMessage().cStr()));
        } else {
          log()->error("controller refused a message: {}", e.getMessage().cStr());
        }
        break;
      }
      default:
        log()->warn("ignoring unexpected message kind {}", wire::bodyKindName(body.which()));
    }
  } catch (const std::exception& e) {
    log()->error("failed to handle {}: {}", wire::bodyKindName(body.which()), e.what());
  }
}

void Session::onMonitorEvent(wire::Frames&& frames) {
  if (frames.empty() || frames[0].size() < 6) return;
  std::uint16_t event = 0;
  std::uint32_t value = 0;
  std::memcpy(&event, frames[0].data(), 2);
  std::memcpy(&value, frames[0].data() + 2, 4);
  switch (event) {
    case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
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
            "the pinned controller key does not match the controller's public key "
            "(controller.pub in its state dir)",
            config_.endpoint, handshakeFailures_);
      } else {
        log()->warn("disconnected from controller {}", config_.endpoint);
      }
      handshakeOk_ = false;
      break;
    default:
      break;
  }
}

void Session::handleOutcome(const TaskOutcome& o) {
  log()->info("task {} finished: exit {} in {:.2f} s, {} samples{}{}", o.taskId, o.exitCode,
              o.wallSeconds, o.samples.size(), o.message.empty() ? "" : " — ", o.message);
  std::string bytes = encodeOutcome(o);
  outbox_[o.taskId] = bytes;
  if (!config_.outboxDir.empty() && isValidTaskId(o.taskId)) {
    std::error_code ec;
    std::filesystem::create_directories(config_.outboxDir, ec);
    if (auto s = os::writeFileAtomic(config_.outboxDir / (o.taskId + ".bin"), bytes, 0600); !s) {
      log()->error("cannot keep result of task {} on disk: {}", o.taskId, s.error());
    }
  }
  if (registered_) send(bytes);
}

void Session::loadOutbox() {
  std::error_code ec;
  if (config_.outboxDir.empty() || !std::filesystem::is_directory(config_.outboxDir, ec)) return;
  for (const auto& entry : std::filesystem::directory_iterator(config_.outboxDir, ec)) {
    if (entry.path().extension() != ".bin") continue;
    auto bytes = os::readFile(entry.path());
    if (!bytes || !wire::readEnvelope(*bytes)) {
      log()->warn("discarding unreadable outbox entry {}", entry.path().string());
      std::filesystem::remove(entry.path(), ec);
      continue;
    }
    outbox_[entry.path().stem().string()] = *bytes;
  }
  if (!outbox_.empty()) log()->info("{} unacknowledged result(s) will be re-sent", outbox_.size());
}

}  // namespace cb::agent
