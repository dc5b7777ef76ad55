// RunService: starting runs (suites are in run_suites.cpp, the gather in run_gather.cpp).
#include "daemon/run_service.hpp"

#include "daemon/control_encode.hpp"
#include "daemon/control_reply.hpp"
#include "daemon/daemon_log.hpp"
#include "labels/environment_labels.hpp"
#include "net/ipv4.hpp"
#include "orchestrator/run_progress.hpp"
#include "orchestrator/suite_runner.hpp"
#include "util/clock.hpp"
#include "wire/envelope.hpp"

namespace cb::controller {
namespace {

/// A CLI waiting on a run of many nodes gets at most about ten progress lines a second.
constexpr std::chrono::milliseconds kProgressInterval{100};

/// "198.18.0.2/24" -> {"198.18.0.2", "198.18.0.0/24"}: the first IPv4 interface address;
/// IPv6 and malformed entries are skipped.
std::pair<std::string, std::string> firstIpv4(const nlohmann::json& addresses) {
  for (const auto& a : addresses) {
    if (!a.is_string()) continue;
    if (auto i = net::parseIpv4Interface(a.get<std::string>())) {
      return {i->address.str(), i->network().str()};
    }
  }
  return {"", ""};
}

}  // namespace

RunService::RunService(AgentLink& link, const Registry& registry, store::Store& store,
                       GroupCommit& commit, metrics::Metrics* metrics,
                       const bench::Catalog& catalog, MpiRelay& mpi, RunSettings settings)
    : link_(link),
      registry_(registry),
      store_(store),
      commit_(commit),
      metrics_(metrics),
      catalog_(catalog),
      mpi_(mpi),
      settings_(settings) {}

RunService::~RunService() = default;

std::vector<NodeView> RunService::readyNodes() const {
  std::vector<NodeView> out;
  for (const auto* n : registry_.ready()) {
    auto [ip, net] = firstIpv4(n->facts.value("addresses", nlohmann::json::array()));
    out.push_back(
        NodeView{n->nodeId, n->hostname, ip, net, std::max(1u, n->facts.value("cpu_count", 1u))});
  }
  return out;
}

Result<std::int64_t> RunService::dispatch(const DispatchRequest& req, RunEventFn onEvent,
                                          RunFinishedFn onFinished) {
  const bench::Benchmark* bench = catalog_.find(req.benchmark);
  if (!bench) {
    std::string known;
    for (const auto& n : catalog_.names()) known += (known.empty() ? "" : ", ") + n;
    return fail("unknown benchmark '" + req.benchmark + "' (known: " + known + ")");
  }
  auto validated = bench::validateParams(bench->params(), req.params);
  if (!validated) return fail(req.benchmark + ": " + validated.error());
  if (req.nodeIds.empty()) return fail("no ready nodes: start agents or `clusterbench lab up`");
  std::vector<const NodeInfo*> targets;
  for (const auto& id : req.nodeIds) {
    const NodeInfo* n = registry_.find(id);
    if (!n) return fail("no node '" + id + "'");
    if (n->state != NodeState::kReady) {
      return fail("node '" + n->hostname + "' is " + toString(n->state));
    }
    targets.push_back(n);
  }

  std::vector<labels::NodeEnvironment> environments;
  for (const auto* n : targets) environments.push_back({n->environment, n->virtTech});
  for (const auto& id : req.peerNodeIds) {
    if (const NodeInfo* n = registry_.find(id)) {
      environments.push_back({n->environment, n->virtTech});
    }
  }
  const nlohmann::json runLabels = labels::withEnvironmentLabels(req.labels, environments);
  nlohmann::json paramsJson(*validated);
  auto runId = store_.createRun(req.benchmark, paramsJson.dump(), nowMs(), runLabels.dump(),
                                req.referencesJson);
  if (!runId) return fail("cannot record the run: " + runId.error());

  auto timeout = req.timeout.count() > 0 ? req.timeout : bench->defaultTimeout();
  ActiveRun run;
  run.runId = *runId;
  run.benchmark = req.benchmark;
  run.onEvent = std::move(onEvent);
  run.onFinished = std::move(onFinished);
  run.onSweep = req.onSweep;
  if (req.onSamples) {
    run.onFinished = [this, onSamples = req.onSamples, done = std::move(run.onFinished)](
                         std::int64_t id, const std::string& status) {
      std::vector<RunSample> samples;
      for (const auto& r : store_.resultsForRun(id)) {
        for (const auto& s : r.samples) samples.push_back({r.hostname, s});
      }
      onSamples(samples);
      if (done) done(id, status);
    };
  }
  // Beyond the task timeout, allow for the agent to kill, report and reconnect.
  run.deadline = std::chrono::steady_clock::now() + timeout +
                 settings_.heartbeat * (settings_.missedHeartbeats + 2) + std::chrono::seconds(5);
  for (const auto* n : targets) {
    std::string taskId = makeTaskId(*runId, n->nodeId);
    run.tasks[taskId] = TaskSlot{n->nodeId, n->hostname, false, ""};
    link_.send(n->nodeId, wire::buildEnvelope(nextRequestId_++, [&](auto b) {
                 auto t = b.initRunTask();
                 t.setTaskId(taskId);
                 t.setBenchmark(req.benchmark);
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
  if (req.benchmark == "hpcc-mpi") {
    std::vector<std::string> enrolled;
    for (const auto& a : targets.front()->facts.value("addresses", nlohmann::json::array())) {
      if (a.is_string()) enrolled.push_back(a.get<std::string>());
    }
    mpi_.addJob(MpiJob{validated->at("job"), *runId, targets.front()->nodeId,
                       hostsOfHostSlots(validated->at("hosts")),
                       jobMasterAddresses(enrolled, validated->at("hosts"))});
  }
  daemonLog()->info("run {}: {} on {} node(s)", *runId, req.benchmark, targets.size());
  runs_.add(std::move(run));
  return *runId;
}

void RunService::suiteProgress(const SuiteProgress& p) {
  if (metrics_) {
    metrics_->setSuiteProgress({p.suite, p.steps, p.stepsCompleted, p.currentStep, p.running});
  }
}

void RunService::cancelRun(std::int64_t runId) {
  ActiveRun* run = runs_.get(runId);
  if (!run) return;
  for (const auto& [taskId, slot] : run->tasks) {
    if (slot.done) continue;
    link_.send(slot.nodeId,
               wire::buildEnvelope(0, [&, &id = taskId](auto b) { b.initCancel().setTaskId(id); }));
  }
}

std::vector<std::int64_t> RunService::cancel(std::int64_t runId) {
  if (runId == 0) {
    for (auto& [_, suite] : suites_) suite->cancel();
  }
  std::vector<std::int64_t> cancelled;
  for (auto id : runs_.ids()) {
    if (runId == 0 || id == runId) {
      cancelRun(id);
      cancelled.push_back(id);
    }
  }
  return cancelled;
}

void RunService::run(const RunRequest& r, const ReplyHandle& reply) {
  DispatchRequest req;
  req.benchmark = r.benchmark;
  req.params = r.params;
  req.labels = r.labels;
  req.timeout = r.timeout;
  if (r.nodes.empty()) {
    for (const auto& n : readyNodes()) req.nodeIds.push_back(n.nodeId);
  }
  for (const auto& key : r.nodes) {
    const NodeInfo* n = registry_.findByIdOrHostname(key);
    if (!n) return reply.finish(errorReply("no node '" + key + "' (see `clusterbench nodes`)"));
    req.nodeIds.push_back(n->nodeId);
  }
  auto progress =
      std::make_shared<RunProgress>(req.nodeIds.size(), kProgressInterval,
                                    [reply](const std::string& line) { reply.progress(line); });
  req.onSweep = [progress](RunProgress::Clock::time_point now) { progress->flush(now); };
  auto runId = dispatch(
      req,
      [progress](const std::string& host, const std::string& kind, const std::string& text) {
        auto now = RunProgress::Clock::now();
        if (kind == "started") progress->started(host, text, now);
        if (kind == "finished") progress->finished(host, text, now);
      },
      [this, reply](std::int64_t id, const std::string&) { reply.finish(runReply(store_, id)); });
  if (!runId) return reply.finish(errorReply(runId.error()));
  reply.progress("run " + std::to_string(*runId) + ": " + r.benchmark + " on " +
                 std::to_string(req.nodeIds.size()) + " node(s)");
}

}  // namespace cb::controller
