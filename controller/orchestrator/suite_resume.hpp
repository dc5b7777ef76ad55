#pragma once
// Where a stored suite continues (`clusterbench run --resume`): from the finished step
// repetitions its store recorded, which are kept and which step and repetition come next. A
// repetition is recorded only once every run of it completed, so a run a controller restart
// interrupted belongs to no recorded repetition: its repetition runs again. Pure.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/suite.hpp"
#include "util/result.hpp"

namespace cb::controller {

/// One finished repetition of a suite step (store::SuiteRepetitionRecord, decoded).
struct DoneRepetition {
  std::size_t stepIndex = 0;
  std::string step;
  int repetition = 0;     // 1-based
  bool stepDone = false;  // the step stopped after it
  std::string reason;     // why the step stopped (when stepDone)
  /// The repetition's runs: [{"run_id" (absent when it could not start), "benchmark", "status",
  /// "message", "phase_labels"}].
  nlohmann::json runs = nlohmann::json::array();
};

struct ResumePoint {
  std::size_t stepIndex = 0;  // the first step that has not ended (== steps: every step ended)
  int repetitionsDone = 0;    // that step's repetitions kept
  std::vector<DoneRepetition> kept;  // in suite order
  /// {"step", "repetitions", "reason"} of every step that ended, as SuiteRunner's summary has it.
  nlohmann::json steps = nlohmann::json::array();
};

/// Walks the suite's steps in order over `done` (any order): a step keeps its repetitions
/// 1..k recorded without a gap under its own name and index; it has ended when one of them says
/// so, or when a later step has any recorded repetition (the suite moved on). The first step that
/// has not ended is where the suite continues, after its k kept repetitions; records past it (or
/// past a gap, or of a step renamed since) are dropped and will run again.
ResumePoint resumePoint(const spec::Suite& suite, std::vector<DoneRepetition> done);

/// Whether a suite in this stored status can be resumed; the error says why not.
/// "interrupted", "cancelled" and "partial" can; "running" and "succeeded" cannot.
Status checkResumable(std::int64_t suiteId, const std::string& status);

}  // namespace cb::controller
