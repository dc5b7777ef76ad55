#include "daemon/control_encode.hpp"

#include <limits>
#include <map>

#include "daemon/control_reply.hpp"

namespace cb::controller {
namespace {

template <typename Builder>
void fillTexts(Builder list, const nlohmann::json& values) {
  // `list` was initialised with one slot per element of `values`.
  unsigned i = 0;
  for (const auto& v : values) list.set(i++, v.is_string() ? v.get<std::string>() : v.dump());
}

std::size_t arraySize(const nlohmann::json& j) {
  return j.is_array() ? j.size() : 0;
}

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

/// A stored JSON object (params or labels) as Fields; text that does not parse gives none.
void fillFields(capnp::List<ctl::Field>::Builder list, const nlohmann::json& object) {
  unsigned i = 0;
  for (const auto& [key, v] : object.items()) {
    auto f = list[i++];
    f.setKey(key);
    if (v.is_string()) {
      f.getValue().setText(v.get<std::string>());
    } else if (v.is_number_integer() &&
               (!v.is_number_unsigned() ||
                v.get<std::uint64_t>() <=
                    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))) {
      f.getValue().setInteger(v.get<std::int64_t>());
    } else {
      f.getValue().setJson(v.dump());
    }
  }
}

nlohmann::json storedObject(const std::string& text) {
  auto j = nlohmann::json::parse(text.empty() ? "{}" : text, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

template <typename T>
T number(const nlohmann::json& j, const char* key) {
  const auto& v = member(j, key);
  return v.is_number() ? v.get<T>() : T{};
}

std::string text(const nlohmann::json& j, const char* key) {
  const auto& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace

void fillNode(ctl::NodeSummary::Builder out, const NodeInfo& n, TimePoint now) {
  const nlohmann::json& f = n.facts;
  out.setId(n.nodeId);
  out.setState(toString(n.state));
  out.setEnvironment(n.environment);
  out.setHeartbeatAgeSeconds(std::chrono::duration<double>(now - n.lastSeen).count());
  out.setRunningTasks(n.runningTasks);
  out.setRegistrations(n.registrations);
  out.setHostname(text(f, "hostname"));
  fillTexts(out.initAddresses(static_cast<unsigned>(arraySize(member(f, "addresses")))),
            member(f, "addresses"));
  out.setCpuCount(number<std::uint32_t>(f, "cpu_count"));
  out.setCpuModel(text(f, "cpu_model"));
  out.setMemoryBytes(number<std::uint64_t>(f, "memory_bytes"));
  out.setKernel(text(f, "kernel"));
  out.setVirtKind(text(f, "virt_kind"));
  out.setVirtTech(text(f, "virt_tech"));
  out.setOs(text(f, "os"));
  fillTexts(out.initMacs(static_cast<unsigned>(arraySize(member(f, "macs")))), member(f, "macs"));
  fillTexts(out.initInterfaces(static_cast<unsigned>(arraySize(member(f, "interfaces")))),
            member(f, "interfaces"));
}

void fillStatus(ctl::ControllerStatus::Builder out, const nlohmann::json& s) {
  out.setVersion(text(s, "version"));
  out.setPid(number<std::int64_t>(s, "pid"));
  out.setAgentEndpoint(text(s, "agent_endpoint"));
  out.setControlEndpoint(text(s, "control_endpoint"));
  out.setMetricsUrl(text(s, "metrics_url"));
  out.setPublicKey(text(s, "public_key"));
  out.setNodes(number<std::uint64_t>(s, "nodes"));
  out.setReady(number<std::uint64_t>(s, "ready"));
  out.setRunsInFlight(number<std::uint64_t>(s, "runs_in_flight"));
}

void fillResult(ctl::ResultSummary::Builder out, const store::ResultRecord& r, bool withRawOutput) {
  out.setTaskId(r.taskId);
  out.setNodeId(r.nodeId);
  out.setHostname(r.hostname);
  out.setEnvironment(r.environment);
  out.setStatus(r.status);
  out.setExitCode(r.exitCode);
  out.setWallSeconds(r.wallSeconds);
  out.setUserSeconds(r.userSeconds);
  out.setSystemSeconds(r.systemSeconds);
  out.setMaxRssKb(r.maxRssKb);
  auto command = out.initCommand(static_cast<unsigned>(r.command.size()));
  for (unsigned i = 0; i < r.command.size(); ++i) command.set(i, r.command[i]);
  out.setMessage(r.message);
  auto samples = out.initSamples(static_cast<unsigned>(r.samples.size()));
  for (unsigned i = 0; i < r.samples.size(); ++i) {
    const auto& s = r.samples[i];
    auto o = samples[i];
    o.setMetric(s.metric);
    o.setValue(s.value);
    o.setUnit(s.unit);
    auto labels = o.initLabels(static_cast<unsigned>(s.labels.size()));
    unsigned j = 0;
    for (const auto& [k, v] : s.labels) {
      labels[j].setKey(k);
      labels[j].setValue(v);
      ++j;
    }
  }
  out.setRawIncluded(withRawOutput);
  if (withRawOutput) {
    out.setRawOutput(r.rawOutput);
    out.setRawStderr(r.rawStderr);
  }
}

void fillRun(ctl::RunSummary::Builder out, const store::RunRecord& r,
             const std::vector<store::ResultRecord>& results, bool withRawOutput, RowMode mode) {
  out.setRunId(r.id);
  out.setBenchmark(r.benchmark);
  auto params = storedObject(r.paramsJson);
  fillFields(out.initParams(static_cast<unsigned>(params.size())), params);
  out.setStatus(r.status);
  auto labels = storedObject(r.labelsJson);
  fillFields(out.initLabels(static_cast<unsigned>(labels.size())), labels);
  out.setStartedAtMs(r.startedAt);
  out.setFinishedAtMs(r.finishedAt);
  std::map<std::string, std::uint64_t> counts;
  for (const auto& res : results) ++counts[res.status];
  auto countList = out.initCounts(static_cast<unsigned>(counts.size()));
  unsigned c = 0;
  for (const auto& [status, n] : counts) {
    countList[c].setStatus(status);
    countList[c].setCount(n);
    ++c;
  }
  bool summary = mode == RowMode::kSummary && results.size() > kFullRowsUpTo;
  std::vector<const store::ResultRecord*> rows;
  for (const auto& res : results) {
    if (!summary || res.status != "succeeded") rows.push_back(&res);
  }
  out.setResultsOmitted(results.size() - rows.size());
  auto list = out.initResults(static_cast<unsigned>(rows.size()));
  for (unsigned i = 0; i < rows.size(); ++i) fillResult(list[i], *rows[i], withRawOutput);
}

void fillStoredRun(ctl::RunSummary::Builder out, store::Store& store, std::int64_t runId) {
  auto run = store.run(runId);
  if (!run) {
    out.setRunId(runId);
    return;
  }
  fillRun(out, *run, store.resultsForRun(runId), false, RowMode::kSummary);
}

void fillSuite(ctl::SuiteSummary::Builder out, const nlohmann::json& summary, store::Store& store) {
  out.setSuite(text(summary, "suite"));
  out.setStatus(text(summary, "status"));
  out.setSuiteId(number<std::int64_t>(summary, "suite_id"));
  const auto& runs = member(summary, "runs");
  auto runList = out.initRuns(static_cast<unsigned>(arraySize(runs)));
  unsigned i = 0;
  for (const auto& r : runs) {
    auto e = runList[i++];
    e.setStep(text(r, "step"));
    e.setRepetition(number<std::int64_t>(r, "repetition"));
    e.setBenchmark(text(r, "benchmark"));
    e.setStatus(text(r, "status"));
    e.setMessage(text(r, "message"));
    auto runId = number<std::int64_t>(r, "run_id");
    e.setRunId(runId);
    if (runId != 0) fillStoredRun(e.initRun(), store, runId);
  }
  const auto& steps = member(summary, "steps");
  auto stepList = out.initSteps(static_cast<unsigned>(arraySize(steps)));
  i = 0;
  for (const auto& s : steps) {
    auto o = stepList[i++];
    o.setStep(text(s, "step"));
    o.setRepetitions(number<std::int64_t>(s, "repetitions"));
    o.setReason(text(s, "reason"));
  }
}

std::string nodesReply(const Registry& registry, TimePoint now) {
  auto nodes = registry.all();
  return reply([&](ctl::Reply::Body::Builder b) {
    auto list = b.initNodes(static_cast<unsigned>(nodes.size()));
    for (unsigned i = 0; i < nodes.size(); ++i) fillNode(list[i], *nodes[i], now);
  });
}

std::string statusReply(const nlohmann::json& status) {
  return reply([&](ctl::Reply::Body::Builder b) { fillStatus(b.initStatus(), status); });
}

std::string runsReply(store::Store& store, const std::vector<store::RunRecord>& runs,
                      bool withRawOutput) {
  return reply([&](ctl::Reply::Body::Builder b) {
    auto list = b.initRuns(static_cast<unsigned>(runs.size()));
    for (unsigned i = 0; i < runs.size(); ++i) {
      fillRun(list[i], runs[i], store.resultsForRun(runs[i].id), withRawOutput);
    }
  });
}

std::string runReply(store::Store& store, std::int64_t runId) {
  return reply([&](ctl::Reply::Body::Builder b) { fillStoredRun(b.initRun(), store, runId); });
}

std::string suiteReply(store::Store& store, const nlohmann::json& summary) {
  return reply([&](ctl::Reply::Body::Builder b) { fillSuite(b.initSuite(), summary, store); });
}

std::string suitesReply(const std::vector<store::SuiteRecord>& suites) {
  return reply([&](ctl::Reply::Body::Builder b) {
    auto list = b.initSuites(static_cast<unsigned>(suites.size()));
    for (unsigned i = 0; i < suites.size(); ++i) {
      const auto& s = suites[i];
      auto o = list[i];
      o.setSuiteId(s.id);
      o.setName(s.name);
      o.setFileName(s.fileName);
      o.setStatus(s.status);
      o.setStepsDone(s.stepsDone);
      o.setStepsTotal(s.stepsTotal);
      o.setRepetitionsDone(s.repetitionsDone);
      o.setStartedAtMs(s.startedAt);
      o.setFinishedAtMs(s.finishedAt);
    }
  });
}

std::string cancelledReply(const std::vector<std::int64_t>& runIds) {
  return reply([&](ctl::Reply::Body::Builder b) {
    auto list = b.initCancelled(static_cast<unsigned>(runIds.size()));
    for (unsigned i = 0; i < runIds.size(); ++i) list.set(i, runIds[i]);
  });
}

std::string applyReply(const ApplySummary& a) {
  return reply([&](ctl::Reply::Body::Builder b) {
    auto out = b.initApply();
    out.setSpec(a.spec);
    out.setMode(a.mode);
    out.setStatus(a.status);
    auto nodeList = out.initNodes(static_cast<unsigned>(a.nodes.size()));
    for (unsigned i = 0; i < a.nodes.size(); ++i) {
      const auto& n = a.nodes[i];
      auto o = nodeList[i];
      o.setNodeId(n.nodeId);
      o.setHostname(n.hostname);
      o.setStatus(n.status);
      o.setError(n.error);
      auto countList = o.initCounts(static_cast<unsigned>(n.counts.size()));
      unsigned c = 0;
      for (const auto& [outcome, count] : n.counts) {
        countList[c].setStatus(outcome);
        countList[c].setCount(count);
        ++c;
      }
      auto stepList = o.initSteps(static_cast<unsigned>(n.steps.size()));
      for (unsigned s = 0; s < n.steps.size(); ++s) {
        const auto& step = n.steps[s];
        auto so = stepList[s];
        so.setApplier(step.applier);
        so.setOutcome(step.outcome);
        so.setDiff(step.diff);
        auto commands = so.initCommands(static_cast<unsigned>(step.commands.size()));
        for (unsigned k = 0; k < step.commands.size(); ++k) commands.set(k, step.commands[k]);
        so.setMessage(step.message);
      }
    }
    auto texts = [](auto list, const std::vector<std::string>& values) {
      for (unsigned i = 0; i < values.size(); ++i) list.set(i, values[i]);
    };
    texts(out.initWarnings(static_cast<unsigned>(a.warnings.size())), a.warnings);
    texts(out.initUnassignedEntries(static_cast<unsigned>(a.unassignedEntries.size())),
          a.unassignedEntries);
    texts(out.initUnmatchedNodes(static_cast<unsigned>(a.unmatchedNodes.size())), a.unmatchedNodes);
  });
}

std::string stoppingReply() {
  return reply([](ctl::Reply::Body::Builder b) { b.setStopping(); });
}

}  // namespace cb::controller
