#include <doctest/doctest.h>

#include "bench/catalog.hpp"
#include "control/control_decode.hpp"
#include "daemon/mpi_relay.hpp"
#include "daemon/run_service.hpp"
#include "service_fakes.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

using namespace std::chrono_literals;
using cb::controller::MpiRelay;
using cb::controller::Registry;
using cb::controller::ReplyHandle;
using cb::controller::RunRequest;
using cb::controller::RunService;
using cb::controller::RunTimings;
using Body = cb::proto::Envelope::Body;

namespace {
const std::string kA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// The run a final `run` reply carries, read as the CLI reads it.
cb::control::RunSummary decodeRunReply(const cb::test::ControlReply& reply) {
  auto decoded = cb::wire::decode(reply.bytes);
  REQUIRE(decoded);
  auto run = cb::control::decodeRun((*decoded)->root<cb::ctl::Reply>().getBody());
  REQUIRE(run);
  return *run;
}

/// The real SQLite store, with addResult failing while `failWrites` is set (a full disk) and
/// group commits failing while `failCommits` is set.
class FailingStore final : public cb::store::Store {
 public:
  explicit FailingStore(std::unique_ptr<Store> real) : real_(std::move(real)) {}
  bool failWrites = false;
  bool failCommits = false;
  cb::Status beginBatch() override { return real_->beginBatch(); }
  cb::Status endBatch() override {
    if (!failCommits) return real_->endBatch();
    real_->abortBatch();  // what a failed COMMIT leaves: nothing of the batch
    return cb::fail("database or disk is full");
  }
  void abortBatch() override { real_->abortBatch(); }
  cb::Result<std::vector<std::int64_t>> interruptRunningRuns(cb::store::TimeMs t) override {
    return real_->interruptRunningRuns(t);
  }
  cb::Status upsertNode(const cb::store::NodeRecord& n) override { return real_->upsertNode(n); }
  cb::Status putAgentKey(const cb::store::AgentKeyRecord& k) override {
    return real_->putAgentKey(k);
  }
  cb::Status deleteAgentKey(const std::string& k) override { return real_->deleteAgentKey(k); }
  std::vector<cb::store::AgentKeyRecord> agentKeys() override { return real_->agentKeys(); }
  std::vector<cb::store::NodeRecord> nodes() override { return real_->nodes(); }
  cb::Result<std::int64_t> createRun(const std::string& b, const std::string& p,
                                     cb::store::TimeMs t, const std::string& l,
                                     const std::string& r) override {
    return real_->createRun(b, p, t, l, r);
  }
  cb::Status finishRun(std::int64_t id, const std::string& s, cb::store::TimeMs t) override {
    return real_->finishRun(id, s, t);
  }
  cb::Result<bool> addResult(const cb::store::ResultRecord& r) override {
    if (failWrites) return cb::fail("database or disk is full");
    return real_->addResult(r);
  }
  std::optional<cb::store::RunRecord> run(std::int64_t id) override { return real_->run(id); }
  std::vector<cb::store::RunRecord> recentRuns(std::size_t n) override {
    return real_->recentRuns(n);
  }
  std::vector<cb::store::ResultRecord> resultsForRun(std::int64_t id) override {
    return real_->resultsForRun(id);
  }
  cb::Status forEachReportRow(const cb::store::ReportQuery& q,
                              const cb::store::ReportRowFn& fn) override {
    return real_->forEachReportRow(q, fn);
  }
  cb::Result<std::int64_t> createSuite(const cb::store::SuiteRecord& s) override {
    return real_->createSuite(s);
  }
  cb::Status setSuiteStatus(std::int64_t id, const std::string& s, cb::store::TimeMs t) override {
    return real_->setSuiteStatus(id, s, t);
  }
  cb::Status addSuiteRepetition(const cb::store::SuiteRepetitionRecord& r) override {
    return real_->addSuiteRepetition(r);
  }
  cb::Result<std::vector<std::int64_t>> interruptRunningSuites(cb::store::TimeMs t) override {
    return real_->interruptRunningSuites(t);
  }
  std::optional<cb::store::SuiteRecord> suite(std::int64_t id) override { return real_->suite(id); }
  std::vector<cb::store::SuiteRecord> suites(std::size_t n) override { return real_->suites(n); }
  std::vector<cb::store::SuiteRepetitionRecord> suiteRepetitions(std::int64_t id) override {
    return real_->suiteRepetitions(id);
  }

 private:
  std::unique_ptr<Store> real_;
};

std::unique_ptr<cb::store::Store> openStore(const std::filesystem::path& path) {
  auto store = cb::store::Store::open(path);
  REQUIRE_MESSAGE(store, store.error());
  return std::move(*store);
}

struct Fixture {
  Fixture()
      : store(openStore(dir.path() / "results.db")),
        catalog(cb::bench::makeDefaultCatalog()),
        registry(10s),
        mpi(link, registry),
        commit(store, nullptr),
        runs(link, registry, store, commit, nullptr, catalog, mpi, RunTimings{100ms, 3}) {
    cb::test::addNode(registry, kA, "node02", "198.18.0.2/24");
    cb::test::addNode(registry, kB, "node03", "198.18.0.3/24");
  }
  /// The task ids sent to agents, by node.
  std::map<std::string, std::string> tasks() const {
    std::map<std::string, std::string> out;
    for (const auto& s : link.of(Body::RUN_TASK)) {
      auto in = s.read();
      out[s.nodeId] = in.envelope.getBody().getRunTask().getTaskId();
    }
    return out;
  }
  void report(const std::string& nodeId, const std::string& taskId) {
    auto r = cb::test::build<cb::proto::TaskResult>([&](auto b) {
      b.setTaskId(taskId);
      b.setStatus(cb::proto::TaskResult::Status::SUCCEEDED);
      b.setWallSeconds(0.01);
    });
    runs.onTaskResult(nodeId, r->reader());
  }
  std::size_t acks(const std::string& nodeId) const {
    std::size_t n = 0;
    for (const auto& s : link.of(Body::TASK_RESULT_ACK)) n += s.nodeId == nodeId;
    return n;
  }

  cb::test::TempDir dir;
  FailingStore store;
  cb::bench::Catalog catalog;
  cb::test::FakeLink link;
  cb::test::FakeSink sink;
  Registry registry;
  MpiRelay mpi;
  cb::controller::GroupCommit commit;
  RunService runs;
};
}  // namespace

TEST_CASE("run service: a run fans out, each stored result is acknowledged, the last ends it") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
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

TEST_CASE("run service: a result for another node's task is refused, neither stored nor acked") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
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
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
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
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
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
  f.runs.run(RunRequest{"noop", {}, {}, 1ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
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
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
  auto tasks = f.tasks();
  f.report(kA, tasks[kA]);
  auto cancelled = f.runs.cancel(0);
  REQUIRE(cancelled.size() == 1);
  auto cancels = f.link.of(Body::CANCEL);
  REQUIRE(cancels.size() == 1);
  CHECK(cancels[0].nodeId == kB);
}

TEST_CASE("run service: a lost node's tasks end as lost at once; its late real result replaces it") {
  Fixture f;
  f.runs.run(RunRequest{"noop", {}, {}, 0ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
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
  f.runs.run(RunRequest{"noop", {}, {}, 1ms, nlohmann::json::object()},
             ReplyHandle(f.sink, "cli"));
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
