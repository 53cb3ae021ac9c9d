#include "index_lookup.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <map>
#include <string>

#include "passages.h"

namespace gongkai::storage {
namespace {

const char kTitleHits[] =
    "SELECT rowid, gongkai_phrase_counts(report_fts_title) FROM report_fts_title WHERE report_fts_title MATCH ?1";
const char kPassageHits[] =
    "SELECT rowid, gongkai_phrase_counts(report_fts_passage) FROM report_fts_passage "
    "WHERE report_fts_passage MATCH ?1";
const char kHoldings[] = "SELECT extraction_id, passages FROM report_fts_holding";

std::string QuotedPhrase(const std::string& phrase) {
  std::string quoted = "\"";
  for (char ch : phrase) {
    if (ch == '"') quoted += '"';  // FTS5 string literal: quotes doubled
    quoted += ch;
  }
  return quoted + '"';
}

// The first count of a gongkai_phrase_counts blob (the table's one column).
uint32_t FirstCount(std::string_view counts) {
  uint32_t n = 0;
  for (int byte = 3; byte >= 0 && counts.size() >= 4; --byte)
    n = (n << 8) | static_cast<unsigned char>(counts[static_cast<size_t>(byte)]);
  return n;
}

// Calls fn(rowid, count) for every entry of `table` (report_fts_title or report_fts_passage) holding
// the phrase.
template <typename Fn>
Status ForEachHit(Db* db, const char* sql, const std::string& phrase, Fn fn) {
  Status status;
  auto stmt = db->Prepare(sql, &status);
  if (!stmt) return status;
  stmt->Bind(1, QuotedPhrase(phrase));
  int rc;
  while ((rc = stmt->Step()) == SQLITE_ROW) fn(stmt->Int(0), FirstCount(stmt->BlobView(1)));
  return SqliteStatus(rc, "look up '" + phrase + "' in the search index", db->raw());
}

}  // namespace

void PhraseCountsByExtraction::Reset(size_t phrases) {
  phrases_ = phrases;
  slot_.clear();
  ids_.clear();
  counts_.clear();
}

std::span<PhraseCount> PhraseCountsByExtraction::Of(int64_t extraction_id) {
  auto [it, inserted] = slot_.emplace(extraction_id, ids_.size());
  if (inserted) {
    ids_.push_back(extraction_id);
    counts_.resize(counts_.size() + phrases_);
  }
  return std::span<PhraseCount>(counts_).subspan(it->second * phrases_, phrases_);
}

std::span<const PhraseCount> PhraseCountsByExtraction::Find(int64_t extraction_id) const {
  auto it = slot_.find(extraction_id);
  if (it == slot_.end()) return {};
  return std::span<const PhraseCount>(counts_).subspan(it->second * phrases_, phrases_);
}

Status CountIndexPhrases(Db* db, const IndexQuery& index, PhraseCountsByExtraction* out) {
  const size_t n = index.phrases.size();
  out->Reset(n);
  // Each distinct phrase is looked up once, for every place it has in the query.
  std::map<std::string, std::vector<size_t>> places;
  std::vector<bool> in_text(n, false);  // some term of the phrase looks in the text
  for (const IndexQuery::Clause& clause : index.clauses) {
    for (const IndexQuery::Term& term : clause.any_of) {
      for (size_t p : term.phrases) in_text[p] = in_text[p] || !term.title_only;
    }
  }
  for (size_t p = 0; p < n; ++p) places[index.phrases[p]].push_back(p);
  // The passages found, by passage id (dense: ids are given in order from 1): head[id] is the first
  // of the passage's hits (one per phrase it holds, chained by `next`), kNone when it holds none.
  constexpr uint32_t kNone = UINT32_MAX;
  struct Hit {
    uint32_t phrase;
    uint32_t count;
    uint32_t next;
  };
  std::vector<uint32_t> head;
  std::vector<Hit> hits;
  for (const auto& [phrase, at] : places) {
    Status status = ForEachHit(db, kTitleHits, phrase, [&](int64_t id, uint32_t count) {
      std::span<PhraseCount> counts = out->Of(id);
      for (size_t p : at) counts[p].in_title = count;
    });
    if (!status.ok()) return status;
    bool text = false;
    for (size_t p : at) text = text || in_text[p];
    if (!text) continue;
    status = ForEachHit(db, kPassageHits, phrase, [&](int64_t id, uint32_t count) {
      if (id < 0 || id >= INT32_MAX) return;  // not an id the index gives (verify reports it)
      const auto i = static_cast<size_t>(id);
      if (i >= head.size()) head.resize(std::max(i + 1, 2 * head.size()), kNone);
      for (size_t p : at) {
        hits.push_back({static_cast<uint32_t>(p), count, head[i]});
        head[i] = static_cast<uint32_t>(hits.size() - 1);
      }
    });
    if (!status.ok()) return status;
  }
  if (hits.empty()) return Status::OK();
  Status status;
  auto holdings = db->Prepare(kHoldings, &status);
  if (!holdings) return status;
  int rc;
  while ((rc = holdings->Step()) == SQLITE_ROW) {
    const int64_t extraction_id = holdings->Int(0);
    const bool intact = ForEachHeldPassage(holdings->BlobView(1), [&](int64_t passage_id, int64_t times) {
      if (passage_id < 0 || static_cast<uint64_t>(passage_id) >= head.size()) return;
      for (uint32_t h = head[static_cast<size_t>(passage_id)]; h != kNone; h = hits[h].next)
        out->Of(extraction_id)[hits[h].phrase].in_text += hits[h].count * static_cast<uint32_t>(times);
    });
    if (!intact)
      return Status::Corruption("search index: the holding of extraction " + std::to_string(extraction_id) +
                                " is damaged");
  }
  return SqliteStatus(rc, "read the search index's holdings", db->raw());
}

}  // namespace gongkai::storage
