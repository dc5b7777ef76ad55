#include "orchestrator/suite_resume.hpp"

#include <algorithm>

namespace cb::controller {

ResumePoint resumePoint(const spec::Suite& suite, std::vector<DoneRepetition> done) {
  std::sort(done.begin(), done.end(), [](const DoneRepetition& a, const DoneRepetition& b) {
    return a.stepIndex != b.stepIndex ? a.stepIndex < b.stepIndex : a.repetition < b.repetition;
  });
  ResumePoint point;
  for (std::size_t i = 0; i < suite.steps.size(); ++i) {
    const auto& step = suite.steps[i];
    std::vector<const DoneRepetition*> kept;
    bool ended = false;
    bool later = false;
    for (const auto& d : done) {
      if (d.stepIndex > i) later = true;
      if (d.stepIndex != i || d.step != step.name) continue;
      if (d.repetition != static_cast<int>(kept.size()) + 1) continue;
      kept.push_back(&d);
      ended = ended || d.stepDone;
    }
    ended = ended || (later && !kept.empty());
    for (const auto* d : kept) point.kept.push_back(*d);
    if (!ended) {
      point.stepIndex = i;
      point.repetitionsDone = static_cast<int>(kept.size());
      return point;
    }
    std::string reason = kept.back()->reason;
    for (const auto* d : kept) {
      if (d->stepDone) reason = d->reason;
    }
    point.steps.push_back(
        {{"step", step.name}, {"repetitions", static_cast<int>(kept.size())}, {"reason", reason}});
  }
  point.stepIndex = suite.steps.size();
  return point;
}

Status checkResumable(std::int64_t suiteId, const std::string& status) {
  const std::string which = "suite run " + std::to_string(suiteId);
  if (status == "running") {
    return fail(which + " is still running (cancel it with `clusterbench cancel --all` first)");
  }
  if (status == "succeeded") return fail(which + " already succeeded: nothing to resume");
  if (status != "interrupted" && status != "cancelled" && status != "partial") {
    return fail(which + " has status '" + status + "', which cannot be resumed");
  }
  return okStatus();
}

}  // namespace cb::controller
