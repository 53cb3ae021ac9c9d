#include "schema.h"

#include <string>

namespace gongkai::storage {
namespace {

// Migration i takes an archive from user_version i to i + 1. Append only: released archives
// depend on every step staying exactly as it was.
const char* const kMigrations[] = {
    // 0 -> 1: the initial schema.
    R"sql(
CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE runs(
  id              INTEGER PRIMARY KEY,
  gongkai_version TEXT NOT NULL,
  config_digest   TEXT NOT NULL,
  seeds           TEXT NOT NULL,
  started_at_ms   INTEGER NOT NULL,
  ended_at_ms     INTEGER,
  summary_json    TEXT
);
CREATE TABLE blobs(
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE,
  size        INTEGER NOT NULL,
  compression TEXT NOT NULL CHECK (compression IN ('zstd', 'none')),
  stored_size INTEGER NOT NULL,
  data        BLOB NOT NULL
);
CREATE TABLE captures(
  id                  INTEGER PRIMARY KEY,
  run_id              INTEGER NOT NULL REFERENCES runs(id),
  url                 TEXT NOT NULL,
  final_url           TEXT NOT NULL,
  redirect_chain      TEXT NOT NULL,
  method              TEXT NOT NULL,
  status              INTEGER NOT NULL,
  error_kind          TEXT NOT NULL,
  error_message       TEXT NOT NULL,
  request_headers     TEXT NOT NULL,
  response_headers    TEXT NOT NULL,
  http_version        TEXT NOT NULL,
  remote_ip           TEXT NOT NULL,
  started_at_ms       INTEGER NOT NULL,
  duration_ms         INTEGER NOT NULL,
  body_sha256         TEXT REFERENCES blobs(sha256),
  body_size           INTEGER NOT NULL,
  truncated           INTEGER NOT NULL,
  charset_declared    TEXT NOT NULL,
  charset_used        TEXT NOT NULL,
  discovered_from_url TEXT NOT NULL,
  discovery           TEXT NOT NULL,
  page_kind           TEXT NOT NULL,
  revisit_of          INTEGER REFERENCES captures(id),
  origin              TEXT NOT NULL,
  content_type        TEXT NOT NULL,
  host                TEXT NOT NULL
);
CREATE INDEX captures_by_url ON captures(url, id);
CREATE INDEX captures_by_final_url ON captures(final_url, id);
CREATE INDEX captures_by_body ON captures(body_sha256);
CREATE INDEX captures_by_host ON captures(host);
CREATE INDEX captures_by_run ON captures(run_id);
CREATE TABLE extractions(
  id                INTEGER PRIMARY KEY,
  body_sha256       TEXT NOT NULL REFERENCES blobs(sha256),
  capture_id        INTEGER NOT NULL REFERENCES captures(id),
  extractor_version TEXT NOT NULL,
  extracted_at_ms   INTEGER NOT NULL,
  title             TEXT NOT NULL,
  published         TEXT NOT NULL,
  source            TEXT NOT NULL,
  site              TEXT NOT NULL,
  column_name       TEXT NOT NULL,
  text              TEXT NOT NULL,
  tables_json       TEXT NOT NULL,
  attachments_json  TEXT NOT NULL,
  charset           TEXT NOT NULL,
  UNIQUE (body_sha256, extractor_version)
);
CREATE INDEX extractions_by_capture ON extractions(capture_id);
CREATE TABLE reports(
  url           TEXT PRIMARY KEY,
  capture_id    INTEGER NOT NULL REFERENCES captures(id),
  extraction_id INTEGER REFERENCES extractions(id),
  host          TEXT NOT NULL
);
CREATE INDEX reports_by_extraction ON reports(extraction_id);
CREATE INDEX reports_by_capture ON reports(capture_id);
CREATE VIEW report_texts AS
  SELECT id, title, text FROM extractions
  WHERE id IN (SELECT extraction_id FROM reports WHERE extraction_id IS NOT NULL);
CREATE VIRTUAL TABLE report_fts USING fts5(
  title, text, content='report_texts', content_rowid='id', tokenize='trigram');
CREATE TABLE frontier(
  id                  INTEGER PRIMARY KEY,
  run_id              INTEGER NOT NULL REFERENCES runs(id),
  url                 TEXT NOT NULL,
  discovered_from_url TEXT NOT NULL,
  discovery           TEXT NOT NULL,
  depth               INTEGER NOT NULL,
  seed_name           TEXT NOT NULL,
  done                INTEGER NOT NULL DEFAULT 0,
  UNIQUE (run_id, url)
);
CREATE INDEX frontier_pending ON frontier(run_id, done, id);
)sql",
    // 1 -> 2: report_texts looks reports up by index (EXISTS) instead of materialising every
    // report's extraction id on each content lookup (snippets were O(reports)).
    R"sql(
DROP VIEW report_texts;
CREATE VIEW report_texts AS
  SELECT e.id AS id, e.title AS title, e.text AS text FROM extractions e
  WHERE EXISTS (SELECT 1 FROM reports r WHERE r.extraction_id = e.id);
)sql",
    // 2 -> 3: extraction text and tables are stored zstd-compressed (gongkai_zstd, text_codec.h),
    // and the search index keeps no positions (detail=none) and no copy of the text
    // (contentless): the index was larger than the bodies it came from. Search checks each
    // candidate's text for the exact phrase (archive_search.cc).
    R"sql(
DROP TABLE report_fts;
DROP VIEW report_texts;
ALTER TABLE extractions ADD COLUMN text_zstd BLOB NOT NULL DEFAULT x'';
ALTER TABLE extractions ADD COLUMN tables_zstd BLOB NOT NULL DEFAULT x'';
UPDATE extractions SET text_zstd = gongkai_zstd(text), tables_zstd = gongkai_zstd(tables_json);
ALTER TABLE extractions DROP COLUMN text;
ALTER TABLE extractions DROP COLUMN tables_json;
CREATE VIRTUAL TABLE report_fts USING fts5(
  title, text, content='', tokenize='trigram', detail=none);
INSERT INTO report_fts(rowid, title, text)
  SELECT e.id, e.title, gongkai_unzstd(e.text_zstd) FROM extractions e
  WHERE EXISTS (SELECT 1 FROM reports r WHERE r.extraction_id = e.id);
)sql",
    // 3 -> 4: the seed that led to a URL, looked up by URL (a report's portal name when the
    // page names no site).
    R"sql(
