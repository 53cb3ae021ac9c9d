#include "index_changes.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include "index_terms.h"
#include "passages.h"

namespace gongkai::storage {
namespace {

// The index holds the bigrams of folded text (index_terms.h, text_fold.h); a contentless index
// must be given the same values to delete an entry.
const char kReadIndexed[] =
    "SELECT gongkai_index_terms(gongkai_fold(title)), gongkai_fold(gongkai_unzstd(text_zstd)) "
    "FROM extractions WHERE id = ?1";
const char kTitleRemove[] =
    "INSERT INTO report_fts_title(report_fts_title, rowid, title) VALUES('delete', ?1, ?2)";
const char kTitleAdd[] = "INSERT INTO report_fts_title(rowid, title) VALUES(?1, ?2)";
const char kHoldingRemove[] = "DELETE FROM report_fts_holding WHERE extraction_id = ?1";
const char kHoldingAdd[] = "INSERT INTO report_fts_holding(extraction_id, passages) VALUES(?1, ?2)";
const char kPassageOfKey[] = "SELECT passage_id FROM report_fts_passage_key WHERE key = ?1";
const char kPassageHeld[] = "UPDATE report_fts_passage_key SET holders = holders + ?2 WHERE key = ?1";
const char kPassageKeyAdd[] =
    "INSERT INTO report_fts_passage_key(key, passage_id, holders) VALUES(?1, ?2, 1)";
const char kPassageAdd[] = "INSERT INTO report_fts_passage(rowid, text) VALUES(?1, ?2)";
const char kPassageReleased[] =
    "UPDATE report_fts_passage_key SET holders = holders - ?2 WHERE key = ?1 RETURNING passage_id, holders";
const char kPassageKeyRemove[] = "DELETE FROM report_fts_passage_key WHERE key = ?1";
const char kPassageRemove[] =
    "INSERT INTO report_fts_passage(report_fts_passage, rowid, text) VALUES('delete', ?1, ?2)";
const char kNextPassageId[] = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'next_passage_id'";
const char kSetNextPassageId[] = "INSERT OR REPLACE INTO meta(key, value) VALUES('next_passage_id', ?1)";
const char kReportedExtractions[] =
    "SELECT e.id FROM extractions e WHERE EXISTS (SELECT 1 FROM reports r WHERE r.extraction_id = e.id)";
const char kEmptyIndex[] =
    "INSERT INTO report_fts_title(report_fts_title) VALUES('delete-all');"
    "INSERT INTO report_fts_passage(report_fts_passage) VALUES('delete-all');"
    "DELETE FROM report_fts_passage_key; DELETE FROM report_fts_holding;"
    "INSERT OR REPLACE INTO meta(key, value) VALUES('next_passage_id', '1');";

// gongkai_holding_of_schema15(blob) (RegisterHoldingFunction).
void HoldingOfSchema15Function(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) return sqlite3_result_value(ctx, argv[0]);
  const auto* bytes = static_cast<const char*>(sqlite3_value_blob(argv[0]));
  const std::string_view blob(bytes == nullptr ? "" : bytes,
                              static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string holding;
  if (!HoldingFromSchema15(blob, &holding)) return sqlite3_result_value(ctx, argv[0]);
  sqlite3_result_blob(ctx, holding.data(), static_cast<int>(holding.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status RegisterHoldingFunction(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_holding_of_schema15", 1, flags, nullptr,
                                      &HoldingOfSchema15Function, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register gongkai_holding_of_schema15: ") + sqlite3_errmsg(db));
  return Status::OK();
}

Status IndexChanges::Read(Db* db, int64_t extraction_id, Indexed* indexed) {
  Status status;
  auto stmt = db->Prepare(kReadIndexed, &status);
  if (!stmt) return status;
  int rc = stmt->Bind(1, extraction_id).Step();
  if (rc == SQLITE_DONE) return Status::NotFound("no extraction with id " + std::to_string(extraction_id));
  if (rc != SQLITE_ROW)
    return SqliteStatus(rc, "read indexed text of extraction " + std::to_string(extraction_id), db->raw());
  indexed->title_terms = stmt->Text(0);
  indexed->folded_text = stmt->Text(1);
  return Status::OK();
}

Status IndexChanges::Remove(int64_t extraction_id) {
  if (additions_.erase(extraction_id) > 0)
    return Status::OK();                                        // added in this transaction: not in the index
  if (removals_.count(extraction_id) > 0) return Status::OK();  // keep the values it was indexed with
  Indexed indexed;
  Status status = Read(db_, extraction_id, &indexed);
  if (status.ok()) removals_.emplace(extraction_id, std::move(indexed));
  return status;
}

Status IndexChanges::HoldPassage(std::string_view passage, int64_t key, std::map<int64_t, Released>* released,
                                 int64_t* next_id, int64_t* passage_id) {
  Status status;
  auto find = db_->Prepare(kPassageOfKey, &status);
  if (!find) return status;
  int rc = find->Bind(1, key).Step();
  if (rc == SQLITE_ROW) {
    *passage_id = find->Int(0);
    auto taken = released->find(key);
    if (taken != released->end() && taken->second.holders > 0) {
      --taken->second.holders;  // a removed extraction's hold passes to this one
      return Status::OK();
    }
    auto held = db_->Prepare(kPassageHeld, &status);
    if (held) status = held->Bind(1, key).Bind(2, int64_t{1}).Exec("hold a passage");
    return status;
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "look up a passage", db_->raw());
  *passage_id = (*next_id)++;
  auto add = db_->Prepare(kPassageAdd, &status);
  if (add) status = add->Bind(1, *passage_id).Bind(2, IndexTerms(passage)).Exec("index a passage");
  if (!status.ok()) return status;
  auto add_key = db_->Prepare(kPassageKeyAdd, &status);
  if (add_key) status = add_key->Bind(1, key).Bind(2, *passage_id).Exec("key a passage");
  return status;
}

Status IndexChanges::AddExtraction(int64_t extraction_id, std::map<int64_t, Released>* released,
                                   int64_t* next_id) {
  Indexed indexed;
  Status status = Read(db_, extraction_id, &indexed);
  if (!status.ok()) return status;
  auto title = db_->Prepare(kTitleAdd, &status);
  if (title) status = title->Bind(1, extraction_id).Bind(2, indexed.title_terms).Exec("index a title");
  std::vector<HeldPassage> held;
  std::unordered_map<int64_t, size_t> at;  // key -> index in held
  for (std::string_view passage : SplitPassages(indexed.folded_text)) {
    if (!status.ok()) return status;
    const int64_t key = PassageKey(passage);
    auto [it, inserted] = at.emplace(key, held.size());
    if (!inserted) {
      ++held[it->second].count;
      continue;
    }
    int64_t passage_id = 0;
    status = HoldPassage(passage, key, released, next_id, &passage_id);
    held.push_back({passage_id, 1});
  }
  if (!status.ok()) return status;
  auto holding = db_->Prepare(kHoldingAdd, &status);
  if (holding) status = holding->Bind(1, extraction_id).BindBlob(2, EncodeHolding(held)).Exec("index a text");
  return status;
}

Status IndexChanges::DropReleased(const std::map<int64_t, Released>& released) {
  Status status;
  std::vector<std::pair<int64_t, const std::string*>> unheld;  // passage id, folded text
  for (const auto& [key, passage] : released) {
    if (passage.holders == 0) continue;
    auto update = db_->Prepare(kPassageReleased, &status);
    if (!update) return status;
    int rc = update->Bind(1, key).Bind(2, passage.holders).Step();
    if (rc == SQLITE_DONE) continue;  // not in the index (verify reports such holdings)
    if (rc != SQLITE_ROW) return SqliteStatus(rc, "release a passage", db_->raw());
    if (update->Int(1) <= 0) unheld.emplace_back(update->Int(0), &passage.folded);
    update->Step();  // ends the statement (RETURNING: one row)
  }
  std::sort(unheld.begin(), unheld.end());
  for (const auto& [passage_id, folded] : unheld) {
    auto remove = db_->Prepare(kPassageRemove, &status);
    if (remove) status = remove->Bind(1, passage_id).Bind(2, IndexTerms(*folded)).Exec("unindex a passage");
    if (!status.ok()) return status;
    auto remove_key = db_->Prepare(kPassageKeyRemove, &status);
    if (remove_key) status = remove_key->Bind(1, PassageKey(*folded)).Exec("unkey a passage");
    if (!status.ok()) return status;
  }
  return status;
}

Status IndexChanges::Apply() {
  Status status;
  for (auto it = additions_.begin(); it != additions_.end() && status.ok();) {
    auto removal = removals_.find(*it);
    Indexed now;
    if (removal != removals_.end() && (status = Read(db_, *it, &now)).ok() && now == removal->second) {
      removals_.erase(removal);  // re-extracted to the same title and text: the entry stands
      it = additions_.erase(it);
    } else {
      ++it;
    }
  }
  std::map<int64_t, Released> released;  // by passage key
  for (const auto& [id, indexed] : removals_) {
    if (!status.ok()) break;
    auto title = db_->Prepare(kTitleRemove, &status);
    if (title) status = title->Bind(1, id).Bind(2, indexed.title_terms).Exec("unindex a title");
    if (!status.ok()) break;
    auto holding = db_->Prepare(kHoldingRemove, &status);
    if (holding) status = holding->Bind(1, id).Exec("unindex a text");
    std::set<int64_t> keys;  // each passage once per extraction
    for (std::string_view passage : SplitPassages(indexed.folded_text)) {
      const int64_t key = PassageKey(passage);
      if (!keys.insert(key).second) continue;
      Released& r = released[key];
      if (r.holders++ == 0) r.folded = std::string(passage);
    }
  }
  int64_t next_id = 1;
  if (status.ok() && !additions_.empty()) {
    auto read = db_->Prepare(kNextPassageId, &status);
    if (read && read->Step() == SQLITE_ROW) next_id = std::max<int64_t>(1, read->Int(0));
  }
  const int64_t first_id = next_id;
  for (int64_t id : additions_) {
    if (!status.ok()) break;
    status = AddExtraction(id, &released, &next_id);
  }
  if (status.ok() && next_id != first_id) {
    auto write = db_->Prepare(kSetNextPassageId, &status);
    if (write) status = write->Bind(1, std::to_string(next_id)).Exec("count passages");
  }
  if (status.ok()) status = DropReleased(released);
  Clear();
  return status;
}

void IndexChanges::Clear() {
  removals_.clear();
  additions_.clear();
}

Status IndexChanges::Rebuild() {
  Clear();
  Status status = db_->Exec(kEmptyIndex, "empty the search index");
  if (!status.ok()) return status;
  Stmt stmt(db_->raw(), kReportedExtractions);
  int rc;
  while ((rc = stmt.Step()) == SQLITE_ROW) Add(stmt.Int(0));
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "list reported extractions", db_->raw());
  return Apply();
}

}  // namespace gongkai::storage
