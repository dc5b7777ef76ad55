// Resuming a suite: where it continues given its recorded repetitions (resumePoint), which
// statuses can resume, and SuiteRunner recording repetitions, then resuming after them with each
// step repetition in the summary once.
#include <doctest/doctest.h>

#include <deque>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bench/catalog.hpp"
#include "orchestrator/suite_resume.hpp"
#include "orchestrator/suite_runner.hpp"
#include "spec/suite.hpp"

namespace {
using namespace cb::controller;

cb::spec::Suite suiteOf(const std::string& yaml) {
  static const auto catalog = cb::bench::makeDefaultCatalog();
  auto s = cb::spec::parseSuite(yaml, "t.yaml", catalog);
  REQUIRE_MESSAGE(s, s.error());
  return *s;
}

const char* kThreeSteps = R"(name: t
steps:
  - {name: a, benchmark: sysbench-cpu, repetitions: 2}
  - {name: b, benchmark: sysbench-cpu, repetitions: 2}
  - {name: c, benchmark: sysbench-cpu, repetitions: 1}
)";

DoneRepetition done(std::size_t stepIndex, const std::string& step, int repetition, bool stepDone,
                    std::int64_t runId) {
  return {stepIndex,
          step,
          repetition,
          stepDone,
          stepDone ? "fixed" : "",
          nlohmann::json::array({{{"run_id", runId},
                                  {"benchmark", "sysbench-cpu"},
                                  {"status", "succeeded"},
                                  {"phase_labels", nlohmann::json::object()}}})};
}

/// Runs finish when the test says so; each reports one sample per node.
class ScriptedDispatcher : public Dispatcher {
 public:
  std::vector<DispatchRequest> requests;
  std::int64_t nextId = 100;

  std::vector<NodeView> readyNodes() const override {
    return {{"id-n1", "n1", "198.18.9.2", "198.18.9.0/24", 1}};
  }
  cb::Result<std::int64_t> dispatch(const DispatchRequest& request, RunEventFn,
                                    RunFinishedFn onFinished) override {
    requests.push_back(request);
    pending_.push_back({nextId, request, std::move(onFinished)});
    return nextId++;
  }
  void cancelRun(std::int64_t) override {}

  bool finishOne(const std::string& status = "succeeded") {
    if (pending_.empty()) return false;
    auto p = std::move(pending_.front());
    pending_.pop_front();
    if (p.request.onSamples) {
      p.request.onSamples({{"n1", cb::bench::Sample{"events_per_second", 1000, "events/s", {}}}});
    }
    p.onFinished(p.id, status);
    return true;
  }

 private:
  struct Pending {
    std::int64_t id;
    DispatchRequest request;
    RunFinishedFn onFinished;
  };
  std::deque<Pending> pending_;
};

struct Harness {
  ScriptedDispatcher dispatcher;
  std::vector<DoneRepetition> recorded;
  nlohmann::json summary;
  std::vector<std::string> lines;
  std::unique_ptr<SuiteRunner> runner;

  explicit Harness(const std::string& yaml) {
    runner = std::make_unique<SuiteRunner>(
        dispatcher, suiteOf(yaml), nlohmann::json::object(),
        [this](const std::string& l) { lines.push_back(l); },
        [this](const nlohmann::json& s) { summary = s; });
    runner->onRepetition([this](const DoneRepetition& d) { recorded.push_back(d); });
  }
};

}  // namespace

TEST_SUITE_BEGIN("suite resume");

TEST_CASE("suite resume: nothing recorded starts at the first step") {
  auto p = resumePoint(suiteOf(kThreeSteps), {});
  CHECK(p.stepIndex == 0);
  CHECK(p.repetitionsDone == 0);
  CHECK(p.kept.empty());
  CHECK(p.steps.empty());
}

TEST_CASE("suite resume: continues after the last finished repetition of the open step") {
  // Recorded out of order, as a store might return them.
  auto p = resumePoint(suiteOf(kThreeSteps), {done(1, "b", 1, false, 3), done(0, "a", 2, true, 2),
                                              done(0, "a", 1, false, 1)});
  CHECK(p.stepIndex == 1);
  CHECK(p.repetitionsDone == 1);
  REQUIRE(p.kept.size() == 3);
  CHECK(p.kept[0].step == "a");
  CHECK(p.kept[1].repetition == 2);
  CHECK(p.kept[2].step == "b");
  CHECK(p.steps ==
        nlohmann::json::array({{{"step", "a"}, {"repetitions", 2}, {"reason", "fixed"}}}));
}

TEST_CASE("suite resume: a step whose end was not recorded ended if a later step started") {
  auto p = resumePoint(suiteOf(kThreeSteps), {done(0, "a", 1, false, 1), done(0, "a", 2, false, 2),
                                              done(1, "b", 1, false, 3)});
  CHECK(p.stepIndex == 1);
  CHECK(p.repetitionsDone == 1);
  CHECK(p.steps.size() == 1);
  CHECK(p.steps[0]["repetitions"] == 2);
}

TEST_CASE("suite resume: gaps and renamed steps are dropped and run again") {
  SUBCASE("a gap: repetition 3 without 2") {
    auto p =
        resumePoint(suiteOf(kThreeSteps), {done(0, "a", 1, false, 1), done(0, "a", 3, true, 3)});
    CHECK(p.stepIndex == 0);
    CHECK(p.repetitionsDone == 1);
    CHECK(p.kept.size() == 1);
  }
  SUBCASE("a record under another step name") {
    auto p = resumePoint(suiteOf(kThreeSteps), {done(0, "renamed", 1, true, 1)});
    CHECK(p.stepIndex == 0);
    CHECK(p.repetitionsDone == 0);
    CHECK(p.kept.empty());
  }
}

