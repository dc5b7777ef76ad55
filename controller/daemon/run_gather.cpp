// RunService: the gather — task events and results from agents, deadlines, the end of a run.
#include "daemon/daemon_log.hpp"
#include "daemon/run_service.hpp"
#include "orchestrator/suite_runner.hpp"
#include "util/clock.hpp"
#include "util/safe_text.hpp"
#include "wire/envelope.hpp"
#include "wire/sample_codec.hpp"

namespace cb::controller {
using Body = proto::Envelope::Body;

namespace {

/// `text` up to `cap` bytes; a cut is marked at the end.
std::string capRawOutput(std::string_view text, std::size_t cap) {
  if (text.size() <= cap) return std::string(text);
  std::string out(text.substr(0, cap));
  out += "\n[clusterbench: output cut at " + std::to_string(cap) + " of " +
         std::to_string(text.size()) + " bytes]\n";
  return out;
}

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

void RunService::onTaskEvent(const std::string& nodeId, proto::TaskEvent::Reader ev) {
  auto runId = runIdOfTask(ev.getTaskId());
  ActiveRun* run = runId ? runs_.get(*runId) : nullptr;
  if (!run || !run->onEvent) return;
  static const char* kKinds[] = {"started", "stdout", "stderr", "progress"};
  auto k = static_cast<unsigned>(ev.getKind());
  const NodeInfo* n = registry_.find(nodeId);
  run->onEvent(n ? n->hostname : nodeId, k < 4 ? kKinds[k] : "progress",
               util::safeText(wire::textView(ev.getText())));
}

void RunService::onTaskResult(const std::string& nodeId, proto::TaskResult::Reader result) {
  std::string taskId = result.getTaskId();
  if (!storeResult(nodeId, result)) return;  // not stored: the agent keeps it and re-sends
  commit_.afterCommit([this, nodeId, taskId] {
    link_.send(nodeId, wire::buildEnvelope(
                           0, [&](Body::Builder b) { b.initTaskResultAck().setTaskId(taskId); }));
  });
}

bool RunService::storeResult(const std::string& nodeId, proto::TaskResult::Reader r) {
  std::string taskId = r.getTaskId();
  auto runId = runIdOfTask(taskId);
  if (!runId) {
    daemonLog()->warn("ignoring a result for unknown task id {}", util::safeLine(taskId));
    return true;  // nothing to keep: acknowledged so that the agent forgets it
  }
  // A node reports only its own tasks: the task id names the node it was sent to.
  if (taskId != makeTaskId(*runId, nodeId)) {
    daemonLog()->warn("refused a result for task {} from node {}: the task is not that node's",
                      util::safeLine(taskId), nodeId);
    if (metrics_) metrics_->countAgentRefusal("foreign_result");
    return false;  // neither stored nor acknowledged
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
  // Agent text enters here: made safe once (util/safe_text.hpp) before it is stored.
  for (auto c : r.getCommand()) rec.command.push_back(util::safeText(wire::textView(c)));
  // Capped first, then cleaned: a multi-byte character cut in two becomes U+FFFD.
  rec.rawOutput =
      util::safeText(capRawOutput(wire::textView(r.getRawOutput()), settings_.maxRawOutputBytes));
  rec.rawStderr =
      util::safeText(capRawOutput(wire::textView(r.getRawStderr()), settings_.maxRawOutputBytes));
  rec.message = util::safeText(wire::textView(r.getMessage()));
  for (auto& s : wire::readSamples(r.getSamples())) {
    bench::Sample safe{util::safeLine(s.metric), s.value, util::safeLine(s.unit), {}};
    for (const auto& [name, value] : s.labels)
      safe.labels[util::safeLine(name)] = util::safeLine(value);
    rec.samples.push_back(std::move(safe));
  }
  rec.finishedAt = nowMs();
  auto stored = store_.addResult(rec);
  if (!stored) {
    commit_.writeFailed(
        "storing the result of " + taskId + " (not acknowledged; the agent sends it again)",
        stored.error());
    return false;
  }
  if (!*stored) return true;  // a re-sent result we already have
  auto* run = runs_.get(*runId);
  if (!run) restateFinishedRun(*runId);
  std::string benchmark = run ? run->benchmark : "";
  if (benchmark.empty()) {
    if (auto storedRun = store_.run(*runId)) benchmark = storedRun->benchmark;
  }
  if (metrics_) {
    metrics_->countTask(rec.status);
    for (const auto& s : rec.samples) {
      metrics_->recordSample(rec.hostname, rec.environment, benchmark, s.metric, s.unit, s.value);
    }
  }
  // One info line per run (at its end); per-task lines only for tasks that did not succeed.
  daemonLog()->log(rec.status == "succeeded" ? spdlog::level::debug : spdlog::level::info,
                   "task {} on {}: {} in {:.2f} s", taskId, rec.hostname, rec.status,
                   rec.wallSeconds);
  if (run && run->onEvent) {
    std::string line = rec.status;
    if (!rec.message.empty()) line += " (" + rec.message + ")";
    run->onEvent(rec.hostname, "finished", line);
  }
  bool last = runs_.complete(taskId, rec.status);
  commit_.onRollback([this, taskId] { runs_.reopen(taskId); });
  if (last) {
    // The run's reply and whatever follows it (the next suite step) wait for the commit.
    commit_.afterCommit([this, id = *runId] { finishRun(id); });
  }
  return true;
}

void RunService::onNodeLost(const std::string& nodeId) {
  const std::string why =
      "node lost: no heartbeat for " +
      std::to_string((settings_.heartbeat * settings_.missedHeartbeats).count()) + " ms";
  std::vector<std::int64_t> finished;
  for (auto runId : runs_.ids()) {
    ActiveRun* run = runs_.get(runId);
    std::vector<std::string> open;
    for (const auto& [taskId, slot] : run->tasks) {
      if (!slot.done && slot.nodeId == nodeId) open.push_back(taskId);
    }
    for (const auto& taskId : open) {
      const TaskSlot& slot = run->tasks[taskId];
      storePlaceholder(runId, taskId, slot, "lost", why);
      if (metrics_) metrics_->countTask("lost");
      if (run->onEvent) run->onEvent(slot.hostname, "finished", "lost (" + why + ")");
      if (runs_.complete(taskId, "lost")) finished.push_back(runId);
    }
  }
  for (auto runId : finished) finishRun(runId);
}

void RunService::storePlaceholder(std::int64_t runId, const std::string& taskId,
                                  const TaskSlot& slot, const std::string& status,
                                  const std::string& why) {
  const NodeInfo* n = registry_.find(slot.nodeId);
  store::ResultRecord rec;
  rec.runId = runId;
  rec.taskId = taskId;
  rec.nodeId = slot.nodeId;
  rec.hostname = slot.hostname;
  rec.environment = n ? n->environment : "";
  rec.status = status;
  rec.exitCode = -1;
  rec.message = why;
  rec.finishedAt = nowMs();
  if (auto stored = store_.addResult(rec); !stored) {
    daemonLog()->error("cannot record task {} as {}: {}", taskId, status, stored.error());
  }
}

Status RunService::markInterruptedRuns() {
  auto ids = store_.interruptRunningRuns(nowMs());
  if (!ids) return Error{ids.error()};
  for (auto id : *ids) {
    daemonLog()->warn("run {} was still running when the controller stopped: interrupted", id);
  }
  auto suites = store_.interruptRunningSuites(nowMs());
  if (!suites) return Error{suites.error()};
  for (auto id : *suites) {
    daemonLog()->warn(
        "suite run {} was still running when the controller stopped: interrupted (continue it "
        "with `clusterbench run --resume {}`)",
        id, id);
  }
  return okStatus();
}

void RunService::restateFinishedRun(std::int64_t runId) {
  auto stored = store_.run(runId);
  // An interrupted run's node count is not known: late results are stored, the status stays.
  if (!stored || stored->status.empty() || stored->status == "running" ||
      stored->status == "interrupted") {
    return;
  }
  std::size_t ok = 0, total = 0;
  for (const auto& r : store_.resultsForRun(runId)) {
    ++total;
    ok += r.status == "succeeded";
  }
  std::string status = ok == total ? "succeeded" : ok == 0 ? "failed" : "partial";
  if (status == stored->status) return;
  if (auto s = store_.finishRun(runId, status, nowMs()); !s) {
    daemonLog()->error("store: {}", s.error());
    return;
  }
  daemonLog()->info("run {}: {} after a late result (was {})", runId, status, stored->status);
}

void RunService::finishRun(std::int64_t runId) {
  ActiveRun* run = runs_.get(runId);
  if (!run) return;
  std::size_t ok = 0, total = run->tasks.size();
  for (auto& [taskId, slot] : run->tasks) {
    if (!slot.done) {
      slot.done = true;
      slot.status = "no_result";
      storePlaceholder(runId, taskId, slot, "no_result", "no result before the run's deadline");
      if (run->onEvent) {
        run->onEvent(slot.hostname, "finished", "no_result (no result before the deadline)");
      }
      link_.send(slot.nodeId, wire::buildEnvelope(
                                  0, [&, &id = taskId](auto b) { b.initCancel().setTaskId(id); }));
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
  mpi_.removeRun(runId);
  if (onFinished) onFinished(runId, status);
}

void RunService::sweep(std::chrono::steady_clock::time_point now) {
  for (auto runId : runs_.expired(now)) finishRun(runId);
  for (auto runId : runs_.ids()) {
    if (auto* run = runs_.get(runId); run && run->onSweep) run->onSweep(now);
  }
  for (auto it = suites_.begin(); it != suites_.end();) {
    it = it->second->finished() ? suites_.erase(it) : std::next(it);
  }
  if (metrics_) metrics_->setTasksRunning(static_cast<double>(runs_.pendingTasks()));
  publishTaskGauges();
}

// Called from sweep() only (at most about once a second), never per result: its cost is linear
// in the open tasks, so calling it per result made a gather quadratic.
void RunService::publishTaskGauges() {
  if (!metrics_) return;
  metrics::NodeTaskCounts running;
  for (auto id : runs_.ids()) {
    const ActiveRun* run = runs_.get(id);
    for (const auto& [taskId, slot] : run->tasks) {
      if (!slot.done) ++running[{slot.hostname, run->benchmark}];
    }
  }
  metrics_->setNodeTasksRunning(running);
}

}  // namespace cb::controller
