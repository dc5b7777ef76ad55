// TaskRunner with the real process runner and catalog: refusal, success, real sysbench.
#include <doctest/doctest.h>

#include "support/process.hpp"
#include "tasks/task_runner.hpp"
#include "util/asio.hpp"

namespace {

struct Harness {
  cb::test::TempDir scratch;
  boost::asio::io_context io;
  std::unique_ptr<cb::os::ProcessRunner> runner = cb::os::makeProcessRunner(io);
  cb::bench::Catalog catalog = cb::bench::makeDefaultCatalog();
  std::vector<std::pair<cb::agent::EventKind, std::string>> events;
  std::vector<cb::agent::TaskOutcome> outcomes;
  cb::agent::TaskRunner tasks{catalog, *runner, cb::agent::ExecutionEnv{scratch.path(), -1, -1},
                              [this](const std::string&, cb::agent::EventKind k,
                                     const std::string& t) { events.emplace_back(k, t); },
                              [this](const cb::agent::TaskOutcome& o) { outcomes.push_back(o); }};
};

}  // namespace

TEST_CASE("unknown benchmarks, bad parameters and bad ids are refused before anything runs") {
  Harness h;
  h.tasks.start({"t1", "rm", {}, 0});
  h.tasks.start({"t2", "sysbench-cpu", {{"threads", "x"}}, 0});
  h.tasks.start({"../etc/passwd", "noop", {}, 0});
  h.io.run();
  REQUIRE(h.outcomes.size() == 3);
  for (const auto& o : h.outcomes) CHECK(o.status == cb::agent::TaskStatus::kRefused);
  CHECK(h.outcomes[0].message.find("unknown benchmark 'rm'") != std::string::npos);
  CHECK(h.outcomes[1].message.find("'x' is not an integer") != std::string::npos);
  CHECK(h.outcomes[2].message == "invalid task id");
  CHECK(h.events.empty());
}

TEST_CASE("a real sysbench cpu run streams output and yields samples") {
  Harness h;
  h.tasks.start({"t-sys", "sysbench-cpu", {{"time", "1"}, {"cpu-max-prime", "3000"}}, 0});
  CHECK(h.tasks.runningCount() == 1);
  h.io.run();
  REQUIRE(h.outcomes.size() == 1);
  const auto& o = h.outcomes[0];
  CHECK_MESSAGE(o.status == cb::agent::TaskStatus::kSucceeded, o.message);
  CHECK(o.exitCode == 0);
  CHECK(o.wallSeconds >= 0.9);
  CHECK(o.userSeconds > 0.01);  // rusage collected; how much CPU it got depends on the load
  CHECK(o.command.at(0) == "sysbench");
  CHECK(o.rawOutput.find("events per second:") != std::string::npos);
  CHECK(o.samples.size() == 6);
  REQUIRE(h.events.size() > 5);
  CHECK(h.events[0].first == cb::agent::EventKind::kStarted);
  CHECK(h.events[0].second.rfind("sysbench cpu", 0) == 0);
  CHECK(h.tasks.runningCount() == 0);
}

TEST_CASE("a task past its timeout is killed and reported as timed out") {
  Harness h;
  h.tasks.start({"t-slow", "sysbench-cpu", {{"time", "30"}}, 300});
  h.io.run();
  REQUIRE(h.outcomes.size() == 1);
  CHECK(h.outcomes[0].status == cb::agent::TaskStatus::kTimedOut);
  CHECK(h.outcomes[0].wallSeconds < 5);
}

TEST_CASE("cancel stops a running task") {
  Harness h;
  h.tasks.start({"t-cancel", "sysbench-cpu", {{"time", "30"}}, 0});
  boost::asio::steady_timer t(h.io, std::chrono::milliseconds(200));
  t.async_wait([&](auto) { h.tasks.cancel("t-cancel"); });
  h.io.run();
  REQUIRE(h.outcomes.size() == 1);
  CHECK(h.outcomes[0].status == cb::agent::TaskStatus::kCancelled);
}
