#include "report/aggregate.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "labels/environment.hpp"
#include "report/family.hpp"
#include "report/natural_order.hpp"
#include "stats/outliers.hpp"

namespace cb::report {
namespace {

constexpr char kSep = '\x1f';

/// Environments first, in labels::kEnvironments order, then every other group.
int groupRank(const std::string& group) {
  for (std::size_t i = 0; i < labels::kEnvironments.size(); ++i) {
    if (group == labels::toString(labels::kEnvironments[i])) return static_cast<int>(i);
  }
  return static_cast<int>(labels::kEnvironments.size());
}

}  // namespace

std::vector<std::string> orderGroups(std::vector<std::string> groups) {
  std::sort(groups.begin(), groups.end(), [](const std::string& a, const std::string& b) {
    const int ra = groupRank(a), rb = groupRank(b);
    if (ra != rb) return ra < rb;
    return naturalLess(a, b);
  });
  groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
  return groups;
}

Aggregator::Aggregator(std::string groupBy) {
  comparison_.groupBy = std::move(groupBy);
}

Aggregator::PendingRow& Aggregator::rowFor(const SampleRow& sample, Better better, bool perNode) {
  key_.assign(sample.benchmark).append(1, kSep).append(sample.metric).append(1, kSep);
  key_.append(sample.unit);
  for (const auto& [k, v] : sample.labels) key_.append(1, kSep).append(k).append("=").append(v);
  if (perNode) key_.append(1, kSep).append("\x1enode=").append(sample.node);

  auto [it, fresh] = rowIndex_.try_emplace(key_, rows_.size());
  if (fresh) {
    PendingRow& p = rows_.emplace_back();
    p.row.benchmark = sample.benchmark;
    p.row.metric = sample.metric;
    p.row.unit = sample.unit;
    p.row.labels = sample.labels;
    if (perNode) p.row.labels["node"] = sample.node;
    p.row.better = better;
    p.perNode = perNode;
    p.benchmarkOrder = firstSeen_.try_emplace(sample.benchmark, firstSeen_.size()).first->second;
    p.metricOrder =
        firstSeen_.try_emplace(sample.benchmark + kSep + sample.metric, firstSeen_.size())
            .first->second;
  }
  return rows_[it->second];
}

void Aggregator::add(const SampleRow& sample, const std::vector<Reference>& runReferences) {
  if (sample.status != "succeeded") {
    ++comparison_.notSucceeded;
    return;
  }
  const Better better = betterDirection(sample.metric, sample.unit);
  if (better == Better::kNone) {
    comparison_.notCompared.insert(sample.benchmark + " " + sample.metric);
    return;
  }
  PendingRow& p = rowFor(sample, better, false);
  p.row.cells[sample.group].values.push_back(sample.value);
  for (const Reference& ref : runReferences) {
    if (!referenceApplies(ref, sample.metric, sample.environment)) continue;
    auto& refs = p.references[sample.group];
    if (std::find(refs.begin(), refs.end(), ref) == refs.end()) refs.push_back(ref);
  }
  if (familyIsPerNode(familyOf(sample.benchmark))) {
    rowFor(sample, better, true).row.cells[sample.group].values.push_back(sample.value);
  }
  if (!sample.virtTech.empty()) comparison_.virtTech[sample.group].insert(sample.virtTech);
  if (sample.runId != setupRun_ || sample.group != setupGroup_) {
    setupRun_ = sample.runId;
    setupGroup_ = sample.group;
    for (std::string_view key : kSetupLabels) {
      auto it = sample.runLabels.find(std::string(key));
      if (it == sample.runLabels.end() || it->second.empty()) continue;
      comparison_.setup[sample.group][it->first].insert(it->second);
    }
  }
  comparison_.runIds.insert(sample.runId);
  ++comparison_.samples;
}

Comparison Aggregator::finish() {
  std::vector<std::string> groups;
  std::map<std::string, std::size_t> sectionIndex;
  std::sort(rows_.begin(), rows_.end(), [](const PendingRow& a, const PendingRow& b) {
    if (a.benchmarkOrder != b.benchmarkOrder) return a.benchmarkOrder < b.benchmarkOrder;
    if (a.metricOrder != b.metricOrder) return a.metricOrder < b.metricOrder;
    return naturalLess(a.row.labels, b.row.labels);
  });
  std::vector<Section> sections;
  for (PendingRow& p : rows_) {
    for (auto& [group, cell] : p.row.cells) {
      groups.push_back(group);
      cell.summary = stats::summarize(cell.values);
      if (cell.values.size() >= kMinValuesForOutliers) {
        cell.outliers = stats::outliers(cell.values).size();
      }
      for (const Reference& ref : p.references[group]) {
        cell.checks.push_back(checkReference(ref, cell.summary.mean, p.row.unit));
      }
    }
    const std::string family = familyOf(p.row.benchmark);
    auto [at, fresh] = sectionIndex.try_emplace(family, sections.size());
    if (fresh) {
      Section& s = sections.emplace_back();
      s.family = family;
      s.title = familyTitle(family);
    }
    Section& s = sections[at->second];
    if (std::find(s.benchmarks.begin(), s.benchmarks.end(), p.row.benchmark) ==
        s.benchmarks.end()) {
      s.benchmarks.push_back(p.row.benchmark);
    }
    (p.perNode ? s.nodeRows : s.rows).push_back(std::move(p.row));
  }
  std::stable_sort(sections.begin(), sections.end(), [](const Section& a, const Section& b) {
    const int ra = familyRank(a.family), rb = familyRank(b.family);
    if (ra != rb) return ra < rb;
    return a.family < b.family;
  });
  comparison_.sections = std::move(sections);
  comparison_.groups = orderGroups(std::move(groups));
  rows_.clear();
  rowIndex_.clear();
  return std::move(comparison_);
}

}  // namespace cb::report
