// The read side of the passage-deduplicated search index (passages.h, docs/archive-format.md):
// each phrase of an IndexQuery is looked up alone in the titles (report_fts_title, one entry per
// extraction) and in the passages (report_fts_passage, one entry per distinct passage); the
// passages found are then turned into the extractions holding them by one scan of the holdings
// (report_fts_holding), a passage's occurrences counting once per time the extraction's text
// holds it. Internal to storage.
#pragma once

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

#include "search_match.h"
#include "sqlite_util.h"

namespace gongkai::storage {

// Per extraction, the counts of every phrase of a query (one slot of `phrases` counts each, all in
// one array: a 2-character query finds most extractions).
class PhraseCountsByExtraction {
 public:
  // Forgets every extraction; each will have `phrases` counts.
  void Reset(size_t phrases);
  // The extraction's counts, zero when it had none.
  std::span<PhraseCount> Of(int64_t extraction_id);
  // The extraction's counts, empty when it has none.
  std::span<const PhraseCount> Find(int64_t extraction_id) const;
  const std::vector<int64_t>& extractions() const { return ids_; }  // in order of first count

 private:
  size_t phrases_ = 0;
  std::unordered_map<int64_t, size_t> slot_;  // extraction id -> index in ids_
  std::vector<int64_t> ids_;
  std::vector<PhraseCount> counts_;  // slot i: [i * phrases_, (i + 1) * phrases_)
};

// The counts of the phrases of `index` (indexed as index.phrases) for every extraction holding at
// least one of them, in its title or text. A phrase of title_only terms only is not looked up in the
// passages. Extractions satisfying the query are those for which IndexQueryHolds().
Status CountIndexPhrases(Db* db, const IndexQuery& index, PhraseCountsByExtraction* out);

}  // namespace gongkai::storage
