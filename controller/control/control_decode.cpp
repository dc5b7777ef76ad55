#include "control/control_decode.hpp"

#include <kj/exception.h>

#include <nlohmann/json.hpp>

#include "control/legacy_json_reply.hpp"

namespace cb::control {
namespace {

constexpr const char* kEmptyError = "the controller reported an error without a message";

Error unexpected() {
  return Error{"unexpected reply from the controller"};
}

/// Runs one decoder: Cap'n Proto's checks of a hostile or corrupt message (bad pointers, limits)
/// and nlohmann's of a legacy JSON reply of the wrong shape throw; both become an error value.
template <typename F>
auto guarded(F&& decode) -> decltype(decode()) {
  try {
    return decode();
  } catch (const kj::Exception& e) {
    return fail(std::string(kMalformedReply) + ": " + e.getDescription().cStr());
  } catch (const nlohmann::json::exception& e) {
    return fail(std::string(kMalformedReply) + ": " + e.what());
  }
}

/// The `json` member of an older controller's reply, parsed.
Result<nlohmann::json> legacyJson(ReplyBody body) {
  auto j = nlohmann::json::parse(std::string(body.getJson().cStr()), nullptr, false);
  if (j.is_discarded()) return fail("controller sent invalid JSON");
  return j;
}

template <typename L>
std::vector<std::string> texts(L list) {
  std::vector<std::string> out;
  for (auto t : list) out.emplace_back(t.cStr());
  return out;
}

Fields fields(capnp::List<ctl::Field>::Reader list) {
  Fields out;
  for (auto f : list) {
    FieldValue v;
    auto value = f.getValue();
    switch (value.which()) {
      case ctl::Field::Value::TEXT:
        v.text = value.getText();
        break;
      case ctl::Field::Value::INTEGER:
        v.kind = FieldValue::Kind::kInteger;
        v.integer = value.getInteger();
        break;
      case ctl::Field::Value::JSON:
        v.kind = FieldValue::Kind::kJson;
        v.text = value.getJson();
        break;
    }
    out[f.getKey()] = std::move(v);
  }
  return out;
}

NodeSummary node(ctl::NodeSummary::Reader n) {
  NodeSummary s;
  s.id = n.getId();
  s.state = n.getState();
  s.environment = n.getEnvironment();
  s.heartbeatAgeSeconds = n.getHeartbeatAgeSeconds();
  s.runningTasks = n.getRunningTasks();
  s.registrations = n.getRegistrations();
  s.hostname = n.getHostname();
  s.addresses = texts(n.getAddresses());
  s.cpuCount = n.getCpuCount();
  s.cpuModel = n.getCpuModel();
  s.memoryBytes = n.getMemoryBytes();
  s.kernel = n.getKernel();
  s.virtKind = n.getVirtKind();
  s.virtTech = n.getVirtTech();
  s.os = n.getOs();
  s.macs = texts(n.getMacs());
  s.interfaces = texts(n.getInterfaces());
  return s;
}

ResultSummary result(ctl::ResultSummary::Reader r) {
  ResultSummary s;
  s.taskId = r.getTaskId();
  s.nodeId = r.getNodeId();
  s.hostname = r.getHostname();
  s.environment = r.getEnvironment();
  s.status = r.getStatus();
  s.exitCode = r.getExitCode();
  s.wallSeconds = r.getWallSeconds();
  s.userSeconds = r.getUserSeconds();
  s.systemSeconds = r.getSystemSeconds();
  s.maxRssKb = r.getMaxRssKb();
  s.command = texts(r.getCommand());
  s.message = r.getMessage();
  for (auto sample : r.getSamples()) {
    SampleValue v;
    v.metric = sample.getMetric();
    v.value = sample.getValue();
    v.unit = sample.getUnit();
    for (auto kv : sample.getLabels()) v.labels[kv.getKey()] = kv.getValue();
    s.samples.push_back(std::move(v));
  }
  if (r.getRawIncluded()) {
    s.rawOutput = r.getRawOutput();
    s.rawStderr = r.getRawStderr();
  }
  return s;
}

RunSummary run(ctl::RunSummary::Reader r) {
  RunSummary s;
  s.runId = r.getRunId();
  s.benchmark = r.getBenchmark();
  s.params = fields(r.getParams());
  s.status = r.getStatus();
  s.labels = fields(r.getLabels());
  s.startedAtMs = r.getStartedAtMs();
  s.finishedAtMs = r.getFinishedAtMs();
  for (auto res : r.getResults()) s.results.push_back(result(res));
  for (auto c : r.getCounts()) s.counts[c.getStatus()] = c.getCount();
  if (!r.hasCounts() || r.getCounts().size() == 0) s.counts = countByStatus(s.results);
  s.resultsOmitted = r.getResultsOmitted();
  return s;
}

SuiteSummary suite(ctl::SuiteSummary::Reader r) {
  SuiteSummary s;
  s.suite = r.getSuite();
  s.status = r.getStatus();
  s.suiteId = r.getSuiteId();
  for (auto e : r.getRuns()) {
    SuiteRunEntry entry;
    entry.step = e.getStep();
    entry.repetition = e.getRepetition();
    entry.benchmark = e.getBenchmark();
    entry.status = e.getStatus();
    entry.runId = e.getRunId();
    entry.message = e.getMessage();
    if (e.hasRun()) entry.run = run(e.getRun());
    s.runs.push_back(std::move(entry));
  }
  for (auto st : r.getSteps()) {
    s.steps.push_back({st.getStep(), st.getRepetitions(), st.getReason()});
  }
  return s;
}

ApplySummary apply(ctl::ApplySummary::Reader r) {
  ApplySummary a;
  a.spec = r.getSpec();
  a.mode = r.getMode();
  a.status = r.getStatus();
  for (auto n : r.getNodes()) {
    ApplyNodeReport o;
    o.nodeId = n.getNodeId();
    o.hostname = n.getHostname();
    o.status = n.getStatus();
    o.error = n.getError();
    for (auto c : n.getCounts()) o.counts[c.getStatus()] = c.getCount();
    for (auto s : n.getSteps()) {
      ApplyStepReport step{s.getApplier(), s.getOutcome(), s.getDiff(), {}, s.getMessage()};
      for (auto c : s.getCommands()) step.commands.emplace_back(c.cStr());
      o.steps.push_back(std::move(step));
    }
    a.nodes.push_back(std::move(o));
  }
  for (auto w : r.getWarnings()) a.warnings.emplace_back(w.cStr());
  for (auto e : r.getUnassignedEntries()) a.unassignedEntries.emplace_back(e.cStr());
  for (auto e : r.getUnmatchedNodes()) a.unmatchedNodes.emplace_back(e.cStr());
  return a;
}

}  // namespace

Result<std::vector<NodeSummary>> decodeNodes(ReplyBody body) {
  return guarded([&]() -> Result<std::vector<NodeSummary>> {
    std::vector<NodeSummary> out;
    if (body.isNodes()) {
      for (auto n : body.getNodes()) out.push_back(node(n));
      return out;
    }
    if (!body.isJson()) return unexpected();
    auto j = legacyJson(body);
    if (!j) return Error{j.error()};
    if (!j->is_array()) return unexpected();
    for (const auto& n : *j) out.push_back(legacy::nodeFromJson(n));
    return out;
  });
}

Result<ControllerStatus> decodeStatus(ReplyBody body) {
  return guarded([&]() -> Result<ControllerStatus> {
    if (body.isStatus()) {
      auto s = body.getStatus();
      ControllerStatus out;
      out.version = s.getVersion();
      out.pid = s.getPid();
      out.agentEndpoint = s.getAgentEndpoint();
      out.controlEndpoint = s.getControlEndpoint();
      out.metricsUrl = s.getMetricsUrl();
      out.publicKey = s.getPublicKey();
      out.nodes = s.getNodes();
      out.ready = s.getReady();
      out.runsInFlight = s.getRunsInFlight();
      return out;
    }
    if (!body.isJson()) return unexpected();
    auto j = legacyJson(body);
    if (!j) return Error{j.error()};
    return legacy::statusFromJson(*j);
  });
}

Result<std::vector<RunSummary>> decodeRuns(ReplyBody body) {
  return guarded([&]() -> Result<std::vector<RunSummary>> {
    std::vector<RunSummary> out;
    if (body.isRuns()) {
      for (auto r : body.getRuns()) out.push_back(run(r));
      return out;
    }
    if (!body.isJson()) return unexpected();
    auto j = legacyJson(body);
    if (!j) return Error{j.error()};
    if (!j->is_array()) return unexpected();
    for (const auto& r : *j) out.push_back(legacy::runFromJson(r));
    return out;
  });
}

Result<RunSummary> decodeRun(ReplyBody body) {
  return guarded([&]() -> Result<RunSummary> {
    if (body.isRun()) return run(body.getRun());
    if (!body.isJson()) return unexpected();
    auto j = legacyJson(body);
    if (!j) return Error{j.error()};
    return legacy::runFromJson(*j);
  });
}

Result<SuiteSummary> decodeSuite(ReplyBody body) {
  return guarded([&]() -> Result<SuiteSummary> {
    if (body.isSuite()) return suite(body.getSuite());
    if (!body.isJson()) return unexpected();
    auto j = legacyJson(body);
    if (!j) return Error{j.error()};
    return legacy::suiteFromJson(*j);
  });
}

Result<std::vector<SuiteRunInfo>> decodeSuites(ReplyBody body) {
  return guarded([&]() -> Result<std::vector<SuiteRunInfo>> {
    if (!body.isSuites()) {
      if (body.isError()) {
        // As readReply(): the text up to its first NUL, never an empty message.
        std::string error = body.getError();
        return fail(error.empty() ? kEmptyError : error);
      }
      return fail("the controller does not list suites (it is older than this client)");
    }
    std::vector<SuiteRunInfo> out;
    for (auto r : body.getSuites()) {
      SuiteRunInfo s;
      s.suiteId = r.getSuiteId();
      s.name = r.getName();
      s.fileName = r.getFileName();
      s.status = r.getStatus();
      s.stepsDone = r.getStepsDone();
      s.stepsTotal = r.getStepsTotal();
      s.repetitionsDone = r.getRepetitionsDone();
      s.startedAtMs = r.getStartedAtMs();
      s.finishedAtMs = r.getFinishedAtMs();
      out.push_back(std::move(s));
    }
    return out;
  });
}

Result<std::vector<std::int64_t>> decodeCancelled(ReplyBody body) {
  return guarded([&]() -> Result<std::vector<std::int64_t>> {
    if (body.isCancelled()) {
      std::vector<std::int64_t> out;
      for (auto id : body.getCancelled()) out.push_back(id);
      return out;
    }
    if (!body.isJson()) return unexpected();
    auto j = legacyJson(body);
    if (!j) return Error{j.error()};
    return legacy::cancelledFromJson(*j);
  });
}

Result<ApplySummary> decodeApply(ReplyBody body) {
  return guarded([&]() -> Result<ApplySummary> {
    if (body.isApply()) return apply(body.getApply());
    if (!body.isJson()) return unexpected();
    auto j = legacyJson(body);
    if (!j) return Error{j.error()};
    return legacy::applyFromJson(*j);
  });
}

Status decodeStopping(ReplyBody body) {
  return guarded([&]() -> Status {
    if (body.isStopping() || body.isJson()) return okStatus();
    return unexpected();
  });
}

Result<std::vector<KeySummary>> decodeKeys(ReplyBody body) {
  return guarded([&]() -> Result<std::vector<KeySummary>> {
    if (!body.isKeys()) return unexpected();
    std::vector<KeySummary> out;
    for (auto k : body.getKeys()) {
      KeySummary s;
      s.publicKey = k.getPublicKey();
      s.state = k.getState();
      s.nodeId = k.getNodeId();
      s.claimedNodeId = k.getClaimedNodeId();
      s.hostname = k.getHostname();
      s.address = k.getAddress();
      s.firstSeenMs = k.getFirstSeenMs();
      s.lastSeenMs = k.getLastSeenMs();
      s.connected = k.getConnected();
      out.push_back(std::move(s));
    }
    return out;
  });
}

Result<ReplyMessage> readReply(std::string_view bytes) {
  auto decoded = wire::decode(bytes);
  if (!decoded) return fail("unreadable reply from the controller: " + decoded.error());
  return guarded([&]() -> Result<ReplyMessage> {
    auto body = (*decoded)->root<ctl::Reply>().getBody();
    ReplyMessage reply{*decoded, body.which(), {}};
    if (reply.kind == ctl::Reply::Body::PROGRESS) reply.text = body.getProgress();
    if (reply.kind == ctl::Reply::Body::ERROR) {
      reply.text = body.getError();
      if (reply.text.empty()) reply.text = kEmptyError;
    }
    return reply;
  });
}

}  // namespace cb::control
