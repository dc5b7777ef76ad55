// RunService takes a result only from the node its task was sent to, and keeps at most a capped
// raw output per result.
#include <doctest/doctest.h>

#include "run_service_fixture.hpp"

using namespace run_service_fixture;

TEST_CASE("run service: a result for another node's task is refused, neither stored nor acked") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  REQUIRE(tasks.size() == 2);
  f.report(kB, tasks[kA]);  // node03 answers for node02's task
  CHECK(f.acks(kB) == 0);
  CHECK(f.acks(kA) == 0);
  auto runId = cb::controller::runIdOfTask(tasks[kA]);
  REQUIRE(runId);
  CHECK(f.store.resultsForRun(*runId).empty());
  CHECK(f.runs.pendingTasks() == 2);
  // The real owner's result is still taken.
  f.report(kA, tasks[kA]);
  CHECK(f.acks(kA) == 1);
  REQUIRE(f.store.resultsForRun(*runId).size() == 1);
  CHECK(f.store.resultsForRun(*runId)[0].nodeId == kA);
}

TEST_CASE("run service: raw output beyond the cap is cut and the cut is marked") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {"node02"}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  REQUIRE(tasks.size() == 1);
  std::string big(5 * 1024 * 1024, 'x');
  auto r = cb::test::build<cb::proto::TaskResult>([&](auto b) {
    b.setTaskId(tasks[kA]);
    b.setStatus(cb::proto::TaskResult::Status::SUCCEEDED);
    b.setRawOutput(big);
    b.setRawStderr("short\n");
  });
  f.runs.onTaskResult(kA, r->reader());
  CHECK(f.acks(kA) == 1);
  auto runId = cb::controller::runIdOfTask(tasks[kA]);
  REQUIRE(runId);
  auto rows = f.store.resultsForRun(*runId);
  REQUIRE(rows.size() == 1);
  const auto& out = rows[0].rawOutput;
  CHECK(out.size() < 4 * 1024 * 1024 + 100);
  CHECK(out.compare(0, 1000, std::string(1000, 'x')) == 0);
  CHECK(out.find("[clusterbench: output cut at 4194304 of 5242880 bytes]") != std::string::npos);
  CHECK(rows[0].rawStderr == "short\n");
}

TEST_CASE("run service: the raw output cap is the controller's setting") {
  RunSettings settings{100ms, 3};
  settings.maxRawOutputBytes = 1000;
  Fixture f(settings);
  f.runs.run(RunRequest{"noop", {"node02"}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  REQUIRE(tasks.size() == 1);
  auto r = cb::test::build<cb::proto::TaskResult>([&](auto b) {
    b.setTaskId(tasks[kA]);
    b.setStatus(cb::proto::TaskResult::Status::SUCCEEDED);
    b.setRawOutput(std::string(1000, 'a'));  // exactly the cap: kept whole
    b.setRawStderr(std::string(1001, 'b'));
  });
  f.runs.onTaskResult(kA, r->reader());
  auto runId = cb::controller::runIdOfTask(tasks[kA]);
  REQUIRE(runId);
  auto rows = f.store.resultsForRun(*runId);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].rawOutput == std::string(1000, 'a'));
  CHECK(rows[0].rawStderr ==
        std::string(1000, 'b') + "\n[clusterbench: output cut at 1000 of 1001 bytes]\n");
}