CREATE INDEX frontier_by_url ON frontier(url, id);
)sql",
    // 4 -> 5: the search index holds NFKC_Casefold-folded title and text (gongkai_fold,
    // text_fold.h), so that full-width and half-width forms match; queries are folded alike.
    R"sql(
INSERT INTO report_fts(report_fts) VALUES('delete-all');
INSERT INTO report_fts(rowid, title, text)
  SELECT e.id, gongkai_fold(e.title), gongkai_fold(gongkai_unzstd(e.text_zstd)) FROM extractions e
  WHERE EXISTS (SELECT 1 FROM reports r WHERE r.extraction_id = e.id);
)sql",
    // 5 -> 6: the crawler's politeness memory per host and per IP (storage::PolitenessRow), so a
    // crawl restarted after a kill, and the next night's crawl, keep every server's gap, back-off,
    // throttle and per-run page cap.
    R"sql(
CREATE TABLE politeness(
  scope             TEXT NOT NULL CHECK (scope IN ('host', 'ip')),
  key               TEXT NOT NULL,
  run_id            INTEGER NOT NULL,
  last_start_ms     INTEGER NOT NULL,
  last_end_ms       INTEGER NOT NULL,
  next_start_ms     INTEGER NOT NULL,
  gap_ms            INTEGER NOT NULL,
  crawl_delay_ms    INTEGER NOT NULL,
  failures          INTEGER NOT NULL,
  parked            INTEGER NOT NULL,
  throttle_level    INTEGER NOT NULL,
  throttle_until_ms INTEGER NOT NULL,
  page_requests     INTEGER NOT NULL,
  updated_at_ms     INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
)sql",
    // 6 -> 7: WARC support. A random UUID per archive (meta 'archive_uuid': WARC-Record-IDs
    // derive from it and the capture, so two archives never share one); the kind of each run
    // (imports are never resumed by a crawl); the redirect hops of a capture; the WARC-Record-IDs
    // captures were imported from (a second import of a record is a no-op).
    R"sql(
