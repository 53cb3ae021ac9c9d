// The crawler's politeness memory (see storage/archive.h, PolitenessRow): one row per host and per
// remote IP, replaced on every write.
#include "archive_impl.h"
#include "seal.h"

namespace gongkai::storage {
namespace {

const char kPutPoliteness[] =
    "INSERT OR REPLACE INTO politeness(scope, key, run_id, last_start_ms, last_end_ms, next_start_ms, gap_ms,"
    " crawl_delay_ms, failures, parked, throttle_level, throttle_until_ms, page_requests, updated_at_ms)"
    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
const char kListPoliteness[] =
    "SELECT scope, key, run_id, last_start_ms, last_end_ms, next_start_ms, gap_ms, crawl_delay_ms, failures,"
    " parked, throttle_level, throttle_until_ms, page_requests, updated_at_ms, " GONGKAI_SEAL_CHECK(
        "politeness state", "", GONGKAI_SEALED_POLITENESS) " FROM politeness ORDER BY scope, key";

}  // namespace

Status SqliteArchive::PutPoliteness(const std::vector<PolitenessRow>& rows) {
  if (rows.empty()) return Status::OK();
  Transaction txn(&db_);
  if (!txn.begin_status().ok()) return txn.begin_status();
  Status status;
  auto stmt = db_.Prepare(kPutPoliteness, &status);
  if (!stmt) return status;
  for (const PolitenessRow& r : rows) {
    if (r.scope != "host" && r.scope != "ip")
      return Status::InvalidArgument("politeness scope '" + r.scope + "'");
    stmt->Bind(1, r.scope).Bind(2, r.key).Bind(3, r.run_id).Bind(4, r.last_start_ms).Bind(5, r.last_end_ms);
    stmt->Bind(6, r.next_start_ms).Bind(7, r.gap_ms).Bind(8, r.crawl_delay_ms).Bind(9, r.failures);
    stmt->Bind(10, r.parked ? 1 : 0).Bind(11, r.throttle_level).Bind(12, r.throttle_until_ms);
    stmt->Bind(13, r.page_requests).Bind(14, r.updated_at_ms);
    status = stmt->Exec("write the politeness state of " + r.key);
    if (!status.ok()) return status;
  }
  return txn.Commit();
}

Status SqliteArchive::ListPoliteness(std::vector<PolitenessRow>* rows) {
  rows->clear();
  Status status;
  auto stmt = db_.Prepare(kListPoliteness, &status);
  if (!stmt) return status;
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) {
    PolitenessRow r;
    r.scope = stmt->Text(0);
    r.key = stmt->Text(1);
    r.run_id = stmt->Int(2);
    r.last_start_ms = stmt->Int(3);
    r.last_end_ms = stmt->Int(4);
    r.next_start_ms = stmt->Int(5);
    r.gap_ms = stmt->Int(6);
    r.crawl_delay_ms = stmt->Int(7);
    r.failures = stmt->Int(8);
    r.parked = stmt->Int(9) != 0;
    r.throttle_level = stmt->Int(10);
    r.throttle_until_ms = stmt->Int(11);
    r.page_requests = stmt->Int(12);
    r.updated_at_ms = stmt->Int(13);
    rows->push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "read the politeness state", db_.raw());
  return Status::OK();
}

}  // namespace gongkai::storage
