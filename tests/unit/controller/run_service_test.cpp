#include <doctest/doctest.h>

#include "run_service_fixture.hpp"

using namespace run_service_fixture;

TEST_CASE("run service: a run fans out, each stored result is acknowledged, the last ends it") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  REQUIRE(tasks.size() == 2);
  CHECK(f.runs.runsInFlight() == 1);
  CHECK(f.runs.pendingTasks() == 2);
  REQUIRE_FALSE(f.sink.replies.empty());
  CHECK(f.sink.replies.back().text.find("noop on 2 node(s)") != std::string::npos);

  f.report(kA, tasks[kA]);
  CHECK(f.acks(kA) == 1);
  CHECK(f.sink.finals().empty());
  CHECK(f.runs.pendingTasks() == 1);

  f.report(kB, tasks[kB]);
  CHECK(f.acks(kB) == 1);
  CHECK(f.runs.runsInFlight() == 0);
  REQUIRE(f.sink.finals().size() == 1);
  auto reply = decodeRunReply(f.sink.finals()[0]);
  CHECK(reply.status == "succeeded");
  CHECK(reply.results.size() == 2);
}

TEST_CASE("run service: a re-sent result is acknowledged again and stored once") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {"node02"}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  REQUIRE(tasks.size() == 1);
  f.report(kA, tasks[kA]);
  f.report(kA, tasks[kA]);
  CHECK(f.acks(kA) == 2);
  auto runId = cb::controller::runIdOfTask(tasks[kA]);
  REQUIRE(runId);
  CHECK(f.store.resultsForRun(*runId).size() == 1);
}

TEST_CASE("run service: a result the store cannot take is not acknowledged, its re-send is") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {"node02"}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  f.store.failWrites = true;
  f.report(kA, tasks[kA]);
  CHECK(f.acks(kA) == 0);
  CHECK(f.runs.runsInFlight() == 1);
  CHECK(f.sink.finals().empty());

  f.store.failWrites = false;  // the agent sends it again from its outbox
  f.report(kA, tasks[kA]);
  CHECK(f.acks(kA) == 1);
  CHECK(f.runs.runsInFlight() == 0);
  REQUIRE(f.sink.finals().size() == 1);
  CHECK(f.sink.finals()[0].kind == "run");
}

TEST_CASE("run service: in a batch, acks and the run's end wait for the commit") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  REQUIRE(tasks.size() == 2);
  f.commit.open();
  f.report(kA, tasks[kA]);
  f.report(kB, tasks[kB]);
  // Stored in the open transaction, but nothing acknowledged and the run not answered yet.
  CHECK(f.acks(kA) == 0);
  CHECK(f.acks(kB) == 0);
  CHECK(f.sink.finals().empty());
  f.commit.close();
  CHECK(f.acks(kA) == 1);
  CHECK(f.acks(kB) == 1);
  CHECK(f.runs.runsInFlight() == 0);
  REQUIRE(f.sink.finals().size() == 1);
  CHECK(decodeRunReply(f.sink.finals()[0]).status == "succeeded");
  CHECK(f.commit.commits() == 1);
}

TEST_CASE("run service: a failed commit acknowledges nothing; the re-sent results end the run") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  auto runId = cb::controller::runIdOfTask(tasks[kA]);
  REQUIRE(runId);
  f.store.failCommits = true;
  f.commit.open();
  f.report(kA, tasks[kA]);
  f.report(kB, tasks[kB]);
  f.commit.close();
  CHECK(f.commit.failures() == 1);
  CHECK(f.acks(kA) == 0);
  CHECK(f.acks(kB) == 0);
  CHECK(f.store.resultsForRun(*runId).empty());  // rolled back
  CHECK(f.runs.runsInFlight() == 1);             // still waiting: its tasks were reopened
  CHECK(f.sink.finals().empty());

  // Space is back; the agents send again from their outboxes.
  f.store.failCommits = false;
  f.commit.open();
  f.report(kA, tasks[kA]);
  f.report(kB, tasks[kB]);
  f.commit.close();
  CHECK(f.acks(kA) == 1);
  CHECK(f.acks(kB) == 1);
  CHECK(f.store.resultsForRun(*runId).size() == 2);
  CHECK(f.runs.runsInFlight() == 0);
  REQUIRE(f.sink.finals().size() == 1);
  CHECK(f.store.run(*runId)->status == "succeeded");
}