TEST_CASE("suite resume: every step ended leaves nothing to run") {
  auto p = resumePoint(suiteOf(kThreeSteps), {done(0, "a", 1, false, 1), done(0, "a", 2, true, 2),
                                              done(1, "b", 1, false, 3), done(1, "b", 2, true, 4),
                                              done(2, "c", 1, true, 5)});
  CHECK(p.stepIndex == 3);
  CHECK(p.kept.size() == 5);
  CHECK(p.steps.size() == 3);
}

TEST_CASE("suite resume: only interrupted, cancelled and partial suites resume") {
  CHECK(checkResumable(7, "interrupted"));
  CHECK(checkResumable(7, "cancelled"));
  CHECK(checkResumable(7, "partial"));
  auto running = checkResumable(7, "running");
  REQUIRE_FALSE(running);
  CHECK(running.error().find("suite run 7 is still running") != std::string::npos);
  auto succeeded = checkResumable(7, "succeeded");
  REQUIRE_FALSE(succeeded);
  CHECK(succeeded.error().find("already succeeded") != std::string::npos);
}

TEST_CASE("suite runner: records each finished repetition; a resume runs only what is left") {
  std::vector<DoneRepetition> recorded;
  {
    Harness first(kThreeSteps);
    first.runner->start();
    REQUIRE(first.dispatcher.finishOne());  // a #1
    REQUIRE(first.dispatcher.finishOne());  // a #2: step a ends
    REQUIRE(first.dispatcher.finishOne());  // b #1
    // b #2 is in flight when the controller dies: its run never finishes.
    CHECK(first.dispatcher.requests.size() == 4);
    CHECK_FALSE(first.runner->finished());
    recorded = first.recorded;
  }
  REQUIRE(recorded.size() == 3);
  CHECK(recorded[0].step == "a");
  CHECK_FALSE(recorded[0].stepDone);
  CHECK(recorded[1].stepDone);
  CHECK(recorded[1].reason.empty() == false);
  CHECK(recorded[2].step == "b");
  CHECK(recorded[2].repetition == 1);
  REQUIRE(recorded[2].runs.size() == 1);
  CHECK(recorded[2].runs[0]["run_id"] == 102);
  CHECK(recorded[2].runs[0]["status"] == "succeeded");

  Harness second(kThreeSteps);
  second.dispatcher.nextId = 200;
  auto point = resumePoint(suiteOf(kThreeSteps), recorded);
  second.runner->resume(point, {{}});
  while (second.dispatcher.finishOne()) {
  }
  REQUIRE(second.runner->finished());
  // Only b #2 and c #1 ran again.
  REQUIRE(second.dispatcher.requests.size() == 2);
  CHECK(second.dispatcher.requests[0].labels["step"] == "b");
  CHECK(second.dispatcher.requests[0].labels["repetition"] == 2);
  CHECK(second.dispatcher.requests[1].labels["step"] == "c");
  // The resume records only its own repetitions.
  REQUIRE(second.recorded.size() == 2);
  CHECK(second.recorded[0].repetition == 2);
  CHECK(second.recorded[0].stepDone);

  CHECK(second.summary["status"] == "succeeded");
  std::multiset<std::pair<std::string, int>> seen;
  std::vector<std::int64_t> ids;
  for (const auto& r : second.summary["runs"]) {
    seen.insert({r["step"].get<std::string>(), r["repetition"].get<int>()});
    ids.push_back(r["run_id"].get<std::int64_t>());
    CHECK(r.count("phase_labels") == 0);
  }
  CHECK(seen == std::multiset<std::pair<std::string, int>>{
                    {"a", 1}, {"a", 2}, {"b", 1}, {"b", 2}, {"c", 1}});
  CHECK(ids == std::vector<std::int64_t>{100, 101, 102, 200, 201});
  REQUIRE(second.summary["steps"].size() == 3);
  CHECK(second.summary["steps"][1]["repetitions"] == 2);
}

TEST_CASE("suite runner: a kept failed repetition makes the resumed suite partial") {
  Harness first(kThreeSteps);
  first.runner->start();
  REQUIRE(first.dispatcher.finishOne("failed"));  // a #1 failed, but finished
  auto point = resumePoint(suiteOf(kThreeSteps), first.recorded);
  CHECK(point.repetitionsDone == 1);

  Harness second(kThreeSteps);
  second.runner->resume(point, {{}});
  while (second.dispatcher.finishOne()) {
  }
  REQUIRE(second.runner->finished());
  CHECK(second.dispatcher.requests.size() == 4);  // a #2, b #1, b #2, c #1
  CHECK(second.summary["status"] == "partial");
  CHECK(second.summary["runs"].size() == 5);
}

TEST_CASE("suite runner: resuming with every step ended finishes at once") {
  Harness first(kThreeSteps);
  first.runner->start();
  while (first.dispatcher.finishOne()) {
  }
  REQUIRE(first.recorded.size() == 5);
  Harness second(kThreeSteps);
  second.runner->resume(resumePoint(suiteOf(kThreeSteps), first.recorded), {});
  CHECK(second.runner->finished());
  CHECK(second.dispatcher.requests.empty());
  CHECK(second.summary["status"] == "succeeded");
  CHECK(second.summary["runs"].size() == 5);
  CHECK(second.summary["steps"] == first.summary["steps"]);
}

TEST_SUITE_END();
