#include "cli/reply_json.hpp"

namespace cb::cli {

nlohmann::json fieldsJson(const control::Fields& fields) {
  auto j = nlohmann::json::object();
  for (const auto& [key, v] : fields) {
    switch (v.kind) {
      case control::FieldValue::Kind::kText:
        j[key] = v.text;
        break;
      case control::FieldValue::Kind::kInteger:
        j[key] = v.integer;
        break;
      case control::FieldValue::Kind::kJson:
        j[key] = nlohmann::json::parse(v.text, nullptr, false);
        if (j[key].is_discarded()) j[key] = nullptr;
        break;
    }
  }
  return j;
}

nlohmann::json nodeJson(const control::NodeSummary& n) {
  return {{"id", n.id},
          {"state", n.state},
          {"environment", n.environment},
          {"heartbeat_age_seconds", n.heartbeatAgeSeconds},
          {"running_tasks", n.runningTasks},
          {"registrations", n.registrations},
          {"hostname", n.hostname},
          {"addresses", n.addresses},
          {"cpu_count", n.cpuCount},
          {"cpu_model", n.cpuModel},
          {"memory_bytes", n.memoryBytes},
          {"kernel", n.kernel},
          {"virt_kind", n.virtKind},
          {"virt_tech", n.virtTech},
          {"os", n.os},
          {"macs", n.macs},
          {"interfaces", n.interfaces}};
}

nlohmann::json nodesJson(const std::vector<control::NodeSummary>& nodes) {
  auto arr = nlohmann::json::array();
  for (const auto& n : nodes) arr.push_back(nodeJson(n));
  return arr;
}

nlohmann::json statusJson(const control::ControllerStatus& s) {
  return {{"version", s.version},
          {"pid", s.pid},
          {"agent_endpoint", s.agentEndpoint},
          {"control_endpoint", s.controlEndpoint},
          {"metrics_url", s.metricsUrl},
          {"public_key", s.publicKey},
          {"nodes", s.nodes},
          {"ready", s.ready},
          {"runs_in_flight", s.runsInFlight}};
}

nlohmann::json resultJson(const control::ResultSummary& r) {
  auto samples = nlohmann::json::array();
  for (const auto& s : r.samples) {
    samples.push_back(
        {{"metric", s.metric}, {"value", s.value}, {"unit", s.unit}, {"labels", s.labels}});
  }
  nlohmann::json j = {{"task_id", r.taskId},
                      {"node_id", r.nodeId},
                      {"hostname", r.hostname},
                      {"environment", r.environment},
                      {"status", r.status},
                      {"exit_code", r.exitCode},
                      {"wall_seconds", r.wallSeconds},
                      {"user_seconds", r.userSeconds},
                      {"system_seconds", r.systemSeconds},
                      {"max_rss_kb", r.maxRssKb},
                      {"command", r.command},
                      {"message", r.message},
                      {"samples", samples}};
  if (r.rawOutput) j["raw_output"] = *r.rawOutput;
  if (r.rawStderr) j["raw_stderr"] = *r.rawStderr;
  return j;
}

nlohmann::json runJson(const control::RunSummary& r) {
  auto results = nlohmann::json::array();
  for (const auto& res : r.results) results.push_back(resultJson(res));
  return {{"run_id", r.runId},
          {"benchmark", r.benchmark},
          {"params", fieldsJson(r.params)},
          {"status", r.status},
          {"labels", fieldsJson(r.labels)},
          {"started_at_ms", r.startedAtMs},
          {"finished_at_ms", r.finishedAtMs},
          {"counts", r.counts},
          {"results", results}};
}

nlohmann::json runsJson(const std::vector<control::RunSummary>& runs) {
  auto arr = nlohmann::json::array();
  for (const auto& r : runs) arr.push_back(runJson(r));
  return arr;
}

nlohmann::json suiteJson(const control::SuiteSummary& s) {
  auto runs = nlohmann::json::array();
  for (const auto& e : s.runs) {
    nlohmann::json j = {{"step", e.step},
                        {"repetition", e.repetition},
                        {"benchmark", e.benchmark},
                        {"status", e.status}};
    if (e.run) {
      j["run_id"] = e.runId;
      j["run"] = runJson(*e.run);
    } else {
      j["message"] = e.message;
    }
    runs.push_back(std::move(j));
  }
  auto steps = nlohmann::json::array();
  for (const auto& st : s.steps) {
    steps.push_back({{"step", st.step}, {"repetitions", st.repetitions}, {"reason", st.reason}});
  }
  nlohmann::json out = {{"suite", s.suite}, {"status", s.status}, {"runs", runs}, {"steps", steps}};
  if (s.suiteId != 0) out["suite_id"] = s.suiteId;
  return out;
}

nlohmann::json suitesJson(const std::vector<control::SuiteRunInfo>& suites) {
  auto arr = nlohmann::json::array();
  for (const auto& s : suites) {
    arr.push_back({{"suite_id", s.suiteId},
                   {"name", s.name},
                   {"file", s.fileName},
                   {"status", s.status},
                   {"steps_done", s.stepsDone},
                   {"steps_total", s.stepsTotal},
                   {"repetitions_done", s.repetitionsDone},
                   {"started_at_ms", s.startedAtMs},
                   {"finished_at_ms", s.finishedAtMs}});
  }
  return arr;
}

nlohmann::json cancelledJson(const std::vector<std::int64_t>& runIds) {
  return {{"cancelled", runIds}};
}

nlohmann::json applyJson(const control::ApplySummary& a) {
  auto nodes = nlohmann::json::array();
  for (const auto& n : a.nodes) {
    auto steps = nlohmann::json::array();
    for (const auto& s : n.steps) {
      steps.push_back({{"applier", s.applier},
                       {"outcome", s.outcome},
                       {"diff", s.diff},
                       {"commands", s.commands},
                       {"message", s.message}});
    }
    nodes.push_back({{"node_id", n.nodeId},
                     {"hostname", n.hostname},
                     {"status", n.status},
                     {"error", n.error},
                     {"counts", n.counts},
                     {"steps", steps}});
  }
  return {{"spec", a.spec},
          {"mode", a.mode},
          {"status", a.status},
          {"nodes", nodes},
          {"warnings", a.warnings},
          {"unassigned_entries", a.unassignedEntries},
          {"unmatched_nodes", a.unmatchedNodes}};
}

}  // namespace cb::cli
