#include "daemon/controller_daemon.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "util/asio.hpp"

#include "daemon/agent_gateway.hpp"
#include "daemon/apply_service.hpp"
#include "daemon/control_handlers.hpp"
#include "daemon/control_server.hpp"
#include "daemon/control_table.hpp"
#include "daemon/daemon_log.hpp"
#include "daemon/group_commit.hpp"
#include "daemon/mpi_relay.hpp"
#include "daemon/run_service.hpp"
#include "os/atomic_file.hpp"

namespace cb::controller {
namespace asio = boost::asio;
using Body = proto::Envelope::Body;

struct ControllerDaemon::Timers {
  explicit Timers(asio::io_context& io) : sweep(io) {}
  asio::steady_timer sweep;
};

ControllerDaemon::ControllerDaemon(asio::io_context& io, zmq::context_t& zmq,
                                   ControllerConfig config, wire::KeyPair keys, store::Store& store,
                                   metrics::Metrics* metrics, const bench::Catalog& catalog)
    : io_(io), config_(std::move(config)), keys_(std::move(keys)), metrics_(metrics) {
  commit_ = std::make_unique<GroupCommit>(store, metrics);
  gateway_ = std::make_unique<AgentGateway>(
      io, zmq,
      GatewayConfig{config_.agentEndpoint, config_.stateDir, config_.heartbeat,
                    config_.missedHeartbeats, config_.version, config_.maxPendingKeys},
      keys_, store, *commit_, metrics);
  table_ = std::make_unique<ControlTable>();
  control_ = std::make_unique<ControlServer>(io, zmq, *table_);
  const Registry& registry = gateway_->registry();
  mpi_ = std::make_unique<MpiRelay>(*gateway_, registry);
  runs_ = std::make_unique<RunService>(
      *gateway_, registry, store, *commit_, metrics, catalog, *mpi_,
      RunSettings{config_.heartbeat, config_.missedHeartbeats, config_.maxRawOutputBytes});
  applies_ = std::make_unique<ApplyService>(io, *gateway_, registry, config_.stateDir);
  runs_->setAppliedMaster([this] { return applies_->appliedMaster(); });
  timers_ = std::make_unique<Timers>(io);

  // Agent messages: the gateway refuses every kind not registered here.
  auto& g = *gateway_;
  g.handle(Body::TASK_EVENT,
           [this](auto& node, auto body) { runs_->onTaskEvent(node, body.getTaskEvent()); });
  g.handle(Body::TASK_RESULT,
           [this](auto& node, auto body) { runs_->onTaskResult(node, body.getTaskResult()); });
  g.handle(Body::APPLY_REPORT,
           [this](auto& node, auto body) { applies_->onApplyReport(node, body.getApplyReport()); });
  g.handle(Body::SPAWN_REQUEST,
           [this](auto& node, auto body) { mpi_->onSpawnRequest(node, body.getSpawnRequest()); });
  g.handle(Body::SPAWN_OUTPUT,
           [this](auto& node, auto body) { mpi_->onSpawnOutput(node, body.getSpawnOutput()); });
  g.handle(Body::SPAWN_EXIT,
           [this](auto& node, auto body) { mpi_->onSpawnExit(node, body.getSpawnExit()); });
  g.onRegistered = [this](const NodeInfo&, bool isNew, bool) {
    if (isNew) applies_->onNodeJoined();
  };

  // Control requests.
  auto status = [this] {
    return nlohmann::json{{"version", config_.version},
                          {"pid", ::getpid()},
                          {"agent_endpoint", agentEndpoint()},
                          {"control_endpoint", controlEndpoint()},
                          {"metrics_url", metrics_ ? metrics_->url() : ""},
                          {"public_key", keys_.publicKey},
                          {"nodes", gateway_->registry().size()},
                          {"ready", gateway_->registry().ready().size()},
                          {"runs_in_flight", runs_->runsInFlight()}};
  };
  auto shutdown = [this] {
    asio::post(io_, [this] {
      if (onShutdownRequested) onShutdownRequested();
    });
  };
  registerControlHandlers(
      *table_, ControlServices{*gateway_, *runs_, *applies_, store, catalog, status, shutdown});
}

ControllerDaemon::~ControllerDaemon() = default;

std::string ControllerDaemon::agentEndpoint() const {
  return gateway_->boundEndpoint();
}
std::string ControllerDaemon::controlEndpoint() const {
  return control_->boundEndpoint();
}
Dispatcher& ControllerDaemon::dispatcher() {
  return *runs_;
}

Status ControllerDaemon::start() {
  if (auto s = runs_->markInterruptedRuns(); !s) return s;
  if (auto s = gateway_->start(); !s) return s;
  std::string control = config_.controlEndpoint;
  if (control.empty()) control = "ipc://" + (config_.stateDir / "control.sock").string();
  if (auto s = control_->bind(control); !s) return s;
  nlohmann::json info = {{"pid", ::getpid()},
                         {"agent_endpoint", agentEndpoint()},
                         {"control_endpoint", controlEndpoint()},
                         {"public_key", keys_.publicKey},
                         {"metrics_url", metrics_ ? metrics_->url() : ""},
                         {"version", config_.version}};
  auto s = os::writeFileAtomic(config_.stateDir / "controller.json", info.dump(2) + "\n", 0644);
  if (!s) return s;
  daemonLog()->info("agents on {}, control on {}, metrics {}", agentEndpoint(), controlEndpoint(),
                    metrics_ ? metrics_->url() : "off");
  sweep();
  return okStatus();
}

void ControllerDaemon::stop() {
  timers_->sweep.cancel();
  gateway_->stop();
  control_->stop();
  std::error_code ec;
  std::filesystem::remove(config_.stateDir / "controller.json", ec);
}

void ControllerDaemon::sweep() {
  auto now = std::chrono::steady_clock::now();
  for (const auto& lost : gateway_->sweep(now)) runs_->onNodeLost(lost);
  runs_->sweep(now);
  // Keep-alive for CLIs waiting on a run, suite or apply: an empty progress line (not shown)
  // every ~2 s, so a CLI can tell a long run from a dead controller.
  if (now - lastKeepalive_ >= std::chrono::seconds(2)) {
    lastKeepalive_ = now;
    control_->keepAlive();
  }
  timers_->sweep.expires_after(std::min(config_.heartbeat / 2, std::chrono::milliseconds(1000)));
  timers_->sweep.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) sweep();
  });
}

}  // namespace cb::controller
