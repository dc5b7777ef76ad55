#pragma once
// Schema of the results store and its migrations.
#include "store/sqlite_db.hpp"
#include "util/result.hpp"

namespace cb::store::sqlite {

/// The schema version this build writes; recorded in the schema_version table.
inline constexpr int kSchemaVersion = 4;

/// Brings the database to kSchemaVersion (tables and indexes) in one transaction. Fails, leaving
/// the file untouched, when it was written by a newer schema.
Status migrateSchema(Db& db);

/// The version recorded in the file (0 for a file without the schema_version table). Writes
/// nothing, so it works on a read-only connection.
Result<int> schemaVersion(Db& db);

}  // namespace cb::store::sqlite
