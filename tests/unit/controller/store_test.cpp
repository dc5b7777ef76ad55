// The SQLite results store against a real database file under a temp dir.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <unistd.h>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string>

#include "store/store.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::store::NodeRecord;
using cb::store::ResultRecord;
using cb::store::Store;

namespace {

using cb::test::TempDir;

std::unique_ptr<Store> openStore(const fs::path& path) {
  auto store = Store::open(path);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? std::string() : store.error()));
  return std::move(store).value();
}

ResultRecord makeResult(std::int64_t runId, const std::string& taskId, const std::string& host) {
  ResultRecord r;
  r.runId = runId;
  r.taskId = taskId;
  r.nodeId = "node-" + host;
  r.hostname = host;
  r.environment = "vm";
  r.status = "succeeded";
  r.exitCode = 0;
  r.wallSeconds = 10.25;
  r.userSeconds = 9.5;
  r.systemSeconds = 0.125;
  r.maxRssKb = 12345;
  r.command = {"sysbench", "cpu", "--threads=2", "arg with spaces \"quoted\""};
  r.rawOutput = "events per second: 1234.56\nline 2 \xc3\xa9\n";
  r.rawStderr = "warning: something";
  r.message = "";
  r.finishedAt = 1700000000123;
  r.samples = {
      {"events_per_second", 1234.56, "events/s", {{"threads", "2"}, {"host", host}}},
      {"latency_p95", 0.75, "ms", {}},
  };
  return r;
}

