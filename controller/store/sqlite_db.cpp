#include "store/sqlite_db.hpp"

#include <cctype>
#include <chrono>
#include <cstring>
#include <utility>

namespace cb::store::sqlite {
namespace {

constexpr std::chrono::milliseconds kBusyTimeout{5000};

/// The start of a statement's SQL on one line, to name it in error messages.
std::string sqlHead(sqlite3_stmt* stmt) {
  constexpr std::size_t kMax = 60;
  const char* sql = sqlite3_sql(stmt);
  std::string head;
  bool space = false;
  for (const char* c = sql != nullptr ? sql : ""; *c != '\0' && head.size() < kMax; ++c) {
    if (std::isspace(static_cast<unsigned char>(*c)) != 0) {
      space = !head.empty();
      continue;
    }
    if (space) head += ' ';
    space = false;
    head += *c;
  }
  if (sql != nullptr && std::string_view(sql).size() > head.size()) head += "...";
  return head;
}

}  // namespace

// ---- Statement ----

Statement::Statement(Db& db, sqlite3_stmt* stmt, bool cached)
    : db_(&db), stmt_(stmt), cached_(cached) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      cached_(other.cached_),
      bindRc_(other.bindRc_),
      bindIndex_(other.bindIndex_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (cached_) {
    db_->giveBack(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::noteBindError(int rc, int index) {
  if (rc == SQLITE_OK || bindRc_ != SQLITE_OK) return;
  bindRc_ = rc;
  bindIndex_ = index;
}

void Statement::bindText(int index, std::string_view text) {
  noteBindError(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

void Statement::bindInt(int index, std::int64_t value) {
  noteBindError(sqlite3_bind_int64(stmt_, index, value), index);
}

void Statement::bindDouble(int index, double value) {
  noteBindError(sqlite3_bind_double(stmt_, index, value), index);
}

Result<bool> Statement::step() {
  if (bindRc_ != SQLITE_OK) {
    return db_->fail(
        "binding parameter " + std::to_string(bindIndex_) + " of `" + sqlHead(stmt_) + "`",
        sqlite3_errstr(bindRc_));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return db_->fail("running `" + sqlHead(stmt_) + "`");
}

Status Statement::run() {
  auto stepped = step();
  if (!stepped) return Error{stepped.error()};
  if (*stepped) return db_->fail("running `" + sqlHead(stmt_) + "`", "returned a row");
  return okStatus();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
}

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  if (data == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(data),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

void Statement::textInto(int column, std::string& out) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  if (data == nullptr) {
    out.clear();
    return;
  }
  out.assign(reinterpret_cast<const char*>(data),
             static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(stmt_, column);
}

bool Statement::isNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// ---- Db ----

Db::Db(std::filesystem::path path, sqlite3* db) : path_(std::move(path)), db_(db) {}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<std::unique_ptr<Db>> Db::open(const std::filesystem::path& path, Access access) {
  sqlite3* handle = nullptr;
  const int flags = access == Access::kReadOnly
                        ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &handle, flags, nullptr);
  // From here on the handle (even a failed one) is owned, and closed, by the Db.
  std::unique_ptr<Db> db(new Db(path, handle));
  if (handle == nullptr) return db->fail("cannot open the database", sqlite3_errstr(rc));
  if (rc != SQLITE_OK) {
    std::string detail = sqlite3_errmsg(handle);
    if (const int err = sqlite3_system_errno(handle); err != 0) {
      detail += " (" + std::string(std::strerror(err)) + ")";
    }
    return db->fail("cannot open the database", detail);
  }

  sqlite3_extended_result_codes(handle, 1);
  if (sqlite3_busy_timeout(handle, static_cast<int>(kBusyTimeout.count())) != SQLITE_OK) {
    return db->fail("setting the busy timeout");
  }
  if (access == Access::kReadOnly) return db;
  {
    // journal_mode answers with the mode in effect, which stays "delete" where WAL is impossible.
    auto mode = db->prepare("PRAGMA journal_mode=WAL");
    if (!mode) return Error{mode.error()};
    auto row = mode->step();
    if (!row) return Error{row.error()};
    const std::string actual = *row ? mode->text(0) : std::string("(none)");
    if (actual != "wal") {
      return db->fail("enabling WAL journal mode", "SQLite kept journal mode " + actual);
    }
  }
  if (auto s = db->exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", "configuring"); !s) {
    return Error{s.error()};
  }
  return db;
}

Result<Statement> Db::prepare(const std::string& sql) {
  if (auto it = cache_.find(sql); it != cache_.end()) {
    bool& busy = inUse_[it->second];
    if (!busy) {
      busy = true;
      return Statement(*this, it->second, true);
    }
  }
  const bool cache = cache_.find(sql) == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size() + 1),
                                    cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK || stmt == nullptr) {
    sqlite3_finalize(stmt);
    return fail("preparing `" + sql + "`");
  }
  if (cache) {
    cache_.emplace(sql, stmt);
    inUse_[stmt] = true;
  }
  return Statement(*this, stmt, cache);
}

void Db::giveBack(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  inUse_[stmt] = false;
}

Status Db::exec(const char* sql, std::string_view what) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return okStatus();
  std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return fail(what, detail);
}

Error Db::fail(std::string_view what) const {
  return fail(what, db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory");
}

Error Db::fail(std::string_view what, std::string_view detail) const {
  std::string message = "results store '";
  message += path_.string();
  message += "': ";
  message += what;
  message += ": ";
  message += detail;
  return cb::fail(std::move(message));
}

std::int64_t Db::lastInsertId() const {
  return sqlite3_last_insert_rowid(db_);
}

std::int64_t Db::changes() const {
  return sqlite3_changes64(db_);
}

bool Db::inTransaction() const {
  return sqlite3_get_autocommit(db_) == 0;
}

// ---- Transaction ----

Result<Transaction> Transaction::begin(Db& db, Mode mode) {
  if (db.inTransaction()) {
    if (auto s = db.exec("SAVEPOINT cb_write", "opening a savepoint"); !s) return Error{s.error()};
    return Transaction(db, true);
  }
  const char* sql = mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
  if (auto s = db.exec(sql, "beginning a transaction"); !s) return Error{s.error()};
  return Transaction(db, false);
}

Transaction::Transaction(Transaction&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), nested_(other.nested_) {}

Transaction::~Transaction() {
  // SQLite may already have rolled back on some errors; the result is deliberately ignored.
  if (db_ == nullptr || !db_->inTransaction()) return;
  if (nested_) {
    db_->exec("ROLLBACK TO cb_write", "rolling back to a savepoint");
    db_->exec("RELEASE cb_write", "releasing a savepoint");
  } else {
    db_->exec("ROLLBACK", "rolling back");
  }
}

Status Transaction::commit() {
  auto s = nested_ ? db_->exec("RELEASE cb_write", "releasing a savepoint")
                   : db_->exec("COMMIT", "committing");
  if (s) db_ = nullptr;  // on failure the destructor rolls back
  return s;
}

}  // namespace cb::store::sqlite