INSERT OR IGNORE INTO meta(key, value)
  SELECT 'archive_uuid', substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) ||
         '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(h, 18, 3) || '-' ||
         substr(h, 21, 12)
  FROM (SELECT lower(hex(randomblob(16))) AS h);
ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'crawl';
UPDATE runs SET kind = 'import' WHERE seeds LIKE 'import-warc%';
CREATE TABLE capture_hops(
  capture_id       INTEGER NOT NULL REFERENCES captures(id),
  seq              INTEGER NOT NULL,
  url              TEXT NOT NULL,
  status           INTEGER NOT NULL,
  http_version     TEXT NOT NULL,
  request_headers  TEXT NOT NULL,
  response_headers TEXT NOT NULL,
  remote_ip        TEXT NOT NULL,
  started_at_ms    INTEGER NOT NULL,
  body_sha256      TEXT REFERENCES blobs(sha256),
  body_size        INTEGER NOT NULL,
  PRIMARY KEY (capture_id, seq)
) WITHOUT ROWID;
CREATE TABLE imported_records(
  record_id  TEXT PRIMARY KEY,
  capture_id INTEGER NOT NULL REFERENCES captures(id)
) WITHOUT ROWID;
)sql",
    // 7 -> 8: what each extraction says the report is about (the year it covers, the publishing
    // body) and its standard statistics tables cell by cell, versioned with the extraction
    // (docs/statistics-schema.md). Extractions made before have no row here until re-extracted.
    R"sql(
CREATE TABLE report_facts(
  extraction_id     INTEGER PRIMARY KEY REFERENCES extractions(id),
  report_year       INTEGER,
  agency            TEXT NOT NULL,
  stats_edition     TEXT NOT NULL,
  stats_checks_json TEXT NOT NULL
);
CREATE INDEX report_facts_by_year ON report_facts(report_year);
CREATE TABLE statistic_cells(
  extraction_id INTEGER NOT NULL REFERENCES extractions(id),
  field         TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('number', 'na', 'empty')),
  value         REAL,
  raw           TEXT NOT NULL,
  PRIMARY KEY (extraction_id, field)
) WITHOUT ROWID;
CREATE INDEX statistic_cells_by_field ON statistic_cells(field, value);
)sql",
    // 8 -> 9: row seals (seal.h: a digest over the columns that matter, filled in by the first
    // writing open, ResealIfSchemeChanged) and zstd dictionaries (blob_store.h: frames name their
    // dictionary by the zstd dictionary id = zstd_dictionaries.id).
    R"sql(
ALTER TABLE runs ADD COLUMN seal BLOB;
ALTER TABLE captures ADD COLUMN seal BLOB;
ALTER TABLE extractions ADD COLUMN seal BLOB;
ALTER TABLE reports ADD COLUMN seal BLOB;
ALTER TABLE frontier ADD COLUMN seal BLOB;
CREATE TABLE zstd_dictionaries(
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  scope         TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  samples       INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  data          BLOB NOT NULL
);
CREATE INDEX zstd_dictionaries_by_scope ON zstd_dictionaries(kind, scope, samples);
)sql",
    // 9 -> 10: row seals for the tables added in 5..8 (politeness, redirect hops, imported record
    // ids, report facts, statistic cells); filled in by the first writing open.
    R"sql(