/// PRAGMA journal_mode as seen by an independent connection.
std::string journalMode(const fs::path& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr) == SQLITE_OK);
  std::string mode;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return mode;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("store: a run with results and samples reads back exactly") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");

    auto runId = store->createRun("sysbench_cpu", R"({"threads":2})", 1700000000000);
    REQUIRE(runId.ok());
    CHECK(*runId > 0);

    ResultRecord b = makeResult(*runId, "task-b", "host-b");
    b.rawOutput = std::string("with\0nul", 8);
    b.status = "failed";
    b.exitCode = 3;
    b.message = "benchmark exited with 3";
    b.maxRssKb = 0;
    b.samples.clear();
    REQUIRE(store->addResult(makeResult(*runId, "task-a", "host-a")).ok());
    auto addedB = store->addResult(b);
    REQUIRE(addedB.ok());
    CHECK(*addedB);

    auto run = store->run(*runId);
    REQUIRE(run.has_value());
    CHECK(run->id == *runId);
    CHECK(run->benchmark == "sysbench_cpu");
    CHECK(run->paramsJson == R"({"threads":2})");
    CHECK(run->status == "running");
    CHECK(run->startedAt == 1700000000000);
    CHECK(run->finishedAt == 0);

    REQUIRE(store->finishRun(*runId, "partial", 1700000000999).ok());
    run = store->run(*runId);
    REQUIRE(run.has_value());
    CHECK(run->status == "partial");
    CHECK(run->finishedAt == 1700000000999);

    auto results = store->resultsForRun(*runId);
    REQUIRE(results.size() == 2);
    const ResultRecord expected = makeResult(*runId, "task-a", "host-a");
    const ResultRecord& a = results[0];  // ordered by hostname
    CHECK(a.id > 0);
    CHECK(a.runId == *runId);
    CHECK(a.taskId == "task-a");
    CHECK(a.nodeId == "node-host-a");
    CHECK(a.hostname == "host-a");
    CHECK(a.environment == "vm");
    CHECK(a.status == "succeeded");
    CHECK(a.exitCode == 0);
    CHECK(a.wallSeconds == expected.wallSeconds);
    CHECK(a.userSeconds == expected.userSeconds);
    CHECK(a.systemSeconds == expected.systemSeconds);
    CHECK(a.maxRssKb == 12345);
    CHECK(a.command == expected.command);
    CHECK(a.rawOutput == expected.rawOutput);
    CHECK(a.rawStderr == expected.rawStderr);
    CHECK(a.message.empty());
    CHECK(a.finishedAt == expected.finishedAt);
    REQUIRE(a.samples.size() == 2);
    CHECK(a.samples[0].metric == "events_per_second");
    CHECK(a.samples[0].value == 1234.56);
    CHECK(a.samples[0].unit == "events/s");
    CHECK(a.samples[0].labels == expected.samples[0].labels);
    CHECK(a.samples[1].metric == "latency_p95");
    CHECK(a.samples[1].value == 0.75);
    CHECK(a.samples[1].unit == "ms");
    CHECK(a.samples[1].labels.empty());

    const ResultRecord& rb = results[1];
    CHECK(rb.taskId == "task-b");
    CHECK(rb.status == "failed");
    CHECK(rb.exitCode == 3);
    CHECK(rb.message == "benchmark exited with 3");
    CHECK(rb.rawOutput == std::string("with\0nul", 8));
    CHECK(rb.maxRssKb == 0);
    CHECK(rb.samples.empty());

    CHECK(store->resultsForRun(*runId + 1000).empty());
    CHECK_FALSE(store->run(*runId + 1000).has_value());
  }

  TEST_CASE("store: special sample values and a failing result insert store nothing") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    auto runId = store->createRun("noop", "{}", 1);
    REQUIRE(runId.ok());

    ResultRecord r = makeResult(*runId, "task-1", "h");
    r.samples = {{"nan", std::numeric_limits<double>::quiet_NaN(), "", {}},
                 {"inf", std::numeric_limits<double>::infinity(), "x", {{"k", "v \"q\""}}}};
    REQUIRE(store->addResult(r).ok());
    auto results = store->resultsForRun(*runId);
    REQUIRE(results.size() == 1);
    REQUIRE(results[0].samples.size() == 2);
    CHECK(std::isnan(results[0].samples[0].value));
    CHECK(std::isinf(results[0].samples[1].value));
    CHECK(results[0].samples[1].labels.at("k") == "v \"q\"");

    // A result for a run that does not exist violates the foreign key: an error, nothing stored.
    auto orphan = store->addResult(makeResult(*runId + 99, "task-orphan", "h"));
    REQUIRE_FALSE(orphan.ok());
    CHECK(orphan.error().find("FOREIGN KEY") != std::string::npos);
    CHECK(store->resultsForRun(*runId + 99).empty());
    // The failed transaction was rolled back: the store still works.
    auto again = store->addResult(makeResult(*runId, "task-2", "h2"));
    REQUIRE(again.ok());
    CHECK(*again);

    auto missing = store->finishRun(*runId + 99, "failed", 2);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().find("no such run") != std::string::npos);
  }

  TEST_CASE("store: a second result with the same task id is a no-op") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    auto runId = store->createRun("sysbench_cpu", "{}", 100);
    REQUIRE(runId.ok());

    auto first = store->addResult(makeResult(*runId, "task-1", "host-a"));
    REQUIRE(first.ok());
    CHECK(*first);

    ResultRecord dup = makeResult(*runId, "task-1", "host-z");
    dup.status = "failed";
    dup.samples.push_back({"extra", 1, "", {}});
    auto second = store->addResult(dup);
    REQUIRE(second.ok());
    CHECK_FALSE(*second);

    auto results = store->resultsForRun(*runId);
    REQUIRE(results.size() == 1);
    CHECK(results[0].hostname == "host-a");
    CHECK(results[0].status == "succeeded");
    CHECK(results[0].samples.size() == 2);
  }

  TEST_CASE("store: a real result replaces a lost or no_result placeholder, nothing else does") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    auto runId = store->createRun("sysbench_cpu", "{}", 100);
    REQUIRE(runId.ok());
    for (const std::string placeholder : {"lost", "no_result"}) {
      const std::string task = "task-" + placeholder;
      ResultRecord p = makeResult(*runId, task, "host-a");
      p.status = placeholder;
      p.samples.clear();
      REQUIRE(*store->addResult(p));
      ResultRecord again = p;
      again.status = placeholder == "lost" ? "no_result" : "lost";
      CHECK_FALSE(*store->addResult(again));  // a placeholder never replaces

      auto real = store->addResult(makeResult(*runId, task, "host-a"));
      REQUIRE(real.ok());
      CHECK(*real);
      ResultRecord late = makeResult(*runId, task, "host-a");
      late.status = "failed";
      CHECK_FALSE(*store->addResult(late));  // a real result is never replaced
    }
    auto results = store->resultsForRun(*runId);
    REQUIRE(results.size() == 2);
    for (const auto& r : results) {
      CHECK(r.status == "succeeded");
      CHECK(r.samples.size() == 2);
    }
  }

  TEST_CASE("store: data survives reopening (controller restart) and WAL is on") {
    TempDir dir;
    const fs::path path = dir.path() / "results.db";
    std::int64_t runId = 0;
    {
      auto store = openStore(path);
      auto created = store->createRun("sysbench_cpu", R"({"threads":4})", 42);
      REQUIRE(created.ok());
      runId = *created;
      REQUIRE(store->addResult(makeResult(runId, "task-1", "host-a")).ok());
      REQUIRE(store->upsertNode({"n1", "host-a", "vm", "kvm", R"({"cpus":2})", 10, 20}).ok());

      // A second connection while the first is still open (as after a crash: the WAL file is
      // still there) sees everything committed.
      auto other = openStore(path);
      CHECK(other->resultsForRun(runId).size() == 1);
      CHECK(journalMode(path) == "wal");
    }
    auto store = openStore(path);
    auto run = store->run(runId);
    REQUIRE(run.has_value());
    CHECK(run->paramsJson == R"({"threads":4})");
    auto results = store->resultsForRun(runId);
    REQUIRE(results.size() == 1);
    CHECK(results[0].command == makeResult(runId, "task-1", "host-a").command);
    CHECK(results[0].samples.size() == 2);
    auto nodes = store->nodes();
    REQUIRE(nodes.size() == 1);
    CHECK(nodes[0].factsJson == R"({"cpus":2})");
    // Dedupe holds across restarts too.
    auto dup = store->addResult(makeResult(runId, "task-1", "host-a"));
    REQUIRE(dup.ok());
    CHECK_FALSE(*dup);
    CHECK(journalMode(path) == "wal");
  }

  TEST_CASE("store: upsertNode keeps first_seen and updates the rest") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    REQUIRE(store->upsertNode({"n1", "old-host", "vm", "kvm", R"({"a":1})", 1000, 1000}).ok());
    REQUIRE(store->upsertNode({"n2", "b-host", "bare", "none", "{}", 1500, 1500}).ok());
    REQUIRE(
        store->upsertNode({"n1", "a-host", "container", "podman", R"({"a":2})", 5000, 6000}).ok());

    auto nodes = store->nodes();
    REQUIRE(nodes.size() == 2);
    const NodeRecord& n1 = nodes[0];  // ordered by hostname
    CHECK(n1.nodeId == "n1");
    CHECK(n1.hostname == "a-host");
    CHECK(n1.environment == "container");
    CHECK(n1.virtTech == "podman");
    CHECK(n1.factsJson == R"({"a":2})");
    CHECK(n1.firstSeen == 1000);
    CHECK(n1.lastSeen == 6000);
    CHECK(nodes[1].nodeId == "n2");
    CHECK(nodes[1].firstSeen == 1500);
  }

  TEST_CASE("store: recentRuns is most recent first and honours the limit") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    CHECK(store->recentRuns(10).empty());
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
      // Inserted out of time order, so the order cannot come from the ids.
      const cb::store::TimeMs startedAt = (i % 2 == 0) ? 1000 + i : 100 + i;
      auto id = store->createRun("bench" + std::to_string(i), "{}", startedAt);
      REQUIRE(id.ok());
      ids.push_back(*id);
    }
    auto runs = store->recentRuns(3);
    REQUIRE(runs.size() == 3);
    CHECK(runs[0].startedAt == 1004);
    CHECK(runs[1].startedAt == 1002);
    CHECK(runs[2].startedAt == 1000);
    CHECK(runs[0].id == ids[4]);

    auto all = store->recentRuns(100);
    REQUIRE(all.size() == 5);
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].startedAt >= all[i].startedAt);
    CHECK(all.back().startedAt == 101);
    CHECK(store->recentRuns(0).empty());
    CHECK(store->recentRuns(std::numeric_limits<std::size_t>::max()).size() == 5);
  }

  TEST_CASE("store: open on an unusable path fails naming the path") {
    TempDir dir;
    // A regular file where a directory should be: not creatable, even for root.
    const fs::path blocker = dir.path() / "not-a-dir";
    std::ofstream(blocker) << "x";
    const fs::path bad = blocker / "results.db";
    auto store = Store::open(bad);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().find(bad.string()) != std::string::npos);

    // A file that is not a database.
    const fs::path garbage = dir.path() / "garbage.db";
    std::ofstream(garbage) << std::string(4096, 'g');
    auto notDb = Store::open(garbage);
    REQUIRE_FALSE(notDb.ok());
    CHECK(notDb.error().find(garbage.string()) != std::string::npos);
    CHECK(notDb.error().find("not a database") != std::string::npos);
  }

  TEST_CASE("store: a database from a newer schema is refused") {
    TempDir dir;
    const fs::path path = dir.path() / "results.db";
    openStore(path);
    {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
      REQUIRE(sqlite3_exec(db, "UPDATE schema_version SET version = 999", nullptr, nullptr,
                           nullptr) == SQLITE_OK);
      sqlite3_close(db);
    }
    auto store = Store::open(path);
    REQUIRE_FALSE(store.ok());
    CHECK(store.error().find("999") != std::string::npos);
  }
}
