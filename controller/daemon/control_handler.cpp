// ControllerDaemon: requests from the local CLI (schemas/control.capnp).
#include <capnp/message.h>

#include "util/asio.hpp"

#include "daemon/controller_daemon.hpp"
#include "daemon/daemon_log.hpp"
#include "daemon/node_json.hpp"
#include "schemas/control.capnp.h"
#include "wire/envelope.hpp"

namespace cb::controller {
namespace {

std::string reply(const std::function<void(ctl::Reply::Body::Builder)>& fill) {
  capnp::MallocMessageBuilder mb;
  fill(mb.initRoot<ctl::Reply>().getBody());
  return wire::encode(mb);
}
std::string jsonReply(const nlohmann::json& j) {
  return reply([&](auto b) { b.setJson(j.dump()); });
}
std::string errorReply(const std::string& message) {
  return reply([&](auto b) { b.setError(message); });
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void ControllerDaemon::sendControlReply(const std::string& peer, const std::string& bytes) {
  if (control_ && !control_->send({peer, "", bytes})) {
    daemonLog()->debug("control client went away before its reply");
  }
}

void ControllerDaemon::sendProgress(const std::string& peer, const std::string& line) {
  if (peer.empty()) return;
  sendControlReply(peer, reply([&](auto b) { b.setProgress(line); }));
}

void ControllerDaemon::onControlMessage(wire::Frames&& frames) {
  // [peer, empty delimiter, request] as sent by a DEALER that mimics REQ framing.
  if (frames.size() != 3) return;
  bool deferred = false;
  std::string out;
  try {
    out = handleControl(frames[0], frames[2], deferred);
  } catch (const std::exception& e) {
    daemonLog()->error("control request failed: {}", e.what());
    out = errorReply(std::string("internal error: ") + e.what());
  }
  if (!deferred) sendControlReply(frames[0], out);
}

std::string ControllerDaemon::handleControl(const std::string& peer, const std::string& bytes,
                                            bool& deferred) {
  auto decoded = wire::decode(bytes);
  if (!decoded) return errorReply(decoded.error());
  auto req = (*decoded)->root<ctl::Request>();
  if (req.getVersion() != proto::PROTOCOL_VERSION) {
    return errorReply("CLI and controller versions differ (protocol " +
                      std::to_string(req.getVersion()) + " vs " +
                      std::to_string(proto::PROTOCOL_VERSION) + ")");
  }
  auto body = req.getBody();
  auto now = std::chrono::steady_clock::now();
  switch (body.which()) {
    case ctl::Request::Body::LIST_NODES: {
      auto arr = nlohmann::json::array();
      for (const auto* n : registry_.all()) arr.push_back(nodeToJson(*n, now));
      return jsonReply(arr);
    }
    case ctl::Request::Body::STATUS: {
      std::size_t ready = registry_.ready().size();
      return jsonReply({{"version", config_.version},
                        {"pid", ::getpid()},
                        {"agent_endpoint", boundAgent_},
                        {"control_endpoint", boundControl_},
                        {"metrics_url", metrics_ ? metrics_->url() : ""},
                        {"public_key", keys_.publicKey},
                        {"nodes", registry_.size()},
                        {"ready", ready},
                        {"runs_in_flight", runs_.size()}});
    }
    case ctl::Request::Body::LIST_RESULTS: {
      auto q = body.getListResults();
      std::vector<store::RunRecord> runs;
      if (q.getRunId() != 0) {
        if (auto r = store_.run(q.getRunId())) runs.push_back(*r);
        else return errorReply("no run " + std::to_string(q.getRunId()));
      } else {
        runs = store_.recentRuns(q.getLimit() ? q.getLimit() : 20);
      }
      auto arr = nlohmann::json::array();
      for (const auto& r : runs) {
        auto j = runToJson(r);
        j["results"] = nlohmann::json::array();
        for (const auto& res : store_.resultsForRun(r.id)) {
          j["results"].push_back(resultToJson(res, q.getRunId() != 0));
        }
        arr.push_back(j);
      }
      return jsonReply(arr);
    }
    case ctl::Request::Body::RUN: {
      auto r = body.getRun();
      std::vector<std::string> nodes;
      for (auto n : r.getNodes()) nodes.emplace_back(n.cStr());
      bench::Params params;
      for (auto kv : r.getParams()) params[kv.getKey()] = kv.getValue();
      return startRun(peer, r.getBenchmark(), nodes, params, r.getTimeoutMs(), deferred);
    }
    case ctl::Request::Body::SHUTDOWN:
      if (onShutdownRequested) {
        boost::asio::post(io_, [this] { onShutdownRequested(); });
      }
      return jsonReply({{"stopping", true}});
  }
  return errorReply("unknown control request");
}

std::string ControllerDaemon::startRun(const std::string& peer, const std::string& benchmark,
                                       const std::vector<std::string>& nodeKeys,
                                       const bench::Params& params, std::uint32_t timeoutMs,
                                       bool& deferred) {
  const bench::Benchmark* bench = catalog_.find(benchmark);
  if (!bench) {
    std::string known;
    for (const auto& n : catalog_.names()) known += (known.empty() ? "" : ", ") + n;
    return errorReply("unknown benchmark '" + benchmark + "' (known: " + known + ")");
  }
  auto validated = bench::validateParams(bench->params(), params);
  if (!validated) return errorReply(benchmark + ": " + validated.error());

  std::vector<const NodeInfo*> targets;
  if (nodeKeys.empty()) {
    targets = registry_.ready();
  } else {
    for (const auto& key : nodeKeys) {
      const NodeInfo* n = registry_.findByIdOrHostname(key);
      if (!n) return errorReply("no node '" + key + "' (see `clusterbench nodes`)");
      if (n->state != NodeState::kReady) {
        return errorReply("node '" + key + "' is " + toString(n->state));
      }
      targets.push_back(n);
    }
  }
  if (targets.empty()) return errorReply("no ready nodes: start agents or `clusterbench lab up`");

  nlohmann::json paramsJson(*validated);
  auto runId = store_.createRun(benchmark, paramsJson.dump(), nowMs());
  if (!runId) return errorReply("cannot record the run: " + runId.error());

  auto timeout = timeoutMs ? std::chrono::milliseconds(timeoutMs) : bench->defaultTimeout();
  ActiveRun run;
  run.runId = *runId;
  run.benchmark = benchmark;
  run.controlPeer = peer;
  // Beyond the task timeout, allow for the agent to kill, report and reconnect.
  run.deadline = std::chrono::steady_clock::now() + timeout + config_.heartbeat * 
                 (config_.missedHeartbeats + 2) + std::chrono::seconds(5);
  for (const auto* n : targets) {
    std::string taskId = makeTaskId(*runId, n->nodeId);
    run.tasks[taskId] = TaskSlot{n->nodeId, n->hostname, false, ""};
    sendToAgent(n->routingId, wire::buildEnvelope(nextRequestId_++, [&](auto b) {
                  auto t = b.initRunTask();
                  t.setTaskId(taskId);
                  t.setBenchmark(benchmark);
                  auto list = t.initParams(static_cast<unsigned>(validated->size()));
                  unsigned i = 0;
                  for (const auto& [k, v] : *validated) {
                    list[i].setName(k);
                    list[i].setValue(v);
                    ++i;
                  }
                  t.setTimeoutMs(static_cast<std::uint32_t>(timeout.count()));
                }));
  }
  daemonLog()->info("run {}: {} on {} node(s)", *runId, benchmark, targets.size());
  sendProgress(peer, "run " + std::to_string(*runId) + ": " + benchmark + " on " +
                         std::to_string(targets.size()) + " node(s)");
  runs_.add(std::move(run));
  deferred = true;
  return {};
}

void ControllerDaemon::finishRun(std::int64_t runId) {
  ActiveRun* run = runs_.get(runId);
  if (!run) return;
  std::size_t ok = 0, total = run->tasks.size();
  for (auto& [taskId, slot] : run->tasks) {
    if (!slot.done) {
      slot.done = true;
      slot.status = "no_result";
      sendProgress(run->controlPeer, slot.hostname + ": no result before the deadline");
    }
    if (slot.status == "succeeded") ++ok;
  }
  std::string status = ok == total ? "succeeded" : ok == 0 ? "failed" : "partial";
  if (auto s = store_.finishRun(runId, status, nowMs()); !s) {
    daemonLog()->error("store: {}", s.error());
  }
  daemonLog()->info("run {} {} ({}/{} nodes succeeded)", runId, status, ok, total);
  auto j = nlohmann::json::object();
  if (auto r = store_.run(runId)) j = runToJson(*r);
  j["results"] = nlohmann::json::array();
  for (const auto& res : store_.resultsForRun(runId)) j["results"].push_back(resultToJson(res, false));
  std::string peer = run->controlPeer;
  runs_.erase(runId);
  sendControlReply(peer, jsonReply(j));
}

}  // namespace cb::controller