TEST_CASE("run service: the deadline ends a run, cancels open tasks, marks them no_result") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 1ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  f.report(kA, tasks[kA]);
  f.runs.sweep(std::chrono::steady_clock::now());  // well before the deadline
  CHECK(f.runs.runsInFlight() == 1);
  f.runs.sweep(std::chrono::steady_clock::now() + 1h);
  CHECK(f.runs.runsInFlight() == 0);
  auto cancels = f.link.of(Body::CANCEL);
  REQUIRE(cancels.size() == 1);
  CHECK(cancels[0].nodeId == kB);
  REQUIRE(f.sink.finals().size() == 1);
  auto reply = decodeRunReply(f.sink.finals()[0]);
  CHECK(reply.status == "partial");
}

TEST_CASE("run service: unknown nodes, benchmarks and parameters are refused before a run") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {"node09"}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  f.runs.run(RunRequest{"no-such-bench", {}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  f.runs.run(RunRequest{"noop", {}, {{"bogus", "1"}}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  auto finals = f.sink.finals();
  REQUIRE(finals.size() == 3);
  for (const auto& r : finals) CHECK(r.kind == "error");
  CHECK(finals[0].text.find("no node 'node09'") != std::string::npos);
  CHECK(finals[1].text.find("unknown benchmark") != std::string::npos);
  CHECK(f.link.sent.empty());
  CHECK(f.store.recentRuns(10).empty());
}

TEST_CASE("run service: cancel sends a cancel for every open task of the run") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  f.report(kA, tasks[kA]);
  auto cancelled = f.runs.cancel(0);
  REQUIRE(cancelled.size() == 1);
  auto cancels = f.link.of(Body::CANCEL);
  REQUIRE(cancels.size() == 1);
  CHECK(cancels[0].nodeId == kB);
}

TEST_CASE(
    "run service: a lost node's tasks end as lost at once; its late real result replaces it") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  auto runId = *cb::controller::runIdOfTask(tasks[kA]);
  f.report(kA, tasks[kA]);
  f.runs.onNodeLost(kB);
  CHECK(f.runs.runsInFlight() == 0);  // no waiting for the deadline
  REQUIRE(f.sink.finals().size() == 1);
  auto reply = decodeRunReply(f.sink.finals()[0]);
  CHECK(reply.status == "partial");
  bool sawLost = false;
  for (const auto& r : reply.results) {
    if (r.nodeId == kB) {
      CHECK(r.status == "lost");
      sawLost = true;
    }
  }
  CHECK(sawLost);

  // The node comes back and re-sends the real result from its outbox.
  f.report(kB, tasks[kB]);
  CHECK(f.acks(kB) == 1);
  auto results = f.store.resultsForRun(runId);
  REQUIRE(results.size() == 2);
  for (const auto& r : results) CHECK(r.status == "succeeded");
  CHECK(f.store.run(runId)->status == "succeeded");

  // Losing a node without open tasks changes nothing.
  f.runs.onNodeLost(kA);
  CHECK(f.store.resultsForRun(runId).size() == 2);
}

TEST_CASE("run service: a result after the deadline replaces no_result and restates the run") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 1ms, nlohmann::json::object()}, ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  auto runId = *cb::controller::runIdOfTask(tasks[kA]);
  f.runs.sweep(std::chrono::steady_clock::now() + 1h);
  CHECK(f.store.run(runId)->status == "failed");
  auto results = f.store.resultsForRun(runId);
  REQUIRE(results.size() == 2);
  for (const auto& r : results) CHECK(r.status == "no_result");
  f.report(kA, tasks[kA]);
  CHECK(f.store.run(runId)->status == "partial");
  f.report(kB, tasks[kB]);
  CHECK(f.store.run(runId)->status == "succeeded");
}
