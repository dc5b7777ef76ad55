#include "daemon/controller_daemon.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include "util/asio.hpp"

#include "daemon/apply_state.hpp"
#include "daemon/daemon_log.hpp"
#include "orchestrator/suite_runner.hpp"
#include "os/atomic_file.hpp"

namespace cb::controller {
namespace asio = boost::asio;

struct ControllerDaemon::Timers {
  explicit Timers(asio::io_context& io) : sweep(io) {}
  asio::steady_timer sweep;
};

ControllerDaemon::ControllerDaemon(asio::io_context& io, zmq::context_t& zmq,
                                   ControllerConfig config, wire::KeyPair keys, store::Store& store,
                                   metrics::Metrics* metrics, const bench::Catalog& catalog)
    : io_(io),
      zmq_(zmq),
      config_(std::move(config)),
      keys_(std::move(keys)),
      store_(store),
      metrics_(metrics),
      catalog_(catalog),
      gateway_(std::make_unique<AgentGateway>(
          io, zmq,
          GatewayConfig{config_.agentEndpoint, config_.stateDir, config_.heartbeat,
                        config_.missedHeartbeats, config_.version, config_.maxPendingKeys},
          keys_, store, metrics)),
      registry_(gateway_->registry()),
      timers_(std::make_unique<Timers>(io)),
      autoApply_(std::make_unique<AutoApply>(io)) {}

ControllerDaemon::~ControllerDaemon() = default;

Status ControllerDaemon::start() {
  gateway_->onRegistered = [this](const NodeInfo&, bool isNew, bool) {
    if (isNew) scheduleAutoApply();
  };
  gateway_->onMessage = [this](const std::string& nodeId, const std::string& routingId,
                               proto::Envelope::Reader envelope) {
    onAgentMessage(nodeId, routingId, envelope);
  };
  if (auto s = gateway_->start(); !s) return s;
  boundAgent_ = gateway_->boundEndpoint();
  std::string control = config_.controlEndpoint;
  if (control.empty()) control = "ipc://" + (config_.stateDir / "control.sock").string();
  try {
    zmq::socket_t ctl(zmq_, zmq::socket_type::router);
    wire::applyCommonOptions(ctl);
    ctl.set(zmq::sockopt::router_mandatory, 1);
    ctl.bind(control);
    boundControl_ = wire::lastEndpoint(ctl);
    if (boundControl_.rfind("ipc://", 0) == 0) ::chmod(boundControl_.c_str() + 6, 0600);
    control_ = std::make_unique<wire::LoopSocket>(
        io_, std::move(ctl), [this](wire::Frames&& f) { onControlMessage(std::move(f)); });
  } catch (const zmq::error_t& e) {
    return fail("cannot bind control endpoint " + control + ": " + e.what() +
                " (is another controller running with this state dir?)");
  }
  nlohmann::json info = {{"pid", ::getpid()},
                         {"agent_endpoint", boundAgent_},
                         {"control_endpoint", boundControl_},
                         {"public_key", keys_.publicKey},
                         {"metrics_url", metrics_ ? metrics_->url() : ""},
                         {"version", config_.version}};
  auto s = os::writeFileAtomic(config_.stateDir / "controller.json", info.dump(2) + "\n", 0644);
  if (!s) return s;
  daemonLog()->info("agents on {}, control on {}, metrics {}", boundAgent_, boundControl_,
                    metrics_ ? metrics_->url() : "off");
  sweep();
  return okStatus();
}

void ControllerDaemon::stop() {
  timers_->sweep.cancel();
  gateway_->stop();
  control_.reset();
  std::error_code ec;
  std::filesystem::remove(config_.stateDir / "controller.json", ec);
}

void ControllerDaemon::sweep() {
  auto now = std::chrono::steady_clock::now();
  for (const auto& id : registry_.sweep(now)) {
    const NodeInfo* n = registry_.find(id);
    daemonLog()->warn("node {} ({}) lost: no heartbeat for {} ms", n->hostname, id,
                      (config_.heartbeat * config_.missedHeartbeats).count());
    if (metrics_) metrics_->setNodeState(n->hostname, n->environment, "lost");
  }
  if (metrics_) {
    for (const auto* n : registry_.all()) {
      metrics_->setHeartbeatAge(n->hostname,
                                std::chrono::duration<double>(now - n->lastSeen).count());
    }
    metrics_->setTasksRunning(static_cast<double>(runs_.pendingTasks()));
  }
  publishTaskGauges();
  for (auto runId : runs_.expired(now)) finishRun(runId);
  // Keep-alive for CLIs waiting on a run, suite or apply: an empty progress line (not shown) every
  // ~2 s, so a CLI can tell a long run from a dead controller.
  if (now - lastKeepalive_ >= std::chrono::seconds(2)) {
    lastKeepalive_ = now;
    for (const auto& peer : runs_.waitingPeers()) sendProgress(peer, "");
    for (const auto& [id, peer] : suitePeers_) {
      if (suites_.count(id)) sendProgress(peer, "");
    }
    // Applies too: a slow node (apt, a service restart in a TCG VM) may take minutes.
    for (const auto& [id, apply] : applies_) {
      if (!apply->peer.empty()) sendProgress(apply->peer, "");
    }
  }
  timers_->sweep.expires_after(std::min(config_.heartbeat / 2, std::chrono::milliseconds(1000)));
  timers_->sweep.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) sweep();
  });
}

}  // namespace cb::controller
