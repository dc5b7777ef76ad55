// Store on SQLite: the suites (see store.hpp for the contract, sqlite_schema.cpp for the tables).
#include "store/sqlite_suites.hpp"

#include <algorithm>
#include <limits>

namespace cb::store::sqlite {
namespace {

// The steps that ended and the repetitions recorded, counted in SQL next to the suite's columns.
constexpr const char* kSuiteColumns =
    "SELECT s.id, s.name, s.file_name, s.yaml, s.labels_json, s.status, s.steps_total,"
    " s.started_at, s.finished_at,"
    " (SELECT count(*) FROM suite_repetitions r WHERE r.suite_id = s.id AND r.step_done = 1),"
    " (SELECT count(*) FROM suite_repetitions r WHERE r.suite_id = s.id) FROM suites s";

SuiteRecord readSuite(const Statement& row) {
  SuiteRecord s;
  s.id = row.integer(0);
  s.name = row.text(1);
  s.fileName = row.text(2);
  s.yaml = row.text(3);
  s.labelsJson = row.text(4);
  s.status = row.text(5);
  s.stepsTotal = row.integer(6);
  s.startedAt = row.integer(7);
  s.finishedAt = row.integer(8);
  s.stepsDone = row.integer(9);
  s.repetitionsDone = row.integer(10);
  return s;
}

}  // namespace

Result<std::int64_t> createSuite(Db& db, const SuiteRecord& suite) {
  auto stmt = db.prepare(
      "INSERT INTO suites (name, file_name, yaml, labels_json, status, steps_total, started_at,"
      " finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!stmt) return Error{stmt.error()};
  stmt->bindText(1, suite.name);
  stmt->bindText(2, suite.fileName);
  stmt->bindText(3, suite.yaml);
  stmt->bindText(4, suite.labelsJson.empty() ? "{}" : suite.labelsJson);
  stmt->bindText(5, suite.status);
  stmt->bindInt(6, suite.stepsTotal);
  stmt->bindInt(7, suite.startedAt);
  stmt->bindInt(8, suite.finishedAt);
  if (auto s = stmt->run(); !s) return Error{s.error()};
  return db.lastInsertId();
}

Status setSuiteStatus(Db& db, std::int64_t suiteId, const std::string& status, TimeMs finishedAt) {
  auto stmt = db.prepare("UPDATE suites SET status = ?2, finished_at = ?3 WHERE id = ?1");
  if (!stmt) return Error{stmt.error()};
  stmt->bindInt(1, suiteId);
  stmt->bindText(2, status);
  stmt->bindInt(3, finishedAt);
  if (auto s = stmt->run(); !s) return s;
  if (db.changes() == 0)
    return db.fail("updating suite " + std::to_string(suiteId), "no such suite");
  return okStatus();
}

Status addSuiteRepetition(Db& db, const SuiteRepetitionRecord& r) {
  auto stmt = db.prepare(
      "INSERT OR REPLACE INTO suite_repetitions (suite_id, step_index, step, repetition, "
      "step_done, reason,"
      " runs_json, finished_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  if (!stmt) return Error{stmt.error()};
  stmt->bindInt(1, r.suiteId);
  stmt->bindInt(2, r.stepIndex);
  stmt->bindText(3, r.step);
  stmt->bindInt(4, r.repetition);
  stmt->bindInt(5, r.stepDone ? 1 : 0);
  stmt->bindText(6, r.reason);
  stmt->bindText(7, r.runsJson.empty() ? "[]" : r.runsJson);
  stmt->bindInt(8, r.finishedAt);
  return stmt->run();
}

Result<std::vector<std::int64_t>> interruptRunningSuites(Db& db, TimeMs now) {
  std::vector<std::int64_t> ids;
  auto tx = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!tx) return Error{tx.error()};
  auto select = db.prepare("SELECT id FROM suites WHERE status = 'running' ORDER BY id");
  if (!select) return Error{select.error()};
  for (auto row = select->step(); row && *row; row = select->step()) {
    ids.push_back(select->integer(0));
  }
  auto update = db.prepare(
      "UPDATE suites SET status = 'interrupted', finished_at = ?1 WHERE status = 'running'");
  if (!update) return Error{update.error()};
  update->bindInt(1, now);
  if (auto s = update->run(); !s) return Error{s.error()};
  if (auto s = tx->commit(); !s) return Error{s.error()};
  return ids;
}

std::optional<SuiteRecord> suite(Db& db, int schemaVersion, std::int64_t suiteId) {
  if (schemaVersion < kSuitesSchemaVersion) return std::nullopt;
  auto stmt = db.prepare(std::string(kSuiteColumns) + " WHERE s.id = ?1");
  if (!stmt) return std::nullopt;
  stmt->bindInt(1, suiteId);
  auto row = stmt->step();
  if (!row || !*row) return std::nullopt;
  return readSuite(*stmt);
}

std::vector<SuiteRecord> suites(Db& db, int schemaVersion, std::size_t limit) {
  std::vector<SuiteRecord> out;
  if (schemaVersion < kSuitesSchemaVersion || limit == 0) return out;
  auto stmt = db.prepare(std::string(kSuiteColumns) + " ORDER BY s.id DESC LIMIT ?1");
  if (!stmt) return out;
  constexpr auto kMax = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
  stmt->bindInt(1, static_cast<std::int64_t>(std::min(limit, kMax)));
  for (auto row = stmt->step(); row && *row; row = stmt->step()) out.push_back(readSuite(*stmt));
  return out;
}

std::vector<SuiteRepetitionRecord> suiteRepetitions(Db& db, int schemaVersion,
                                                    std::int64_t suiteId) {
  std::vector<SuiteRepetitionRecord> out;
  if (schemaVersion < kSuitesSchemaVersion) return out;
  auto stmt = db.prepare(
      "SELECT suite_id, step_index, step, repetition, step_done, reason, runs_json, finished_at"
      " FROM suite_repetitions WHERE suite_id = ?1 ORDER BY step_index, repetition");
  if (!stmt) return out;
  stmt->bindInt(1, suiteId);
  for (auto row = stmt->step(); row && *row; row = stmt->step()) {
    SuiteRepetitionRecord& r = out.emplace_back();
    r.suiteId = stmt->integer(0);
    r.stepIndex = stmt->integer(1);
    r.step = stmt->text(2);
    r.repetition = stmt->integer(3);
    r.stepDone = stmt->integer(4) != 0;
    r.reason = stmt->text(5);
    r.runsJson = stmt->text(6);
    r.finishedAt = stmt->integer(7);
  }
  return out;
}

}  // namespace cb::store::sqlite
