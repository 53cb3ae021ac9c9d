// The write path: RecordFetch (one transaction per HTTP exchange), extractions, and keeping the
// reports table and its full-text index (the report_fts_* tables) in step with them.
//
// Index invariant: the index (its titles and holdings) holds exactly the extractions that some
// reports row points at, each once. Changes to it are gathered per transaction and applied before
// the commit (index_changes.h).
#include "archive_impl.h"
#include "header_codec.h"
#include "seal.h"
#include "extraction_json.h"
#include "text_codec.h"

namespace gongkai::storage {
namespace {

const char kInsertCapture[] =
    "INSERT INTO captures(run_id, url, final_url, redirect_chain, method, status, error_kind, "
    "error_message, request_headers, response_headers, http_version, remote_ip, started_at_ms, "
    "duration_ms, body_id, body_size, truncated, charset_declared, charset_used, "
    "discovered_from_url, discovery, page_kind, revisit_of, origin, content_type, host, seal) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
    "?20, ?21, ?22, ?23, ?24, ?25, ?26, " GONGKAI_SEAL_PLACEHOLDER ")";
// As LatestValidators() (archive_read.cc), without reading the whole row.
const char kPreviousBody[] =
    "SELECT c.id, c.body_id FROM captures c WHERE c.id IN (SELECT id FROM captures WHERE url = ?1 "
    "UNION SELECT id FROM captures WHERE final_url = ?1 AND final_url <> '') AND c.status BETWEEN 200 AND 299 AND "
    "c.body_id IS NOT NULL ORDER BY c.id DESC LIMIT 1";
const char kFrontierDone[] = "UPDATE frontier SET done = 1 WHERE run_id = ?1 AND url = ?2";
const char kRequestHeadersOfRun[] = "SELECT block FROM run_request_headers WHERE run_id = ?1";
const char kSetRunRequestHeaders[] =
    "INSERT INTO run_request_headers(run_id, block, seal) VALUES(?1, ?2, " GONGKAI_SEAL_PLACEHOLDER ")";
const char kCaptureBody[] =
    "SELECT c.body_id, " GONGKAI_BODY_HEX("c.body_id") " FROM captures c WHERE c.id = ?1";
const char kExtractionOfBody[] = "SELECT id FROM extractions WHERE body_id = ?1 AND extractor_version = ?2";
const char kCurrentExtractionOfBody[] =
    "SELECT id FROM extractions WHERE body_id = ?1 ORDER BY extracted_at_ms DESC, id DESC "
    "LIMIT 1";
const char kInsertExtraction[] =
    "INSERT INTO extractions(body_id, capture_id, extractor_version, extracted_at_ms, title, "
    "published, source, site, column_name, text_zstd, tables_zstd, attachments_json, charset, seal) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, " GONGKAI_SEAL_PLACEHOLDER ")";
const char kUpdateExtraction[] =
    "UPDATE extractions SET capture_id = ?2, extracted_at_ms = ?3, title = ?4, published = ?5, "
    "source = ?6, site = ?7, column_name = ?8, text_zstd = ?9, tables_zstd = ?10, "
    "attachments_json = ?11, charset = ?12 WHERE id = ?1";
const char kTouchExtraction[] =
    "UPDATE extractions SET capture_id = ?2, extracted_at_ms = ?3, charset = ?4 WHERE id = ?1";
// A report is the row of the capture showing it; its URL is the capture's (captures_by_url).
const char kReportOfUrl[] =
    "SELECT r.capture_id, r.extraction_id FROM captures c JOIN reports r ON r.capture_id = c.id "
    "WHERE c.url = ?1 ORDER BY c.id DESC LIMIT 1";
const char kInsertReport[] =
    "INSERT INTO reports(capture_id, extraction_id, seal) VALUES(?1, ?2, " GONGKAI_SEAL_PLACEHOLDER ")";
const char kMoveReport[] = "UPDATE reports SET capture_id = ?2, extraction_id = ?3 WHERE capture_id = ?1";
const char kSetReportExtraction[] = "UPDATE reports SET extraction_id = ?2 WHERE capture_id = ?1";
const char kReportsOfBody[] =
    "SELECT r.capture_id, r.extraction_id FROM reports r JOIN captures c ON c.id = r.capture_id "
    "WHERE c.body_id = ?1";
const char kExtractionRefs[] = "SELECT count(*) FROM reports WHERE extraction_id = ?1";
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

bool IsSuccess(int status) {
  return status >= 200 && status < 300;
}

bool SameContent(const ExtractionRecord& a, const ExtractionRecord& b) {
  return a.title == b.title && a.published == b.published && a.source == b.source && a.site == b.site &&
         a.column == b.column && a.text == b.text && a.tables == b.tables && a.attachments == b.attachments;
}

}  // namespace

Status SqliteArchive::InsertCapture(const Capture& c, int64_t body_id, int64_t body_size, int64_t revisit_of,
                                    int64_t* capture_id) {
  Status status;
  auto stmt = db_.Prepare(kInsertCapture, &status);
  if (!stmt) return status;
  std::string final_url = c.final_url.empty() ? c.url : c.final_url;
  // A final URL equal to the URL (no redirect: nearly every capture) is stored as ''.
  stmt->Bind(1, c.run_id).Bind(2, c.url).Bind(3, final_url == c.url ? std::string() : final_url);
  stmt->Bind(4, JoinLines(c.redirect_chain));
  stmt->Bind(5, c.method).Bind(6, c.status).Bind(7, c.error_kind).Bind(8, c.error_message);
  std::string request_headers;
  status = StoredRequestHeaders(c, &request_headers);
  if (!status.ok()) return status;
  stmt->BindBlob(9, request_headers);
  stmt->BindBlob(10, PackHeaderBlock(SerializeHeaders(c.response_headers)));
  stmt->Bind(11, c.http_version).Bind(12, c.remote_ip).Bind(13, c.started_at_ms).Bind(14, c.duration_ms);
  if (body_id > 0) {
    stmt->Bind(15, body_id);
  } else {
    stmt->BindNull(15);
  }
  stmt->Bind(16, body_size).Bind(17, c.truncated ? 1 : 0);
  stmt->Bind(18, c.charset_declared).Bind(19, c.charset_used).Bind(20, c.discovered_from_url);
  stmt->Bind(21, ToString(c.discovery)).Bind(22, ToString(c.page_kind));
  if (revisit_of > 0) {
    stmt->Bind(23, revisit_of);
  } else {
    stmt->BindNull(23);
  }
  stmt->Bind(24, c.origin).Bind(25, HeaderValue(c.response_headers, "Content-Type"));
  stmt->Bind(26, HostOfUrl(final_url));
  status = stmt->Exec("record capture of " + c.url);
  if (status.ok()) *capture_id = db_.LastInsertId();
  return status;
}

// The packed request header block of `c` as its row stores it: kRunRequestHeaders when it is its
// run's block (the run's first capture with request headers sets it).
Status SqliteArchive::StoredRequestHeaders(const Capture& c, std::string* stored) {
  *stored = PackHeaderBlock(SerializeHeaders(c.request_headers));
  if (stored->empty()) return Status::OK();
  Status status;
  bool unset = false, same = false;
  {
    auto stmt = db_.Prepare(kRequestHeadersOfRun, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, c.run_id).Step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
      return SqliteStatus(rc, "read the request headers of run " + std::to_string(c.run_id), db_.raw());
    unset = rc == SQLITE_DONE;
    same = !unset && stmt->IsBlob(0) && stmt->BlobView(0) == *stored;
  }
  if (unset) {
    auto set = db_.Prepare(kSetRunRequestHeaders, &status);
    if (!set) return status;
    status = set->Bind(1, c.run_id).BindBlob(2, *stored).Exec("keep the request headers of the run");
    if (!status.ok()) return status;
  }
  if (unset || same) *stored = std::string(kRunRequestHeaders);
  return Status::OK();
}

Status SqliteArchive::PreviousBody(const std::string& url, int64_t* id, int64_t* body_id) {
  Status status;
  auto stmt = db_.Prepare(kPreviousBody, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, url).Step();
  *id = 0;
  *body_id = 0;
  if (rc == SQLITE_ROW) {
    *id = stmt->Int(0);
    *body_id = stmt->Int(1);
  }
  return SqliteStatus(rc, "find the previous body of " + url, db_.raw());
}

Status SqliteArchive::RecordFetch(const Capture& capture, std::optional<std::string_view> body,
                                  bool frontier_entry_done, const std::vector<FrontierEntry>& discovered,
                                  const ExtractionRecord* extraction, RecordedFetch* recorded) {
  if (capture.url.empty()) return Status::InvalidArgument("capture has an empty URL");
  Transaction txn(&db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  index_changes_.Clear();  // whatever a failed transaction left
  Status status = CheckRunExists(capture.run_id);
  if (status.IsNotFound()) return Status::InvalidArgument(status.message());
  // Read before this capture is inserted: it must not compare with itself.
  const bool not_modified = capture.status == 304 && !body.has_value();
  const bool success_body = body.has_value() && IsSuccess(capture.status);
  int64_t previous_id = 0;
  int64_t previous_body_id = 0;
  if (status.ok() && (not_modified || success_body))
    status = PreviousBody(capture.url, &previous_id, &previous_body_id);
  std::string sha256;
  int64_t body_id = 0;
  int64_t size = capture.body_size;
  // Text bodies are compressed against their host's dictionary (blob_store.h).
  const std::string scope = IsTextContentType(HeaderValue(capture.response_headers, "Content-Type"))
                                ? HostOfUrl(capture.final_url.empty() ? capture.url : capture.final_url)
                                : "";
  if (status.ok() && body.has_value()) {
    status = blobs_->Put(*body, scope, &sha256, &body_id);
    size = static_cast<int64_t>(body->size());
  }
  BodyChange change = BodyChange::kNone;
  if (not_modified) {
    change = BodyChange::kRevisit;
  } else if (success_body) {
    change = previous_id == 0              ? BodyChange::kNew
             : previous_body_id == body_id ? BodyChange::kUnchanged
                                           : BodyChange::kChanged;
  }
  int64_t id = 0;
  const int64_t revisit_of = not_modified && capture.revisit_of == 0 ? previous_id : capture.revisit_of;
  if (status.ok()) status = InsertCapture(capture, body_id, size, revisit_of, &id);
  if (status.ok()) status = InsertWarcExtras(capture, id);
  if (status.ok() && body.has_value()) status = blobs_->MaybeTrain(scope);
  if (status.ok() && frontier_entry_done) {
    auto stmt = db_.Prepare(kFrontierDone, &status);
    if (stmt) status = stmt->Bind(1, capture.run_id).Bind(2, capture.url).Exec("mark frontier entry done");
  }
  if (status.ok() && !discovered.empty()) status = InsertFrontier(capture.run_id, discovered, nullptr);
  if (status.ok() && extraction != nullptr) {
    if (sha256.empty())
      return Status::InvalidArgument("extraction given for " + capture.url + " without a body");
    ExtractionRecord record = *extraction;
    record.capture_id = id;
    status = UpsertExtraction(record, body_id, sha256, nullptr);
  }
  if (status.ok() && capture.page_kind == PageKind::kReport && IsSuccess(capture.status) && body_id != 0) {
    status = UpdateReport(capture.url, id, body_id);
  }
  if (status.ok()) status = index_changes_.Apply();
  if (status.ok()) status = txn.Commit();
  if (status.ok() && recorded != nullptr) *recorded = {id, change};
  return status;
}

Status SqliteArchive::PutExtraction(const ExtractionRecord& extraction, bool* changed) {
  Transaction txn(&db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  index_changes_.Clear();  // whatever a failed transaction left
  Status status = PutExtractionInTransaction(extraction, changed);
  if (status.ok()) status = index_changes_.Apply();
  if (status.ok()) status = txn.Commit();
  return status;
}

Status SqliteArchive::PutExtractions(const std::vector<ExtractionRecord>& extractions,
                                     int64_t* changed_count) {
  Transaction txn(&db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  index_changes_.Clear();  // whatever a failed transaction left
  int64_t count = 0;
  for (const ExtractionRecord& extraction : extractions) {
    bool changed = false;
    Status status = PutExtractionInTransaction(extraction, &changed);
    if (!status.ok()) return status;
    count += changed ? 1 : 0;
  }
  Status status = index_changes_.Apply();
  if (status.ok()) status = txn.Commit();
  if (status.ok() && changed_count != nullptr) *changed_count = count;
  return status;
}

Status SqliteArchive::PutExtractionInTransaction(const ExtractionRecord& extraction, bool* changed) {
  Status status;
  std::string sha256;
  int64_t body_id = 0;
  {
    auto stmt = db_.Prepare(kCaptureBody, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, extraction.capture_id).Step();
    if (rc == SQLITE_DONE)
      return Status::NotFound("no capture with id " + std::to_string(extraction.capture_id));
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "read capture", db_.raw());
    body_id = stmt->Int(0);
    sha256 = stmt->Text(1);
  }
  if (body_id == 0 || sha256.empty()) {
    return Status::InvalidArgument("capture " + std::to_string(extraction.capture_id) + " has no body");
  }
  return UpsertExtraction(extraction, body_id, sha256, changed);
}

// Inserts or replaces (same body + extractor_version) an extraction, then points every report
// showing this body at the body's current extraction.
Status SqliteArchive::UpsertExtraction(const ExtractionRecord& e, int64_t body_id, const std::string& sha256,
                                       bool* changed) {
  int64_t previous_id = 0;
  Status status = CurrentExtractionIdOfBody(body_id, &previous_id);
  if (!status.ok()) return status;
  ExtractionRecord previous;
  const bool same =
      previous_id != 0 && ReadExtraction(previous_id, &previous).ok() && SameContent(previous, e);
  if (changed != nullptr) *changed = !same;
  int64_t existing_id = 0;
  {
    auto stmt = db_.Prepare(kExtractionOfBody, &status);
    if (!stmt) return status;
    if (stmt->Bind(1, body_id).Bind(2, e.extractor_version).Step() == SQLITE_ROW) existing_id = stmt->Int(0);
  }
  if (same && existing_id == previous_id) {
    // Re-extracted by the same version to the same output: only when, from which capture and
    // with which charset change; the compressed text and the search index stay as they are.
    auto touch = db_.Prepare(kTouchExtraction, &status);
    if (!touch) return status;
    status = touch->Bind(1, existing_id)
                 .Bind(2, e.capture_id)
                 .Bind(3, e.extracted_at_ms)
                 .Bind(4, e.charset)
                 .Exec("store extraction of body " + sha256);
    if (status.ok()) status = WriteReportFacts(existing_id, e);
    return status.ok() ? RefreshReportsOfBody(body_id) : status;
  }
  bool indexed = false;
  if (existing_id != 0) {
    auto refs = db_.Prepare(kExtractionRefs, &status);
    if (!refs) return status;
    indexed = refs->Bind(1, existing_id).Step() == SQLITE_ROW && refs->Int(0) > 0;
  }
  if (indexed) status = IndexExtraction(existing_id, /*add=*/false);  // needs the old values
  if (!status.ok()) return status;
  auto stmt = db_.Prepare(existing_id != 0 ? kUpdateExtraction : kInsertExtraction, &status);
  if (!stmt) return status;
  // Both statements share the order of the content columns; they differ in the key columns.
  int i = 1;
  if (existing_id != 0) {
    stmt->Bind(i++, existing_id);
  } else {
    stmt->Bind(i++, body_id);
  }
  stmt->Bind(i++, e.capture_id);
  if (existing_id == 0) stmt->Bind(i++, e.extractor_version);
  const int c = i;  // first content column
  stmt->Bind(c, e.extracted_at_ms).Bind(c + 1, e.title).Bind(c + 2, e.published).Bind(c + 3, e.source);
  stmt->Bind(c + 4, e.site).Bind(c + 5, e.column);
  std::string host;
  const ZSTD_CDict* dict = nullptr;
  status = TextDictionaryOfCapture(e.capture_id, &host, &dict);
  if (!status.ok()) return status;
  // Text and tables are compressed against the page they came from (text_codec.h).
  std::string body;
  status = blobs_->Get(sha256, &body, /*verify_hash=*/false);
  if (!status.ok()) return status;
  // Texts name their page by its blobs row id (form 0x03).
  stmt->BindBlob(c + 6,
                 CompressTextOfBody(e.text, options_.zstd_level, dict, sha256, body, e.charset, body_id));
  stmt->BindBlob(c + 7, CompressTextOfBody(TablesToJsonText(e.tables), options_.zstd_level, dict, sha256,
                                           body, e.charset, body_id));
  stmt->Bind(c + 8, AttachmentsToJsonText(e.attachments)).Bind(c + 9, e.charset);
  status = stmt->Exec("store extraction of body " + sha256);
  if (!status.ok()) return status;
  status = WriteReportFacts(existing_id != 0 ? existing_id : sqlite3_last_insert_rowid(db_.raw()), e);
  if (!status.ok()) return status;
  if (indexed) status = IndexExtraction(existing_id, /*add=*/true);
  if (status.ok()) status = MaybeTrainTexts(host);
  if (!status.ok()) return status;
  return RefreshReportsOfBody(body_id);
}

Status SqliteArchive::CurrentExtractionIdOfBody(int64_t body_id, int64_t* id) {
  Status status;
  auto stmt = db_.Prepare(kCurrentExtractionOfBody, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, body_id).Step();
  *id = rc == SQLITE_ROW ? stmt->Int(0) : 0;
  return SqliteStatus(rc, "find current extraction", db_.raw());
}

Status SqliteArchive::RefreshReportsOfBody(int64_t body_id) {
  int64_t current = 0;
  Status status = CurrentExtractionIdOfBody(body_id, &current);
  if (!status.ok()) return status;
  std::vector<std::pair<int64_t, int64_t>> reports;  // capture, extraction
  {
    auto stmt = db_.Prepare(kReportsOfBody, &status);
    if (!stmt) return status;
    stmt->Bind(1, body_id);
    int rc;
    while ((rc = stmt->Step()) == SQLITE_ROW) reports.emplace_back(stmt->Int(0), stmt->Int(1));
    status = SqliteStatus(rc, "find reports of body", db_.raw());
  }
  for (const auto& [capture_id, old_id] : reports) {
    if (!status.ok()) break;
    status = SetReportExtraction(capture_id, old_id, current);
  }
  return status;
}

// Makes the capture the one showing report `url` (its URL), with the body's current extraction (if
// any): the report's row moves to it from the URL's older capture.
Status SqliteArchive::UpdateReport(const std::string& url, int64_t capture_id, int64_t body_id) {
  int64_t old_capture = 0;
  int64_t old_extraction = 0;
  Status status;
  {
    auto stmt = db_.Prepare(kReportOfUrl, &status);
    if (!stmt) return status;
    if (stmt->Bind(1, url).Step() == SQLITE_ROW) {
      if (stmt->Int(0) > capture_id) return Status::OK();  // a newer capture already shows it
      old_capture = stmt->Int(0);
      old_extraction = stmt->Int(1);
    }
  }
  int64_t current = 0;
  status = CurrentExtractionIdOfBody(body_id, &current);
  if (!status.ok()) return status;
  {
    auto stmt = db_.Prepare(old_capture != 0 ? kMoveReport : kInsertReport, &status);
    if (!stmt) return status;
    int i = 1;
    if (old_capture != 0) stmt->Bind(i++, old_capture);
    stmt->Bind(i++, capture_id);
    if (current != 0) {
      stmt->Bind(i, current);
    } else {
      stmt->BindNull(i);
    }
    status = stmt->Exec("record report " + url);
    if (!status.ok()) return status;
  }
  return SetReportExtraction(capture_id, old_extraction, current);
}

// Points the report of capture `report_capture_id` from extraction old_id to new_id (0 = none) and
// updates the index: an extraction leaves it when no report shows it any more, enters it when its
// first report does.
Status SqliteArchive::SetReportExtraction(int64_t report_capture_id, int64_t old_id, int64_t new_id) {
  Status status;
  {
    auto stmt = db_.Prepare(kSetReportExtraction, &status);
    if (!stmt) return status;
    stmt->Bind(1, report_capture_id);
    if (new_id != 0) {
      stmt->Bind(2, new_id);
    } else {
      stmt->BindNull(2);
    }
    status = stmt->Exec("update report of capture " + std::to_string(report_capture_id));
    if (!status.ok() || old_id == new_id) return status;
  }
  auto count_refs = [&](int64_t id, int64_t* n) {
    auto stmt = db_.Prepare(kExtractionRefs, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, id).Step();
    *n = rc == SQLITE_ROW ? stmt->Int(0) : 0;
    return SqliteStatus(rc, "count report references", db_.raw());
  };
  int64_t refs = 0;
  if (old_id != 0) {
    status = count_refs(old_id, &refs);
    if (status.ok() && refs == 0) status = IndexExtraction(old_id, /*add=*/false);
    if (!status.ok()) return status;
  }
  if (new_id != 0) {
    status = count_refs(new_id, &refs);
    if (status.ok() && refs == 1) status = IndexExtraction(new_id, /*add=*/true);
  }
  return status;
}

Status SqliteArchive::IndexExtraction(int64_t extraction_id, bool add) {
  if (!add) return index_changes_.Remove(extraction_id);
  index_changes_.Add(extraction_id);
  return Status::OK();
}

}  // namespace gongkai::storage
