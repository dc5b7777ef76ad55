// SuiteRunner: how often a step repeats (decideRepetition()) and the values it is decided on.
#include <algorithm>

#include "orchestrator/suite_runner.hpp"

namespace cb::controller {

void addStepSamples(SeriesValues& values, const spec::SuiteStep& step,
                    const std::vector<RunSample>& samples, const nlohmann::json& phaseLabels) {
  const std::vector<std::string>* judged = step.adaptive ? &step.adaptive->metrics : nullptr;
  for (const auto& s : samples) {
    if (judged != nullptr && !judged->empty() &&
        std::find(judged->begin(), judged->end(), s.sample.metric) == judged->end()) {
      continue;
    }
    bench::Sample keyed = s.sample;
    for (const auto& [k, v] : phaseLabels.items()) {
      keyed.labels.emplace(k, v.is_string() ? v.get<std::string>() : v.dump());
    }
    values[seriesKey(s.hostname, keyed)].push_back(s.sample.value);
  }
}

void SuiteRunner::recordSamples(const std::vector<RunSample>& samples,
                                const nlohmann::json& phaseLabels) {
  addStepSamples(repetitionValues_, suite_.steps[stepIndex_], samples, phaseLabels);
}

bool SuiteRunner::moreRepetitions(const spec::SuiteStep& step) {
  if (repetition_ == 0) {
    stepStarted_ = now_();
    series_.clear();
    repetitionValues_.clear();
    return true;
  }
  const bool fresh = !resumed_;  // a kept repetition's values are in series_ already
  resumed_ = false;
  if (fresh) appendRepetition(series_, repetitionValues_);
  repetitionValues_.clear();
  const double elapsed = std::chrono::duration<double>(now_() - stepStarted_).count();
  auto decision = decideRepetition(repetition_, step.repetitions, step.adaptive, elapsed, series_);
  const std::string where = "[" + std::to_string(stepIndex_ + 1) + "/" +
                            std::to_string(suite_.steps.size()) + " " + step.name + "] ";
  if (fresh && onRepetition_) {
    onRepetition_({stepIndex_, step.name, repetition_, !decision.again,
                   decision.again ? "" : decision.reason, repetitionRuns_});
  }
  repetitionRuns_ = nlohmann::json::array();
  if (decision.again) {
    if (repetition_ >= step.repetitions) {
      progress_(where + "another repetition (#" + std::to_string(repetition_ + 1) +
                "): " + decision.reason);
    }
    return true;
  }
  if (step.adaptive) {
    progress_(where + "done after " + std::to_string(repetition_) +
              " repetition(s): " + decision.reason);
  }
  steps_.push_back(
      {{"step", step.name}, {"repetitions", repetition_}, {"reason", decision.reason}});
  series_.clear();
  return false;
}

}  // namespace cb::controller