ALTER TABLE politeness ADD COLUMN seal BLOB;
ALTER TABLE capture_hops ADD COLUMN seal BLOB;
ALTER TABLE imported_records ADD COLUMN seal BLOB;
ALTER TABLE report_facts ADD COLUMN seal BLOB;
ALTER TABLE statistic_cells ADD COLUMN seal BLOB;
)sql",
    // 10 -> 11: the search index holds each report's distinct bigrams (index_terms.h, FTS5's ascii
    // tokenizer) instead of its trigrams: smaller, and 2-character terms narrow. Extraction texts
    // may be stored against their page's body (text_codec.h: a blob starting with 0x01), which
    // gongkai before this version cannot read.
    R"sql(
DROP TABLE report_fts;
CREATE VIRTUAL TABLE report_fts USING fts5(
  title, text, content='', tokenize='ascii', detail=none);
INSERT INTO report_fts(rowid, title, text)
  SELECT e.id, gongkai_index_terms(gongkai_fold(e.title)),
         gongkai_index_terms(gongkai_fold(gongkai_unzstd(e.text_zstd))) FROM extractions e
  WHERE EXISTS (SELECT 1 FROM reports r WHERE r.extraction_id = e.id);
INSERT INTO report_fts(report_fts) VALUES('optimize');
)sql",
    // 11 -> 12: a frontier entry keeps how it was reached (navigation) and the agency whose column
    // listed it, so a resumed crawl walks and attributes alike; report facts say where the agency
    // was read (title, page, page_column, column).
    R"sql(
ALTER TABLE frontier ADD COLUMN navigation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE frontier ADD COLUMN agency TEXT NOT NULL DEFAULT '';
ALTER TABLE report_facts ADD COLUMN agency_source TEXT NOT NULL DEFAULT '';
)sql",
    // 12 -> 13: the search index keeps every bigram of a text with its position, and a break token
    // between runs (index_terms.h, detail=full): a query of whole terms is then answered, counted
    // and ranked by the index without reading any text (archive_search.cc).
    R"sql(
DROP TABLE report_fts;
CREATE VIRTUAL TABLE report_fts USING fts5(
  title, text, content='', tokenize='ascii', columnsize=0);
INSERT INTO report_fts(rowid, title, text)
  SELECT e.id, gongkai_index_terms(gongkai_fold(e.title)),
         gongkai_index_terms(gongkai_fold(gongkai_unzstd(e.text_zstd))) FROM extractions e
  WHERE EXISTS (SELECT 1 FROM reports r WHERE r.extraction_id = e.id);
INSERT INTO report_fts(report_fts) VALUES('optimize');
)sql",
    // 13 -> 14: compact capture rows. A final URL equal to the URL (no redirect) is stored as '' and
    // only other final URLs are indexed; header blocks of captures and redirect hops are packed
    // (header_codec.h: a BLOB, the byte 0x01 and a zstd frame made against a prefix built into
    // gongkai). Extraction texts may be stored against the built-in report template and their page
    // (text_codec.h, form 0x03); rows written before keep their form. gongkai before this version
    // cannot read these forms.
    R"sql(
DROP INDEX captures_by_final_url;
UPDATE captures SET final_url = '' WHERE final_url = url;
CREATE INDEX captures_by_final_url ON captures(final_url, id) WHERE final_url <> '';
UPDATE captures SET request_headers = gongkai_pack_headers(request_headers),
                    response_headers = gongkai_pack_headers(response_headers);
UPDATE capture_hops SET request_headers = gongkai_pack_headers(request_headers),
                        response_headers = gongkai_pack_headers(response_headers);
)sql",
    // 14 -> 15: the search index stores each distinct passage (line) of the texts once
    // (passages.h, index_changes.h): pages of a portal share their template text and successive
    // captures repeat whole paragraphs, and the index per extraction was 0.54 of the raw bytes
    // (archive_size_bench). The first writing open rebuilds it from the extractions (meta
    // 'search_index_rebuild'), which needs gongkai code, not SQL.
    R"sql(
