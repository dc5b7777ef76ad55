// ControllerDaemon: messages from registered agents, after the AgentGateway authenticated them
// (ZAP, key store, hello); only the allow-listed kinds below are handled, anything else is
// answered with an error.
#include "util/asio.hpp"

#include "daemon/controller_daemon.hpp"
#include "daemon/daemon_log.hpp"
#include "util/clock.hpp"
#include "wire/envelope.hpp"
#include "wire/sample_codec.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {
std::string statusName(proto::TaskResult::Status s) {
  switch (s) {
    case proto::TaskResult::Status::SUCCEEDED:
      return "succeeded";
    case proto::TaskResult::Status::FAILED:
      return "failed";
    case proto::TaskResult::Status::TIMED_OUT:
      return "timed_out";
    case proto::TaskResult::Status::CANCELLED:
      return "cancelled";
    case proto::TaskResult::Status::REFUSED:
      return "refused";
  }
  return "failed";
}

}  // namespace

void ControllerDaemon::sendToAgent(const std::string& routingId, const std::string& bytes) {
  gateway_->sendRouting(routingId, bytes);
}

void ControllerDaemon::onAgentMessage(const std::string& nodeId, const std::string& routingId,
                                      proto::Envelope::Reader envelope) {
  // The gateway has authenticated the sender: nodeId is the node bound to its key.
  auto now = std::chrono::steady_clock::now();
  auto body = envelope.getBody();
  auto requestId = envelope.getRequestId();
  switch (body.which()) {
    case Body::TASK_EVENT: {
      registry_.touch(nodeId, now);
      auto ev = body.getTaskEvent();
      auto runId = runIdOfTask(ev.getTaskId());
      ActiveRun* run = runId ? runs_.get(*runId) : nullptr;
      if (run && run->onEvent) {
        static const char* kKinds[] = {"started", "stdout", "stderr", "progress"};
        auto k = static_cast<unsigned>(ev.getKind());
        const NodeInfo* n = registry_.find(nodeId);
        run->onEvent(n ? n->hostname : nodeId, k < 4 ? kKinds[k] : "progress",
                     ev.getText().cStr());
      }
      break;
    }
    case Body::TASK_RESULT:
      registry_.touch(nodeId, now);
      handleTaskResult(nodeId, body.getTaskResult());
      sendToAgent(routingId, wire::buildEnvelope(0, [&](Body::Builder b) {
                    b.initTaskResultAck().setTaskId(body.getTaskResult().getTaskId());
                  }));
      publishTaskGauges();
      break;
    case Body::NODE_METRICS: {
      auto m = body.getNodeMetrics();
      if (m.getNodeId() != nodeId.c_str()) {
        sendToAgent(routingId, wire::buildError(0, proto::Error::Code::BAD_REQUEST,
                                                "nodeMetrics names another node", requestId));
        return;
      }
      const NodeInfo* n = registry_.find(nodeId);
      // A lost node re-registers on its next heartbeat; its figures wait until then.
      if (n == nullptr || n->state != NodeState::kReady) break;
      registry_.touch(nodeId, now);
      if (metrics_) metrics_->setNodeResources(n->hostname, metrics::readNodeResources(m));
      break;
    }
    case Body::SPAWN_REQUEST:
      registry_.touch(nodeId, now);
      handleSpawnRequest(nodeId, body.getSpawnRequest());
      break;
    case Body::APPLY_REPORT:
      registry_.touch(nodeId, now);
      handleApplyReport(nodeId, body.getApplyReport());
      break;
    case Body::SPAWN_OUTPUT:
      relaySpawnOutput(body.getSpawnOutput());
      break;
    case Body::SPAWN_EXIT:
      relaySpawnExit(body.getSpawnExit());
      break;
    default:
      sendToAgent(routingId, wire::buildError(0, proto::Error::Code::BAD_REQUEST,
                                              "message kind " + wire::bodyKindName(body.which()) +
                                                  " is not accepted from agents",
                                              requestId));
  }
}

void ControllerDaemon::handleTaskResult(const std::string& nodeId, proto::TaskResult::Reader r) {
  std::string taskId = r.getTaskId();
  auto runId = runIdOfTask(taskId);
  if (!runId) {
    daemonLog()->warn("ignoring a result for unknown task id {}", taskId);
    return;
  }
  const NodeInfo* n = registry_.find(nodeId);
  store::ResultRecord rec;
  rec.runId = *runId;
  rec.taskId = taskId;
  rec.nodeId = nodeId;
  rec.hostname = n ? n->hostname : "";
  rec.environment = n ? n->environment : "";
  rec.status = statusName(r.getStatus());
  rec.exitCode = r.getExitCode();
  rec.wallSeconds = r.getWallSeconds();
  rec.userSeconds = r.getRusage().getUserSeconds();
  rec.systemSeconds = r.getRusage().getSystemSeconds();
  rec.maxRssKb = r.getRusage().getMaxRssKb();
  for (auto c : r.getCommand()) rec.command.emplace_back(c.cStr());
  rec.rawOutput = r.getRawOutput();
  rec.rawStderr = r.getRawStderr();
  rec.message = r.getMessage();
  rec.samples = wire::readSamples(r.getSamples());
  rec.finishedAt = nowMs();
  auto stored = store_.addResult(rec);
  if (!stored) {
    daemonLog()->error("cannot store result of {}: {}", taskId, stored.error());
    return;
  }
  if (!*stored) return;  // a re-sent result we already have
  auto* run = runs_.get(*runId);
  std::string benchmark = run ? run->benchmark : "";
  if (benchmark.empty()) {
    if (auto stored = store_.run(*runId)) benchmark = stored->benchmark;
  }
  if (metrics_) {
    metrics_->countTask(rec.status);
    for (const auto& s : rec.samples) {
      metrics_->recordSample(rec.hostname, rec.environment, benchmark, s.metric, s.unit, s.value);
    }
  }
  daemonLog()->info("task {} on {}: {} in {:.2f} s", taskId, rec.hostname, rec.status,
                    rec.wallSeconds);
  if (run && run->onEvent) {
    std::string line = rec.status;
    if (!rec.message.empty()) line += " (" + rec.message + ")";
    run->onEvent(rec.hostname, "finished", line);
  }
  if (runs_.complete(taskId, rec.status)) finishRun(*runId);
}

}  // namespace cb::controller
