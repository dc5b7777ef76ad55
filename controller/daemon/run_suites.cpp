// RunService: suites — stored when they start, each finished step repetition recorded as it
// goes, resumed from the store after a controller restart.
#include <algorithm>

#include "daemon/control_encode.hpp"
#include "daemon/control_reply.hpp"
#include "daemon/daemon_log.hpp"
#include "daemon/run_service.hpp"
#include "orchestrator/suite_resume.hpp"
#include "orchestrator/suite_runner.hpp"
#include "util/clock.hpp"

namespace cb::controller {
namespace {

DoneRepetition decode(const store::SuiteRepetitionRecord& r) {
  DoneRepetition d;
  d.stepIndex = static_cast<std::size_t>(std::max<std::int64_t>(0, r.stepIndex));
  d.step = r.step;
  d.repetition = static_cast<int>(r.repetition);
  d.stepDone = r.stepDone;
  d.reason = r.reason;
  auto runs = nlohmann::json::parse(r.runsJson, nullptr, false);
  if (runs.is_array()) d.runs = std::move(runs);
  return d;
}

}  // namespace

void RunService::runSuite(const std::string& yaml, const std::string& fileName,
                          const nlohmann::json& labels, std::int64_t resumeSuiteId,
                          const std::string& master, const ReplyHandle& reply) {
  auto masterNodeId =
      resolveMasterNode(master, appliedMaster_ ? appliedMaster_() : std::string(), readyNodes());
  if (!masterNodeId) return reply.finish(errorReply(masterNodeId.error()));
  std::string text = yaml;
  std::string file = fileName;
  nlohmann::json suiteLabels = labels;
  std::optional<store::SuiteRecord> stored;
  if (resumeSuiteId != 0) {
    stored = store_.suite(resumeSuiteId);
    const std::string which = "suite run " + std::to_string(resumeSuiteId);
    if (!stored) return reply.finish(errorReply("no " + which + " (see `clusterbench suites`)"));
    if (auto s = checkResumable(resumeSuiteId, stored->status); !s) {
      return reply.finish(errorReply(s.error()));
    }
    if (!labels.empty()) {
      return reply.finish(errorReply(which + " keeps the labels it started with: give none"));
    }
    if (text.empty()) {
      text = stored->yaml;
      file = stored->fileName;
    }
    suiteLabels = nlohmann::json::parse(stored->labelsJson, nullptr, false);
    if (!suiteLabels.is_object()) suiteLabels = nlohmann::json::object();
  }
  auto suite = spec::parseSuite(text, file, catalog_);
  if (!suite) return reply.finish(errorReply(suite.error()));
  std::int64_t suiteId = resumeSuiteId;
  if (stored) {
    if (suite->name != stored->name || text != stored->yaml) {
      return reply.finish(errorReply(
          "'" + file + "' (suite '" + suite->name + "') is not the suite of suite run " +
          std::to_string(resumeSuiteId) + " ('" + stored->fileName + "', suite '" + stored->name +
          "'" + (suite->name == stored->name ? ", with other content" : "") +
          "): resume without a file to run the stored suite"));
    }
    if (auto s = store_.setSuiteStatus(suiteId, "running", 0); !s) {
      return reply.finish(errorReply("cannot record the suite: " + s.error()));
    }
  } else {
    store::SuiteRecord record;
    record.name = suite->name;
    record.fileName = file;
    record.yaml = text;
    record.labelsJson = suiteLabels.dump();
    record.stepsTotal = static_cast<std::int64_t>(suite->steps.size());
    record.startedAt = nowMs();
    auto id = store_.createSuite(record);
    if (!id) return reply.finish(errorReply("cannot record the suite: " + id.error()));
    suiteId = *id;
  }
  startSuite(suiteId, *suite, suiteLabels, stored, *masterNodeId, reply);
}

void RunService::startSuite(std::int64_t suiteId, const spec::Suite& suite,
                            const nlohmann::json& labels,
                            const std::optional<store::SuiteRecord>& resumed,
                            const std::string& masterNodeId, const ReplyHandle& reply) {
  auto runner = std::make_unique<SuiteRunner>(
      *this, suite, labels, [reply](const std::string& line) { reply.progress(line); },
      [this, reply, suiteId](const nlohmann::json& summary) {
        const std::string status = summary.value("status", "partial");
        if (auto s = store_.setSuiteStatus(suiteId, status, nowMs()); !s) {
          commit_.writeFailed("recording the end of suite run " + std::to_string(suiteId),
                              s.error());
        }
        daemonLog()->info("suite run {} ({}) {}", suiteId, summary.value("suite", ""), status);
        nlohmann::json withId = summary;
        withId["suite_id"] = suiteId;
        reply.finish(suiteReply(store_, withId));
      });
  runner->onRepetition([this, suiteId](const DoneRepetition& d) {
    store::SuiteRepetitionRecord r;
    r.suiteId = suiteId;
    r.stepIndex = static_cast<std::int64_t>(d.stepIndex);
    r.step = d.step;
    r.repetition = d.repetition;
    r.stepDone = d.stepDone;
    r.reason = d.reason;
    r.runsJson = d.runs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    r.finishedAt = nowMs();
    if (auto s = store_.addSuiteRepetition(r); !s) {
      commit_.writeFailed("recording repetition " + std::to_string(d.repetition) + " of step '" +
                              d.step + "' of suite run " + std::to_string(suiteId) +
                              " (a resume runs it again)",
                          s.error());
    }
  });
  runner->setMaster(masterNodeId);
  auto* raw = runner.get();
  suites_[nextSuite_++] = std::move(runner);
  reply.progress("suite run " + std::to_string(suiteId) + ": " + suite.name +
                 (resumed ? " (resumed)" : "") + "; if interrupted, continue it with " +
                 "`clusterbench run --resume " + std::to_string(suiteId) + "`");
  const NodeInfo* master = masterNodeId.empty() ? nullptr : registry_.find(masterNodeId);
  reply.progress("suite master: " + (masterNodeId.empty()
                                         ? std::string("none chosen")
                                         : (master ? master->hostname + " " : std::string()) +
                                               "(node " + masterNodeId + ")"));
  daemonLog()->info("suite run {}: {}{}, master {}", suiteId, suite.name,
                    resumed ? " (resumed)" : "", masterNodeId.empty() ? "none" : masterNodeId);
  if (!resumed) {
    raw->start();  // may finish at once; sweep() forgets finished runners
    return;
  }
  std::vector<DoneRepetition> done;
  for (const auto& r : store_.suiteRepetitions(suiteId)) done.push_back(decode(r));
  auto point = resumePoint(suite, std::move(done));
  std::vector<SeriesValues> values;
  for (const auto& d : point.kept) {
    if (d.stepIndex != point.stepIndex) continue;
    SeriesValues& v = values.emplace_back();
    for (const auto& run : d.runs) {
      const auto runId = run.value("run_id", std::int64_t{0});
      if (runId == 0) continue;
      std::vector<RunSample> samples;
      for (const auto& result : store_.resultsForRun(runId)) {
        for (const auto& s : result.samples) samples.push_back({result.hostname, s});
      }
      addStepSamples(v, suite.steps[point.stepIndex], samples,
                     run.value("phase_labels", nlohmann::json::object()));
    }
  }
  raw->resume(point, values);
}

}  // namespace cb::controller
