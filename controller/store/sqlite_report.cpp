// Report rows: samples joined with their result, run and node. Plan (EXPLAIN QUERY PLAN, checked
// in store_report_test): runs by primary key (or scanned in id order), results through
// results_by_run_id, samples through samples_by_result_id, nodes by primary key; the ORDER BY
// follows those indexes, so no temporary sort b-tree and memory independent of the row count.
#include "store/sqlite_report.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace cb::store::sqlite {
namespace {

/// Sample labels by their JSON text: samples of one benchmark share few distinct label sets.
class LabelCache {
 public:
  const std::map<std::string, std::string>& get(const std::string& text) {
    auto it = cache_.find(text);
    if (it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxEntries) cache_.clear();
    std::map<std::string, std::string> labels;
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_object()) {
      for (const auto& [key, value] : parsed.items()) {
        if (value.is_string()) labels.emplace(key, value.get<std::string>());
      }
    }
    return cache_.emplace(text, std::move(labels)).first->second;
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;
  std::unordered_map<std::string, std::map<std::string, std::string>> cache_;
};

/// Reads the rows of one executed statement into `row`, calling `fn` for each.
Status deliver(Statement& stmt, ReportRow& row, LabelCache& labels, const ReportRowFn& fn) {
  std::int64_t lastRun = -1;
  std::int64_t lastResult = -1;
  std::string labelsText;  // reused: no allocation per row
  for (;;) {
    auto more = stmt.step();
    if (!more) return Error{more.error()};
    if (!*more) return okStatus();
    if (const std::int64_t runId = stmt.integer(0); runId != lastRun) {
      lastRun = runId;
      row.runId = runId;
      row.benchmark = stmt.text(1);
      row.runLabelsJson = stmt.text(2);
      row.paramsJson = stmt.text(3);
      row.startedAt = stmt.integer(4);
      row.referencesJson = stmt.text(5);
    }
    if (const std::int64_t resultId = stmt.integer(6); resultId != lastResult) {
      lastResult = resultId;
      row.resultId = resultId;
      row.nodeId = stmt.text(7);
      row.hostname = stmt.text(8);
      row.environment = stmt.text(9);
      row.status = stmt.text(10);
      row.nodeVirtTech = stmt.text(11);
    }
    stmt.textInto(12, row.sample.metric);
    row.sample.value = stmt.isNull(13) ? std::numeric_limits<double>::quiet_NaN() : stmt.real(13);
    stmt.textInto(14, row.sample.unit);
    stmt.textInto(15, labelsText);
    row.sample.labels = labels.get(labelsText);
    fn(row);
  }
}

}  // namespace

std::string reportQuerySql(int schemaVersion, bool oneRun) {
  std::string sql = "SELECT u.id, u.benchmark, u.labels_json, u.params_json, u.started_at, ";
  sql += schemaVersion >= 2 ? "u.references_json" : "'[]'";
  sql +=
      ", r.id, r.node_id, r.hostname, r.environment, r.status, coalesce(n.virt_tech, ''),"
      " s.metric, s.value, s.unit, s.labels_json"
      // CROSS JOIN fixes the loop order (SQLite never reorders it), so the ORDER BY is the
      // index order and needs no sort, whatever the table statistics say.
      " FROM runs u CROSS JOIN results r ON r.run_id = u.id"
      " CROSS JOIN samples s ON s.result_id = r.id"
      " LEFT JOIN nodes n ON n.node_id = r.node_id";
  sql += oneRun ? " WHERE u.id = ?1 AND (?2 = '' OR u.benchmark = ?2)"
                : " WHERE (?2 = '' OR u.benchmark = ?2)";
  sql += " ORDER BY u.id, r.hostname, r.id, s.id";
  return sql;
}

Status forEachReportRow(Db& db, int schemaVersion, const ReportQuery& query,
                        const ReportRowFn& fn) {
  auto snapshot = Transaction::begin(db, Transaction::Mode::kRead);
  if (!snapshot) return Error{snapshot.error()};
  ReportRow row;
  LabelCache labels;
  if (query.runIds.empty()) {
    auto stmt = db.prepare(reportQuerySql(schemaVersion, false));
    if (!stmt) return Error{stmt.error()};
    stmt->bindText(2, query.benchmark);
    return deliver(*stmt, row, labels, fn);
  }
  std::vector<std::int64_t> ids = query.runIds;
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  auto stmt = db.prepare(reportQuerySql(schemaVersion, true));
  if (!stmt) return Error{stmt.error()};
  for (std::int64_t id : ids) {
    stmt->reset();
    stmt->bindInt(1, id);
    stmt->bindText(2, query.benchmark);
    if (auto s = deliver(*stmt, row, labels, fn); !s) return s;
  }
  return okStatus();
}

}  // namespace cb::store::sqlite
