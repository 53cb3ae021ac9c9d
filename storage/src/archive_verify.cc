// verify: re-hash every blob, check every reference and SQLite's own integrity. Never repairs.
#include <string>

#include "archive_impl.h"
#include "header_codec.h"
#include "index_verify.h"
#include "schema.h"
#include "seal.h"
#include "text_codec.h"
#include "storage/digest.h"

namespace gongkai::storage {
namespace {

// Each query returns one text column per damaged row, describing it.
struct ReferenceCheck {
  const char* sql;
};

const ReferenceCheck kReferenceChecks[] = {
    {"SELECT 'capture ' || c.id || ': body row ' || c.body_id || ' is missing' FROM captures c "
     "WHERE c.body_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.id = c.body_id)"},
    {"SELECT 'capture ' || c.id || ': body size ' || c.body_size || ' differs from stored body size ' "
     "|| b.size FROM captures c JOIN blobs b ON b.id = c.body_id WHERE c.body_size <> b.size"},
    {"SELECT 'redirect hop ' || h.capture_id || ' ' || h.seq || ': body row ' || h.body_id || ' is missing' "
     "FROM capture_hops h WHERE h.body_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.id = h.body_id)"},
    {"SELECT 'body row ' || b.id || ': digest is not 32 bytes' FROM blobs b "
     "WHERE typeof(b.sha256) <> 'blob' OR length(b.sha256) <> 32"},
    {"SELECT 'body ' || lower(hex(sha256)) || ': stored ' || count(*) || ' times' FROM blobs "
     "GROUP BY sha256 HAVING count(*) > 1"},
    {"SELECT 'capture ' || c.id || ': run ' || c.run_id || ' is missing' FROM captures c "
     "WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = c.run_id)"},
    {"SELECT 'capture ' || c.id || ': revisit_of ' || c.revisit_of || ' is missing' FROM captures c "
     "WHERE c.revisit_of IS NOT NULL AND NOT EXISTS (SELECT 1 FROM captures p WHERE p.id = c.revisit_of)"},
    {"SELECT 'extraction ' || e.id || ': capture ' || e.capture_id || ' is missing or has another body' "
     "FROM extractions e WHERE NOT EXISTS (SELECT 1 FROM captures c WHERE c.id = e.capture_id "
     "AND c.body_id = e.body_id)"},
    {"SELECT 'report of capture ' || r.capture_id || ': capture is missing or has no body' "
     "FROM reports r WHERE NOT EXISTS (SELECT 1 FROM captures c WHERE c.id = r.capture_id "
     "AND c.body_id IS NOT NULL)"},
    {"SELECT 'report ' || c.url || ': extraction ' || r.extraction_id || ' is not of its body' "
     "FROM reports r JOIN captures c ON c.id = r.capture_id WHERE r.extraction_id IS NOT NULL "
     "AND NOT EXISTS (SELECT 1 FROM extractions e WHERE e.id = r.extraction_id "
     "AND e.body_id = c.body_id)"},
    {"SELECT 'capture ' || c.id || ': sent the request headers of run ' || c.run_id || ', which has none' "
     "FROM captures c WHERE c.request_headers = " GONGKAI_RUN_REQUEST_HEADERS_SQL " AND NOT EXISTS "
     "(SELECT 1 FROM run_request_headers h WHERE h.run_id = c.run_id)"},
    {"SELECT 'request headers of run ' || h.run_id || ': the run is missing' FROM run_request_headers h "
     "WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = h.run_id)"},
    // One report per URL (its key before schema 16): the newest capture of it shows it.
    {"SELECT 'report ' || c.url || ': shown by ' || count(*) || ' captures' "
     "FROM reports r JOIN captures c ON c.id = r.capture_id GROUP BY c.url HAVING count(*) > 1"},
    {"SELECT 'frontier entry ' || f.id || ': run ' || f.run_id || ' is missing' FROM frontier f "
     "WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = f.run_id)"},
};

const char kExtractionTextScan[] = "SELECT id, text_zstd, tables_zstd FROM extractions ORDER BY id";

// Every compressed text column must decompress: search, show and export read them.
void VerifyExtractionTexts(Db* db, DictionarySource* dicts, VerifyReport* report, int64_t* done,
                           int64_t total) {
  Stmt stmt(db->raw(), kExtractionTextScan);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    if (report->progress) report->progress(++*done, total);
    const char* columns[] = {"text", "tables"};
    for (int c = 0; c < 2; ++c) {
      std::string text;
      Status status = DecompressText(stmt.Blob(1 + c), &text, dicts);
      if (!status.ok()) {
        report->problems.push_back("extraction " + std::to_string(stmt.Int(0)) + ": " + columns[c] + ": " +
                                   status.message());
      }
    }
  }
  if (rc != SQLITE_DONE) {
    report->problems.push_back("reading extractions failed: " +
                               SqliteStatus(rc, "scan extractions", db->raw()).message());
  }
}

// (A capture that sent its run's request headers holds kRunRequestHeaders: the run's block is
// checked once, below.)
const char kHeaderBlockScan[] =
    "SELECT 'capture ' || id, CASE WHEN request_headers = " GONGKAI_RUN_REQUEST_HEADERS_SQL
    " THEN x'' ELSE request_headers END, response_headers FROM captures "
    "WHERE typeof(request_headers) = 'blob' OR typeof(response_headers) = 'blob' "
    "UNION ALL SELECT 'request headers of run ' || run_id, block, x'' FROM run_request_headers "
    "UNION ALL SELECT 'redirect hop ' || capture_id || ' ' || seq, request_headers, response_headers "
    "FROM capture_hops WHERE typeof(request_headers) = 'blob' OR typeof(response_headers) = 'blob'";

// Every packed header block must unpack (header_codec.h): export, show and serve read them.
void VerifyHeaderBlocks(Db* db, VerifyReport* report) {
  Stmt stmt(db->raw(), kHeaderBlockScan);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    const char* columns[] = {"request headers", "response headers"};
    for (int c = 0; c < 2; ++c) {
      if (!stmt.IsBlob(1 + c)) continue;
      std::string block;
      Status status = UnpackHeaderBlock(stmt.Blob(1 + c), &block);
      if (!status.ok())
        report->problems.push_back(stmt.Text(0) + ": " + columns[c] + ": " + status.message());
    }
  }
  if (rc != SQLITE_DONE) {
    report->problems.push_back("reading header blocks failed: " +
                               SqliteStatus(rc, "scan header blocks", db->raw()).message());
  }
}

