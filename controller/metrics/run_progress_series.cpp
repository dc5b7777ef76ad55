#include "metrics/run_progress_series.hpp"

#include <set>

namespace cb::metrics {

RunProgressSeries::RunProgressSeries(prometheus::Registry& registry)
    : nodeTasksRunning_(prometheus::BuildGauge()
                            .Name("clusterbench_node_tasks_running")
                            .Help("Benchmark tasks of the benchmark running on the node now.")
                            .Register(registry)),
      suiteSteps_(prometheus::BuildGauge()
                      .Name("clusterbench_suite_steps")
                      .Help("Steps in the suite's latest run.")
                      .Register(registry)),
      suiteStepsCompleted_(prometheus::BuildGauge()
                               .Name("clusterbench_suite_steps_completed")
                               .Help("Steps of the suite's latest run that have finished (every "
                                     "repetition).")
                               .Register(registry)),
      suiteRunning_(prometheus::BuildGauge()
                        .Name("clusterbench_suite_running")
                        .Help("1 while a run of the suite is in progress, 0 after it ended.")
                        .Register(registry)),
      suiteStepRunning_(prometheus::BuildGauge()
                            .Name("clusterbench_suite_step_running")
                            .Help("1 for the step the suite is running now, 0 for its others.")
                            .Register(registry)) {}

void RunProgressSeries::setNodeTasksRunning(const NodeTaskCounts& running) {
  for (auto& [key, gauge] : tasks_) {
    if (running.count(key) == 0) gauge->Set(0);
  }
  for (const auto& [key, count] : running) {
    auto& gauge = tasks_[key];
    if (gauge == nullptr) {
      gauge = &nodeTasksRunning_.Add({{"node", key.first}, {"benchmark", key.second}});
    }
    gauge->Set(count);
  }
}

void RunProgressSeries::setSuiteProgress(const SuiteProgress& p) {
  SuiteSeries& s = suites_[p.suite];
  if (s.steps == nullptr) {
    s.steps = &suiteSteps_.Add({{"suite", p.suite}});
    s.completed = &suiteStepsCompleted_.Add({{"suite", p.suite}});
    s.running = &suiteRunning_.Add({{"suite", p.suite}});
  }
  s.steps->Set(static_cast<double>(p.steps.size()));
  s.completed->Set(static_cast<double>(p.stepsCompleted));
  s.running->Set(p.running ? 1 : 0);

  const std::set<std::string> steps(p.steps.begin(), p.steps.end());
  for (auto it = s.stepRunning.begin(); it != s.stepRunning.end();) {
    if (steps.count(it->first) == 0) {
      suiteStepRunning_.Remove(it->second);
      it = s.stepRunning.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& step : steps) {
    auto& gauge = s.stepRunning[step];
    if (gauge == nullptr) gauge = &suiteStepRunning_.Add({{"suite", p.suite}, {"step", step}});
    gauge->Set(p.running && step == p.currentStep ? 1 : 0);
  }
}

}  // namespace cb::metrics
