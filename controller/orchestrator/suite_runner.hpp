#pragma once
// Runs a validated suite through a Dispatcher: steps in order, each repeated, on the selected
// nodes in parallel or node by node, and the multi-node phases (iperf3 server/client pairs,
// HPCC over MPI from the master). Every task becomes a stored run labelled with suite, step and
// repetition, carrying its step's performance references. A step repeats as decideRepetition()
// says (the minimum, then adaptively while unstable); every repetition's runs are kept.
// Progress lines (including why a repetition is added or the step stops) go to a callback; the
// summary to another, exactly once.
// Thread-safety: single-threaded (the controller loop).
#include <chrono>
#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "orchestrator/dispatcher.hpp"
#include "orchestrator/repetition_policy.hpp"
#include "orchestrator/suite_resume.hpp"
#include "spec/suite.hpp"

namespace cb::controller {

class SuiteRunner {
 public:
  using ProgressFn = std::function<void(const std::string& line)>;
  /// summary: {"suite", "status", "runs": [{"step","repetition","run_id","status",...}],
  ///           "steps": [{"step", "repetitions", "reason"}]}; steps: why each step stopped.
  using DoneFn = std::function<void(const nlohmann::json& summary)>;
  using NowFn = std::function<std::chrono::steady_clock::time_point()>;

  /// `now` times the steps for adaptive repetitions (default: the steady clock).
  SuiteRunner(Dispatcher& dispatcher, spec::Suite suite, nlohmann::json labels, ProgressFn progress,
              DoneFn done, NowFn now = {});

  /// Called once per finished step repetition (every run of it completed), in order, before the
  /// next repetition starts: what a resumed suite keeps (suite_resume.hpp). Not called for the
  /// repetitions a resume starts with.
  using RepetitionFn = std::function<void(const DoneRepetition& repetition)>;
  void onRepetition(RepetitionFn fn) { onRepetition_ = std::move(fn); }
  /// The node id of the master for `nodes: master|workers`, iperf3's server and HPCC's mpirun
  /// (resolveMasterNode()); without one those steps are skipped with the reason.
  void setMaster(std::string nodeId) { masterNodeId_ = std::move(nodeId); }

  void start();
  /// Starts after the repetitions `point` keeps: their runs are in the summary (each once) and
  /// count for its status; `values` holds, for each kept repetition of the step it continues
  /// (point.stepIndex), that repetition's values (addStepSamples()), for the adaptive decision.
  /// That step's elapsed time counts from the resume.
  void resume(const ResumePoint& point, const std::vector<SeriesValues>& values);
  /// Cancels what runs now and skips everything after it.
  void cancel();
  bool finished() const { return finished_; }

 private:
  using Unit = std::function<void()>;  // starts work; calls unitDone() exactly once later

  void nextStep();
  /// After repetition_ of `step` finished (or before the first): whether to run another. Records
  /// the repetition's values and reports an adaptive decision (step_repetitions.cpp).
  bool moreRepetitions(const spec::SuiteStep& step);
  /// Adds a finished run's samples to the current repetition's values (only the metrics the
  /// step's adaptive setting names, when it names some); `phaseLabels` (what a phase set on the
  /// run, e.g. iperf3 role/direction/peer) tell its series apart.
  void recordSamples(const std::vector<RunSample>& samples, const nlohmann::json& phaseLabels);
  void runNextUnit();
  void unitDone();
  void planStep(const spec::SuiteStep& step, int repetition);
  void planCatalog(const spec::SuiteStep& step, int repetition,
                   const std::vector<NodeView>& targets);
  void planIperf3(const spec::SuiteStep& step, int repetition, const NodeView& master,
                  const std::vector<NodeView>& clients);
  void planHpcc(const spec::SuiteStep& step, int repetition, const NodeView& master,
                const std::vector<NodeView>& nodes);
  /// Dispatches and records the run; calls `then(runId, status)` when it finishes (status
  /// "failed" at once when dispatch itself fails).
  void launch(const spec::SuiteStep& step, int repetition, DispatchRequest req, RunEventFn onEvent,
              std::function<void(std::int64_t, const std::string&)> then);
  std::string prefix(const spec::SuiteStep& step, int repetition) const;
  void finish();

  /// Runs (or failed starts) of the current repetition so far, with their phase labels.
  nlohmann::json repetitionRuns_ = nlohmann::json::array();
  bool resumed_ = false;  // the current repetition_ was kept from before a resume
  RepetitionFn onRepetition_;
  Dispatcher& dispatcher_;
  spec::Suite suite_;
  nlohmann::json labels_;
  std::string masterNodeId_;
  ProgressFn progress_;
  DoneFn done_;
  std::size_t stepIndex_ = 0;
  int repetition_ = 0;
  std::deque<Unit> units_;
  std::vector<std::int64_t> current_;  // runs in flight (for cancel)
  nlohmann::json runs_ = nlohmann::json::array();
  bool cancelled_ = false;
  bool finished_ = false;
  std::size_t failures_ = 0;
  NowFn now_;
  std::chrono::steady_clock::time_point stepStarted_{};
  SeriesValues series_;            // the current step's values, one per finished repetition
  SeriesValues repetitionValues_;  // the current repetition's values so far
  nlohmann::json steps_ = nlohmann::json::array();
};

/// Adds a finished run's samples to one repetition's values: only the metrics the step's adaptive
/// setting names, when it names some; `phaseLabels` (what a phase set on the run, e.g. iperf3
/// role/direction/peer) tell its series apart.
void addStepSamples(SeriesValues& values, const spec::SuiteStep& step,
                    const std::vector<RunSample>& samples, const nlohmann::json& phaseLabels);

/// Node selection (pure): the master is the ready node `masterNodeId` (chosen by the user or
/// the applied spec, never by a reported hostname; empty = none chosen, an error for the steps
/// that need one); workers are the others; a list names hostnames. Errors name missing or unready
/// nodes.
Result<std::vector<NodeView>> selectNodes(const spec::SuiteStep& step,
                                          const std::vector<NodeView>& ready,
                                          const std::string& masterNodeId);
Result<NodeView> pickMaster(const std::vector<NodeView>& ready, const std::string& masterNodeId);

/// The node id of a suite's master (pure): `requested` (a user's `--master`: a node id, or a
/// hostname exactly one of the ready nodes `registered` reports) resolved once, at the start; empty
/// requested = `recorded` (the applied spec's master, "" when none).
Result<std::string> resolveMasterNode(const std::string& requested, const std::string& recorded,
                                      const std::vector<NodeView>& registered);

}  // namespace cb::controller
