#include "seal.h"

#include <openssl/evp.h>
#include <sqlite3.h>

#include <cstring>

#include "storage/digest.h"

namespace gongkai::storage {
namespace {

constexpr size_t kSealBytes = 16;  // 128 bits: accidental damage, not an adversary with the file

void AppendLength(std::string* out, uint64_t n) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((n >> (8 * i)) & 0xff));
}

// The canonical encoding of argv[first..argc) (see seal.h), prefixed by `table`.
std::string Canonical(std::string_view table, int first, int argc, sqlite3_value** argv) {
  std::string out(table);
  out.push_back('\0');
  for (int i = first; i < argc; ++i) {
    sqlite3_value* v = argv[i];
    switch (sqlite3_value_type(v)) {
      case SQLITE_NULL:
        out.push_back(0);
        AppendLength(&out, 0);
        break;
      case SQLITE_INTEGER:
        out.push_back(1);
        AppendLength(&out, 8);
        AppendLength(&out, static_cast<uint64_t>(sqlite3_value_int64(v)));
        break;
      case SQLITE_FLOAT: {
        double d = sqlite3_value_double(v);
        uint64_t bits;
        std::memcpy(&bits, &d, sizeof(bits));
        out.push_back(2);
        AppendLength(&out, 8);
        AppendLength(&out, bits);
        break;
      }
      default: {
        const bool text = sqlite3_value_type(v) == SQLITE_TEXT;
        const void* p = text ? static_cast<const void*>(sqlite3_value_text(v)) : sqlite3_value_blob(v);
        size_t n = static_cast<size_t>(sqlite3_value_bytes(v));
        out.push_back(text ? 3 : 4);
        AppendLength(&out, n);
        if (n > 0) out.append(static_cast<const char*>(p), n);
      }
    }
  }
  return out;
}

std::string SealOf(std::string_view canonical) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), digest, &len, EVP_sha256(), nullptr) != 1) return {};
  return std::string(reinterpret_cast<const char*>(digest), kSealBytes);
}

std::string_view TextArg(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  return p == nullptr ? std::string_view()
                      : std::string_view(reinterpret_cast<const char*>(p),
                                         static_cast<size_t>(sqlite3_value_bytes(v)));
}

// gongkai_seal(table, col...) -> the seal blob.
void SealFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  std::string seal = SealOf(Canonical(TextArg(argv[0]), 1, argc, argv));
  sqlite3_result_blob(ctx, seal.data(), static_cast<int>(seal.size()), SQLITE_TRANSIENT);
}

const SealedTable* FindByWhat(std::string_view what) {
  for (const SealedTable& t : SealedTables()) {
    if (what == t.what) return &t;
  }
  return nullptr;
}

// gongkai_sealed(what, seal, key, col...) -> NULL, or fails the statement with SQLITE_CORRUPT.
void SealedFunction(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  const SealedTable* table = FindByWhat(TextArg(argv[0]));
  if (table != nullptr && sqlite3_value_type(argv[1]) == SQLITE_BLOB) {
    std::string expected = SealOf(Canonical(table->table, 2, argc, argv));
    const void* stored = sqlite3_value_blob(argv[1]);
    if (sqlite3_value_bytes(argv[1]) == static_cast<int>(expected.size()) &&
        std::memcmp(stored, expected.data(), expected.size()) == 0) {
      return sqlite3_result_null(ctx);
    }
  }
  std::string message = std::string("damaged: ") + std::string(TextArg(argv[0])) + " " +
                        std::string(TextArg(argv[2])) + " does not match its seal";
  sqlite3_result_error(ctx, message.c_str(), -1);
  sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
}

// The key columns of `t` one by one.
std::vector<std::string> KeyColumns(const SealedTable& t) {
  std::vector<std::string> columns;
  std::string_view rest = t.key;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view column = rest.substr(0, comma);
    while (!column.empty() && column.front() == ' ') column.remove_prefix(1);
    columns.emplace_back(column);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return columns;
}

// "k1 = NEW.k1 AND k2 = NEW.k2": the row a trigger fired for.
std::string KeyMatchesNew(const SealedTable& t) {
  std::string where;
  for (const std::string& column : KeyColumns(t)) {
    if (!where.empty()) where += " AND ";
    where += column + " = NEW." + column;
  }
  return where;
}

// The key as messages show it: "k1 || ' ' || k2".
std::string KeyForMessages(const SealedTable& t) {
  std::string expression;
  for (const std::string& column : KeyColumns(t)) {
    if (!expression.empty()) expression += " || ' ' || ";
    expression += column;
  }
  return expression;
}

std::string ReadMeta(Db* db, const char* key) {
  Stmt stmt(db->raw(), "SELECT value FROM meta WHERE key = ?1");
  if (!stmt.prepared()) return "";
  stmt.Bind(1, key);
  return stmt.Step() == SQLITE_ROW ? stmt.Text(0) : "";
}

}  // namespace

