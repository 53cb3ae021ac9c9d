// Changes to the search index gathered during one write transaction and applied together just
// before it commits. The index (docs/archive-format.md, passages.h) is: report_fts_title (the
// folded title's bigrams per extraction), report_fts_passage (each distinct passage's bigrams, once),
// report_fts_passage_key (passage key -> passage id and how many extractions hold it) and
// report_fts_holding (per extraction, the passages its text holds, with counts).
//
// FTS5 writes its pending terms out as a new index segment whenever a rowid is not greater than
// the previous one written in the transaction, so applying a reextract batch's remove-old/add-new
// pairs one by one wrote a segment per report (3x slower than extraction): titles leave in
// ascending rowid order, then enter in ascending order; new passages take ascending ids, and the
// passages nobody holds any more leave last, in ascending order. A passage released by one
// extraction and taken by another in the same transaction stays. A removal and an addition of the
// same extraction with the same title and text cancel out.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "sqlite_util.h"

namespace gongkai::storage {

class IndexChanges {
 public:
  explicit IndexChanges(Db* db) : db_(db) {}

  // The extraction leaves the index. Its title and text are read now: the row may change later
  // in the transaction, and a contentless index needs the values it was given.
  Status Remove(int64_t extraction_id);
  // The extraction enters the index with the title and text its row has when Apply() runs.
  void Add(int64_t extraction_id) { additions_.insert(extraction_id); }

  // Writes the changes to the index tables (inside the caller's transaction) and forgets them.
  Status Apply();
  // Forgets the changes (the transaction is being rolled back).
  void Clear();

  // Empties the index and indexes every extraction some report points at again (inside the
  // caller's transaction): after the migration to the passage index (schema v15), whose meta
  // 'search_index_rebuild' asks for it; the caller then deletes that key.
  Status Rebuild();

  // What an extraction is indexed with: its title's index terms and its folded text.
  struct Indexed {
    std::string title_terms;
    std::string folded_text;
    bool operator==(const Indexed&) const = default;
  };
  // Reads it from the extractions row. NotFound when there is no such extraction.
  static Status Read(Db* db, int64_t extraction_id, Indexed* indexed);

 private:
  // A passage that removed extractions held: its folded text, and how many of them held it that
  // no added extraction has taken over.
  struct Released {
    std::string folded;
    int64_t holders = 0;
  };
  Status AddExtraction(int64_t extraction_id, std::map<int64_t, Released>* released, int64_t* next_id);
  Status HoldPassage(std::string_view passage, int64_t key, std::map<int64_t, Released>* released,
                     int64_t* next_id, int64_t* passage_id);
  Status DropReleased(const std::map<int64_t, Released>& released);

  Db* db_;
  std::map<int64_t, Indexed> removals_;  // the values each was indexed with
  std::set<int64_t> additions_;
};

// Registers gongkai_holding_of_schema15(blob) -> the holding in the current form (passages.h,
// HoldingFromSchema15; a damaged blob is returned as it is, for verify to report) on `db`, for the
// v16 migration.
Status RegisterHoldingFunction(sqlite3* db);

}  // namespace gongkai::storage
