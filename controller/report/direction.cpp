#include "report/direction.hpp"

#include <array>

namespace cb::report {
namespace {

enum class Match {
  kMetricIs,        // the metric name equals the pattern
  kMetricContains,  // the metric name contains the pattern
  kMetricStarts,    // the metric name starts with the pattern
  kUnitIs,          // the unit equals the pattern
  kUnitEnds,        // the unit ends with the pattern
};

struct Rule {
  Match match;
  std::string_view pattern;
  Better better;
};

// Ordered: bookkeeping figures first (they would otherwise match a rate or time rule), then
// lower-is-better names, then units, then higher-is-better names.
constexpr std::array kRules = {
    // Counts and totals that depend on how long a run lasted, flags, sizes, CPU usage.
    Rule{Match::kMetricIs, "success", Better::kNone},
    Rule{Match::kMetricIs, "comm_world_procs", Better::kNone},
    Rule{Match::kMetricIs, "total_events", Better::kNone},
    Rule{Match::kMetricIs, "total_operations", Better::kNone},
    Rule{Match::kMetricIs, "total_time", Better::kNone},
    Rule{Match::kMetricIs, "transferred", Better::kNone},
    Rule{Match::kMetricIs, "tests_served", Better::kNone},
    Rule{Match::kMetricIs, "bogo_ops", Better::kNone},
    Rule{Match::kMetricIs, "real_time", Better::kNone},
    Rule{Match::kMetricIs, "usr_time", Better::kNone},
    Rule{Match::kMetricIs, "sys_time", Better::kNone},
    Rule{Match::kMetricIs, "max_rss", Better::kNone},
    Rule{Match::kMetricStarts, "cpu_usage", Better::kNone},
    Rule{Match::kMetricStarts, "cpu_utilization", Better::kNone},
    Rule{Match::kUnitIs, "bool", Better::kNone},
    Rule{Match::kUnitIs, "%", Better::kNone},
    // Lower is better.
    Rule{Match::kMetricContains, "latency", Better::kLower},
    Rule{Match::kMetricStarts, "clat_", Better::kLower},
    Rule{Match::kMetricStarts, "lat_", Better::kLower},
    Rule{Match::kMetricContains, "retransmit", Better::kLower},
    Rule{Match::kMetricContains, "seconds", Better::kLower},
    Rule{Match::kMetricContains, "duration", Better::kLower},
    Rule{Match::kMetricContains, "_time", Better::kLower},
    Rule{Match::kUnitIs, "s", Better::kLower},
    Rule{Match::kUnitIs, "ms", Better::kLower},
    Rule{Match::kUnitIs, "us", Better::kLower},
    Rule{Match::kUnitIs, "ns", Better::kLower},
    // Higher is better: rates by unit, then by name.
    Rule{Match::kUnitEnds, "/s", Better::kHigher},
    Rule{Match::kMetricContains, "per_second", Better::kHigher},
    Rule{Match::kMetricContains, "throughput", Better::kHigher},
    Rule{Match::kMetricContains, "bandwidth", Better::kHigher},
    Rule{Match::kMetricContains, "gflops", Better::kHigher},
    Rule{Match::kMetricContains, "gups", Better::kHigher},
    Rule{Match::kMetricContains, "iops", Better::kHigher},
    Rule{Match::kMetricContains, "rate", Better::kHigher},
};

bool matches(const Rule& rule, std::string_view metric, std::string_view unit) {
  switch (rule.match) {
    case Match::kMetricIs:
      return metric == rule.pattern;
    case Match::kMetricContains:
      return metric.find(rule.pattern) != std::string_view::npos;
    case Match::kMetricStarts:
      return metric.starts_with(rule.pattern);
    case Match::kUnitIs:
      return unit == rule.pattern;
    case Match::kUnitEnds:
      return unit.ends_with(rule.pattern);
  }
  return false;
}

}  // namespace

Better betterDirection(std::string_view metric, std::string_view unit) {
  for (const Rule& rule : kRules) {
    if (matches(rule, metric, unit)) return rule.better;
  }
  return Better::kNone;
}

std::string betterName(Better better) {
  switch (better) {
    case Better::kHigher:
      return "higher";
    case Better::kLower:
      return "lower";
    case Better::kNone:
      break;
  }
  return "none";
}

}  // namespace cb::report
