#pragma once
// The suites of the SQLite store (Store::createSuite and the other suite methods): the suites and
// suite_repetitions tables of schema version 4.
#include <optional>
#include <vector>

#include "store/sqlite_db.hpp"
#include "store/store.hpp"
#include "util/result.hpp"

namespace cb::store::sqlite {

/// First schema version with the suite tables; reads of an older file return nothing.
inline constexpr int kSuitesSchemaVersion = 4;

Result<std::int64_t> createSuite(Db& db, const SuiteRecord& suite);
Status setSuiteStatus(Db& db, std::int64_t suiteId, const std::string& status, TimeMs finishedAt);
Status addSuiteRepetition(Db& db, const SuiteRepetitionRecord& repetition);
Result<std::vector<std::int64_t>> interruptRunningSuites(Db& db, TimeMs now);
std::optional<SuiteRecord> suite(Db& db, int schemaVersion, std::int64_t suiteId);
std::vector<SuiteRecord> suites(Db& db, int schemaVersion, std::size_t limit);
std::vector<SuiteRepetitionRecord> suiteRepetitions(Db& db, int schemaVersion,
                                                    std::int64_t suiteId);

}  // namespace cb::store::sqlite
