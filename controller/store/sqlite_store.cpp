// Store on SQLite: see store.hpp for the contract, sqlite_schema.cpp for the tables.
// Read methods cannot report errors through the interface: on a SQLite error (I/O, corruption)
// they return the rows read before it (resultsForRun: nothing, rather than results missing
// samples).
#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/sqlite_db.hpp"
#include "store/sqlite_report.hpp"
#include "store/sqlite_schema.hpp"
#include "store/sqlite_suites.hpp"
#include "store/store.hpp"

namespace cb::store {
namespace {

using nlohmann::json;
using sqlite::Db;
using sqlite::Statement;
using sqlite::Transaction;

/// JSON text of `value`; invalid UTF-8 is replaced (U+FFFD) rather than thrown on.
std::string dumpJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Parses JSON written by this store; anything unreadable yields a discarded value.
json parseJson(const std::string& text) {
  return json::parse(text, nullptr, false);
}

std::string commandJson(const std::vector<std::string>& command) {
  return dumpJson(command);
}

std::vector<std::string> parseCommand(const std::string& text) {
  std::vector<std::string> command;
  const json parsed = parseJson(text);
  if (!parsed.is_array()) return command;
  for (const auto& arg : parsed) {
    if (arg.is_string()) command.push_back(arg.get<std::string>());
  }
  return command;
}

std::map<std::string, std::string> parseLabels(const std::string& text) {
  std::map<std::string, std::string> labels;
  const json parsed = parseJson(text);
  if (!parsed.is_object()) return labels;
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_string()) labels.emplace(key, value.get<std::string>());
  }
  return labels;
}

/// The run columns readRun() reads; files before schema version 2 have no references.
std::string runColumns(int schemaVersion) {
  return std::string(
             "SELECT id, benchmark, params_json, status, started_at, finished_at,"
             " labels_json, ") +
         (schemaVersion >= 2 ? "references_json" : "'[]'") + " FROM runs";
}

