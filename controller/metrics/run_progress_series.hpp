#pragma once
// Run progress families of /metrics: suites (steps, steps completed, running, current step) and
// tasks in flight per node and benchmark. Labels: suite and step names from the user's suite
// files, node hostnames, catalog benchmark names — never run ids.
// Thread-safety: call from the controller loop thread only (bookkeeping maps are unguarded;
// prometheus-cpp synchronises values against scrapes).
#include <map>
#include <string>
#include <utility>

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "metrics/metrics.hpp"

namespace cb::metrics {

class RunProgressSeries {
 public:
  explicit RunProgressSeries(prometheus::Registry& registry);

  void setNodeTasksRunning(const NodeTaskCounts& running);
  void setSuiteProgress(const SuiteProgress& progress);

 private:
  struct SuiteSeries {
    prometheus::Gauge* steps = nullptr;                     // owned by suiteSteps_
    prometheus::Gauge* completed = nullptr;                 // owned by suiteStepsCompleted_
    prometheus::Gauge* running = nullptr;                   // owned by suiteRunning_
    std::map<std::string, prometheus::Gauge*> stepRunning;  // owned by suiteStepRunning_
  };

  prometheus::Family<prometheus::Gauge>& nodeTasksRunning_;
  prometheus::Family<prometheus::Gauge>& suiteSteps_;
  prometheus::Family<prometheus::Gauge>& suiteStepsCompleted_;
  prometheus::Family<prometheus::Gauge>& suiteRunning_;
  prometheus::Family<prometheus::Gauge>& suiteStepRunning_;
  std::map<std::pair<std::string, std::string>, prometheus::Gauge*> tasks_;
  std::map<std::string, SuiteSeries> suites_;
};

}  // namespace cb::metrics
