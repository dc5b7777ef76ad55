#include "orchestrator/suite_runner.hpp"

#include <algorithm>
#include <memory>

#include "orchestrator/run_progress.hpp"

namespace cb::controller {
namespace {

/// The suite with steps before stepIndex finished and, while running, steps[stepIndex] current.
SuiteProgress progressOf(const spec::Suite& suite, std::size_t stepIndex, bool running) {
  SuiteProgress p;
  p.suite = suite.name;
  for (const auto& step : suite.steps) p.steps.push_back(step.name);
  p.stepsCompleted = std::min(stepIndex, suite.steps.size());
  if (running && stepIndex < suite.steps.size()) p.currentStep = suite.steps[stepIndex].name;
  p.running = running;
  return p;
}

}  // namespace

SuiteRunner::SuiteRunner(Dispatcher& dispatcher, spec::Suite suite, nlohmann::json labels,
                         ProgressFn progress, DoneFn done, NowFn now)
    : dispatcher_(dispatcher),
      suite_(std::move(suite)),
      labels_(std::move(labels)),
      progress_(std::move(progress)),
      done_(std::move(done)),
      now_(now ? std::move(now) : NowFn([] { return std::chrono::steady_clock::now(); })) {}

void SuiteRunner::start() {
  progress_("suite " + suite_.name + ": " + std::to_string(suite_.steps.size()) + " step(s)");
  stepIndex_ = 0;
  repetition_ = 0;
  nextStep();
}

void SuiteRunner::resume(const ResumePoint& point, const std::vector<SeriesValues>& values) {
  std::size_t keptRuns = 0;
  for (const auto& d : point.kept) {
    for (auto entry : d.runs) {
      entry.erase("phase_labels");
      entry["step"] = d.step;
      entry["repetition"] = d.repetition;
      if (entry.value("status", "") != "succeeded") ++failures_;
      runs_.push_back(std::move(entry));
      ++keptRuns;
    }
  }
  steps_ = point.steps;
  stepIndex_ = std::min(point.stepIndex, suite_.steps.size());
  repetition_ = stepIndex_ < suite_.steps.size() ? point.repetitionsDone : 0;
  const std::string where =
      stepIndex_ < suite_.steps.size()
          ? "at step " + std::to_string(stepIndex_ + 1) + "/" + std::to_string(suite_.steps.size())
          : "with every step ended";
  progress_("suite " + suite_.name + ": resumed " + where + " after " +
            std::to_string(point.kept.size()) + " finished repetition(s) with " +
            std::to_string(keptRuns) + " run(s)");
  if (repetition_ > 0) {
    resumed_ = true;
    stepStarted_ = now_();
    series_.clear();
    repetitionValues_.clear();
    for (const auto& v : values) appendRepetition(series_, v);
  }
  nextStep();
}

void SuiteRunner::cancel() {
  if (finished_) return;
  cancelled_ = true;
  units_.clear();
  for (auto id : current_) dispatcher_.cancelRun(id);
  if (current_.empty()) finish();
}

std::string SuiteRunner::prefix(const spec::SuiteStep& step, int repetition) const {
  return "[" + std::to_string(stepIndex_ + 1) + "/" + std::to_string(suite_.steps.size()) + " " +
         step.name + " #" + std::to_string(repetition) + "/" + std::to_string(step.repetitions) +
         (step.adaptive ? ".." + std::to_string(step.adaptive->maxRuns) : "") + "] ";
}

void SuiteRunner::nextStep() {
  while (!cancelled_ && stepIndex_ < suite_.steps.size()) {
    const auto& step = suite_.steps[stepIndex_];
    if (moreRepetitions(step)) {
      ++repetition_;
      planStep(step, repetition_);
      if (!units_.empty()) {
        dispatcher_.suiteProgress(progressOf(suite_, stepIndex_, true));
        runNextUnit();
        return;
      }
      continue;  // nothing to run (selection failed): next repetition
    }
    ++stepIndex_;
    repetition_ = 0;
  }
  finish();
}

void SuiteRunner::runNextUnit() {
  if (units_.empty()) {
    nextStep();
    return;
  }
  auto unit = std::move(units_.front());
  units_.pop_front();
  unit();
}

void SuiteRunner::unitDone() {
  if (cancelled_) {
    if (current_.empty()) finish();
    return;
  }
  runNextUnit();
}

void SuiteRunner::planStep(const spec::SuiteStep& step, int repetition) {
  auto ready = dispatcher_.readyNodes();
  auto skip = [&](const std::string& why) {
    ++failures_;
    progress_(prefix(step, repetition) + "skipped: " + why);
    runs_.push_back(
        {{"step", step.name}, {"repetition", repetition}, {"status", "skipped"}, {"message", why}});
    repetitionRuns_.push_back({{"status", "skipped"}, {"message", why}});
  };
  auto targets = selectNodes(step, ready, masterNodeId_);
  if (!targets) return skip(targets.error());
  if (step.benchmark == "iperf3" || step.benchmark == "hpcc-mpi") {
    auto master = pickMaster(ready, masterNodeId_);
    if (!master) return skip(master.error());
    if (step.benchmark == "iperf3") {
      std::vector<NodeView> clients;
      for (const auto& n : *targets) {
        if (n.nodeId != master->nodeId) clients.push_back(n);
      }
      if (clients.empty()) {
        ++failures_;
        progress_(prefix(step, repetition) + "skipped: iperf3 needs a node besides the master");
        return;
      }
      planIperf3(step, repetition, *master, clients);
    } else {
      planHpcc(step, repetition, *master, *targets);
    }
    return;
  }
  planCatalog(step, repetition, *targets);
}

void SuiteRunner::planCatalog(const spec::SuiteStep& step, int repetition,
                              const std::vector<NodeView>& targets) {
  std::vector<std::vector<NodeView>> groups;
  if (step.serial) {
    for (const auto& n : targets) groups.push_back({n});
  } else {
    groups.push_back(targets);
  }
  for (const auto& group : groups) {
    units_.push_back([this, &step, repetition, group] {
      DispatchRequest req;
      req.benchmark = step.benchmark;
      req.params = step.params;
      for (const auto& n : group) req.nodeIds.push_back(n.nodeId);
      req.timeout = std::chrono::seconds(step.timeoutSeconds);
      auto p = prefix(step, repetition);
      auto progress = std::make_shared<RunProgress>(
          group.size(), std::chrono::milliseconds(100),
          [this, p](const std::string& line) { progress_(p + line); });
      req.onSweep = [progress](RunProgress::Clock::time_point now) { progress->flush(now); };
      launch(
          step, repetition, req,
          [progress](const std::string& host, const std::string& kind, const std::string& text) {
            auto now = RunProgress::Clock::now();
            if (kind == "started") progress->started(host, text, now);
            if (kind == "finished") progress->finished(host, text, now);
          },
          [this](std::int64_t, const std::string&) { unitDone(); });
    });
  }
}

void SuiteRunner::launch(const spec::SuiteStep& step, int repetition, DispatchRequest req,
                         RunEventFn onEvent,
                         std::function<void(std::int64_t, const std::string&)> then) {
  const nlohmann::json phaseLabels = req.labels;
  nlohmann::json labels = labels_;
  labels["suite"] = suite_.name;
  labels["step"] = step.name;
  labels["repetition"] = repetition;
  for (auto& [k, v] : req.labels.items()) labels[k] = v;
  req.labels = labels;
  req.referencesJson = spec::referencesJson(step.references);
  req.onSamples = [this, phaseLabels](const std::vector<RunSample>& samples) {
    recordSamples(samples, phaseLabels);
  };
  nlohmann::json entry = {
      {"step", step.name}, {"repetition", repetition}, {"benchmark", req.benchmark}};
  auto runId = dispatcher_.dispatch(
      req, std::move(onEvent),
      [this, entry, phaseLabels, then](std::int64_t id, const std::string& status) mutable {
        current_.erase(std::remove(current_.begin(), current_.end(), id), current_.end());
        entry["run_id"] = id;
        entry["status"] = status;
        if (status != "succeeded") ++failures_;
        runs_.push_back(entry);
        repetitionRuns_.push_back({{"run_id", id},
                                   {"benchmark", entry["benchmark"]},
                                   {"status", status},
                                   {"phase_labels", phaseLabels}});
        then(id, status);
      });
  if (!runId) {
    ++failures_;
    progress_(prefix(step, repetition) + "failed to start: " + runId.error());
    entry["status"] = "failed";
    entry["message"] = runId.error();
    runs_.push_back(entry);
    repetitionRuns_.push_back(
        {{"benchmark", req.benchmark}, {"status", "failed"}, {"message", runId.error()}});
    then(0, "failed");
    return;
  }
  current_.push_back(*runId);
}

void SuiteRunner::finish() {
  if (finished_) return;
  finished_ = true;
  std::string status = cancelled_ ? "cancelled" : failures_ == 0 ? "succeeded" : "partial";
  progress_("suite " + suite_.name + " " + status);
  dispatcher_.suiteProgress(progressOf(suite_, stepIndex_, false));
  done_({{"suite", suite_.name}, {"status", status}, {"runs", runs_}, {"steps", steps_}});
}

}  // namespace cb::controller