const std::vector<SealedTable>& SealedTables() {
  static const std::vector<SealedTable> kSealedTables = {
      {"runs", "run", "id", GONGKAI_SEALED_RUNS("")},
      {"run_request_headers", "request headers of run", "run_id", GONGKAI_SEALED_RUN_REQUEST_HEADERS("")},
      {"captures", "capture", "id", GONGKAI_SEALED_CAPTURES("")},
      {"extractions", "extraction", "id", GONGKAI_SEALED_EXTRACTIONS("")},
      {"reports", "report of capture", "capture_id", GONGKAI_SEALED_REPORTS("")},
      {"frontier", "frontier entry", "id", GONGKAI_SEALED_FRONTIER("")},
      {"politeness", "politeness state", "scope, key", GONGKAI_SEALED_POLITENESS("")},
      {"capture_hops", "redirect hop", "capture_id, seq", GONGKAI_SEALED_CAPTURE_HOPS("")},
      {"imported_records", "imported record", "record_id", GONGKAI_SEALED_IMPORTED_RECORDS("")},
      {"report_facts", "report facts of extraction", "extraction_id", GONGKAI_SEALED_REPORT_FACTS("")},
      {"statistic_cells", "statistic cell", "extraction_id, field", GONGKAI_SEALED_STATISTIC_CELLS(""),
       /*inserts_carry_seal=*/true},
  };
  return kSealedTables;
}

std::string SealScheme() {
  std::string all = "v1";
  for (const SealedTable& t : SealedTables()) all += std::string("|") + t.table + ":" + t.columns;
  return Sha256Hex(all).substr(0, 16);
}

Status RegisterSealFunctions(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_seal", -1, flags, nullptr, &SealFunction, nullptr, nullptr,
                                      nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "gongkai_sealed", -1, flags, nullptr, &SealedFunction, nullptr,
                                    nullptr, nullptr);
  }
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register seal functions: ") + sqlite3_errmsg(db));
  return Status::OK();
}

Status CreateSealTriggers(Db* db) {
  std::string sql;
  for (const SealedTable& t : SealedTables()) {
    // Unqualified: SQLite allows no schema prefix inside a trigger body (no temp table shadows it).
    std::string reseal = std::string("UPDATE ") + t.table + " SET seal = gongkai_seal('" + t.table + "', " +
                         t.columns + ") WHERE " + KeyMatchesNew(t) + ";";
    if (!t.inserts_carry_seal) {
      sql += std::string("CREATE TEMP TRIGGER IF NOT EXISTS seal_") + t.table +
             "_insert AFTER INSERT ON main." + t.table + " BEGIN " + reseal + " END;";
    }
    sql += std::string("CREATE TEMP TRIGGER IF NOT EXISTS seal_") + t.table + "_update AFTER UPDATE OF " +
           t.columns + " ON main." + t.table + " BEGIN " + reseal + " END;";
  }
  return db->Exec(sql, "create seal triggers");
}

Status ResealIfSchemeChanged(Db* db, bool migrated) {
  const std::string scheme = SealScheme();
  if (!migrated && ReadMeta(db, "seal_scheme") == scheme) return Status::OK();
  Transaction txn(db);
  if (!txn.begin_status().ok()) return txn.begin_status();
  if (!migrated && ReadMeta(db, "seal_scheme") == scheme) return Status::OK();  // another process did it
  std::string sql;
  for (const SealedTable& t : SealedTables()) {
    sql += std::string("UPDATE main.") + t.table + " SET seal = gongkai_seal('" + t.table + "', " +
           t.columns + ");";
  }
  sql += "INSERT OR REPLACE INTO meta(key, value) VALUES('seal_scheme', '" + scheme + "');";
  Status status = db->Exec(sql, "seal every row");
  if (status.ok()) status = txn.Commit();
  return status;
}

Status CheckSealScheme(Db* db, const std::string& path) {
  const std::string stored = ReadMeta(db, "seal_scheme");
  if (stored == SealScheme()) return Status::OK();
  return Status::InvalidArgument("archive " + path + " has row seals of another scheme (" +
                                 (stored.empty() ? std::string("none") : stored) +
                                 "): run a writing command on it once (gongkai crawl or gongkai reextract) "
                                 "to upgrade it");
}

void FindBrokenSeals(Db* db, std::vector<std::string>* problems) {
  for (const SealedTable& t : SealedTables()) {
    std::string sql = std::string("SELECT ") + KeyForMessages(t) + " FROM main." + t.table +
                      " WHERE seal IS NULL OR seal <> " + "gongkai_seal('" + t.table + "', " + t.columns +
                      ") ORDER BY 1";
    Stmt stmt(db->raw(), sql);
    if (!stmt.prepared()) {
      problems->push_back(std::string("cannot check the seals of ") + t.table + ": " +
                          sqlite3_errmsg(db->raw()));
      continue;
    }
    int rc;
    while ((rc = stmt.Step()) == SQLITE_ROW) {
      problems->push_back(std::string(t.what) + " " + stmt.Text(0) +
                          ": row seal does not match its columns (a changed byte)");
    }
    if (rc != SQLITE_DONE) {
      problems->push_back(std::string("checking the seals of ") + t.table +
                          " failed: " + sqlite3_errmsg(db->raw()));
    }
  }
}

}  // namespace gongkai::storage
