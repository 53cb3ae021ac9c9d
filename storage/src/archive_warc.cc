// What the archive keeps for WARC fidelity: the redirect hops of a capture (each its own
// request/response pair in an export) and the WARC-Record-IDs of imported captures (so a second
// import of a record is a no-op). Tables capture_hops and imported_records (schema 7).
#include "archive_impl.h"
#include "header_codec.h"
#include "seal.h"

namespace gongkai::storage {
namespace {

const char kInsertHop[] =
    "INSERT INTO capture_hops(capture_id, seq, url, status, http_version, request_headers, "
    "response_headers, remote_ip, started_at_ms, body_id, body_size) "
    "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
const char kSelectHops[] =
    "SELECT url, status, http_version, request_headers, response_headers, remote_ip, started_at_ms, " GONGKAI_BODY_HEX(
        "body_id") ", body_size, " GONGKAI_SEAL_CHECK("redirect hop", "",
                                                      GONGKAI_SEALED_CAPTURE_HOPS) " FROM capture_hops WHERE capture_id = ?1 ORDER BY seq";
const char kInsertImported[] = "INSERT OR IGNORE INTO imported_records(record_id, capture_id) VALUES(?1, ?2)";
const char kImportedById[] = "SELECT capture_id, " GONGKAI_SEAL_CHECK(
    "imported record", "", GONGKAI_SEALED_IMPORTED_RECORDS) " FROM imported_records WHERE record_id = ?1";
const char kImportedByContent[] =
    "SELECT c.id FROM captures c WHERE c.url = ?1 AND c.started_at_ms = ?2 "
    "AND coalesce(" GONGKAI_BODY_HEX("c.body_id") ", '') = ?3 "
    "AND c.origin LIKE 'warc:%' LIMIT 1";

const std::string kFirstCompleteOfBody =
    std::string("SELECT ") + kCaptureColumns +
    " FROM captures c WHERE c.body_id = " GONGKAI_BODY_ID(
        "?1") " AND c.truncated = 0 AND c.status <> 304 AND c.error_kind NOT IN " +
    kBrokenOffErrorKinds + " ORDER BY c.id LIMIT 1";
// Walks captures_by_body (body_id, then id) and stops at the first that passes.
const std::string kFirstExportedOfBody =
    std::string("SELECT ") + kCaptureColumns +
    " FROM captures c WHERE c.body_id = " GONGKAI_BODY_ID("?1") " AND c.id < ?2 AND (?3 = '' OR c.host = ?3) "
    "AND c.started_at_ms >= ?4 AND c.truncated = 0 AND c.status NOT IN (0, 304) AND c.error_kind NOT IN " +
    kBrokenOffErrorKinds + " ORDER BY c.id LIMIT 1";

}  // namespace

bool IsBrokenOffTransfer(const std::string& error_kind) {
  return error_kind == "timeout" || error_kind == "reset" || error_kind == "tls" || error_kind == "other" ||
         error_kind == "too_large";
}

Status SqliteArchive::FirstCompleteCaptureOfBody(const std::string& sha256, Capture* capture) {
  Status status;
  auto stmt = db_.Prepare(kFirstCompleteOfBody.c_str(), &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, sha256).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no complete capture of body " + sha256);
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "find the capture of a body", db_.raw());
  ReadCaptureRow(*stmt, 0, capture);
  return Status::OK();
}

Status SqliteArchive::FirstExportedCaptureOfBody(const std::string& sha256, const ReportFilter& filter,
                                                 int64_t before_id, Capture* capture) {
  Status status;
  auto stmt = db_.Prepare(kFirstExportedOfBody.c_str(), &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, sha256).Bind(2, before_id).Bind(3, filter.site).Bind(4, filter.since_ms).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no exported capture of body " + sha256);
  if (rc != SQLITE_ROW) return SqliteStatus(rc, "find the exported capture of a body", db_.raw());
  ReadCaptureRow(*stmt, 0, capture);
  return Status::OK();
}

Status SqliteArchive::InsertWarcExtras(const Capture& capture, int64_t capture_id) {
  Status status;
  for (size_t i = 0; i < capture.redirect_hops.size() && status.ok(); ++i) {
    const RedirectHop& hop = capture.redirect_hops[i];
    std::string sha256;
    int64_t body_id = 0;
    if (!hop.body.empty()) status = blobs_->Put(hop.body, /*scope=*/"", &sha256, &body_id);
    if (!status.ok()) break;
    auto stmt = db_.Prepare(kInsertHop, &status);
    if (!stmt) break;
    stmt->Bind(1, capture_id).Bind(2, static_cast<int64_t>(i)).Bind(3, hop.url).Bind(4, hop.status);
    stmt->Bind(5, hop.http_version).BindBlob(6, PackHeaderBlock(SerializeHeaders(hop.request_headers)));
    stmt->BindBlob(7, PackHeaderBlock(SerializeHeaders(hop.response_headers)));
    stmt->Bind(8, hop.remote_ip).Bind(9, hop.started_at_ms);
    if (body_id != 0) {
      stmt->Bind(10, body_id);
    } else {
      stmt->BindNull(10);
    }
    stmt->Bind(11, static_cast<int64_t>(hop.body.size()));
    status = stmt->Exec("record redirect hop of " + capture.url);
  }
  if (status.ok() && !capture.warc_record_id.empty()) {
    auto stmt = db_.Prepare(kInsertImported, &status);
    if (stmt)
      status = stmt->Bind(1, capture.warc_record_id).Bind(2, capture_id).Exec("record imported record id");
  }
  return status;
}

Status SqliteArchive::RedirectHops(int64_t capture_id, std::vector<RedirectHop>* hops) {
  hops->clear();
  Status status;
  auto stmt = db_.Prepare(kSelectHops, &status);
  if (!stmt) return status;
  stmt->Bind(1, capture_id);
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    RedirectHop hop;
    hop.url = stmt->Text(0);
    hop.status = static_cast<int>(stmt->Int(1));
    hop.http_version = stmt->Text(2);
    hop.request_headers = ParseHeaders(HeaderBlockColumn(*stmt, 3));
    hop.response_headers = ParseHeaders(HeaderBlockColumn(*stmt, 4));
    hop.remote_ip = stmt->Text(5);
    hop.started_at_ms = stmt->Int(6);
    hop.body_sha256 = stmt->Text(7);
    hop.body_size = stmt->Int(8);
    hops->push_back(std::move(hop));
  }
  return SqliteStatus(rc, "read redirect hops", db_.raw());
}

Status SqliteArchive::FindImported(const std::string& record_id, const std::string& url,
                                   int64_t started_at_ms, const std::string& body_sha256,
                                   int64_t* capture_id) {
  Status status;
  if (!record_id.empty()) {
    auto stmt = db_.Prepare(kImportedById, &status);
    if (!stmt) return status;
    int rc = stmt->Bind(1, record_id).Step();
    if (rc == SQLITE_ROW) {
      *capture_id = stmt->Int(0);
      return Status::OK();
    }
    if (rc != SQLITE_DONE) return SqliteStatus(rc, "look up imported record", db_.raw());
  }
  auto stmt = db_.Prepare(kImportedByContent, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, url).Bind(2, started_at_ms).Bind(3, body_sha256).Step();
  if (rc == SQLITE_ROW) {
    *capture_id = stmt->Int(0);
    return Status::OK();
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "look up imported capture", db_.raw());
  return Status::NotFound("not imported before: " + url);
}

}  // namespace gongkai::storage