DROP TABLE report_fts;
CREATE VIRTUAL TABLE report_fts_title USING fts5(title, content='', tokenize='ascii', columnsize=0);
CREATE VIRTUAL TABLE report_fts_passage USING fts5(text, content='', tokenize='ascii', columnsize=0);
CREATE TABLE report_fts_passage_key(
  key        INTEGER PRIMARY KEY,
  passage_id INTEGER NOT NULL,
  holders    INTEGER NOT NULL
);
CREATE TABLE report_fts_holding(
  extraction_id INTEGER PRIMARY KEY,
  passages      BLOB NOT NULL
);
INSERT OR REPLACE INTO meta(key, value) VALUES('next_passage_id', '1'), ('search_index_rebuild', '1');
)sql",
    // 15 -> 16: smaller rows (archive_size_bench: the whole file was 0.279 of the raw bodies).
    // - A body's SHA-256 is kept once, as 32 bytes, in blobs.sha256 (a BLOB; gongkai_digest turns
    //   the hex form into it), found through an index of its first 8 bytes (blob_store.h,
    //   GONGKAI_BLOB_DIGEST_IS). There is no UNIQUE index of whole digests: BlobStore::Put looks a
    //   body up before storing it, and verify reports a digest stored twice.
    // - Captures, extractions and redirect hops name their body by its blobs row id (body_id)
    //   instead of a 64-digit hex copy, and their indexes shrink alike.
    // - A report is the row of the capture that shows it (capture_id is its key): its URL and host
    //   are the capture's, looked up by URL through captures_by_url.
    // - A run keeps the request header block its captures send once (run_request_headers, packed
    //   and sealed on its own: a capture read checks that small row's seal, not the run's with its
    //   seed list; set by the run's first capture with request headers). A capture sending that
    //   block stores the 1-byte BLOB x'02' instead (header_codec.h, kRunRequestHeaders); rows
    //   written before keep theirs.
    // - A holding of the search index lists its passages by ascending id as differences
    //   (passages.h; gongkai_holding_of_schema15 converts the holdings of schema 15).
    // Tables with a UNIQUE constraint over a changed column are rebuilt, so this step runs with
    // foreign keys off (Migrate: RebuildsTables).
    R"sql(
CREATE TABLE run_request_headers(
  run_id INTEGER PRIMARY KEY REFERENCES runs(id),
  block  BLOB NOT NULL,
  seal   BLOB
);
UPDATE report_fts_holding SET passages = gongkai_holding_of_schema15(passages);
ALTER TABLE captures ADD COLUMN body_id INTEGER REFERENCES blobs(id);
UPDATE captures SET body_id = (SELECT b.id FROM blobs b WHERE b.sha256 = captures.body_sha256)
  WHERE body_sha256 IS NOT NULL;
DROP INDEX captures_by_body;
ALTER TABLE captures DROP COLUMN body_sha256;
CREATE INDEX captures_by_body ON captures(body_id);
ALTER TABLE capture_hops ADD COLUMN body_id INTEGER REFERENCES blobs(id);
UPDATE capture_hops SET body_id = (SELECT b.id FROM blobs b WHERE b.sha256 = capture_hops.body_sha256)
  WHERE body_sha256 IS NOT NULL;
ALTER TABLE capture_hops DROP COLUMN body_sha256;
CREATE TABLE extractions_v16(
  id                INTEGER PRIMARY KEY,
  body_id           INTEGER NOT NULL REFERENCES blobs(id),
  capture_id        INTEGER NOT NULL REFERENCES captures(id),
  extractor_version TEXT NOT NULL,
  extracted_at_ms   INTEGER NOT NULL,
  title             TEXT NOT NULL,
  published         TEXT NOT NULL,
  source            TEXT NOT NULL,
  site              TEXT NOT NULL,
  column_name       TEXT NOT NULL,
  attachments_json  TEXT NOT NULL,
  charset           TEXT NOT NULL,
  text_zstd         BLOB NOT NULL,
  tables_zstd       BLOB NOT NULL,
  seal              BLOB,
  UNIQUE (body_id, extractor_version)
);
INSERT INTO extractions_v16(id, body_id, capture_id, extractor_version, extracted_at_ms, title, published,
                            source, site, column_name, attachments_json, charset, text_zstd, tables_zstd, seal)
  SELECT e.id, (SELECT b.id FROM blobs b WHERE b.sha256 = e.body_sha256), e.capture_id, e.extractor_version,
         e.extracted_at_ms, e.title, e.published, e.source, e.site, e.column_name, e.attachments_json,
         e.charset, e.text_zstd, e.tables_zstd, e.seal
  FROM extractions e ORDER BY e.id;
