#include "cli/result_table.hpp"

#include <algorithm>
#include <cstdio>

#include "cli/reply_json.hpp"
#include "cli/table.hpp"

namespace cb::cli {
namespace {
std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 100 ? "%.1f" : "%.3g", v);
  return buf;
}
}  // namespace

void printRunResults(const control::RunSummary& run, std::ostream& os, bool allRows) {
  os << "run " << run.runId << "  " << run.benchmark << "  " << run.status << "  params "
     << fieldsJson(run.params).dump() << "\n";
  std::vector<const control::ResultSummary*> rows;
  bool summary = !allRows && (run.resultsOmitted > 0 || run.results.size() > kTableRowsUpTo);
  for (const auto& r : run.results) {
    if (!summary || r.status != "succeeded") rows.push_back(&r);
  }
  if (summary) {
    os << control::resultCount(run) << " results:";
    const char* sep = " ";
    for (const auto& [status, n] : run.counts) {
      os << sep << n << " " << status;
      sep = ", ";
    }
    os << "\n";
    if (rows.empty()) return;
    os << "not succeeded (every row: clusterbench results --run " << run.runId << " --all):\n";
  }
  std::vector<std::pair<std::string, std::string>> metrics;  // metric, unit
  for (const auto* r : rows) {
    for (const auto& s : r->samples) {
      std::pair<std::string, std::string> m{s.metric, s.unit};
      if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
    }
  }
  std::vector<std::string> header{"HOSTNAME", "ENV", "STATUS", "WALL"};
  for (const auto& [m, u] : metrics) header.push_back(m + " (" + u + ")");
  Table t(header);
  for (const auto* r : rows) {
    std::vector<std::string> row{r->hostname, r->environment, r->status,
                                 fmt(r->wallSeconds) + "s"};
    for (const auto& [m, u] : metrics) {
      std::string cell = "-";
      for (const auto& s : r->samples) {
        if (s.metric == m && s.unit == u) cell = fmt(s.value);
      }
      row.push_back(cell);
    }
    t.add(row);
  }
  t.print(os);
  for (const auto* r : rows) {
    if (!r->message.empty()) os << "  " << r->hostname << ": " << r->message << "\n";
  }
}

}  // namespace cb::cli