const char kBlobScan[] =
    "SELECT lower(hex(sha256)), compression, size, stored_size, data FROM blobs ORDER BY id";

// Appends "what: row" per result row to *out; a check that cannot run is itself a problem.
void CollectRows(Db* db, const char* sql, const std::string& what, std::vector<std::string>* out,
                 const char* skip_value = nullptr) {
  Stmt stmt(db->raw(), sql);
  if (!stmt.prepared()) {
    out->push_back(what + " failed: " + SqliteStatus(sqlite3_errcode(db->raw()), what, db->raw()).message());
    return;
  }
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < stmt.ColumnCount(); ++i) {
      if (i > 0) row += " ";
      row += stmt.Text(i);
    }
    if (skip_value != nullptr && row == skip_value) continue;
    out->push_back(what + ": " + row);
  }
  if (rc != SQLITE_DONE) out->push_back(what + " failed: " + SqliteStatus(rc, what, db->raw()).message());
}

}  // namespace

void SqliteArchive::VerifyBlobs(VerifyReport* report, int64_t total) {
  Stmt stmt(db_.raw(), kBlobScan);
  if (!stmt.prepared()) {
    report->problems.push_back("cannot read blobs: " + std::string(sqlite3_errmsg(db_.raw())));
    return;
  }
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    ++report->blobs_checked;
    if (report->progress) report->progress(report->blobs_checked, total);
    std::string sha256 = stmt.Text(0);
    std::string data = stmt.Blob(4);
    if (stmt.Int(3) != static_cast<int64_t>(data.size())) {
      report->problems.push_back("body " + sha256 + ": stored size " + std::to_string(stmt.Int(3)) + " but " +
                                 std::to_string(data.size()) + " bytes present");
      continue;
    }
    std::string bytes;
    Status status = BlobStore::Decode(sha256, stmt.Text(1), stmt.Int(2), data, dictionaries_.get(), &bytes);
    if (!status.ok()) {
      report->problems.push_back(status.message());
    } else if (Sha256Hex(bytes) != sha256) {
      report->problems.push_back("body " + sha256 + ": content hashes to " + Sha256Hex(bytes));
    }
  }
  if (rc != SQLITE_DONE) {
    report->problems.push_back("reading blobs failed: " +
                               SqliteStatus(rc, "scan blobs", db_.raw()).message());
  }
}