DROP TABLE extractions;
ALTER TABLE extractions_v16 RENAME TO extractions;
CREATE INDEX extractions_by_capture ON extractions(capture_id);
CREATE TABLE reports_v16(
  capture_id    INTEGER PRIMARY KEY REFERENCES captures(id),
  extraction_id INTEGER REFERENCES extractions(id),
  seal          BLOB
);
INSERT INTO reports_v16(capture_id, extraction_id, seal) SELECT capture_id, extraction_id, seal FROM reports;
DROP TABLE reports;
ALTER TABLE reports_v16 RENAME TO reports;
CREATE INDEX reports_by_extraction ON reports(extraction_id);
CREATE TABLE blobs_v16(
  id          INTEGER PRIMARY KEY,
  sha256      BLOB NOT NULL,
  size        INTEGER NOT NULL,
  compression TEXT NOT NULL CHECK (compression IN ('zstd', 'none')),
  stored_size INTEGER NOT NULL,
  data        BLOB NOT NULL
);
INSERT INTO blobs_v16(id, sha256, size, compression, stored_size, data)
  SELECT id, gongkai_digest(sha256), size, compression, stored_size, data FROM blobs ORDER BY id;
DROP TABLE blobs;
ALTER TABLE blobs_v16 RENAME TO blobs;
CREATE INDEX blobs_by_digest ON blobs(substr(sha256, 1, 8));
)sql",
};

constexpr int kMigrationCount = sizeof(kMigrations) / sizeof(kMigrations[0]);

// The migrations (by the version they start from) that rebuild a table other tables reference
// (CREATE new, copy, DROP old, RENAME: SQLite's "generalized ALTER TABLE procedure"). They run with
// foreign keys off, as that procedure asks: with them on, dropping the old table would delete its
// rows first and fail on every reference to them. Row ids are copied, so references stay whole;
// foreign_key_check before the commit makes sure.
bool RebuildsTables(int from_version) {
  return from_version == 15;
}

Status ReadUserVersion(Db* db, int* version) {
  Stmt stmt(db->raw(), "PRAGMA user_version");
  if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db->raw()), "read schema version", db->raw());
  int rc = stmt.Step();
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read schema version", db->raw());
  *version = static_cast<int>(stmt.Int(0));
  return Status::OK();
}

// Page size of new archives (an existing archive keeps its own). Rows are small now: chained bodies
// (~850 bytes), extractions against their page and the report template (~850), captures (~450).
// A page holds whole rows until the next does not fit, so it wastes about half a row: 2 KiB pages
// left a fifth of every extractions page empty. archive_size_bench --sites 60 (rows and index as
// of schema 14), per part / raw: 2 KiB 0.197, 4 KiB 0.181, 8 KiB 0.185 (bodies + extractions +
// captures + other; the same file VACUUMed at each size).
constexpr int kPageSize = 4096;

bool IsEmptyFile(Db* db) {
  Stmt stmt(db->raw(), "PRAGMA page_count");
  return stmt.prepared() && stmt.Step() == SQLITE_ROW && stmt.Int(0) == 0;
}

}  // namespace

int CurrentSchemaVersion() {
  return kMigrationCount;
}

int SchemaVersionOf(Db* db) {
  int version = 0;
  return ReadUserVersion(db, &version).ok() ? version : 0;
}

