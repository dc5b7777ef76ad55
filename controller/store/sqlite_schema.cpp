#include "store/sqlite_schema.hpp"

#include <array>
#include <string>

namespace cb::store::sqlite {
namespace {

// kMigrations[i] takes the schema from version i to version i + 1. Fixed SQL only.
constexpr std::array<const char*, kSchemaVersion> kMigrations = {
    // 0 -> 1
    R"sql(
CREATE TABLE nodes (
  node_id     TEXT PRIMARY KEY NOT NULL,
  hostname    TEXT NOT NULL,
  environment TEXT NOT NULL,
  virt_tech   TEXT NOT NULL,
  facts_json  TEXT NOT NULL,
  first_seen  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL
);
CREATE TABLE runs (
  id          INTEGER PRIMARY KEY,
  benchmark   TEXT NOT NULL,
  params_json TEXT NOT NULL,
  status      TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER NOT NULL DEFAULT 0,
  labels_json TEXT NOT NULL DEFAULT '{}'  -- suite, step, repetition, environment override, ...
);
CREATE INDEX runs_by_started_at ON runs(started_at);
CREATE TABLE results (
  id             INTEGER PRIMARY KEY,
  run_id         INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  task_id        TEXT NOT NULL UNIQUE,
  node_id        TEXT NOT NULL,
  hostname       TEXT NOT NULL,
  environment    TEXT NOT NULL,
  status         TEXT NOT NULL,
  exit_code      INTEGER NOT NULL,
  wall_seconds   REAL NOT NULL,
  user_seconds   REAL NOT NULL,
  system_seconds REAL NOT NULL,
  max_rss_kb     INTEGER NOT NULL,
  command_json   TEXT NOT NULL,
  raw_output     TEXT NOT NULL,
  raw_stderr     TEXT NOT NULL,
  message        TEXT NOT NULL,
  finished_at    INTEGER NOT NULL
);
CREATE INDEX results_by_run_id ON results(run_id, hostname);
CREATE TABLE samples (
  id          INTEGER PRIMARY KEY,
  result_id   INTEGER NOT NULL REFERENCES results(id) ON DELETE CASCADE,
  metric      TEXT NOT NULL,
  value       REAL,  -- NULL stands for NaN, which SQLite cannot store
  unit        TEXT NOT NULL,
  labels_json TEXT NOT NULL
);
CREATE INDEX samples_by_result_id ON samples(result_id);
CREATE INDEX samples_by_metric ON samples(metric);
)sql",
    // 1 -> 2: performance references of the run's suite step (see RunRecord::referencesJson);
    // runs are selected by benchmark for reports.
    R"sql(
ALTER TABLE runs ADD COLUMN references_json TEXT NOT NULL DEFAULT '[]';
CREATE INDEX runs_by_benchmark ON runs(benchmark);
)sql",
    // 2 -> 3: the agent key store (enrollment). A key's node id is bound at its first acceptance
    // and unique among keys that have one.
    R"sql(
CREATE TABLE agent_keys (
  public_key TEXT PRIMARY KEY NOT NULL,  -- Z85 CURVE public key: the agent's identity
  state      TEXT NOT NULL,              -- pending, accepted or rejected
  node_id    TEXT NOT NULL DEFAULT '',   -- bound at first acceptance, '' before
  claimed_node_id TEXT NOT NULL DEFAULT '',  -- node id the last hello asked for
  hostname   TEXT NOT NULL DEFAULT '',   -- as the agent reported it (not trusted)
  address    TEXT NOT NULL DEFAULT '',   -- peer address of the last connection
  first_seen INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
);
CREATE UNIQUE INDEX agent_keys_by_node_id ON agent_keys(node_id) WHERE node_id != '';
)sql",
    // 3 -> 4: suites, so that one a controller restart interrupted can be resumed; each finished
    // step repetition links the suite to its runs.
    R"sql(
CREATE TABLE suites (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  yaml        TEXT NOT NULL,              -- the suite file's text
  labels_json TEXT NOT NULL DEFAULT '{}',
  status      TEXT NOT NULL,              -- running, succeeded, partial, cancelled, interrupted
  steps_total INTEGER NOT NULL,
  started_at  INTEGER NOT NULL,
  finished_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE suite_repetitions (
  suite_id    INTEGER NOT NULL REFERENCES suites(id) ON DELETE CASCADE,
  step_index  INTEGER NOT NULL,
  step        TEXT NOT NULL,
  repetition  INTEGER NOT NULL,
  step_done   INTEGER NOT NULL,           -- 1: the step stopped after this repetition
  reason      TEXT NOT NULL,
  runs_json   TEXT NOT NULL,              -- [{"run_id", "benchmark", "status", ...}]
  finished_at INTEGER NOT NULL,
  PRIMARY KEY (suite_id, step_index, repetition)
);
)sql",
};

Result<int> recordedVersion(Db& db) {
  auto stmt = db.prepare("SELECT max(version) FROM schema_version");
  if (!stmt) return Error{stmt.error()};
  auto row = stmt->step();
  if (!row) return Error{row.error()};
  if (!*row || stmt->isNull(0)) return 0;
  return static_cast<int>(stmt->integer(0));
}

}  // namespace

Result<int> schemaVersion(Db& db) {
  auto table = db.prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
  if (!table) return Error{table.error()};
  auto row = table->step();
  if (!row) return Error{row.error()};
  if (!*row || table->integer(0) == 0) return 0;
  return recordedVersion(db);
}

Status migrateSchema(Db& db) {
  auto tx = Transaction::begin(db, Transaction::Mode::kWrite);
  if (!tx) return Error{tx.error()};
  if (auto s = db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
                       "creating table schema_version");
      !s) {
    return s;
  }
  auto version = recordedVersion(db);
  if (!version) return Error{version.error()};
  if (*version > kSchemaVersion) {
    return db.fail("checking the schema", "written by schema version " + std::to_string(*version) +
                                              ", this build knows up to " +
                                              std::to_string(kSchemaVersion));
  }
  if (*version == kSchemaVersion) return okStatus();  // nothing written; the rollback is a no-op
  for (int v = *version; v < kSchemaVersion; ++v) {
    if (auto s = db.exec(kMigrations[static_cast<std::size_t>(v)],
                         "migrating the schema to version " + std::to_string(v + 1));
        !s) {
      return s;
    }
  }
  {
    auto clear = db.prepare("DELETE FROM schema_version");
    if (!clear) return Error{clear.error()};
    if (auto s = clear->run(); !s) return s;
    auto record = db.prepare("INSERT INTO schema_version (version) VALUES (?1)");
    if (!record) return Error{record.error()};
    record->bindInt(1, kSchemaVersion);
    if (auto s = record->run(); !s) return s;
  }
  return tx->commit();
}

}  // namespace cb::store::sqlite
