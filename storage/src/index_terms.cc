#include "index_terms.h"

#include <sqlite3.h>

#include <cctype>
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

void IndexTermsFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(ctx);
  const unsigned char* text = sqlite3_value_text(argv[0]);
  std::string_view folded(text == nullptr ? "" : reinterpret_cast<const char*>(text),
                          static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  std::string terms = IndexTerms(folded);
  sqlite3_result_text64(ctx, terms.data(), terms.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::vector<std::string_view> IndexBigrams(std::string_view folded) {
  std::vector<std::string_view> bigrams;
  std::unordered_set<std::string_view> seen;
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
      continue;
    }
    if (run_start != std::string_view::npos) {
      const std::string_view bigram = folded.substr(run_start, i + length - run_start);
      if (seen.insert(bigram).second) bigrams.push_back(bigram);
    }
    run_start = i;
    i += length;
  }
  return bigrams;
}

std::string IndexTerms(std::string_view folded) {
  std::string terms;
  for (std::string_view bigram : IndexBigrams(folded)) {
    if (!terms.empty()) terms += ' ';
    terms += bigram;
  }
  return terms;
}

Status RegisterIndexTermsFunction(sqlite3* db) {
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_function_v2(db, "gongkai_index_terms", 1, flags, nullptr, &IndexTermsFunction,
                                      nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK)
    return Status::IOError(std::string("cannot register gongkai_index_terms: ") + sqlite3_errmsg(db));
  return Status::OK();
}

}  // namespace gongkai::storage
