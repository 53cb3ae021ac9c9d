#include "index_verify.h"

#include <unordered_map>

#include "index_changes.h"
#include "index_terms.h"
#include "passages.h"

namespace gongkai::storage {
namespace {

const char kCreateCheckTables[] =
    "DROP TABLE IF EXISTS temp.verify_title; DROP TABLE IF EXISTS temp.verify_passage; "
    "CREATE VIRTUAL TABLE temp.verify_title USING fts5(title, content='', tokenize='ascii', columnsize=0); "
    "CREATE VIRTUAL TABLE temp.verify_passage USING fts5(text, content='', tokenize='ascii', columnsize=0);";
const char kCreateVocabularies[] =
    "CREATE VIRTUAL TABLE temp.verify_vocab_title USING fts5vocab(main, report_fts_title, row); "
    "CREATE VIRTUAL TABLE temp.verify_vocab_title_check USING fts5vocab(temp, verify_title, row); "
    "CREATE VIRTUAL TABLE temp.verify_vocab_passage USING fts5vocab(main, report_fts_passage, row); "
    "CREATE VIRTUAL TABLE temp.verify_vocab_passage_check USING fts5vocab(temp, verify_passage, row);";
const char kCleanup[] =
    "DROP TABLE IF EXISTS temp.verify_vocab_title; DROP TABLE IF EXISTS temp.verify_vocab_title_check; "
    "DROP TABLE IF EXISTS temp.verify_vocab_passage; DROP TABLE IF EXISTS temp.verify_vocab_passage_check; "
    "DROP TABLE IF EXISTS temp.verify_title; DROP TABLE IF EXISTS temp.verify_passage;";
// The entries (term, row, count) in one vocabulary and not in the other, both ways.
std::string CompareSql(const std::string& table) {
  const std::string stored = "temp.verify_vocab_" + table, check = stored + "_check";
  return "SELECT (SELECT count(*) FROM (SELECT term, doc, cnt FROM " + stored +
         " EXCEPT SELECT term, doc, cnt FROM " + check +
         ")) + (SELECT count(*) FROM (SELECT term, doc, cnt FROM " + check +
         " EXCEPT SELECT term, doc, cnt FROM " + stored + "))";
}
const char kReportedExtractions[] =
    "SELECT e.id FROM extractions e WHERE EXISTS (SELECT 1 FROM reports r WHERE r.extraction_id = e.id) "
    "ORDER BY e.id";

struct StoredPassage {
  int64_t passage_id = 0;
  int64_t holders = 0;
  int64_t expected_holders = 0;
};

// The stored index: passages by key, holdings by extraction, the next passage id.
struct StoredIndex {
  std::unordered_map<int64_t, StoredPassage> passages;
  std::unordered_map<int64_t, std::string> holdings;
  int64_t next_passage_id = 0;
};

Status ReadStoredIndex(Db* db, StoredIndex* stored) {
  Stmt keys(db->raw(), "SELECT key, passage_id, holders FROM report_fts_passage_key");
  Stmt holdings(db->raw(), "SELECT extraction_id, passages FROM report_fts_holding");
  Stmt next(db->raw(), "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'next_passage_id'");
  if (!keys.prepared() || !holdings.prepared() || !next.prepared())
    return SqliteStatus(sqlite3_errcode(db->raw()), "read the search index", db->raw());
  int rc;
  while ((rc = keys.Step()) == SQLITE_ROW) stored->passages[keys.Int(0)] = {keys.Int(1), keys.Int(2), 0};
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "read the passage keys", db->raw());
  while ((rc = holdings.Step()) == SQLITE_ROW) stored->holdings[holdings.Int(0)] = holdings.Blob(1);
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "read the holdings", db->raw());
  if (next.Step() == SQLITE_ROW) stored->next_passage_id = next.Int(0);
  return Status::OK();
}

