#include "daemon/node_json.hpp"

namespace cb::controller {
namespace {
template <typename L>
nlohmann::json textList(L list) {
  auto arr = nlohmann::json::array();
  for (auto t : list) arr.push_back(std::string(t.cStr()));
  return arr;
}
}  // namespace

nlohmann::json factsToJson(proto::NodeFacts::Reader f) {
  const char* kind = "none";
  if (f.getVirtKind() == proto::VirtKind::VM) kind = "vm";
  if (f.getVirtKind() == proto::VirtKind::CONTAINER) kind = "container";
  return {{"hostname", f.getHostname().cStr()},
          {"addresses", textList(f.getAddresses())},
          {"cpu_count", f.getCpuCount()},
          {"cpu_model", f.getCpuModel().cStr()},
          {"memory_bytes", f.getMemoryBytes()},
          {"kernel", f.getKernel().cStr()},
          {"virt_kind", kind},
          {"virt_tech", f.getVirtTech().cStr()},
          {"os", f.getOs().cStr()},
          {"macs", textList(f.getMacs())},
          {"interfaces", textList(f.getInterfaces())}};
}

nlohmann::json nodeToJson(const NodeInfo& n, TimePoint now) {
  nlohmann::json j = n.facts;
  j["id"] = n.nodeId;
  j["state"] = toString(n.state);
  j["environment"] = n.environment;
  j["heartbeat_age_seconds"] = std::chrono::duration<double>(now - n.lastSeen).count();
  j["running_tasks"] = n.runningTasks;
  j["registrations"] = n.registrations;
  return j;
}

nlohmann::json resultToJson(const store::ResultRecord& r, bool withRawOutput) {
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
  if (withRawOutput) {
    j["raw_output"] = r.rawOutput;
    j["raw_stderr"] = r.rawStderr;
  }
  return j;
}

nlohmann::json runToJson(const store::RunRecord& r) {
  return {
      {"run_id", r.id},
      {"benchmark", r.benchmark},
      {"params", nlohmann::json::parse(r.paramsJson.empty() ? "{}" : r.paramsJson, nullptr, false)},
      {"status", r.status},
      {"labels", nlohmann::json::parse(r.labelsJson.empty() ? "{}" : r.labelsJson, nullptr, false)},
      {"started_at_ms", r.startedAt},
      {"finished_at_ms", r.finishedAt}};
}

nlohmann::json runWithResultsJson(store::Store& store, std::int64_t runId) {
  auto j = nlohmann::json::object();
  if (auto r = store.run(runId)) j = runToJson(*r);
  j["results"] = nlohmann::json::array();
  for (const auto& res : store.resultsForRun(runId)) {
    j["results"].push_back(resultToJson(res, false));
  }
  return j;
}

}  // namespace cb::controller
