// The read side: bodies, captures, history, provenance, validators and extraction listings.
#include <algorithm>
#include <set>
#include <string>

#include "archive_impl.h"
#include "seal.h"
#include "site_match.h"

namespace gongkai::storage {
namespace {

std::string CaptureQuery(const char* where_and_order) {
  return std::string("SELECT ") + kCaptureColumns + " FROM captures c " + where_and_order;
}

const std::string kCaptureById = CaptureQuery("WHERE c.id = ?1");
const std::string kLatestCapture = CaptureQuery(
    "WHERE c.id IN (SELECT id FROM captures WHERE url = ?1 UNION SELECT id FROM captures "
    "WHERE final_url = ?1 AND final_url <> '') ORDER BY (c.body_id IS NOT NULL) DESC, c.id DESC LIMIT 1");
const std::string kHistory = CaptureQuery(
    "WHERE c.id IN (SELECT id FROM captures WHERE url = ?1 UNION SELECT id FROM captures "
    "WHERE final_url = ?1 AND final_url <> '') ORDER BY c.id DESC");
const std::string kValidators = CaptureQuery(
    "WHERE c.id IN (SELECT id FROM captures WHERE url = ?1 UNION SELECT id FROM captures "
    "WHERE final_url = ?1 AND final_url <> '') AND c.status BETWEEN 200 AND 299 AND c.body_id IS NOT NULL "
    "ORDER BY c.id DESC LIMIT 1");
// The parent of a capture in its provenance chain: the newest capture of discovered_from_url made
// before it, preferring the same run and captures with a body.
const std::string kProvenanceParent = CaptureQuery(
    "WHERE c.id IN (SELECT id FROM captures WHERE url = ?1 UNION SELECT id FROM captures "
    "WHERE final_url = ?1 AND final_url <> '') ORDER BY (c.id < ?2) DESC, (c.run_id = ?3) DESC, "
    "(c.body_id IS NOT NULL) DESC, c.id DESC LIMIT 1");
// ForEachCapture's filter (?1 site, ?2 since), shared with its count.
const char kCaptureFilter[] = "WHERE (?1 = '' OR " GONGKAI_HOST_IS(
    "c.host", "coalesce(nullif(c.final_url, ''), c.url)", "?1") ") AND c.started_at_ms >= ?2 ";
const std::string kCapturesFiltered = CaptureQuery(kCaptureFilter) + "ORDER BY c.id";
const std::string kCountCaptures = std::string("SELECT count(*) FROM captures c ") + kCaptureFilter;
const std::string kCurrentExtractionOfCapture =
    std::string("SELECT ") + kExtractionColumns +
    " FROM extractions e WHERE e.body_id = (SELECT body_id FROM captures WHERE id = ?1) "
    "ORDER BY e.extracted_at_ms DESC, e.id DESC";
const std::string kExtractionById =
    std::string("SELECT ") + kExtractionColumns + " FROM extractions e WHERE e.id = ?1";
// ForEachExtraction's filter (?1 site, ?2 since, ?3 publication year), shared with its count.
const char kExtractionFilter[] =
    "FROM extractions e JOIN captures c ON c.id = e.capture_id "
    "WHERE (?1 = '' OR " GONGKAI_HOST_IS("c.host", "coalesce(nullif(c.final_url, ''), c.url)", "?1") " OR e.site = ?1) "
    "AND c.started_at_ms >= ?2 "
    "AND (?3 = 0 OR substr(e.published, 1, 4) = printf('%04d', ?3)) ";
const std::string kExtractionsFiltered =
    std::string("SELECT ") + kExtractionColumns + " " + kExtractionFilter + "ORDER BY e.id";
const std::string kCountExtractions = std::string("SELECT count(*) ") + kExtractionFilter;
const char kExtractTasks[] =
    "SELECT c.id, coalesce(nullif(c.final_url, ''), c.url), c.content_type, " GONGKAI_BODY_HEX("c.body_id") ", "
    "  c.charset_used, "
    // The agency the crawler took from the report's column: the page itself does not say it.
    "  coalesce((SELECT f.agency || coalesce(" GONGKAI_SEAL_CHECK("report facts of extraction", "f.",
                                                                  GONGKAI_SEALED_REPORT_FACTS) ", '') "
    "    FROM extractions e2 JOIN report_facts f ON f.extraction_id = e2.id "
    "    WHERE e2.body_id = c.body_id AND f.agency_source = 'column' "
    "    ORDER BY e2.id DESC LIMIT 1), '') "
    "FROM reports r JOIN captures c ON c.id = r.capture_id "
    "WHERE NOT EXISTS (SELECT 1 FROM extractions e WHERE e.body_id = c.body_id "
    "  AND e.extractor_version = ?1 AND (?2 = 0 OR e.extracted_at_ms >= ?3)) "
    "GROUP BY c.body_id ORDER BY min(c.id)";

}  // namespace

Status SqliteArchive::GetBody(const std::string& sha256, std::string* body) {
  return blobs_->Get(sha256, body, /*verify_hash=*/true);
}

bool SqliteArchive::HasBody(const std::string& sha256) {
  return blobs_->Has(sha256);
}

Status SqliteArchive::FindCapture(const char* sql, const std::string& url, Capture* capture) {
  Status status;
  auto stmt = db_.Prepare(sql, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, url).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no capture of " + url);
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read captures of " + url, db_.raw());
  ReadCaptureRow(*stmt, 0, capture);
  return Status::OK();
}

Status SqliteArchive::GetCapture(int64_t capture_id, Capture* capture) {
  Status status;
  auto stmt = db_.Prepare(kCaptureById.c_str(), &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, capture_id).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no capture with id " + std::to_string(capture_id));
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read capture", db_.raw());
  ReadCaptureRow(*stmt, 0, capture);
  return Status::OK();
}

Status SqliteArchive::FindLatestCapture(const std::string& url, Capture* capture) {
  return FindCapture(kLatestCapture.c_str(), url, capture);
}

Status SqliteArchive::LatestValidators(const std::string& url, Validators* v) {
  Capture c;
  Status status = FindCapture(kValidators.c_str(), url, &c);
  if (!status.ok()) return status;
  v->capture_id = c.id;
  v->etag = HeaderValue(c.response_headers, "ETag");
  v->last_modified = HeaderValue(c.response_headers, "Last-Modified");
  v->body_sha256 = c.body_sha256;
  v->fetched_at_ms = c.started_at_ms;
  v->status = c.status;
  return Status::OK();
}

Status SqliteArchive::History(const std::string& url, std::vector<Capture>* captures) {
  captures->clear();
  Status status;
  auto stmt = db_.Prepare(kHistory.c_str(), &status);
  if (!stmt) return status;
  stmt->Bind(1, url);
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    captures->emplace_back();
    ReadCaptureRow(*stmt, 0, &captures->back());
  }
  return SqliteStatus(rc, "read history of " + url, db_.raw());
}

