#include "report/sample_row.hpp"

#include <nlohmann/json.hpp>

namespace cb::report {

Labels parseRunLabels(const std::string& json) {
  Labels labels;
  const auto doc = nlohmann::json::parse(json, nullptr, false);
  if (!doc.is_object()) return labels;
  for (const auto& [key, value] : doc.items()) {
    if (value.is_null()) continue;
    labels.emplace(key, value.is_string() ? value.get<std::string>() : value.dump());
  }
  return labels;
}

RowResolver::RowResolver(std::string groupBy) : groupBy_(std::move(groupBy)) {}

void RowResolver::resolve(const store::ReportRow& row, SampleRow& out) {
  if (row.runId != runId_) {
    runId_ = row.runId;
    runLabels_ = parseRunLabels(row.runLabelsJson);
    references_ = parseReferences(row.referencesJson);
  }
  out.runId = row.runId;
  out.startedAt = row.startedAt;
  out.benchmark = row.benchmark;
  out.node = row.hostname;
  out.status = row.status;
  out.metric = row.sample.metric;
  out.unit = row.sample.unit;
  out.value = row.sample.value;
  out.labels = row.sample.labels;
  if (&out != filled_ || row.runId != filledRun_) {
    out.runLabels = runLabels_;
    filled_ = &out;
    filledRun_ = row.runId;
  }

  const auto env = runLabels_.find("environment");
  const bool labelled = env != runLabels_.end() && !env->second.empty();
  out.environment = labelled ? env->second : row.environment;
  if (out.environment.empty()) out.environment = "unknown";
  const auto virt = runLabels_.find("virt_tech");
  if (virt != runLabels_.end() && !virt->second.empty()) {
    out.virtTech = virt->second;
  } else {
    out.virtTech = out.environment == row.environment ? row.nodeVirtTech : std::string();
  }
  if (groupBy_ == kGroupByEnvironment) {
    out.group = out.environment;
  } else {
    const auto it = runLabels_.find(groupBy_);
    out.group = it != runLabels_.end() && !it->second.empty() ? it->second : kNoGroup;
  }
}

}  // namespace cb::report