void SqliteArchive::VerifyReferences(VerifyReport* report, int64_t total) {
  for (const ReferenceCheck& check : kReferenceChecks) {
    CollectRows(&db_, check.sql, "reference", &report->problems);
  }
  CollectRows(&db_, "PRAGMA foreign_key_check", "foreign key", &report->problems);
  int64_t done = report->blobs_checked;
  VerifyExtractionTexts(&db_, dictionaries_.get(), report, &done, total);
  VerifyHeaderBlocks(&db_, report);
  dictionaries_->Verify(&report->problems);
  FindBrokenSeals(&db_, &report->problems);
  // FTS5's own integrity-check (SQLite 3.40) checks the index structure but not that it matches
  // the extractions' text: VerifySearchIndex rebuilds it apart and compares.
  VerifySearchIndex(&db_, &report->problems);
}

Status SqliteArchive::Verify(VerifyReport* report) {
  auto progress = std::move(report->progress);
  *report = VerifyReport();
  report->progress = std::move(progress);
  if (!read_only_) {
    // FTS5's own check is an INSERT, so it needs the write lock: it runs before (and apart from)
    // the read snapshot below, and is consistent within its one statement.
    Status status = db_.Exec(
        "INSERT INTO report_fts_title(report_fts_title) VALUES('integrity-check');"
        "INSERT INTO report_fts_passage(report_fts_passage) VALUES('integrity-check')",
        "search index");
    if (!status.ok()) report->problems.push_back("search index: " + status.message());
  }
  // Everything else reads ONE snapshot: a crawl committing meanwhile must not make the index
  // rebuilt from one state differ from the index read in another (false damage).
  Status status = db_.Exec("BEGIN", "start the verify snapshot");
  if (!status.ok()) return status;
  VerifyInSnapshot(report);
  (void)db_.Exec("COMMIT", "end the verify snapshot");  // read-only: nothing to lose if it fails
  return Status::OK();
}

void SqliteArchive::VerifyInSnapshot(VerifyReport* report) {
  std::vector<std::string> integrity;
  CollectRows(&db_, "PRAGMA integrity_check", "integrity", &integrity, "ok");
  report->problems.insert(report->problems.end(), integrity.begin(), integrity.end());
  {
    Stmt version(db_.raw(), "PRAGMA user_version");
    // An older version is fine (a read-write open migrates it); none or a newer one is not ours.
    if (version.prepared() && version.Step() == SQLITE_ROW &&
        (version.Int(0) < 1 || version.Int(0) > CurrentSchemaVersion())) {
      report->problems.push_back("schema version " + std::to_string(version.Int(0)) + ", expected 1.." +
                                 std::to_string(CurrentSchemaVersion()));
      return;
    }
  }
  // Progress counts the bodies and the extraction texts, plus one for the checks after them.
  int64_t total = 1;
  {
    Stmt count(db_.raw(), "SELECT (SELECT count(*) FROM blobs) + (SELECT count(*) FROM extractions)");
    if (count.prepared() && count.Step() == SQLITE_ROW) total += count.Int(0);
  }
  VerifyBlobs(report, total);
  VerifyReferences(report, total);
  if (report->progress) report->progress(total, total);
  Stmt counts(db_.raw(), "SELECT (SELECT count(*) FROM captures), (SELECT count(*) FROM extractions)");
  if (counts.prepared() && counts.Step() == SQLITE_ROW) {
    report->captures_checked = counts.Int(0);
    report->extractions_checked = counts.Int(1);
  }
}

}  // namespace gongkai::storage
