// Row seals: a digest over the columns of a row that matter, kept in the row's `seal` column, so
// that a changed byte anywhere in them (a title, a URL, a header block, a compressed text) is
// found by `verify` and refused by the read commands. Internal to storage.
//
// THE ONE PLACE that lists sealed columns is the GONGKAI_SEALED_* macros below (each expands to
// the column list with an alias prefix, for the write triggers, verify and the read queries).
// To seal a new column (or a new table): add it to its macro (or add a macro and a kSealedTables
// entry in seal.cc, and an appended migration `ALTER TABLE t ADD COLUMN seal BLOB` for a new
// table). The scheme's fingerprint changes with the lists, so the next writing open reseals every
// row once (ResealIfSchemeChanged) and readers refuse the archive until then.
//
// seal = the first 16 bytes of SHA-256 over, per column in list order: a type byte (0 NULL,
// 1 integer, 2 real, 3 text, 4 blob), the value's length as 8 bytes little-endian, and the value
// (integers as 8 bytes little-endian, text and blobs as stored). The table name comes first.
#pragma once

#include <string>
#include <vector>

#include "sqlite_util.h"

// Column lists; `a` is an alias prefix ("" or "c."). The first columns are the row key
// (SealedTable::key).
#define GONGKAI_SEALED_RUNS(a)                                                                           \
  a "id, " a "gongkai_version, " a "config_digest, " a "seeds, " a "started_at_ms, " a "ended_at_ms, " a \
    "summary_json"
#define GONGKAI_SEALED_RUN_REQUEST_HEADERS(a) a "run_id, " a "block"
#define GONGKAI_SEALED_CAPTURES(a)                                                                       \
  a "id, " a "run_id, " a "url, " a "final_url, " a "redirect_chain, " a "method, " a "status, " a       \
    "error_kind, " a "error_message, " a "request_headers, " a "response_headers, " a "http_version, " a \
    "remote_ip, " a "started_at_ms, " a "duration_ms, " a "body_id, " a "body_size, " a "truncated, " a  \
    "charset_declared, " a "charset_used, " a "discovered_from_url, " a "discovery, " a "page_kind, " a  \
    "revisit_of, " a "origin, " a "content_type, " a "host"
#define GONGKAI_SEALED_EXTRACTIONS(a)                                                                 \
  a "id, " a "body_id, " a "capture_id, " a "extractor_version, " a "extracted_at_ms, " a "title, " a \
    "published, " a "source, " a "site, " a "column_name, " a "text_zstd, " a "tables_zstd, " a       \
    "attachments_json, " a "charset"
#define GONGKAI_SEALED_REPORTS(a) a "capture_id, " a "extraction_id"
#define GONGKAI_SEALED_POLITENESS(a)                                                             \
  a "scope, " a "key, " a "run_id, " a "last_start_ms, " a "last_end_ms, " a "next_start_ms, " a \
    "gap_ms, " a "crawl_delay_ms, " a "failures, " a "parked, " a "throttle_level, " a           \
    "throttle_until_ms, " a "page_requests, " a "updated_at_ms"
#define GONGKAI_SEALED_CAPTURE_HOPS(a)                                                         \
  a "capture_id, " a "seq, " a "url, " a "status, " a "http_version, " a "request_headers, " a \
    "response_headers, " a "remote_ip, " a "started_at_ms, " a "body_id, " a "body_size"
#define GONGKAI_SEALED_IMPORTED_RECORDS(a) a "record_id, " a "capture_id"
#define GONGKAI_SEALED_REPORT_FACTS(a)                                                             \
  a "extraction_id, " a "report_year, " a "agency, " a "stats_edition, " a "stats_checks_json, " a \
    "agency_source"
#define GONGKAI_SEALED_STATISTIC_CELLS(a) a "extraction_id, " a "field, " a "state, " a "value, " a "raw"
#define GONGKAI_SEALED_FRONTIER(a)                                                                        \
  a "id, " a "run_id, " a "url, " a "discovered_from_url, " a "discovery, " a "depth, " a "seed_name, " a \
    "done, " a "navigation, " a "agency"

// What an INSERT puts in `seal` for the insert trigger to overwrite: a blob of the seal's size, so
// that the trigger's update leaves the row's size as it is. (A row growing right after its insert
// makes SQLite split its page instead of appending: the tables' pages were a fifth empty.)
#define GONGKAI_SEAL_PLACEHOLDER "zeroblob(16)"

// A read-query column that is NULL when the row matches its seal and otherwise fails the query
// with SQLITE_CORRUPT and "damaged: <what> <key> does not match its seal" (gongkai_sealed).
#define GONGKAI_SEAL_CHECK(what, a, LIST) "gongkai_sealed('" what "', " a "seal, " LIST(a) ")"

struct sqlite3;

namespace gongkai::storage {

struct SealedTable {
  const char* table;    // e.g. "captures"
  const char* what;     // in messages: "capture"
  const char* key;      // the primary key column(s), comma-separated ("id"; "url"; "scope, key")
  const char* columns;  // GONGKAI_SEALED_*("")
  // The table's INSERT statements compute `seal` themselves (gongkai_seal over the bound values),
  // so no insert trigger runs: for tables written many rows at a time (statistic cells, ~150 per
  // report), where the trigger's second write per row doubled the cost of storing a report.
  bool inserts_carry_seal = false;
};

// Every sealed table.
const std::vector<SealedTable>& SealedTables();

// A fingerprint of the column lists (stored in meta 'seal_scheme').
std::string SealScheme();

// Registers gongkai_seal(table, col...) -> blob and gongkai_sealed(what, seal, key, col...) on db.
Status RegisterSealFunctions(sqlite3* db);

// Creates the TEMP triggers that (re)seal a row after every INSERT and every UPDATE of a sealed
// column on this connection (writers only; they exist for the life of the connection).
Status CreateSealTriggers(Db* db);

// When meta 'seal_scheme' differs from SealScheme() (a new archive, an older gongkai, a new
// column in a list), or when `migrated` (migrations are trusted code and may rewrite sealed
// columns before the triggers exist): seals every row of every sealed table, in one transaction.
Status ResealIfSchemeChanged(Db* db, bool migrated);

// OK when the archive's seals were made by this scheme; InvalidArgument otherwise (readers).
Status CheckSealScheme(Db* db, const std::string& path);

// One "<what> <key>: row seal does not match its columns" line per damaged row.
void FindBrokenSeals(Db* db, std::vector<std::string>* problems);

}  // namespace gongkai::storage
