// ControllerDaemon: requests from the local CLI (schemas/control.capnp).
#include <capnp/message.h>

#include "util/asio.hpp"

#include "daemon/control_reply.hpp"
#include "daemon/controller_daemon.hpp"
#include "daemon/daemon_log.hpp"
#include "daemon/node_json.hpp"
#include "labels/run_labels.hpp"
#include "orchestrator/suite_runner.hpp"
#include "schemas/control.capnp.h"
#include "spec/suite.hpp"
#include "util/clock.hpp"
#include "wire/envelope.hpp"

namespace cb::controller {

namespace {
/// Labels of a run or suite request as a JSON object, checked like imported runs' labels
/// (labels::checkRunLabels); a duplicate key is an error.
template <typename List>
Result<nlohmann::json> checkedLabels(List list) {
  std::map<std::string, std::string> labels;
  for (auto kv : list) {
    if (!labels.emplace(kv.getKey(), kv.getValue()).second) {
      return fail("label '" + std::string(kv.getKey()) + "' given twice");
    }
  }
  if (auto s = labels::checkRunLabels(labels); !s) return fail(s.error());
  return nlohmann::json(labels);
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
    case ctl::Request::Body::KEYS:
      return keysReply(bytes);
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
        if (auto r = store_.run(q.getRunId()))
          runs.push_back(*r);
        else
          return errorReply("no run " + std::to_string(q.getRunId()));
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
      auto labels = checkedLabels(r.getLabels());
      if (!labels) return errorReply(labels.error());
      return startRun(peer, r.getBenchmark(), nodes, params, r.getTimeoutMs(), *labels, deferred);
    }
    case ctl::Request::Body::RUN_SUITE: {
      auto r = body.getRunSuite();
      auto labels = checkedLabels(r.getLabels());
      if (!labels) return errorReply(labels.error());
      return startSuite(peer, r.getYaml(), r.getFileName(), *labels, deferred);
    }
    case ctl::Request::Body::CANCEL: {
      auto id = body.getCancel().getRunId();
      auto cancelled = nlohmann::json::array();
      for (auto& [_, suite] : suites_) {
        if (id == 0) suite->cancel();
      }
      for (auto runId : runs_.ids()) {
        if (id == 0 || runId == id) {
          cancelRun(runId);
          cancelled.push_back(runId);
        }
      }
      return jsonReply({{"cancelled", cancelled}});
    }
    case ctl::Request::Body::APPLY: {
      auto a = body.getApply();
      ApplyMode mode = a.getVerify()   ? ApplyMode::kVerify
                       : a.getDryRun() ? ApplyMode::kDryRun
                                       : ApplyMode::kApply;
      auto timeout = mode == ApplyMode::kApply ? std::chrono::minutes(15) : std::chrono::minutes(2);
      return startApply(peer, a.getYaml(), a.getFileName(), mode,
                        std::chrono::duration_cast<std::chrono::milliseconds>(timeout), deferred);
    }
    case ctl::Request::Body::IMPORT_RUN:
      return importRun(body.getImportRun());
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
                                       const nlohmann::json& labels, bool& deferred) {
  DispatchRequest req;
  req.benchmark = benchmark;
  req.params = params;
  req.labels = labels;
  req.timeout = std::chrono::milliseconds(timeoutMs);
  if (nodeKeys.empty()) {
    for (const auto& n : readyNodes()) req.nodeIds.push_back(n.nodeId);
  }
  for (const auto& key : nodeKeys) {
    const NodeInfo* n = registry_.findByIdOrHostname(key);
    if (!n) return errorReply("no node '" + key + "' (see `clusterbench nodes`)");
    req.nodeIds.push_back(n->nodeId);
  }
  auto runId = dispatch(
      req,
      [this, peer](const std::string& host, const std::string& kind, const std::string& text) {
        if (kind == "started") sendProgress(peer, host + ": started " + text);
        if (kind == "finished") sendProgress(peer, host + ": " + text);
      },
      [this, peer](std::int64_t id, const std::string&) {
        sendControlReply(peer, jsonReply(runJson(id)));
      });
  if (!runId) return errorReply(runId.error());
  if (auto* run = runs_.get(*runId)) run->controlPeer = peer;
  sendProgress(peer, "run " + std::to_string(*runId) + ": " + benchmark + " on " +
                         std::to_string(req.nodeIds.size()) + " node(s)");
  deferred = true;
  return {};
}

std::string ControllerDaemon::startSuite(const std::string& peer, const std::string& yaml,
                                         const std::string& fileName, const nlohmann::json& labels,
                                         bool& deferred) {
  auto suite = spec::parseSuite(yaml, fileName, catalog_);
  if (!suite) return errorReply(suite.error());
  auto id = nextSuite_++;
  auto runner = std::make_unique<SuiteRunner>(
      *this, *suite, labels, [this, peer](const std::string& line) { sendProgress(peer, line); },
      [this, peer, id](const nlohmann::json& summary) {
        nlohmann::json out = summary;
        for (auto& r : out["runs"]) {
          if (r.contains("run_id")) r["run"] = runJson(r["run_id"].get<std::int64_t>());
        }
        sendControlReply(peer, jsonReply(out));
        // The runner is still on the stack: destroy it later.
        boost::asio::post(io_, [this, id] { suites_.erase(id); });
      });
  auto* raw = runner.get();
  suites_[id] = std::move(runner);
  suitePeers_[id] = peer;
  raw->start();
  deferred = true;
  return {};
}

nlohmann::json ControllerDaemon::runJson(std::int64_t runId) {
  auto j = nlohmann::json::object();
  if (auto r = store_.run(runId)) j = runToJson(*r);
  j["results"] = nlohmann::json::array();
  for (const auto& res : store_.resultsForRun(runId)) {
    j["results"].push_back(resultToJson(res, false));
  }
  return j;
}

void ControllerDaemon::finishRun(std::int64_t runId) {
  ActiveRun* run = runs_.get(runId);
  if (!run) return;
  std::size_t ok = 0, total = run->tasks.size();
  for (auto& [taskId, slot] : run->tasks) {
    if (!slot.done) {
      slot.done = true;
      slot.status = "no_result";
      if (run->onEvent) run->onEvent(slot.hostname, "finished", "no result before the deadline");
      if (const NodeInfo* n = registry_.find(slot.nodeId)) {
        sendToAgent(n->routingId,
                    wire::buildEnvelope(0, [&](auto b) { b.initCancel().setTaskId(taskId); }));
      }
    }
    if (slot.status == "succeeded") ++ok;
  }
  std::string status = ok == total ? "succeeded" : ok == 0 ? "failed" : "partial";
  if (auto s = store_.finishRun(runId, status, nowMs()); !s) {
    daemonLog()->error("store: {}", s.error());
  }
  daemonLog()->info("run {} {} ({}/{} nodes succeeded)", runId, status, ok, total);
  auto onFinished = std::move(run->onFinished);
  runs_.erase(runId);
  mpiJobs_.removeRun(runId);
  for (auto it = spawns_.begin(); it != spawns_.end();) {
    it = it->second.runId == runId ? spawns_.erase(it) : std::next(it);
  }
  if (onFinished) onFinished(runId, status);
}

}  // namespace cb::controller
