// The results store's report query and read-only access, against real database files.
#include <doctest/doctest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "store/sqlite_report.hpp"
#include "store/sqlite_schema.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::store::ReportQuery;
using cb::store::ReportRow;
using cb::store::ResultRecord;
using cb::store::Store;

namespace {

using cb::test::TempDir;

std::unique_ptr<Store> openStore(const fs::path& path, bool readOnly = false) {
  auto store = readOnly ? Store::openReadOnly(path) : Store::open(path);
  REQUIRE_MESSAGE(store.ok(), store.error());
  return std::move(store).value();
}

ResultRecord result(std::int64_t runId, const std::string& task, const std::string& host,
                    cb::bench::Samples samples) {
  ResultRecord r;
  r.runId = runId;
  r.taskId = task;
  r.nodeId = "id-" + host;
  r.hostname = host;
  r.environment = "vm";
  r.status = "succeeded";
  r.samples = std::move(samples);
  return r;
}

std::vector<ReportRow> rows(Store& store, const ReportQuery& query) {
  std::vector<ReportRow> out;
  auto s = store.forEachReportRow(query, [&](const ReportRow& row) { out.push_back(row); });
  REQUIRE_MESSAGE(s.ok(), s.error());
  return out;
}

void exec(const fs::path& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  const std::string text = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  REQUIRE_MESSAGE(rc == SQLITE_OK, text);
}

/// EXPLAIN QUERY PLAN of `sql`, one detail line per step.
std::string queryPlan(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  const std::string explain = "EXPLAIN QUERY PLAN " + sql;
  REQUIRE(sqlite3_prepare_v2(db, explain.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  std::string plan;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    plan += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
    plan += "\n";
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return plan;
}

}  // namespace

TEST_SUITE("store") {
  TEST_CASE("store report: references are stored with the run") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    const std::string refs =
        R"([{"metric":"events_per_second","environment":"*","value":100,"lower":-0.1,)"
        R"("upper":0.1,"unit":"events/s"}])";
    auto withRefs = store->createRun("sysbench-cpu", "{}", 1, R"({"suite":"s"})", refs);
    auto without = store->createRun("sysbench-cpu", "{}", 2);
    auto empty = store->createRun("sysbench-cpu", "{}", 3, "{}", "");
    REQUIRE(withRefs.ok());
    REQUIRE(without.ok());
    REQUIRE(empty.ok());
    CHECK(store->run(*withRefs)->referencesJson == refs);
    CHECK(store->run(*without)->referencesJson == "[]");
    CHECK(store->run(*empty)->referencesJson == "[]");
    CHECK(store->recentRuns(1)[0].referencesJson == "[]");
  }

  TEST_CASE("store report: rows join run, result and node, in order, filtered") {
    TempDir dir;
    auto store = openStore(dir.path() / "results.db");
    REQUIRE(store->upsertNode({"id-b", "b", "vm", "qemu", "{}", 1, 1}).ok());
    auto r1 = store->createRun("sysbench-cpu", R"({"threads":"2"})", 100,
                               R"({"environment":"vm","repetition":1})", R"([{"metric":"x"}])");
    auto r2 = store->createRun("iperf3-client", "{}", 200);
    REQUIRE(r1.ok());
    REQUIRE(r2.ok());
    // Stored out of host order: rows come back by hostname.
    REQUIRE(store
                ->addResult(result(*r1, "t1", "b",
                                   {{"events_per_second", 10, "events/s", {{"threads", "2"}}},
                                    {"latency_avg", 0.5, "ms", {}}}))
                .ok());
    REQUIRE(
        store->addResult(result(*r1, "t2", "a", {{"events_per_second", 11, "events/s", {}}})).ok());
    REQUIRE(store->addResult(result(*r1, "t3", "c", {})).ok());  // no samples, no rows
    ResultRecord nan =
        result(*r2, "t4", "a",
               {{"sent_bits_per_second", std::nan(""), "bit/s", {{"direction", "upload"}}}});
    nan.status = "failed";
    nan.environment = "container";
    REQUIRE(store->addResult(nan).ok());

    const auto all = rows(*store, {});
    REQUIRE(all.size() == 4);
    CHECK(all[0].runId == *r1);
    CHECK(all[0].hostname == "a");
    CHECK(all[0].nodeVirtTech.empty());  // no node record for "a"
    CHECK(all[1].hostname == "b");
    CHECK(all[1].sample.metric == "events_per_second");
    CHECK(all[1].sample.labels.at("threads") == "2");
    CHECK(all[1].nodeVirtTech == "qemu");
    CHECK(all[1].runLabelsJson == R"({"environment":"vm","repetition":1})");
    CHECK(all[1].paramsJson == R"({"threads":"2"})");
    CHECK(all[1].referencesJson == R"([{"metric":"x"}])");
    CHECK(all[1].startedAt == 100);
    CHECK(all[1].benchmark == "sysbench-cpu");
    CHECK(all[2].sample.metric == "latency_avg");  // sample order within a result
    CHECK(all[2].resultId == all[1].resultId);
    CHECK(all[3].runId == *r2);
    CHECK(all[3].status == "failed");
    CHECK(all[3].environment == "container");
    CHECK(std::isnan(all[3].sample.value));
    CHECK(all[3].referencesJson == "[]");

    CHECK(rows(*store, {{*r2}, ""}).size() == 1);
    CHECK(rows(*store, {{*r2, *r1, *r2, 999}, ""}).size() == 4);  // duplicates, unknown ids
    CHECK(rows(*store, {{}, "iperf3-client"}).size() == 1);
    CHECK(rows(*store, {{*r1}, "iperf3-client"}).empty());
    CHECK(rows(*store, {{999}, ""}).empty());
  }

  TEST_CASE("store report: the query plan uses the indexes and sorts nothing") {
    TempDir dir;
    const fs::path path = dir.path() / "results.db";
    openStore(path);
    using cb::store::sqlite::reportQuerySql;
    for (bool oneRun : {false, true}) {
      const std::string plan =
          queryPlan(path, reportQuerySql(cb::store::sqlite::kSchemaVersion, oneRun));
      INFO(plan);
      CHECK(plan.find("USING INDEX results_by_run_id") != std::string::npos);
      CHECK(plan.find("USING INDEX samples_by_result_id") != std::string::npos);
      CHECK(plan.find("TEMP B-TREE") == std::string::npos);
      CHECK(plan.find("SCAN s") == std::string::npos);
      CHECK(plan.find("SCAN r") == std::string::npos);
      if (oneRun) CHECK(plan.find("SCAN u") == std::string::npos);
    }
  }

  TEST_CASE("store report: read-only access while a writer is open, and its limits") {
    TempDir dir;
    const fs::path path = dir.path() / "results.db";
    auto writer = openStore(path);
    auto run = writer->createRun("noop", "{}", 1);
    REQUIRE(run.ok());
    REQUIRE(writer->addResult(result(*run, "t1", "a", {{"completed", 1, "", {}}})).ok());

    auto reader = openStore(path, true);
    CHECK(rows(*reader, {}).size() == 1);
    // Written after the reader opened: the next query sees it (WAL, no stale snapshot).
    REQUIRE(writer->addResult(result(*run, "t2", "b", {{"completed", 1, "", {}}})).ok());
    CHECK(rows(*reader, {}).size() == 2);
    auto write = reader->createRun("noop", "{}", 2);
    REQUIRE_FALSE(write.ok());
    CHECK(write.error().find("readonly") != std::string::npos);

    auto missing = Store::openReadOnly(dir.path() / "nope.db");
    REQUIRE_FALSE(missing.ok());
    CHECK_FALSE(fs::exists(dir.path() / "nope.db"));

    const fs::path other = dir.path() / "other.db";
    exec(other, "CREATE TABLE t (x)");
    auto notStore = Store::openReadOnly(other);
    REQUIRE_FALSE(notStore.ok());
    CHECK(notStore.error().find("not a clusterbench results store") != std::string::npos);

    exec(path, "UPDATE schema_version SET version = 99");
    auto newer = Store::openReadOnly(path);
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().find("99") != std::string::npos);
  }

