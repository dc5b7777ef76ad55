#include "session/session.hpp"

#include <spdlog/spdlog.h>

#include <vector>

#include "metrics/node_metrics_wire.hpp"
#include "session/wire_convert.hpp"
#include "util/asio.hpp"
#include "util/clock.hpp"
#include "wire/envelope.hpp"
#include "wire/node_config_codec.hpp"

namespace cb::agent {
namespace asio = boost::asio;
using Body = proto::Envelope::Body;

struct Session::MetricsTimer {
  explicit MetricsTimer(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
};

struct Session::ResendTimer {
  explicit ResendTimer(asio::io_context& io) : timer(io) {}
  asio::steady_timer timer;
};

namespace {
std::shared_ptr<spdlog::logger> log() {
  static auto logger = [] {
    auto l = spdlog::get("session");
    return l ? l : spdlog::default_logger()->clone("session");
  }();
  return logger;
}

ConnectionConfig connectionConfig(const SessionConfig& c) {
  ConnectionConfig out;
  out.endpoint = c.endpoint;
  out.controllerKey = c.controllerKey;
  out.identity = c.identity;
  out.joinToken = c.joinToken;
  out.heartbeat = c.heartbeat;
  out.missedBeforeReconnect = c.missedBeforeReconnect;
  out.backoffInitial = c.backoffInitial;
  out.backoffMax = c.backoffMax;
  out.agentVersion = c.agentVersion;
  return out;
}
}  // namespace

Session::Session(asio::io_context& io, zmq::context_t& zmq, SessionConfig config, FactsFn facts,
                 const bench::Catalog& catalog, os::ProcessRunner& runner, os::Filesystem& fs)
    : config_(std::move(config)),
      tasks_(
          catalog, runner, config_.exec,
          [this](const std::string& id, EventKind kind, const std::string& text) {
            if (!connection_.registered()) return;  // progress is best effort; results are durable
            connection_.send(wire::buildEnvelope(0, [&](Body::Builder body) {
              auto e = body.initTaskEvent();
              e.setTaskId(id);
              e.setKind(static_cast<proto::TaskEvent::Kind>(kind));
              e.setText(text);
            }));
          },
          [this](const TaskOutcome& o) { handleOutcome(o); }),
      spawns_(
          runner,
          SpawnEnv{config_.exec.mpiHome.empty() ? config_.exec.scratchRoot : config_.exec.mpiHome,
                   config_.exec.orted, config_.exec.mpiUser, config_.exec.mpiUserProblem,
                   config_.exec.groups},
          [this](const std::string& id, int stream, const std::string& data) {
            connection_.send(wire::buildEnvelope(0, [&](Body::Builder b) {
              auto o = b.initSpawnOutput();
              o.setSpawnId(id);
              o.setStream(static_cast<std::uint8_t>(stream));
              o.setData(
                  kj::arrayPtr(reinterpret_cast<const capnp::byte*>(data.data()), data.size()));
            }));
          },
          [this](const std::string& id, int code, const std::string& message) {
            connection_.send(wire::buildEnvelope(0, [&](Body::Builder b) {
              auto e = b.initSpawnExit();
              e.setSpawnId(id);
              e.setExitCode(code);
              e.setMessage(message);
            }));
          }),
      relay_(io, zmq, [this](const std::string& envelope) { connection_.send(envelope); }),
      outbox_(fs, config_.outboxDir),
      connection_(io, zmq, connectionConfig(config_), connectionHooks(std::move(facts))),
      metricsTimer_(std::make_unique<MetricsTimer>(io)),
      resends_(config_.resendFirst, config_.resendMax),
      resendTimer_(std::make_unique<ResendTimer>(io)) {
  routeMessages();
}

Session::~Session() = default;

Connection::Hooks Session::connectionHooks(FactsFn facts) {
  Connection::Hooks hooks;
  hooks.facts = std::move(facts);
  hooks.runningTasks = [this] { return tasks_.runningIds(); };
  hooks.runningCount = [this] { return static_cast<std::uint32_t>(tasks_.runningCount()); };
  hooks.onEnvelope = [this](Body::Reader body, const std::string& frame) {
    onEnvelope(body, frame);
  };
  hooks.onRegistered = [this] { onConnectionRegistered(); };
  hooks.onStatus = [this](const std::string& status) {
    if (onStatus) onStatus(status);
  };
  return hooks;
}

/// The controller messages the agent acts on; every other kind is logged and ignored.
void Session::routeMessages() {
  router_.on(Body::WELCOME, [this](Body::Reader body, const std::string&) {
    connection_.onWelcome(body.getWelcome());
  });
  router_.on(Body::HEARTBEAT_ACK, [](Body::Reader, const std::string&) {});
  router_.on(Body::ERROR, [this](Body::Reader body, const std::string&) {
    connection_.onError(body.getError());
  });
  router_.on(Body::RUN_TASK, [this](Body::Reader body, const std::string&) {
    auto req = readTaskRequest(body.getRunTask());
    log()->info("task {}: {}", req.taskId, req.benchmark);
    tasks_.start(req);
  });
  router_.on(Body::CANCEL, [this](Body::Reader body, const std::string&) {
    std::string id = body.getCancel().getTaskId();
    if (!spawns_.cancel(id)) tasks_.cancel(id);
  });
  router_.on(Body::SPAWN, [this](Body::Reader body, const std::string&) {
    auto sp = body.getSpawn();
    std::vector<std::string> argv;
    for (auto w : sp.getArgv()) argv.emplace_back(w.cStr());
    std::vector<std::string> master;
    for (auto a : sp.getMasterAddresses()) master.emplace_back(a.cStr());
    log()->info("MPI launch {}: {} words", sp.getSpawnId().cStr(), argv.size());
    spawns_.start(sp.getSpawnId(), argv, master, std::chrono::milliseconds(sp.getTimeoutMs()));
  });
  router_.on(Body::APPLY_CONFIG, [this](Body::Reader body, const std::string&) {
    auto ac = body.getApplyConfig();
    std::string applyId = ac.getApplyId();
    if (!onApplyConfig) {
      connection_.send(wire::buildEnvelope(0, [&](Body::Builder b) {
        auto r = b.initApplyReport();
        r.setApplyId(applyId);
        r.setError("this agent does not apply node configuration");
      }));
      return;
    }
    log()->info("configuration {} ({})", applyId, ac.getDryRun() ? "dry run" : "apply");
    onApplyConfig(applyId, ac.getDryRun(), wire::readNodeConfig(ac.getConfig()));
  });
  router_.on(Body::SPAWN_OUTPUT, [this](Body::Reader body, const std::string& frame) {
    relay_.deliver(body.getSpawnOutput().getSpawnId(), frame, false);
  });
  router_.on(Body::SPAWN_EXIT, [this](Body::Reader body, const std::string& frame) {
    relay_.deliver(body.getSpawnExit().getSpawnId(), frame, true);
  });
  router_.on(Body::TASK_RESULT_ACK, [this](Body::Reader body, const std::string&) {
    std::string id = body.getTaskResultAck().getTaskId();
    resends_.forget(id);
    if (auto acked = outbox_.acknowledge(id); !acked) {
      log()->warn("result of task {} acknowledged, but {}", id, acked.error());
    }
  });
}

void Session::onEnvelope(Body::Reader body, const std::string& frame) {
  auto outcome = router_.route(body, frame);
  switch (outcome.routed) {
    case MessageRouter::Routed::handled:
      break;
    case MessageRouter::Routed::notAllowed:
      log()->warn("ignoring unexpected message kind {}", wire::bodyKindName(body.which()));
      break;
    case MessageRouter::Routed::failed:
      log()->error("failed to handle {}: {}", wire::bodyKindName(body.which()), outcome.error);
      break;
  }
}

void Session::start() {
  auto loaded = outbox_.load();
  for (const auto& d : loaded.discarded) log()->warn("discarding unreadable outbox entry {}", d);
  for (const auto& e : loaded.errors) log()->error("outbox: {}", e);
  if (!outbox_.pending().empty()) {
    log()->info("{} unacknowledged result(s) will be re-sent", outbox_.pending().size());
  }
  if (!config_.spawnSocketPath.empty()) {
    if (auto s = relay_.bind(config_.spawnSocketPath, config_.exec.mpiUser.uid,
                             config_.exec.mpiUser.gid);
        !s)
      log()->error("{}", s.error());
  }
  connection_.start();
  scheduleMetrics();
  scheduleResends();
}

void Session::stop() {
  stopped_ = true;
  tasks_.cancelAll();
  spawns_.cancelAll();
  metricsTimer_->timer.cancel();
  resendTimer_->timer.cancel();
  connection_.stop();
}

/// Each registration sends, in this order: every unacknowledged result again, then (after the
/// embedder's hook) fresh metrics.
void Session::onConnectionRegistered() {
  for (const auto& [id, bytes] : outbox_.pending()) sendResult(id, bytes);
  if (onRegistered) onRegistered();
  sendMetrics();
}

void Session::scheduleMetrics() {
  if (!sampleMetrics || config_.metricsInterval.count() <= 0) return;
  metricsTimer_->timer.expires_after(config_.metricsInterval);
  metricsTimer_->timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    sendMetrics();
    scheduleMetrics();
  });
}

