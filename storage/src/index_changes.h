// Changes to the search index (report_fts) gathered during one write transaction and applied
// together just before it commits: removals in ascending rowid order, then additions in
// ascending rowid order. FTS5 writes its pending terms out as a new index segment whenever a
// rowid is not greater than the previous one written in the transaction, so applying a
// reextract batch's remove-old/add-new pairs one by one wrote a segment per report (3x slower
// than extraction). A removal and an addition of the same extraction with the same title and
// text cancel out.
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

  // Writes the changes to report_fts (inside the caller's transaction) and forgets them.
  Status Apply();
  // Forgets the changes (the transaction is being rolled back).
  void Clear();

 private:
  using TitleAndText = std::pair<std::string, std::string>;
  Status Read(int64_t extraction_id, TitleAndText* content);

  Db* db_;
  std::map<int64_t, TitleAndText> removals_;  // the values each was indexed with
  std::set<int64_t> additions_;
};

}  // namespace gongkai::storage
