// A thin RAII layer over the SQLite C API: a connection with a statement cache, prepared statements
// with chained binds, and the mapping of SQLite result codes onto Status. Internal to storage.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "storage/status.h"

namespace gongkai::storage {

// Maps a SQLite result code and message onto a Status naming `what` (the operation or file).
Status SqliteStatus(int rc, const std::string& what, sqlite3* db);

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool prepared() const { return stmt_ != nullptr; }
  // Bind by 1-based index. Strings and blobs are copied (SQLITE_TRANSIENT).
  Stmt& Bind(int index, int64_t value);
  Stmt& Bind(int index, int value) { return Bind(index, static_cast<int64_t>(value)); }
  Stmt& Bind(int index, std::string_view text);
  Stmt& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Stmt& Bind(int index, const std::string& text) { return Bind(index, std::string_view(text)); }
  Stmt& BindBlob(int index, std::string_view bytes);
  Stmt& BindNull(int index);
  Stmt& BindDouble(int index, double value);
  Stmt& BindTextOrNull(int index, std::string_view text);  // "" binds NULL

  // One step: SQLITE_ROW, SQLITE_DONE or an error code.
  int Step();
  // Runs to completion (for statements returning no rows). Resets afterwards.
  Status Exec(const std::string& what);
  void Reset();  // resets and clears bindings

  int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;  // "" for NULL
  std::string Blob(int column) const;  // "" for NULL
  // The column's bytes without a copy ("" for NULL), valid until the next Step() or Reset().
  std::string_view BlobView(int column) const;
  bool IsNull(int column) const;
  bool IsBlob(int column) const;  // stored as a BLOB (not text, a number or NULL)
  int ColumnCount() const { return sqlite3_column_count(stmt_); }

  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// A cached statement borrowed from Db::Prepare; resets it (ending any read) when it goes away.
class StmtHandle {
 public:
  explicit StmtHandle(Stmt* stmt) : stmt_(stmt) {}
  ~StmtHandle() {
    if (stmt_ != nullptr) stmt_->Reset();
  }
  StmtHandle(StmtHandle&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  StmtHandle(const StmtHandle&) = delete;
  StmtHandle& operator=(const StmtHandle&) = delete;
  explicit operator bool() const { return stmt_ != nullptr; }
  Stmt* operator->() const { return stmt_; }
  Stmt& operator*() const { return *stmt_; }

 private:
  Stmt* stmt_;
};

class Db {
 public:
  Db() = default;
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // flags: SQLITE_OPEN_* as for sqlite3_open_v2.
  Status Open(const std::string& path, int flags);
  sqlite3* raw() const { return db_; }

  // Runs one or more statements with no results.
  Status Exec(std::string_view sql, const std::string& what);
  // A cached prepared statement for `sql` (a string with static storage), reset and unbound.
  // Returns an empty handle and sets *status when preparation fails.
  StmtHandle Prepare(const char* sql, Status* status);

  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }

 private:
  sqlite3* db_ = nullptr;
  std::map<const char*, std::unique_ptr<Stmt>> cache_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Db* db);
  ~Transaction();
  const Status& begin_status() const { return begin_; }
  Status Commit();

 private:
  Db* db_;
  Status begin_;
  bool open_ = false;
};

}  // namespace gongkai::storage
