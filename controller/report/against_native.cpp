#include "report/against_native.hpp"

#include <algorithm>

#include "labels/environment.hpp"
#include "report/number_format.hpp"
#include "report/row_text.hpp"

namespace cb::report {
namespace {

const Cell* measured(const Row& row, const std::string& group) {
  auto it = row.cells.find(group);
  return it == row.cells.end() || it->second.summary.n == 0 ? nullptr : &it->second;
}

bool has(const std::vector<std::string>& groups, const std::string& g) {
  return std::find(groups.begin(), groups.end(), g) != groups.end();
}

}  // namespace

std::string nativeGroup(const Comparison& c) {
  if (c.groups.size() < 2) return "";
  if (c.groupBy == kGroupByEnvironment) {
    const std::string bare = labels::toString(labels::Environment::kBare);
    return has(c.groups, bare) ? bare : "";
  }
  if (c.groupBy == "lab_provider") {
    for (const char* p : {"netns", "loopback"}) {
      if (has(c.groups, p)) return p;
    }
  }
  return "";
}

NativeRatio againstNative(const Row& row, const std::string& group, const std::string& native) {
  NativeRatio out;
  const Cell* g = measured(row, group);
  const Cell* n = measured(row, native);
  if (g != nullptr) out.n = g->summary.n;
  if (g == nullptr || n == nullptr || row.better == Better::kNone) return out;
  const double top = row.better == Better::kHigher ? g->summary.mean : n->summary.mean;
  const double bottom = row.better == Better::kHigher ? n->summary.mean : g->summary.mean;
  if (bottom == 0) return out;
  out.relative = top / bottom;
  out.test = stats::testDifference(g->values, n->values, kMinValuesForOutliers);
  return out;
}

std::string nativeTestText(const NativeRatio& r) {
  if (!r.relative) return "–";
  if (!r.test) return "n too small";
  const char* method = r.test->method == stats::TestMethod::kWelch ? "t" : "U";
  std::string verdict = "~";
  if (r.test->significant() && *r.relative != 1) verdict = *r.relative < 1 ? "worse" : "better";
  return formatP(r.test->p) + " (" + method + "), " + verdict;
}

SectionTable againstNativeTable(const Comparison& c) {
  SectionTable t;
  const std::string native = nativeGroup(c);
  if (native.empty()) return t;
  std::vector<std::string> others;
  for (const auto& g : c.groups) {
    if (g != native) others.push_back(g);
  }

  std::vector<std::pair<const Row*, const Cell*>> rows;
  bool withLabels = false;
  for (const Section& s : c.sections) {
    for (const Row& row : s.rows) {
      const Cell* base = measured(row, native);
      const bool other = std::any_of(others.begin(), others.end(), [&](const std::string& g) {
        return measured(row, g) != nullptr;
      });
      if (base == nullptr || !other || row.better == Better::kNone) continue;
      rows.emplace_back(&row, base);
      withLabels = withLabels || !row.labels.empty();
    }
  }
  if (rows.empty()) return t;

  t.header = {"Benchmark", "Metric"};
  if (withLabels) t.header.push_back("Labels");
  t.header.insert(t.header.end(), {"Unit", "Better"});
  t.firstValueColumn = t.header.size();
  t.header.push_back(native);
  for (const auto& g : others) {
    t.header.push_back(g + " / " + native);
    t.header.push_back("p (" + g + ")");
  }
  for (const auto& [row, base] : rows) {
    const DisplayUnit unit = rowDisplayUnit(*row);
    std::vector<std::string> cells = {row->benchmark, row->metric};
    if (withLabels) cells.push_back(labelsText(row->labels));
    cells.push_back(unit.unit);
    cells.push_back(betterName(row->better));
    cells.push_back(cellText(*base, unit));
    for (const auto& g : others) {
      const NativeRatio r = againstNative(*row, g, native);
      std::string ratio = "–";
      if (r.relative) {
        ratio = formatRatio(*r.relative) + " (n=" + std::to_string(r.n) +
                (r.n < kFewValues ? " ⚠)" : ")");
      }
      cells.push_back(std::move(ratio));
      cells.push_back(nativeTestText(r));
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

std::string againstNativeText(const std::string& native) {
  return "Each environment against native (" + native +
         ": the host's own kernel and processes), as in Felter et al., IBM 2014: performance "
         "relative to native, the mean divided by native's where higher is better and native's "
         "divided by the mean where lower is better, so 1 is as fast as native and below 1 is "
         "always worse (0.9: 10 % overhead). p tests that environment against native at 95 % "
         "(t: Welch's t-test, U: Mann–Whitney U): worse or better when significant, ~ when not, "
         "n too small below 2 values.";
}

}  // namespace cb::report
