// gongkai_rank(report_fts, title_weight): an FTS5 ranking function for report search. It is bm25
// without the IDF factor: bm25's IDF needs the number of documents matching each phrase, which
// FTS5 computes by scanning every match in the archive on each query (150 ms at 100,000 reports).
// Search ANDs its phrases, so every hit contains every phrase and IDF mostly scales all hits alike;
// term frequency and length normalisation (k1 = 1.2, b = 0.75) are kept. Lower is better, like bm25().
#pragma once

#include "storage/status.h"

struct sqlite3;

namespace gongkai::storage {

// Registers gongkai_rank on the connection. IOError when FTS5 is unavailable.
Status RegisterRankFunction(sqlite3* db);

}  // namespace gongkai::storage
