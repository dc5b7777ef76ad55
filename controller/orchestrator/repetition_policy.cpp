#include "orchestrator/repetition_policy.hpp"

#include <cmath>
#include <cstdio>

#include "stats/outliers.hpp"
#include "stats/summary.hpp"

namespace cb::controller {
namespace {

/// "7.8 %"; below 0.1 % two significant digits ("0.01 %") so small thresholds stay readable.
std::string percent(double fraction) {
  char buf[32];
  const double p = fraction * 100;
  std::snprintf(buf, sizeof buf, p != 0 && std::fabs(p) < 0.1 ? "%.2g %%" : "%.1f %%", p);
  return buf;
}

std::string number(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

/// Why the series are unstable, or "" when they are not.
std::string instability(const SeriesValues& series, double maxRsd) {
  const std::string* worst = nullptr;
  double worstRsd = 0;
  for (const auto& [key, values] : series) {
    if (values.size() < 2) continue;
    double rsd = stats::summarize(values).relativeStddev();
    if (rsd > maxRsd && rsd > worstRsd) {
      worst = &key;
      worstRsd = rsd;
    }
  }
  if (worst != nullptr) {
    return *worst + " varies by " + percent(worstRsd) + " (relative stddev above " +
           percent(maxRsd) + ")";
  }
  for (const auto& [key, values] : series) {
    for (auto i : stats::outliers(values)) {
      std::vector<double> others;
      for (std::size_t j = 0; j < values.size(); ++j) {
        if (j != i) others.push_back(values[j]);
      }
      const double mean = stats::summarize(others).mean;
      const double distance = std::fabs(values[i] - mean);
      if (mean != 0 ? distance / std::fabs(mean) <= maxRsd : distance == 0) continue;
      return key + " has an outlier: " + number(values[i]) + " lies beyond 3 sigma of the other " +
             std::to_string(others.size()) + " values (mean " + number(mean) + ")";
    }
  }
  return "";
}

}  // namespace

std::string seriesKey(const std::string& hostname, const bench::Sample& sample) {
  std::string key = hostname + " " + sample.metric;
  if (sample.labels.empty()) return key;
  std::string labels;
  for (const auto& [k, v] : sample.labels) labels += (labels.empty() ? "" : ",") + k + "=" + v;
  return key + "{" + labels + "}";
}

void appendRepetition(SeriesValues& series, const SeriesValues& repetition) {
  for (const auto& [key, values] : repetition) {
    if (values.empty()) continue;
    double sum = 0;
    for (double v : values) sum += v;
    series[key].push_back(sum / static_cast<double>(values.size()));
  }
}

RepetitionDecision decideRepetition(int done, int minimum,
                                    const std::optional<spec::AdaptiveRepetitions>& adaptive,
                                    double elapsedSeconds, const SeriesValues& series) {
  if (done < minimum) {
    return {true, "minimum of " + std::to_string(minimum) + " repetitions not reached"};
  }
  if (!adaptive) return {false, std::to_string(done) + " repetition(s) done"};
  if (series.empty()) return {false, "no metric values to judge stability by"};
  std::string why = done < 2 ? std::string("one repetition shows no spread")
                             : instability(series, adaptive->maxRsd);
  if (why.empty()) {
    return {false, "stable: every series within " + percent(adaptive->maxRsd) +
                       " relative stddev, no outliers"};
  }
  if (done >= adaptive->maxRuns) {
    return {false,
            why + "; stopping at the cap of " + std::to_string(adaptive->maxRuns) + " repetitions"};
  }
  const double average = elapsedSeconds / done;
  if (elapsedSeconds + average > adaptive->maxSeconds) {
    return {false, why + "; stopping: another repetition (~" + number(std::round(average)) +
                       " s) would pass the " + std::to_string(adaptive->maxSeconds) + " s cap (" +
                       number(std::round(elapsedSeconds)) + " s used)"};
  }
  return {true, why};
}

}  // namespace cb::controller
