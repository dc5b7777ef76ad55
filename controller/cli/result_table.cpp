#include "cli/result_table.hpp"

#include <cstdio>

#include "cli/table.hpp"

namespace cb::cli {
namespace {
std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 100 ? "%.1f" : "%.3g", v);
  return buf;
}
}  // namespace

void printRunResults(const nlohmann::json& run, std::ostream& os) {
  os << "run " << run.value("run_id", 0) << "  " << run.value("benchmark", "") << "  "
     << run.value("status", "") << "  params "
     << run.value("params", nlohmann::json::object()).dump() << "\n";
  std::vector<std::pair<std::string, std::string>> metrics;  // metric, unit
  for (const auto& r : run["results"]) {
    for (const auto& s : r["samples"]) {
      std::pair<std::string, std::string> m{s["metric"], s["unit"]};
      if (std::find(metrics.begin(), metrics.end(), m) == metrics.end()) metrics.push_back(m);
    }
  }
  std::vector<std::string> header{"HOSTNAME", "ENV", "STATUS", "WALL"};
  for (const auto& [m, u] : metrics) header.push_back(m + " (" + u + ")");
  Table t(header);
  for (const auto& r : run["results"]) {
    std::vector<std::string> row{r["hostname"], r["environment"], r["status"],
                                 fmt(r["wall_seconds"].get<double>()) + "s"};
    for (const auto& [m, u] : metrics) {
      std::string cell = "-";
      for (const auto& s : r["samples"]) {
        if (s["metric"] == m && s["unit"] == u) cell = fmt(s["value"].get<double>());
      }
      row.push_back(cell);
    }
    t.add(row);
  }
  t.print(os);
  for (const auto& r : run["results"]) {
    if (!r["message"].get<std::string>().empty()) {
      os << "  " << r["hostname"].get<std::string>() << ": " << r["message"].get<std::string>()
         << "\n";
    }
  }
}

}  // namespace cb::cli
