#include "study/study_run.hpp"

#include <cstdio>

namespace cb::study {
namespace {

/// The line of a child's stderr that says what went wrong: its last "error: …" line, else its
/// last non-empty line (for one-line summaries; the whole stderr was already shown).
std::string errorLine(const std::string& text) {
  std::string last, lastError;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) last = line;
    if (line.rfind("error: ", 0) == 0) lastError = line;
    start = end + 1;
  }
  return lastError.empty() ? last : lastError;
}

std::string failure(const std::string& what, const ChildResult& r) {
  std::string line = errorLine(r.err);
  return what + " failed (exit " + std::to_string(r.exitCode) + ")" +
         (line.empty() ? "" : ": " + line);
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f s", s);
  return buf;
}

/// Runs one leg; returns false when its lab could not be taken down (the study must stop).
bool runLeg(const StudyOptions& o, const std::string& provider, const ChildExec& exec,
            const SayFn& say, LegOutcome& leg) {
  say("== " + provider + ": lab up, " + std::to_string(o.nodes) + " nodes");
  auto up = exec(labUpArgs(o, provider), provider);
  leg.upSeconds = up.wallSeconds;
  if (up.exitCode != 0) {
    leg.error = failure("lab up", up);  // lab up removes what it started
    say("== " + provider + ": " + leg.error);
    return true;
  }
  leg.up = true;
  leg.setup = labSetup(up.out);
  leg.accel = leg.setup.accel;
  say("== " + provider + ": ready in " + seconds(up.wallSeconds) +
      (leg.accel.empty() ? "" : " (accel " + leg.accel + ")") + "; running " + o.suite.string());
  auto run = exec(runSuiteArgs(o, provider, leg.setup), provider);
  leg.suiteSeconds = run.wallSeconds;
  if (auto suite = parseSuiteOutput(run.out)) {
    leg.suite = *suite;
    if (suite->status != "succeeded") {
      leg.error = "suite " + suite->status + " (" + std::to_string(suite->failedRuns) +
                  " run(s) did not succeed)";
    }
  } else {
    leg.error = failure("the suite", run);
  }
  say("== " + provider + ": suite " + (leg.suite.status.empty() ? "failed" : leg.suite.status) +
      ", " + std::to_string(leg.suite.runIds.size()) + " runs in " + seconds(run.wallSeconds) +
      "; lab down");
  auto down = exec(labDownArgs(o), provider);
  leg.down = down.exitCode == 0;
  if (!leg.down) {
    leg.error += (leg.error.empty() ? "" : "; ") + failure("lab down", down);
    return false;
  }
  return true;
}

}  // namespace

bool StudyOutcome::ok() const {
  if (!error.empty() || reports.empty()) return false;
  for (const auto& l : legs) {
    if (!l.error.empty()) return false;
  }
  return true;
}

nlohmann::json StudyOutcome::toJson() const {
  auto legsJson = nlohmann::json::array();
  for (const auto& l : legs) {
    legsJson.push_back({{"provider", l.provider},
                        {"environment", legEnvironment(l.provider)},
                        {"accel", l.accel},
                        {"disk_format", l.setup.diskFormat},
                        {"disk_cache", l.setup.diskCache},
                        {"up", l.up},
                        {"down", l.down},
                        {"suite_status", l.suite.status},
                        {"run_ids", l.suite.runIds},
                        {"up_seconds", l.upSeconds},
                        {"suite_seconds", l.suiteSeconds},
                        {"error", l.error}});
  }
  return {{"ok", ok()},
          {"error", error},
          {"legs", legsJson},
          {"run_ids", runIds},
          {"reports", reports}};
}

StudyOutcome runStudy(const StudyOptions& o, const ChildExec& exec, const SayFn& say) {
  StudyOutcome out;
  if (auto s = checkStudyOptions(o); !s) {
    out.error = s.error();
    return out;
  }
  auto status = exec(labStatusArgs(o), "");
  if (status.exitCode != 0) {
    out.error = failure("lab status", status);
    return out;
  }
  auto running = labUpProvider(status.out);
  if (!running) {
    out.error = running.error();
    return out;
  }
  if (!running->empty()) {
    out.error = "a " + *running + " lab is already up in this state dir: take it down first " +
                "(`clusterbench lab down`) or give the study another --state-dir";
    return out;
  }
  for (const auto& provider : o.providers) {
    LegOutcome& leg = out.legs.emplace_back();
    leg.provider = provider;
    const bool canGoOn = runLeg(o, provider, exec, say, leg);
    out.runIds.insert(out.runIds.end(), leg.suite.runIds.begin(), leg.suite.runIds.end());
    if (!canGoOn) {
      out.error = provider + ": the lab is still up (" + leg.error + "); the study stopped";
      break;
    }
  }
  if (out.runIds.empty()) {
    if (out.error.empty()) out.error = "no run was stored, so there is nothing to report";
    return out;
  }
  for (const std::string format : {"md", "html"}) {
    auto r = exec(reportArgs(o, out.runIds, format), "");
    if (r.exitCode != 0) {
      if (out.error.empty()) out.error = failure("report --format " + format, r);
      continue;
    }
    out.reports.push_back(reportPath(o, format).string());
    say("== wrote " + reportPath(o, format).string());
  }
  return out;
}

}  // namespace cb::study