Status SqliteArchive::ForEachCapture(const ReportFilter& filter,
                                     const std::function<bool(const Capture&)>& fn) {
  Stmt stmt(db_.raw(), kCapturesFiltered);  // not cached: fn may call back into the archive
  if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db_.raw()), "list captures", db_.raw());
  stmt.Bind(1, filter.site).Bind(2, filter.since_ms);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    Capture c;
    ReadCaptureRow(stmt, 0, &c);
    if (!fn(c)) return Status::OK();
  }
  return SqliteStatus(rc, "list captures", db_.raw());
}

Status SqliteArchive::CountForExport(const ReportFilter& filter, ExportCounts* counts) {
  *counts = ExportCounts();
  for (const std::string* sql : {&kCountCaptures, &kCountExtractions}) {
    Stmt stmt(db_.raw(), *sql);
    if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db_.raw()), "count for export", db_.raw());
    stmt.Bind(1, filter.site).Bind(2, filter.since_ms);
    if (sql == &kCountExtractions) stmt.Bind(3, filter.year);
    int rc = stmt.Step();
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "count for export", db_.raw());
    (sql == &kCountCaptures ? counts->captures : counts->extractions) = stmt.Int(0);
  }
  return CountReports(filter, &counts->reports);
}

Status SqliteArchive::FindProvenanceParent(const Capture& child, Capture* parent) {
  Status status;
  auto stmt = db_.Prepare(kProvenanceParent.c_str(), &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, child.discovered_from_url).Bind(2, child.id).Bind(3, child.run_id).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no capture of " + child.discovered_from_url);
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read provenance", db_.raw());
  ReadCaptureRow(*stmt, 0, parent);
  return Status::OK();
}