// Indexes one extraction into the check tables and compares its holding with the stored one.
Status CheckExtraction(Db* db, int64_t id, StoredIndex* stored, std::vector<std::string>* problems) {
  IndexChanges::Indexed indexed;
  Status status = IndexChanges::Read(db, id, &indexed);
  if (!status.ok()) return status;
  Stmt title(db->raw(), "INSERT INTO temp.verify_title(rowid, title) VALUES(?1, ?2)");
  status = title.Bind(1, id).Bind(2, indexed.title_terms).Exec("index a title for comparison");
  if (!status.ok()) return status;
  std::vector<HeldPassage> held;
  std::unordered_map<int64_t, size_t> at;
  const std::string where = "search index: extraction " + std::to_string(id) + ": ";
  for (std::string_view passage : SplitPassages(indexed.folded_text)) {
    const int64_t key = PassageKey(passage);
    auto [it, inserted] = at.emplace(key, held.size());
    if (!inserted) {
      ++held[it->second].count;
      continue;
    }
    auto stored_passage = stored->passages.find(key);
    if (stored_passage == stored->passages.end()) {
      problems->push_back(where + "a passage is missing (" + std::string(passage.substr(0, 60)) + ")");
      held.push_back({0, 1});
      continue;
    }
    StoredPassage& p = stored_passage->second;
    held.push_back({p.passage_id, 1});
    if (p.expected_holders++ > 0) continue;
    Stmt add(db->raw(), "INSERT INTO temp.verify_passage(rowid, text) VALUES(?1, ?2)");
    status = add.Bind(1, p.passage_id).Bind(2, IndexTerms(passage)).Exec("index a passage for comparison");
    if (!status.ok()) return status;
    if (p.passage_id >= stored->next_passage_id)
      problems->push_back(where + "passage " + std::to_string(p.passage_id) + " is not below the next id");
  }
  auto holding = stored->holdings.find(id);
  if (holding == stored->holdings.end()) {
    problems->push_back(where + "no holding");
  } else {
    if (holding->second != EncodeHolding(held))
      problems->push_back(where + "its holding differs from its text");
    stored->holdings.erase(holding);
  }
  return Status::OK();
}

void CompareVocabularies(Db* db, std::vector<std::string>* problems) {
  for (const char* table : {"title", "passage"}) {
    Stmt compare(db->raw(), CompareSql(table));
    if (compare.prepared() && compare.Step() == SQLITE_ROW) {
      if (compare.Int(0) != 0) {
        problems->push_back("search index: " + std::to_string(compare.Int(0)) + " " + table +
                            " entries differ from the current extractions' text");
      }
    } else {
      problems->push_back("search index: " +
                          SqliteStatus(sqlite3_errcode(db->raw()), "compare", db->raw()).message());
    }
  }
}

Status CheckIndex(Db* db, std::vector<std::string>* problems) {
  StoredIndex stored;
  Status status = ReadStoredIndex(db, &stored);
  if (!status.ok()) return status;
  status = db->Exec(kCreateCheckTables, "create the comparison index");
  if (!status.ok()) return status;
  Stmt extractions(db->raw(), kReportedExtractions);
  int rc;
  while ((rc = extractions.Step()) == SQLITE_ROW) {
    status = CheckExtraction(db, extractions.Int(0), &stored, problems);
    if (!status.ok()) return status;
  }
  if (rc != SQLITE_DONE) return SqliteStatus(rc, "list reported extractions", db->raw());
  for (const auto& [id, blob] : stored.holdings)
    problems->push_back("search index: extraction " + std::to_string(id) + " is held but no report shows it");
  for (const auto& [key, p] : stored.passages) {
    if (p.holders != p.expected_holders) {
      problems->push_back("search index: passage " + std::to_string(p.passage_id) + " counts " +
                          std::to_string(p.holders) + " holders, " + std::to_string(p.expected_holders) +
                          " extractions hold it");
    }
  }
  status = db->Exec(kCreateVocabularies, "read the index vocabularies");
  if (status.ok()) CompareVocabularies(db, problems);
  return status;
}

}  // namespace

void VerifySearchIndex(Db* db, std::vector<std::string>* problems) {
  Status status = CheckIndex(db, problems);
  if (!status.ok()) problems->push_back("search index: " + status.message());
  // Temporary tables of this connection: if dropping them fails, they go with the connection.
  (void)db->Exec(kCleanup, "drop the comparison index");
}

}  // namespace gongkai::storage