RunRecord readRun(const Statement& row) {
  RunRecord run;
  run.id = row.integer(0);
  run.benchmark = row.text(1);
  run.paramsJson = row.text(2);
  run.status = row.text(3);
  run.startedAt = row.integer(4);
  run.finishedAt = row.integer(5);
  run.labelsJson = row.text(6);
  run.referencesJson = row.text(7);
  return run;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Db> db, int schemaVersion)
      : db_(std::move(db)), schemaVersion_(schemaVersion) {}

  Status beginBatch() override {
    if (batch_) return db_->fail("beginning a batch", "a batch is already open");
    if (auto s = db_->exec("BEGIN IMMEDIATE", "beginning a batch"); !s) return s;
    batch_ = true;
    return okStatus();
  }

  Status endBatch() override {
    if (!batch_) return okStatus();
    batch_ = false;
    if (!db_->inTransaction()) {
      return db_->fail("committing a batch", "rolled back by an earlier error in the batch");
    }
    auto s = db_->exec("COMMIT", "committing a batch");
    if (!s && db_->inTransaction()) db_->exec("ROLLBACK", "rolling back a batch");
    return s;
  }

  void abortBatch() override {
    if (!batch_) return;
    batch_ = false;
    if (db_->inTransaction()) db_->exec("ROLLBACK", "rolling back a batch");
  }

  Status upsertNode(const NodeRecord& node) override {
    if (auto s = writable(); !s) return s;
    auto stmt = db_->prepare(
        "INSERT INTO nodes (node_id, hostname, environment, virt_tech, facts_json, first_seen,"
        " last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
        " ON CONFLICT (node_id) DO UPDATE SET hostname = excluded.hostname,"
        " environment = excluded.environment, virt_tech = excluded.virt_tech,"
        " facts_json = excluded.facts_json, last_seen = excluded.last_seen");
    if (!stmt) return Error{stmt.error()};
    stmt->bindText(1, node.nodeId);
    stmt->bindText(2, node.hostname);
    stmt->bindText(3, node.environment);
    stmt->bindText(4, node.virtTech);
    stmt->bindText(5, node.factsJson);
    stmt->bindInt(6, node.firstSeen);
    stmt->bindInt(7, node.lastSeen);
    return stmt->run();
  }

  std::vector<NodeRecord> nodes() override {
    std::vector<NodeRecord> nodes;
    auto stmt = db_->prepare(
        "SELECT node_id, hostname, environment, virt_tech, facts_json, first_seen, last_seen"
        " FROM nodes ORDER BY hostname, node_id");
    if (!stmt) return nodes;
    for (auto row = stmt->step(); row && *row; row = stmt->step()) {
      NodeRecord& node = nodes.emplace_back();
      node.nodeId = stmt->text(0);
      node.hostname = stmt->text(1);
      node.environment = stmt->text(2);
      node.virtTech = stmt->text(3);
      node.factsJson = stmt->text(4);
      node.firstSeen = stmt->integer(5);
      node.lastSeen = stmt->integer(6);
    }
    return nodes;
  }

  Status putAgentKey(const AgentKeyRecord& key) override {
    if (auto s = writable(); !s) return s;
    auto stmt = db_->prepare(
        "INSERT INTO agent_keys (public_key, state, node_id, claimed_node_id, hostname, address,"
        " first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT (public_key) DO UPDATE SET state = excluded.state,"
        " node_id = excluded.node_id, claimed_node_id = excluded.claimed_node_id,"
        " hostname = excluded.hostname, address = excluded.address,"
        " last_seen = excluded.last_seen");
    if (!stmt) return Error{stmt.error()};
    stmt->bindText(1, key.publicKey);
    stmt->bindText(2, key.state);
    stmt->bindText(3, key.nodeId);
    stmt->bindText(4, key.claimedNodeId);
    stmt->bindText(5, key.hostname);
    stmt->bindText(6, key.address);
    stmt->bindInt(7, key.firstSeen);
    stmt->bindInt(8, key.lastSeen);
    return stmt->run();
  }

  Status deleteAgentKey(const std::string& publicKey) override {
    if (auto s = writable(); !s) return s;
    auto stmt = db_->prepare("DELETE FROM agent_keys WHERE public_key = ?1");
    if (!stmt) return Error{stmt.error()};
    stmt->bindText(1, publicKey);
    return stmt->run();
  }

  std::vector<AgentKeyRecord> agentKeys() override {
    std::vector<AgentKeyRecord> keys;
    if (schemaVersion_ < 3) return keys;
    auto stmt = db_->prepare(
        "SELECT public_key, state, node_id, claimed_node_id, hostname, address, first_seen,"
        " last_seen FROM agent_keys ORDER BY first_seen, public_key");
    if (!stmt) return keys;
    for (auto row = stmt->step(); row && *row; row = stmt->step()) {
      AgentKeyRecord& k = keys.emplace_back();
      k.publicKey = stmt->text(0);
      k.state = stmt->text(1);
      k.nodeId = stmt->text(2);
      k.claimedNodeId = stmt->text(3);
      k.hostname = stmt->text(4);
      k.address = stmt->text(5);
      k.firstSeen = stmt->integer(6);
      k.lastSeen = stmt->integer(7);
    }
    return keys;
  }

  Result<std::int64_t> createRun(const std::string& benchmark, const std::string& paramsJson,
                                 TimeMs startedAt, const std::string& labelsJson,
                                 const std::string& referencesJson) override {
    if (auto s = writable(); !s) return Error{s.error()};
    auto stmt = db_->prepare(
        "INSERT INTO runs (benchmark, params_json, status, started_at, finished_at, labels_json,"
        " references_json) VALUES (?1, ?2, 'running', ?3, 0, ?4, ?5)");
    if (!stmt) return Error{stmt.error()};
    stmt->bindText(1, benchmark);
    stmt->bindText(2, paramsJson);
    stmt->bindInt(3, startedAt);
    stmt->bindText(4, labelsJson.empty() ? "{}" : labelsJson);
    stmt->bindText(5, referencesJson.empty() ? "[]" : referencesJson);
    if (auto s = stmt->run(); !s) return Error{s.error()};
    return db_->lastInsertId();
  }

  Status finishRun(std::int64_t runId, const std::string& status, TimeMs finishedAt) override {
    if (auto s = writable(); !s) return s;
    auto stmt = db_->prepare("UPDATE runs SET status = ?2, finished_at = ?3 WHERE id = ?1");
    if (!stmt) return Error{stmt.error()};
    stmt->bindInt(1, runId);
    stmt->bindText(2, status);
    stmt->bindInt(3, finishedAt);
    if (auto s = stmt->run(); !s) return s;
    if (db_->changes() == 0) {
      return db_->fail("finishing run " + std::to_string(runId), "no such run");
    }
    return okStatus();
  }

  Result<std::vector<std::int64_t>> interruptRunningRuns(TimeMs now) override {
    if (auto s = writable(); !s) return Error{s.error()};
    std::vector<std::int64_t> ids;
    auto tx = Transaction::begin(*db_, Transaction::Mode::kWrite);
    if (!tx) return Error{tx.error()};
    auto select = db_->prepare("SELECT id FROM runs WHERE status = 'running' ORDER BY id");
    if (!select) return Error{select.error()};
    for (auto row = select->step(); row && *row; row = select->step()) {
      ids.push_back(select->integer(0));
    }
    auto update = db_->prepare(
        "UPDATE runs SET status = 'interrupted', finished_at = ?1 WHERE status = 'running'");
    if (!update) return Error{update.error()};
    update->bindInt(1, now);
    if (auto s = update->run(); !s) return Error{s.error()};
    if (auto s = tx->commit(); !s) return Error{s.error()};
    return ids;
  }

  Result<bool> addResult(const ResultRecord& result) override {
    if (auto s = writable(); !s) return Error{s.error()};
    auto tx = Transaction::begin(*db_, Transaction::Mode::kWrite);
    if (!tx) return Error{tx.error()};
    if (result.status != "lost" && result.status != "no_result") {
      // A real result replaces the placeholder of a node that was lost or missed the deadline.
      auto drop = db_->prepare(
          "DELETE FROM results WHERE task_id = ?1 AND status IN ('lost', 'no_result')");
      if (!drop) return Error{drop.error()};
      drop->bindText(1, result.taskId);
      if (auto s = drop->run(); !s) return Error{s.error()};
    }
    auto insert = db_->prepare(
        "INSERT INTO results (run_id, task_id, node_id, hostname, environment, status, exit_code,"
        " wall_seconds, user_seconds, system_seconds, max_rss_kb, command_json, raw_output,"
        " raw_stderr, message, finished_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
        " ON CONFLICT (task_id) DO NOTHING");
    if (!insert) return Error{insert.error()};
    insert->bindInt(1, result.runId);
    insert->bindText(2, result.taskId);
    insert->bindText(3, result.nodeId);
    insert->bindText(4, result.hostname);
    insert->bindText(5, result.environment);
    insert->bindText(6, result.status);
    insert->bindInt(7, result.exitCode);
    insert->bindDouble(8, result.wallSeconds);
    insert->bindDouble(9, result.userSeconds);
    insert->bindDouble(10, result.systemSeconds);
    insert->bindInt(11, clampToInt64(result.maxRssKb));
    insert->bindText(12, commandJson(result.command));
    insert->bindText(13, result.rawOutput);
    insert->bindText(14, result.rawStderr);
    insert->bindText(15, result.message);
    insert->bindInt(16, result.finishedAt);
    if (auto s = insert->run(); !s) return Error{s.error()};
    if (db_->changes() == 0) return false;  // duplicate task id; the transaction rolls back
    const std::int64_t resultId = db_->lastInsertId();

    auto sample = db_->prepare(
        "INSERT INTO samples (result_id, metric, value, unit, labels_json)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    if (!sample) return Error{sample.error()};
    for (const auto& s : result.samples) {
      auto labels = json::object();
      for (const auto& [key, value] : s.labels) labels[key] = value;
      sample->bindInt(1, resultId);
      sample->bindText(2, s.metric);
      sample->bindDouble(3, s.value);  // NaN is bound as NULL
      sample->bindText(4, s.unit);
      sample->bindText(5, dumpJson(labels));
      if (auto st = sample->run(); !st) return Error{st.error()};
      sample->reset();
    }
    if (auto s = tx->commit(); !s) return Error{s.error()};
    return true;
  }

  std::optional<RunRecord> run(std::int64_t runId) override {
    auto stmt = db_->prepare(runColumns(schemaVersion_) + " WHERE id = ?1");
    if (!stmt) return std::nullopt;
    stmt->bindInt(1, runId);
    auto row = stmt->step();
    if (!row || !*row) return std::nullopt;
    return readRun(*stmt);
  }

  std::vector<RunRecord> recentRuns(std::size_t limit) override {
    std::vector<RunRecord> runs;
    if (limit == 0) return runs;
    auto stmt =
        db_->prepare(runColumns(schemaVersion_) + " ORDER BY started_at DESC, id DESC LIMIT ?1");
    if (!stmt) return runs;
    stmt->bindInt(1, clampToInt64(limit));
    for (auto row = stmt->step(); row && *row; row = stmt->step()) runs.push_back(readRun(*stmt));
    return runs;
  }

  std::vector<ResultRecord> resultsForRun(std::int64_t runId) override {
    std::vector<ResultRecord> results;
    // One read transaction, so results and samples come from the same snapshot.
    auto snapshot = Transaction::begin(*db_, Transaction::Mode::kRead);
    if (!snapshot) return results;
    auto stmt = db_->prepare(
        "SELECT id, run_id, task_id, node_id, hostname, environment, status, exit_code,"
        " wall_seconds, user_seconds, system_seconds, max_rss_kb, command_json, raw_output,"
        " raw_stderr, message, finished_at FROM results WHERE run_id = ?1"
        " ORDER BY hostname, task_id");
    if (!stmt) return results;
    stmt->bindInt(1, runId);
    std::unordered_map<std::int64_t, std::size_t> indexById;
    for (auto row = stmt->step(); row && *row; row = stmt->step()) {
      ResultRecord& r = results.emplace_back();
      r.id = stmt->integer(0);
      r.runId = stmt->integer(1);
      r.taskId = stmt->text(2);
      r.nodeId = stmt->text(3);
      r.hostname = stmt->text(4);
      r.environment = stmt->text(5);
      r.status = stmt->text(6);
      r.exitCode = static_cast<int>(stmt->integer(7));
      r.wallSeconds = stmt->real(8);
      r.userSeconds = stmt->real(9);
      r.systemSeconds = stmt->real(10);
      r.maxRssKb = static_cast<std::uint64_t>(std::max<std::int64_t>(0, stmt->integer(11)));
      r.command = parseCommand(stmt->text(12));
      r.rawOutput = stmt->text(13);
      r.rawStderr = stmt->text(14);
      r.message = stmt->text(15);
      r.finishedAt = stmt->integer(16);
      indexById.emplace(r.id, results.size() - 1);
    }
    if (results.empty()) return results;

    auto samples = db_->prepare(
        "SELECT s.result_id, s.metric, s.value, s.unit, s.labels_json FROM samples s"
        " JOIN results r ON r.id = s.result_id WHERE r.run_id = ?1 ORDER BY s.result_id, s.id");
    if (!samples) return {};
    samples->bindInt(1, runId);
    auto row = samples->step();
    for (; row && *row; row = samples->step()) {
      auto it = indexById.find(samples->integer(0));
      if (it == indexById.end()) continue;
      bench::Sample& s = results[it->second].samples.emplace_back();
      s.metric = samples->text(1);
      s.value = samples->isNull(2) ? std::numeric_limits<double>::quiet_NaN() : samples->real(2);
      s.unit = samples->text(3);
      s.labels = parseLabels(samples->text(4));
    }
    if (!row) results.clear();
    return results;
  }

  Status forEachReportRow(const ReportQuery& query, const ReportRowFn& fn) override {
    return sqlite::forEachReportRow(*db_, schemaVersion_, query, fn);
  }

  Result<std::int64_t> createSuite(const SuiteRecord& suite) override {
    if (auto s = writable(); !s) return Error{s.error()};
    return sqlite::createSuite(*db_, suite);
  }
  Status setSuiteStatus(std::int64_t suiteId, const std::string& status,
                        TimeMs finishedAt) override {
    if (auto s = writable(); !s) return s;
    return sqlite::setSuiteStatus(*db_, suiteId, status, finishedAt);
  }
  Status addSuiteRepetition(const SuiteRepetitionRecord& repetition) override {
    if (auto s = writable(); !s) return s;
    return sqlite::addSuiteRepetition(*db_, repetition);
  }
  Result<std::vector<std::int64_t>> interruptRunningSuites(TimeMs now) override {
    if (auto s = writable(); !s) return Error{s.error()};
    return sqlite::interruptRunningSuites(*db_, now);
  }
  std::optional<SuiteRecord> suite(std::int64_t suiteId) override {
    return sqlite::suite(*db_, schemaVersion_, suiteId);
  }
  std::vector<SuiteRecord> suites(std::size_t limit) override {
    return sqlite::suites(*db_, schemaVersion_, limit);
  }
  std::vector<SuiteRepetitionRecord> suiteRepetitions(std::int64_t suiteId) override {
    return sqlite::suiteRepetitions(*db_, schemaVersion_, suiteId);
  }

 private:
  /// Inside a batch that SQLite already rolled back (disk full, I/O error), a write would commit
  /// on its own while the batch's earlier writes are gone: refuse it, so endBatch() reports the
  /// whole batch as lost and nothing is acknowledged.
  Status writable() {
    if (batch_ && !db_->inTransaction()) {
      return db_->fail("writing", "the batch was rolled back by an earlier error");
    }
    return okStatus();
  }

  template <typename T>
  static std::int64_t clampToInt64(T value) {
    constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(std::min<std::uint64_t>(value, kMax));
  }

  std::unique_ptr<Db> db_;
  int schemaVersion_;
  bool batch_ = false;
};

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const std::filesystem::path& path) {
  auto db = Db::open(path);
  if (!db) return Error{db.error()};
  if (auto s = sqlite::migrateSchema(**db); !s) return Error{s.error()};
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(*db), sqlite::kSchemaVersion));
}

Result<std::unique_ptr<Store>> Store::openReadOnly(const std::filesystem::path& path) {
  auto db = Db::open(path, Db::Access::kReadOnly);
  if (!db) return Error{db.error()};
  auto version = sqlite::schemaVersion(**db);
  if (!version) return Error{version.error()};
  if (*version == 0) return (*db)->fail("reading the schema", "not a clusterbench results store");
  if (*version > sqlite::kSchemaVersion) {
    return (*db)->fail("reading the schema",
                       "written by schema version " + std::to_string(*version) +
                           ", this build knows up to " + std::to_string(sqlite::kSchemaVersion));
  }
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(*db), *version));
}

}  // namespace cb::store