void Session::sendMetrics() {
  if (!registered() || !sampleMetrics || config_.metricsInterval.count() <= 0) return;
  connection_.send(encodeNodeMetrics(sampleMetrics(), config_.identity.nodeId, nowMs()));
}

void Session::handleOutcome(const TaskOutcome& o) {
  log()->info("task {} finished: exit {} in {:.2f} s, {} samples{}{}", o.taskId, o.exitCode,
              o.wallSeconds, o.samples.size(), o.message.empty() ? "" : " — ", o.message);
  std::string bytes = encodeOutcome(o);
  // On disk before it is sent: a crash after the send cannot lose an unacknowledged result.
  if (auto kept = outbox_.add(o.taskId, bytes); !kept) {
    log()->error("cannot keep result of task {} on disk: {}", o.taskId, kept.error());
  }
  if (registered()) sendResult(o.taskId, bytes);
}

void Session::sendResult(const std::string& taskId, const std::string& bytes) {
  connection_.send(bytes);
  resends_.sent(taskId, std::chrono::steady_clock::now());
}

void Session::scheduleResends() {
  resendTimer_->timer.expires_after(std::chrono::milliseconds(500));
  resendTimer_->timer.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopped_) return;
    if (registered()) {
      const auto& pending = outbox_.pending();
      for (const auto& id : resends_.due(std::chrono::steady_clock::now())) {
        auto it = pending.find(id);
        if (it == pending.end()) {
          resends_.forget(id);
          continue;
        }
        log()->info("result of task {} not acknowledged yet: sending it again", id);
        sendResult(id, it->second);
      }
    }
    scheduleResends();
  });
}

}  // namespace cb::agent
