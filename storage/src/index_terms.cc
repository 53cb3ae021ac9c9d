#include "index_terms.h"

#include <sqlite3.h>

#include <cctype>
#include <cstdint>
#include <unordered_set>

namespace gongkai::storage {
namespace {

bool IsContinuation(unsigned char ch) {
  return (ch & 0xC0) == 0x80;
}

// The length of the well-formed character starting with lead byte `ch` (0: not a lead byte).
size_t SequenceLength(unsigned char ch) {
  if (ch < 0x80) return 1;
  if (ch >= 0xC2 && ch <= 0xDF) return 2;
  if (ch >= 0xE0 && ch <= 0xEF) return 3;
  if (ch >= 0xF0 && ch <= 0xF4) return 4;
  return 0;
}

// Calls on_bigram(bigram) for every bigram of `folded` in order (IndexBigrams says which) and
// on_break() wherever a run of characters ends (a separator or an ill-formed byte; not at the end).
template <typename OnBigram, typename OnBreak>
void ForEachBigram(std::string_view folded, OnBigram on_bigram, OnBreak on_break) {
  // A lead byte with the right number of continuation bytes is a character; any other byte is
  // skipped alone and ends the run of characters. A continuation byte never starts a character,
  // so a well-formed character is found whatever ill-formed bytes precede it, in a text as in a
  // term.
  size_t run_start = std::string_view::npos;  // byte offset of the previous character in the run
  size_t i = 0;
  while (i < folded.size()) {
    const auto lead = static_cast<unsigned char>(folded[i]);
    const size_t length = SequenceLength(lead);
    size_t n = 1;
    while (n < length && i + n < folded.size() && IsContinuation(static_cast<unsigned char>(folded[i + n])))
      ++n;
    if (length == 0 || n != length || (lead < 0x80 && !std::isalnum(lead))) {
      i += (length == 0 || n != length) ? 1 : length;  // ill-formed, or an ascii separator
      run_start = std::string_view::npos;
      on_break();
      continue;
    }
    if (run_start != std::string_view::npos) on_bigram(folded.substr(run_start, i + length - run_start));
    run_start = i;
    i += length;
  }
}

void IndexTermsFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const unsigned char* text = sqlite3_value_text(argv[0]);
  std::string_view folded(text == nullptr ? "" : reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string terms = IndexTerms(folded);
  sqlite3_result_text64(ctx, terms.data(), terms.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

// gongkai_phrase_counts(report_fts): see RegisterIndexTermsFunction. A phrase of k tokens is a term
// of k + 1 characters, and token positions are character positions within a run (a break token
// lies between runs), so an occurrence overlaps the previous counted one when it starts fewer than
// k + 1 positions after it.
void PhraseCountsFunction(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int /*argc*/,
                          sqlite3_value** /*argv*/) {
  const int phrases = api->xPhraseCount(fts);
  std::string counts;
  counts.reserve(static_cast<size_t>(phrases) * 8);
  for (int p = 0; p < phrases; ++p) {
    const int characters = api->xPhraseSize(fts, p) + 1;
    uint32_t in_column[2] = {0, 0};
    Fts5PhraseIter iter;
    int column = -1, offset = 0;
    int counted_column = -1, free_from = 0;  // the next occurrence counts from this offset
    int rc = api->xPhraseFirst(fts, p, &iter, &column, &offset);
    if (rc != SQLITE_OK) return sqlite3_result_error_code(ctx, rc);
    for (; column >= 0; api->xPhraseNext(fts, &iter, &column, &offset)) {
      if (column != counted_column) {
        counted_column = column;
        free_from = 0;
      }
      if (offset < free_from) continue;
      ++in_column[column == 0 ? 0 : 1];
      free_from = offset + characters;
    }
    for (uint32_t n : in_column) {
      for (int byte = 0; byte < 4; ++byte) counts.push_back(static_cast<char>((n >> (8 * byte)) & 0xFF));
    }
  }
  sqlite3_result_blob64(ctx, counts.data(), counts.size(), SQLITE_TRANSIENT);
}

// FTS5's API table of `db` (null when FTS5 is missing), as its documentation asks for it.
fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

std::vector<std::string_view> IndexBigrams(std::string_view folded) {
  std::vector<std::string_view> bigrams;
  std::unordered_set<std::string_view> seen;
  ForEachBigram(
      folded,
      [&](std::string_view bigram) {
        if (seen.insert(bigram).second) bigrams.push_back(bigram);
      },
      [] {});
  return bigrams;
}

std::string IndexTerms(std::string_view folded) {
  std::string terms;
  bool broken = false;  // a run with bigrams ended since the last token
  ForEachBigram(
      folded,
      [&](std::string_view bigram) {
        if (!terms.empty()) terms += ' ';
        if (broken) {
          terms += kRunBreakToken;
          terms += ' ';
          broken = false;
        }
        terms += bigram;
      },
      [&] { broken = !terms.empty(); });
  return terms;
}

std::vector<std::string> IndexPhrases(std::string_view folded_term, bool* whole) {
  std::vector<std::string> phrases(1);
  int breaks = 0;
  ForEachBigram(
      folded_term,
      [&](std::string_view bigram) {
        if (!phrases.back().empty()) phrases.back() += ' ';
        phrases.back() += bigram;
      },
      [&] {
        ++breaks;
        if (!phrases.back().empty()) phrases.emplace_back();
      });
  if (phrases.back().empty()) phrases.pop_back();
  *whole = breaks == 0 && phrases.size() == 1;
  return phrases;
}

Status RegisterIndexTermsFunction(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_index_terms", 1, flags, nullptr, &IndexTermsFunction,
                                      nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register gongkai_index_terms: ") + sqlite3_errmsg(db));
  fts5_api* fts5 = Fts5Api(db);
  if (fts5 == nullptr) return Status::IOError("cannot register gongkai_phrase_counts: SQLite lacks FTS5");
  rc = fts5->xCreateFunction(fts5, "gongkai_phrase_counts", nullptr, &PhraseCountsFunction, nullptr);
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register gongkai_phrase_counts: ") + sqlite3_errstr(rc));
  return Status::OK();
}

}  // namespace gongkai::storage
