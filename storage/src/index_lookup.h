// The read side of the passage-deduplicated search index (passages.h, docs/archive-format.md):
// each phrase of an IndexQuery is looked up alone in the titles (report_fts_title, one entry per
// extraction) and in the passages (report_fts_passage, one entry per distinct passage); the
// passages found are then turned into the extractions holding them by one scan of the holdings
// (report_fts_holding), a passage's occurrences counting once per time the extraction's text
// holds it. Internal to storage.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "search_match.h"
#include "sqlite_util.h"

namespace gongkai::storage {

// Per extraction holding at least one phrase of `index` (in its title or text), the counts of every
// phrase (indexed as index.phrases). A phrase of a title_only term only is not looked up in the
// passages. Extractions satisfying the query are those for which IndexQueryHolds().
using PhraseCountsByExtraction = std::unordered_map<int64_t, std::vector<PhraseCount>>;
Status CountIndexPhrases(Db* db, const IndexQuery& index, PhraseCountsByExtraction* out);

}  // namespace gongkai::storage
