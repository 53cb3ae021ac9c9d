#include "sqlite_util.h"

namespace gongkai::storage {

Status SqliteStatus(int rc, const std::string& what, sqlite3* db) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::OK();
  std::string message = what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(message);
    case SQLITE_CANTOPEN:
      return Status::IOError(message);
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
      return Status::InvalidArgument(message);
    default:
      return Status::IOError(message);
  }
}

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                         nullptr) != SQLITE_OK) {
    stmt_ = nullptr;
  }
}

Stmt::~Stmt() {
  sqlite3_finalize(stmt_);
}

Stmt& Stmt::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Stmt& Stmt::Bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Stmt& Stmt::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::BindDouble(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Stmt& Stmt::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Stmt& Stmt::BindTextOrNull(int index, std::string_view text) {
  return text.empty() ? BindNull(index) : Bind(index, text);
}

int Stmt::Step() {
  return sqlite3_step(stmt_);
}

Status Stmt::Exec(const std::string& what) {
  int rc;
  do {
    rc = Step();
  } while (rc == SQLITE_ROW);
  Status status = SqliteStatus(rc, what, db_);
  Reset();
  return status;
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Stmt::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}
double Stmt::Double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::string Stmt::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, column));
}

std::string Stmt::Blob(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return "";
  return std::string(static_cast<const char*>(data), sqlite3_column_bytes(stmt_, column));
}

std::string_view Stmt::BlobView(int column) const {
  const void* data = sqlite3_column_blob(stmt_, column);
  if (data == nullptr) return {};
  return std::string_view(static_cast<const char*>(data),
                          static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

bool Stmt::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

bool Stmt::IsBlob(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_BLOB;
}

Db::~Db() {
  cache_.clear();
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Status Db::Open(const std::string& path, int flags) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = SqliteStatus(rc, "open " + path, db_);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    return status;
  }
  sqlite3_extended_result_codes(db_, 1);
  return Status::OK();
}

Status Db::Exec(std::string_view sql, const std::string& what) {
  std::string copy(sql);
  char* error = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status::OK();
  std::string message = what + ": " + (error ? error : sqlite3_errstr(rc));
  sqlite3_free(error);
  Status status = SqliteStatus(rc, what, db_);
  if (status.IsCorruption()) return Status::Corruption(message);
  if (status.IsInvalidArgument()) return Status::InvalidArgument(message);
  return Status::IOError(message);
}

StmtHandle Db::Prepare(const char* sql, Status* status) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto stmt = std::make_unique<Stmt>(db_, sql);
    if (!stmt->prepared()) {
      *status = SqliteStatus(sqlite3_errcode(db_), std::string("prepare \"") + sql + "\"", db_);
      return StmtHandle(nullptr);
    }
    it = cache_.emplace(sql, std::move(stmt)).first;
  }
  it->second->Reset();
  return StmtHandle(it->second.get());
}

Transaction::Transaction(Db* db) : db_(db) {
  begin_ = db_->Exec("BEGIN IMMEDIATE", "begin transaction");
  open_ = begin_.ok();
}

Transaction::~Transaction() {
  if (open_) (void)db_->Exec("ROLLBACK", "rollback");  // nothing a destructor can do if it fails
}

Status Transaction::Commit() {
  if (!open_) return begin_.ok() ? Status::IOError("commit: no open transaction") : begin_;
  Status status = db_->Exec("COMMIT", "commit");
  if (status.ok()) open_ = false;
  return status;
}

}  // namespace gongkai::storage