Status SqliteArchive::Provenance(int64_t capture_id, std::vector<Capture>* chain) {
  chain->clear();
  Capture current;
  Status status = GetCapture(capture_id, &current);
  if (!status.ok()) return status;
  std::set<int64_t> seen = {current.id};
  chain->push_back(current);
  while (!current.discovered_from_url.empty() && static_cast<int>(chain->size()) < kMaxProvenanceDepth) {
    Capture parent;
    status = FindProvenanceParent(current, &parent);
    if (status.IsNotFound()) break;
    if (!status.ok()) return status;
    if (!seen.insert(parent.id).second) break;  // a cycle
    chain->push_back(parent);
    current = parent;
  }
  std::reverse(chain->begin(), chain->end());
  return Status::OK();
}

Status SqliteArchive::ReadExtraction(int64_t extraction_id, ExtractionRecord* extraction) {
  Status status;
  auto stmt = db_.Prepare(kExtractionById.c_str(), &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, extraction_id).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no extraction with id " + std::to_string(extraction_id));
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read extraction", db_.raw());
  ReadExtractionRow(*stmt, 0, extraction);
  return LoadReportFacts(extraction);
}

Status SqliteArchive::CurrentExtraction(int64_t capture_id, ExtractionRecord* extraction) {
  Status status;
  auto stmt = db_.Prepare(kCurrentExtractionOfCapture.c_str(), &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, capture_id).Step();
  if (rc == SQLITE_DONE) {
    return Status::NotFound("capture " + std::to_string(capture_id) + " has no extraction");
  }
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "read extraction", db_.raw());
  ReadExtractionRow(*stmt, 0, extraction);
  return LoadReportFacts(extraction);
}

Status SqliteArchive::ListExtractions(int64_t capture_id, std::vector<ExtractionRecord>* extractions) {
  extractions->clear();
  Status status;
  auto stmt = db_.Prepare(kCurrentExtractionOfCapture.c_str(), &status);
  if (!stmt) return status;
  stmt->Bind(1, capture_id);
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    extractions->emplace_back();
    ReadExtractionRow(*stmt, 0, &extractions->back());
    Status facts = LoadReportFacts(&extractions->back());
    if (!facts.ok()) return facts;
  }
  return SqliteStatus(rc, "list extractions", db_.raw());
}

Status SqliteArchive::ForEachExtraction(const ReportFilter& filter,
                                        const std::function<bool(const ExtractionRecord&)>& fn) {
  Stmt stmt(db_.raw(), kExtractionsFiltered);
  if (!stmt.prepared()) return SqliteStatus(sqlite3_errcode(db_.raw()), "list extractions", db_.raw());
  stmt.Bind(1, filter.site).Bind(2, filter.since_ms).Bind(3, filter.year);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) {
    ExtractionRecord e;
    ReadExtractionRow(stmt, 0, &e);
    Status facts = LoadReportFacts(&e);
    if (!facts.ok()) return facts;
    if (!fn(e)) return Status::OK();
  }
  return SqliteStatus(rc, "list extractions", db_.raw());
}

Status SqliteArchive::ListExtractTasks(const std::string& extractor_version, bool all, int64_t redo_before_ms,
                                       std::vector<ExtractTask>* tasks) {
  tasks->clear();
  Status status;
  auto stmt = db_.Prepare(kExtractTasks, &status);
  if (!stmt) return status;
  stmt->Bind(1, extractor_version).Bind(2, all ? 1 : 0).Bind(3, redo_before_ms);
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    ExtractTask t;
    t.capture_id = stmt->Int(0);
    t.url = stmt->Text(1);
    t.content_type = stmt->Text(2);
    t.body_sha256 = stmt->Text(3);
    t.charset_used = stmt->Text(4);
    t.column_agency = stmt->Text(5);
    tasks->push_back(std::move(t));
  }
  return SqliteStatus(rc, "list extraction tasks", db_.raw());
}

}  // namespace gongkai::storage
