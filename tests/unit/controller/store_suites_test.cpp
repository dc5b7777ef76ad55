// The SQLite store's suites: a suite run with its finished step repetitions, listed with their
// counts, interrupted at a controller start, and reopened after a restart.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::store::Store;
using cb::store::SuiteRecord;
using cb::store::SuiteRepetitionRecord;

namespace {

using cb::test::TempDir;

std::unique_ptr<Store> openStore(const fs::path& path, bool readOnly = false) {
  auto store = readOnly ? Store::openReadOnly(path) : Store::open(path);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? std::string() : store.error()));
  return std::move(store).value();
}

SuiteRecord suiteNamed(const std::string& name, cb::store::TimeMs startedAt) {
  SuiteRecord s;
  s.name = name;
  s.fileName = "suites/" + name + ".yaml";
  s.yaml = "name: " + name + "\nsteps: []\n";
  s.labelsJson = R"({"environment":"vm"})";
  s.stepsTotal = 3;
  s.startedAt = startedAt;
  return s;
}

SuiteRepetitionRecord repetition(std::int64_t suiteId, std::int64_t stepIndex,
                                 const std::string& step, std::int64_t rep, bool stepDone) {
  SuiteRepetitionRecord r;
  r.suiteId = suiteId;
  r.stepIndex = stepIndex;
  r.step = step;
  r.repetition = rep;
  r.stepDone = stepDone;
  r.reason = stepDone ? "fixed count" : "";
  r.runsJson =
      R"([{"run_id":)" + std::to_string(10 * stepIndex + rep) + R"(,"status":"succeeded"})";
  r.finishedAt = 1000 + rep;
  return r;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("store suites: a suite and its repetitions read back, with their counts") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    auto id = store->createSuite(suiteNamed("quick", 5));
    REQUIRE(id.ok());
    auto s = store->suite(*id);
    REQUIRE(s);
    CHECK(s->name == "quick");
    CHECK(s->fileName == "suites/quick.yaml");
    CHECK(s->yaml == "name: quick\nsteps: []\n");
    CHECK(s->labelsJson == R"({"environment":"vm"})");
    CHECK(s->status == "running");
    CHECK(s->stepsTotal == 3);
    CHECK(s->startedAt == 5);
    CHECK(s->finishedAt == 0);
    CHECK(s->stepsDone == 0);
    CHECK(s->repetitionsDone == 0);

    REQUIRE(store->addSuiteRepetition(repetition(*id, 0, "a", 1, false)));
    REQUIRE(store->addSuiteRepetition(repetition(*id, 0, "a", 2, true)));
    REQUIRE(store->addSuiteRepetition(repetition(*id, 1, "b", 1, false)));
    // Recording a repetition again replaces it.
    auto again = repetition(*id, 1, "b", 1, false);
    again.runsJson = R"([{"run_id":99,"status":"succeeded"}])";
    REQUIRE(store->addSuiteRepetition(again));

    auto reps = store->suiteRepetitions(*id);
    REQUIRE(reps.size() == 3);
    CHECK(reps[0].step == "a");
    CHECK(reps[0].repetition == 1);
    CHECK_FALSE(reps[0].stepDone);
    CHECK(reps[1].stepDone);
    CHECK(reps[1].reason == "fixed count");
    CHECK(reps[2].runsJson == R"([{"run_id":99,"status":"succeeded"}])");
    CHECK(reps[2].finishedAt == 1001);
    s = store->suite(*id);
    CHECK(s->stepsDone == 1);
    CHECK(s->repetitionsDone == 3);

    REQUIRE(store->setSuiteStatus(*id, "succeeded", 77));
    CHECK(store->suite(*id)->status == "succeeded");
    CHECK(store->suite(*id)->finishedAt == 77);
    auto missing = store->setSuiteStatus(*id + 100, "succeeded", 1);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().find("no such suite") != std::string::npos);
    CHECK_FALSE(store->suite(*id + 100));
    CHECK(store->suiteRepetitions(*id + 100).empty());
  }

  TEST_CASE("store suites: most recent first; running ones are interrupted at a restart") {
    TempDir dir;
    const fs::path path = dir.path() / "results.db";
    std::int64_t first = 0, second = 0, third = 0;
    {
      auto store = openStore(path);
      first = store->createSuite(suiteNamed("one", 1)).value();
      second = store->createSuite(suiteNamed("two", 2)).value();
      third = store->createSuite(suiteNamed("three", 3)).value();
      REQUIRE(store->setSuiteStatus(second, "succeeded", 9));
      REQUIRE(store->addSuiteRepetition(repetition(third, 0, "a", 1, true)));
    }
    auto store = openStore(path);  // the controller restarts
    auto all = store->suites(10);
    REQUIRE(all.size() == 3);
    CHECK(all[0].id == third);
    CHECK(all[2].id == first);
    CHECK(all[0].repetitionsDone == 1);
    CHECK(store->suites(2).size() == 2);
    CHECK(store->suites(0).empty());

    auto interrupted = store->interruptRunningSuites(50);
    REQUIRE(interrupted.ok());
    CHECK(*interrupted == std::vector<std::int64_t>{first, third});
    CHECK(store->suite(first)->status == "interrupted");
    CHECK(store->suite(first)->finishedAt == 50);
    CHECK(store->suite(second)->status == "succeeded");
    CHECK(store->suite(third)->stepsDone == 1);
    CHECK(store->interruptRunningSuites(60).value().empty());

    // Resumed: running again, under the same id.
    REQUIRE(store->setSuiteStatus(third, "running", 0));
    CHECK(store->suite(third)->status == "running");
    CHECK(store->suite(third)->finishedAt == 0);

    auto reader = openStore(path, true);
    CHECK(reader->suites(10).size() == 3);
    CHECK_FALSE(reader->createSuite(suiteNamed("ro", 1)).ok());
  }
}