  TEST_CASE("store report: a version 1 file is read as is and migrated on a normal open") {
    TempDir dir;
    const fs::path path = dir.path() / "results.db";
    {
      auto store = openStore(path);
      auto run = store->createRun("noop", "{}", 1, "{}", R"([{"metric":"m","value":1}])");
      REQUIRE(run.ok());
      REQUIRE(store->addResult(result(*run, "t1", "a", {{"completed", 1, "", {}}})).ok());
    }
    // Back to the version 1 schema: no references column, no benchmark index, no key store, no
    // suites.
    exec(path,
         "DROP INDEX runs_by_benchmark; ALTER TABLE runs DROP COLUMN references_json;"
         " DROP TABLE agent_keys; DROP TABLE suite_repetitions; DROP TABLE suites;"
         " UPDATE schema_version SET version = 1");
    {
      auto old = openStore(path, true);
      const auto got = rows(*old, {});
      REQUIRE(got.size() == 1);
      CHECK(got[0].referencesJson == "[]");
      CHECK(old->recentRuns(5).at(0).referencesJson == "[]");
      CHECK(old->suites(5).empty());  // no suites table yet: nothing, no error
    }
    auto migrated = openStore(path);
    CHECK(migrated->recentRuns(5).at(0).referencesJson == "[]");
    auto run = migrated->createRun("noop", "{}", 2, "{}", R"([{"metric":"m","value":2}])");
    REQUIRE(run.ok());
    CHECK(migrated->run(*run)->referencesJson == R"([{"metric":"m","value":2}])");
    // Version 3: the key store exists after the migration.
    REQUIRE(migrated->putAgentKey(
        {std::string(40, 'k'), "pending", "", std::string(32, 'a'), "n", "198.18.0.2", 1, 2}));
    REQUIRE(migrated->agentKeys().size() == 1);
    CHECK(migrated->agentKeys()[0].claimedNodeId == std::string(32, 'a'));
    // Version 4: suites.
    cb::store::SuiteRecord suite;
    suite.name = "s";
    REQUIRE(migrated->createSuite(suite).ok());
    CHECK(migrated->suites(5).size() == 1);
    CHECK(
        queryPlan(path, "SELECT id FROM runs WHERE benchmark = 'noop'").find("runs_by_benchmark") !=
        std::string::npos);
  }
}
