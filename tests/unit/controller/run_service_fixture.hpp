#pragma once
// The fixture of the RunService tests: two registered nodes, a real SQLite store that can be made
// to fail (FailingStore), a fake agent link and control sink, and the service under test.
#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <string>

#include "bench/catalog.hpp"
#include "control/control_decode.hpp"
#include "daemon/mpi_relay.hpp"
#include "daemon/run_service.hpp"
#include "service_fakes.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

namespace run_service_fixture {
using cb::controller::MpiRelay;
using cb::controller::Registry;
using cb::controller::ReplyHandle;
using cb::controller::RunRequest;
using cb::controller::RunService;
using cb::controller::RunSettings;
using Body = cb::proto::Envelope::Body;
using namespace std::chrono_literals;

inline const std::string kA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
inline const std::string kB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

/// The run a final `run` reply carries, read as the CLI reads it.
inline cb::control::RunSummary decodeRunReply(const cb::test::ControlReply& reply) {
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

inline std::unique_ptr<cb::store::Store> openStore(const std::filesystem::path& path) {
  auto store = cb::store::Store::open(path);
  REQUIRE_MESSAGE(store, store.error());
  return std::move(*store);
}

struct Fixture {
  explicit Fixture(RunSettings settings = RunSettings{100ms, 3})
      : store(openStore(dir.path() / "results.db")),
        catalog(cb::bench::makeDefaultCatalog()),
        registry(10s),
        mpi(link, registry),
        commit(store, nullptr),
        runs(link, registry, store, commit, nullptr, catalog, mpi, settings) {
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
}  // namespace run_service_fixture
