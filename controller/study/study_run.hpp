#pragma once
// Runs a study (study_plan.hpp) through an injected executor of child `clusterbench` commands:
// a lab that is already up stops the study before anything starts; each leg is lab up, the suite,
// lab down (down runs whenever up succeeded, and a failed down stops the study, since the next
// lab would collide with it); a leg that fails does not stop the next one; the report covers
// every run that was stored. No I/O here besides the executor and `say`.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "study/study_plan.hpp"

namespace cb::study {

struct ChildResult {
  int exitCode = 0;
  std::string out;  // stdout (JSON for the commands run with --json)
  std::string err;  // stderr, for the error message when exitCode != 0
  double wallSeconds = 0;
};
/// Runs `clusterbench ARGS...`; `leg` names the provider for progress prefixes ("" otherwise).
using ChildExec =
    std::function<ChildResult(const std::vector<std::string>& args, const std::string& leg)>;
using SayFn = std::function<void(const std::string& line)>;

struct LegOutcome {
  std::string provider;
  std::string accel;  // qemu: kvm or tcg (setup.accel)
  LegSetup setup;     // from lab up's JSON
  bool up = false;
  bool down = false;
  SuiteOutcome suite;
  std::string error;  // empty when the leg succeeded
  double upSeconds = 0;
  double suiteSeconds = 0;
};

struct StudyOutcome {
  std::string error;  // the study could not run at all (or stopped early); empty otherwise
  std::vector<LegOutcome> legs;
  std::vector<std::string> reports;  // files written
  std::vector<std::int64_t> runIds;
  bool ok() const;
  nlohmann::json toJson() const;
};

StudyOutcome runStudy(const StudyOptions& o, const ChildExec& exec, const SayFn& say);

}  // namespace cb::study
