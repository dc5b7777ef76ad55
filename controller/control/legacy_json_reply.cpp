#include "control/legacy_json_reply.hpp"

namespace cb::control::legacy {
namespace {

const nlohmann::json& member(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

std::string text(const nlohmann::json& j, const char* key) {
  const auto& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

template <typename T>
T number(const nlohmann::json& j, const char* key) {
  const auto& v = member(j, key);
  return v.is_number() ? v.get<T>() : T{};
}

std::vector<std::string> texts(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  const auto& v = member(j, key);
  if (!v.is_array()) return out;
  for (const auto& t : v) {
    if (t.is_string()) out.push_back(t.get<std::string>());
  }
  return out;
}

Fields fields(const nlohmann::json& j, const char* key) {
  Fields out;
  const auto& v = member(j, key);
  if (!v.is_object()) return out;
  for (const auto& [k, value] : v.items()) {
    FieldValue f;
    if (value.is_string()) {
      f.text = value.get<std::string>();
    } else if (value.is_number_integer() &&
               (!value.is_number_unsigned() ||
                value.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX))) {
      f.kind = FieldValue::Kind::kInteger;
      f.integer = value.get<std::int64_t>();
    } else {
      f.kind = FieldValue::Kind::kJson;
      f.text = value.dump();
    }
    out[k] = std::move(f);
  }
  return out;
}

ResultSummary resultFromJson(const nlohmann::json& j) {
  ResultSummary r;
  r.taskId = text(j, "task_id");
  r.nodeId = text(j, "node_id");
  r.hostname = text(j, "hostname");
  r.environment = text(j, "environment");
  r.status = text(j, "status");
  r.exitCode = number<std::int32_t>(j, "exit_code");
  r.wallSeconds = number<double>(j, "wall_seconds");
  r.userSeconds = number<double>(j, "user_seconds");
  r.systemSeconds = number<double>(j, "system_seconds");
  r.maxRssKb = number<std::uint64_t>(j, "max_rss_kb");
  r.command = texts(j, "command");
  r.message = text(j, "message");
  const auto& samples = member(j, "samples");
  for (const auto& s : samples.is_array() ? samples : nlohmann::json::array()) {
    SampleValue v;
    v.metric = text(s, "metric");
    v.value = number<double>(s, "value");
    v.unit = text(s, "unit");
    const auto& labels = member(s, "labels");
    if (labels.is_object()) {
      for (const auto& [k, l] : labels.items()) {
        if (l.is_string()) v.labels[k] = l.get<std::string>();
      }
    }
    r.samples.push_back(std::move(v));
  }
  if (member(j, "raw_output").is_string()) r.rawOutput = text(j, "raw_output");
  if (member(j, "raw_stderr").is_string()) r.rawStderr = text(j, "raw_stderr");
  return r;
}

}  // namespace

NodeSummary nodeFromJson(const nlohmann::json& j) {
  NodeSummary n;
  n.id = text(j, "id");
  n.state = text(j, "state");
  n.environment = text(j, "environment");
  n.heartbeatAgeSeconds = number<double>(j, "heartbeat_age_seconds");
  n.runningTasks = number<std::uint32_t>(j, "running_tasks");
  n.registrations = number<std::uint64_t>(j, "registrations");
  n.hostname = text(j, "hostname");
  n.addresses = texts(j, "addresses");
  n.cpuCount = number<std::uint32_t>(j, "cpu_count");
  n.cpuModel = text(j, "cpu_model");
  n.memoryBytes = number<std::uint64_t>(j, "memory_bytes");
  n.kernel = text(j, "kernel");
  n.virtKind = text(j, "virt_kind");
  n.virtTech = text(j, "virt_tech");
  n.os = text(j, "os");
  n.macs = texts(j, "macs");
  n.interfaces = texts(j, "interfaces");
  return n;
}

ControllerStatus statusFromJson(const nlohmann::json& j) {
  ControllerStatus s;
  s.version = text(j, "version");
  s.pid = number<std::int64_t>(j, "pid");
  s.agentEndpoint = text(j, "agent_endpoint");
  s.controlEndpoint = text(j, "control_endpoint");
  s.metricsUrl = text(j, "metrics_url");
  s.publicKey = text(j, "public_key");
  s.nodes = number<std::uint64_t>(j, "nodes");
  s.ready = number<std::uint64_t>(j, "ready");
  s.runsInFlight = number<std::uint64_t>(j, "runs_in_flight");
  return s;
}

RunSummary runFromJson(const nlohmann::json& j) {
  RunSummary r;
  r.runId = number<std::int64_t>(j, "run_id");
  r.benchmark = text(j, "benchmark");
  r.params = fields(j, "params");
  r.status = text(j, "status");
  r.labels = fields(j, "labels");
  r.startedAtMs = number<std::int64_t>(j, "started_at_ms");
  r.finishedAtMs = number<std::int64_t>(j, "finished_at_ms");
  const auto& results = member(j, "results");
  for (const auto& res : results.is_array() ? results : nlohmann::json::array()) {
    r.results.push_back(resultFromJson(res));
  }
  r.counts = countByStatus(r.results);
  return r;
}

SuiteSummary suiteFromJson(const nlohmann::json& j) {
  SuiteSummary s;
  s.suiteId = number<std::int64_t>(j, "suite_id");
  s.suite = text(j, "suite");
  s.status = text(j, "status");
  const auto& runs = member(j, "runs");
  for (const auto& r : runs.is_array() ? runs : nlohmann::json::array()) {
    SuiteRunEntry e;
    e.step = text(r, "step");
    e.repetition = number<std::int64_t>(r, "repetition");
    e.benchmark = text(r, "benchmark");
    e.status = text(r, "status");
    e.runId = number<std::int64_t>(r, "run_id");
    e.message = text(r, "message");
    if (member(r, "run").is_object()) e.run = runFromJson(member(r, "run"));
    s.runs.push_back(std::move(e));
  }
  const auto& steps = member(j, "steps");
  for (const auto& st : steps.is_array() ? steps : nlohmann::json::array()) {
    s.steps.push_back(
        {text(st, "step"), number<std::int64_t>(st, "repetitions"), text(st, "reason")});
  }
  return s;
}

std::vector<std::int64_t> cancelledFromJson(const nlohmann::json& j) {
  std::vector<std::int64_t> out;
  const auto& ids = member(j, "cancelled");
  for (const auto& id : ids.is_array() ? ids : nlohmann::json::array()) {
    if (id.is_number_integer()) out.push_back(id.get<std::int64_t>());
  }
  return out;
}

ApplySummary applyFromJson(const nlohmann::json& j) {
  ApplySummary a;
  a.spec = text(j, "spec");
  a.mode = text(j, "mode");
  a.status = text(j, "status");
  const auto& nodes = member(j, "nodes");
  for (const auto& n : nodes.is_array() ? nodes : nlohmann::json::array()) {
    ApplyNodeReport r;
    r.nodeId = text(n, "node_id");
    r.hostname = text(n, "hostname");
    r.status = text(n, "status");
    r.error = text(n, "error");
    const auto& counts = member(n, "counts");
    if (counts.is_object()) {
      for (const auto& [k, v] : counts.items()) {
        if (v.is_number_integer() && v.get<std::int64_t>() >= 0) r.counts[k] = v.get<std::uint64_t>();
      }
    }
    const auto& steps = member(n, "steps");
    for (const auto& s : steps.is_array() ? steps : nlohmann::json::array()) {
      r.steps.push_back({text(s, "applier"), text(s, "outcome"), text(s, "diff"),
                         texts(s, "commands"), text(s, "message")});
    }
    a.nodes.push_back(std::move(r));
  }
  a.warnings = texts(j, "warnings");
  a.unassignedEntries = texts(j, "unassigned_entries");
  a.unmatchedNodes = texts(j, "unmatched_nodes");
  return a;
}

}  // namespace cb::control::legacy
