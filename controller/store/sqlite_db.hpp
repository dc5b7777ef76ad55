#pragma once
// Thin RAII layer over the SQLite C API, used only by the results store.
// Thread-safety: a Db and every Statement/Transaction taken from it belong to one thread.
// Values only ever reach SQL through bound parameters; exec() is for fixed SQL text.
#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/result.hpp"

namespace cb::store::sqlite {

class Db;

/// A prepared statement, usually borrowed from the Db's cache. Destruction resets it and clears its
/// bindings (so no read transaction stays open) and returns it to the cache. Must not outlive its
/// Db. Binders take 1-based parameter indexes and copy what they bind; the first bind error is
/// reported by the next step().
class Statement {
 public:
  Statement(Db& db, sqlite3_stmt* stmt, bool cached);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  void bindText(int index, std::string_view text);
  void bindInt(int index, std::int64_t value);
  void bindDouble(int index, double value);

  /// Advances: true when a row is available, false when done, an error otherwise.
  Result<bool> step();
  /// Steps a statement that returns no rows (INSERT/UPDATE/...) to completion.
  Status run();
  /// Rewinds for another execution with new bindings (required before binding again).
  void reset();

  /// Column accessors for the current row (0-based). text() keeps embedded NUL bytes.
  std::string text(int column) const;
  /// text() into `out`, reusing its storage (no allocation once it is large enough).
  void textInto(int column, std::string& out) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool isNull(int column) const;

 private:
  void noteBindError(int rc, int index);

  Db* db_;
  sqlite3_stmt* stmt_;
  bool cached_;             // false: a one-off copy, finalized on destruction
  int bindRc_ = SQLITE_OK;  // first failed bind, reported by step()
  int bindIndex_ = 0;
};

/// One connection. open() configures it: extended result codes, busy timeout, WAL journal,
/// synchronous=FULL (a committed transaction survives a crash or power loss), foreign keys on.
/// A read-only connection neither creates the file nor changes its journal mode; it reads a WAL
/// database while a writer keeps using it.
class Db {
 public:
  enum class Access { kReadWrite, kReadOnly };
  static Result<std::unique_ptr<Db>> open(const std::filesystem::path& path,
                                          Access access = Access::kReadWrite);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  /// A statement for `sql`, prepared once and cached. If the cached one is in use (nested use of
  /// the same SQL), a one-off statement is prepared instead.
  Result<Statement> prepare(const std::string& sql);
  /// Runs fixed SQL text (one or more statements). Never pass SQL built from values.
  Status exec(const char* sql, std::string_view what);

  /// "results store '<path>': <what>: <latest SQLite error message>".
  Error fail(std::string_view what) const;
  /// "results store '<path>': <what>: <detail>".
  Error fail(std::string_view what, std::string_view detail) const;

  std::int64_t lastInsertId() const;
  /// Rows changed by the most recent INSERT/UPDATE/DELETE.
  std::int64_t changes() const;
  bool inTransaction() const;
  sqlite3* handle() const { return db_; }

 private:
  friend class Statement;
  Db(std::filesystem::path path, sqlite3* db);
  void giveBack(sqlite3_stmt* stmt);

  std::filesystem::path path_;
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  std::unordered_map<sqlite3_stmt*, bool> inUse_;
};

/// BEGIN ... COMMIT. Destruction without commit() rolls back (which merely ends a read
/// transaction). Inside a transaction that is already open (a group-commit batch) it is a
/// SAVEPOINT instead: commit() releases it into the outer transaction, destruction rolls back to
/// it, so a failed write undoes only itself. Must not outlive its Db.
class Transaction {
 public:
  enum class Mode {
    kRead,   // BEGIN DEFERRED: one consistent snapshot for several reads
    kWrite,  // BEGIN IMMEDIATE: takes the write lock up front, waiting up to the busy timeout
  };
  static Result<Transaction> begin(Db& db, Mode mode);
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status commit();

 private:
  Transaction(Db& db, bool nested) : db_(&db), nested_(nested) {}
  Db* db_;  // null once committed, rolled back or moved from
  bool nested_ = false;
};

}  // namespace cb::store::sqlite
