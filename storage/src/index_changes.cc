#include "index_changes.h"

#include <vector>

namespace gongkai::storage {
namespace {

// The index holds the characters of folded text (index_terms.h, text_fold.h); a contentless index
// must be given the same values to delete an entry.
const char kReadIndexed[] =
    "SELECT gongkai_index_terms(gongkai_fold(title)), gongkai_index_terms(gongkai_fold(gongkai_unzstd(text_zstd))) "
    "FROM extractions WHERE id = ?1";
const char kFtsRemove[] =
    "INSERT INTO report_fts(report_fts, rowid, title, text) VALUES('delete', ?1, ?2, ?3)";
const char kFtsAdd[] =
    "INSERT INTO report_fts(rowid, title, text) SELECT id, gongkai_index_terms(gongkai_fold(title)), "
    "gongkai_index_terms(gongkai_fold(gongkai_unzstd(text_zstd))) FROM extractions WHERE id = ?1";

}  // namespace

Status IndexChanges::Read(int64_t extraction_id, TitleAndText* content) {
  Status status;
  auto stmt = db_->Prepare(kReadIndexed, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, extraction_id).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no extraction with id " + std::to_string(extraction_id));
  if (rc != SQLITE_ROW)
    return SqliteStatus(rc, "read indexed text of extraction " + std::to_string(extraction_id), db_->raw());
  content->first = stmt->Text(0);
  content->second = stmt->Text(1);
  return Status::OK();
}

Status IndexChanges::Remove(int64_t extraction_id) {
  if (additions_.erase(extraction_id) > 0)
    return Status::OK();                                        // added in this transaction: not in the index
  if (removals_.count(extraction_id) > 0) return Status::OK();  // keep the values it was indexed with
  TitleAndText content;
  Status status = Read(extraction_id, &content);
  if (status.ok()) removals_.emplace(extraction_id, std::move(content));
  return status;
}

Status IndexChanges::Apply() {
  Status status;
  for (auto it = additions_.begin(); it != additions_.end() && status.ok();) {
    auto removal = removals_.find(*it);
    TitleAndText now;
    if (removal != removals_.end() && (status = Read(*it, &now)).ok() && now == removal->second) {
      removals_.erase(removal);  // re-extracted to the same title and text: the entry stands
      it = additions_.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [id, content] : removals_) {
    if (!status.ok()) break;
    auto stmt = db_->Prepare(kFtsRemove, &status);
    if (stmt)
      status = stmt->Bind(1, id).Bind(2, content.first).Bind(3, content.second).Exec("unindex extraction");
  }
  for (int64_t id : additions_) {
    if (!status.ok()) break;
    auto stmt = db_->Prepare(kFtsAdd, &status);
    if (stmt) status = stmt->Bind(1, id).Exec("index extraction");
  }
  Clear();
  return status;
}

void IndexChanges::Clear() {
  removals_.clear();
  additions_.clear();
}

}  // namespace gongkai::storage