Status ConfigureConnection(Db* db, bool durable_commits, int busy_timeout_ms, bool read_only) {
  sqlite3_busy_timeout(db->raw(), busy_timeout_ms);
  std::string pragmas = "PRAGMA foreign_keys = ON;";
  if (!read_only && IsEmptyFile(db)) {
    // Only a file without pages can take a page size and auto_vacuum mode (before WAL).
    pragmas += "PRAGMA page_size = " + std::to_string(kPageSize) + ";";
    pragmas += "PRAGMA auto_vacuum = INCREMENTAL;";
  }
  if (!read_only) {
    pragmas += "PRAGMA journal_mode = WAL;";
    pragmas += durable_commits ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
  }
  return db->Exec(pragmas, "configure connection");
}

Status Migrate(Db* db) {
  int version = 0;
  Status status = ReadUserVersion(db, &version);
  if (!status.ok()) return status;
  while (version < kMigrationCount) {
    // Outside a transaction, where the pragma takes effect; restored whatever happens below.
    const bool keys_off = RebuildsTables(version);
    if (keys_off) {
      status = db->Exec("PRAGMA foreign_keys = OFF", "migrate schema");
      if (!status.ok()) return status;
    }
    struct KeysOn {
      Db* db;
      bool off;
      ~KeysOn() {
        if (off) (void)db->Exec("PRAGMA foreign_keys = ON", "migrate schema");
      }
    } keys_on{db, keys_off};
    // The version is re-read inside the write transaction: another process may have migrated.
    Transaction txn(db);
    if (!txn.begin_status().ok()) return txn.begin_status();
    status = ReadUserVersion(db, &version);
    if (!status.ok() || version >= kMigrationCount) break;
    std::string what = "migrate schema to version " + std::to_string(version + 1);
    status = db->Exec(kMigrations[version], what);
    if (!status.ok()) return status;
    if (RebuildsTables(version)) {
      Stmt check(db->raw(), "PRAGMA foreign_key_check");
      int rc = check.prepared() ? check.Step() : sqlite3_errcode(db->raw());
      if (rc == SQLITE_ROW) {
        return Status::Corruption(what + ": a row of " + check.Text(0) + " references a missing row of " +
                                  check.Text(2));
      }
      if (rc != SQLITE_DONE) return SqliteStatus(rc, what, db->raw());
    }
    status = db->Exec("PRAGMA user_version = " + std::to_string(version + 1), what);
    if (!status.ok()) return status;
    status = txn.Commit();
    if (!status.ok()) return status;
    ++version;
  }
  if (!status.ok()) return status;
  if (version > kMigrationCount) {
    return Status::InvalidArgument("archive schema version " + std::to_string(version) +
                                   " is newer than this gongkai understands (" +
                                   std::to_string(kMigrationCount) + "); upgrade gongkai");
  }
  return Status::OK();
}

Status CheckSchemaVersion(Db* db, const std::string& path) {
  int version = 0;
  Status status = ReadUserVersion(db, &version);
  if (status.ok() && version == 0) {
    Stmt tables(db->raw(), "SELECT count(*) FROM sqlite_schema");
    if (tables.prepared() && tables.Step() == SQLITE_ROW && tables.Int(0) == 0) {
      return Status::InvalidArgument("archive " + path +
                                     " is empty (no gongkai tables): not an archive yet; "
                                     "gongkai crawl or import-warc fills one");
    }
  }
  if (!status.ok() || version == 0 || version == kMigrationCount) return status;
  if (version > kMigrationCount) {
    return Status::InvalidArgument("archive " + path + " has schema version " + std::to_string(version) +
                                   ", newer than this gongkai understands (" +
                                   std::to_string(kMigrationCount) + "); upgrade gongkai");
  }
  return Status::InvalidArgument("archive " + path + " has schema version " + std::to_string(version) +
                                 " and this gongkai reads version " + std::to_string(kMigrationCount) +
                                 ": run a writing command on it once (gongkai crawl or gongkai reextract) "
                                 "to upgrade it");
}

}  // namespace gongkai::storage
