#include <doctest/doctest.h>

#include "daemon/run_tracker.hpp"

using namespace std::chrono_literals;
using cb::controller::ActiveRun;
using cb::controller::RunTracker;

TEST_CASE("task ids carry their run id") {
  auto id = cb::controller::makeTaskId(42, "0123456789abcdef0123456789abcdef");
  CHECK(id == "run42-0123456789abcdef0123456789abcdef");
  CHECK(id.size() <= 64);
  CHECK(*cb::controller::runIdOfTask(id) == 42);
  CHECK_FALSE(cb::controller::runIdOfTask("run-x"));
  CHECK_FALSE(cb::controller::runIdOfTask("job42-a"));
  CHECK_FALSE(cb::controller::runIdOfTask("runx1-a"));
}

TEST_CASE("a run completes when every task is done, once") {
  RunTracker t;
  ActiveRun run;
  run.runId = 7;
  run.tasks["run7-a"] = {"a", "master", false, ""};
  run.tasks["run7-b"] = {"b", "node02", false, ""};
  run.deadline = std::chrono::steady_clock::time_point{} + 10s;
  t.add(run);
  CHECK(t.pendingTasks() == 2);
  CHECK_FALSE(t.complete("run7-a", "succeeded"));
  CHECK_FALSE(t.complete("run7-a", "succeeded"));  // duplicate result
  CHECK_FALSE(t.complete("run8-a", "succeeded"));  // another run
  CHECK(t.complete("run7-b", "failed"));
  CHECK(t.get(7)->tasks["run7-b"].status == "failed");
  CHECK(t.pendingTasks() == 0);
  CHECK(t.expired(std::chrono::steady_clock::time_point{} + 5s).empty());
  CHECK((t.expired(std::chrono::steady_clock::time_point{} + 11s) == std::vector<std::int64_t>{7}));
  t.erase(7);
  CHECK(t.size() == 0);
}
