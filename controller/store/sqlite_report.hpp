#pragma once
// The report query of the SQLite store (Store::forEachReportRow).
#include "store/sqlite_db.hpp"
#include "store/store.hpp"
#include "util/result.hpp"

namespace cb::store::sqlite {

/// Store::forEachReportRow on `db`. `schemaVersion` is the file's: before version 2 runs have no
/// references column and every row carries "[]".
Status forEachReportRow(Db& db, int schemaVersion, const ReportQuery& query, const ReportRowFn& fn);

/// The SQL of the report query for one run (bound: ?1 run id, ?2 benchmark or ""), for
/// EXPLAIN QUERY PLAN checks.
std::string reportQuerySql(int schemaVersion, bool oneRun);

}  // namespace cb::store::sqlite
