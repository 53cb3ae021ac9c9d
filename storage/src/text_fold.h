// Search folding: the one normal form in which the search index, the queries and the exact check
// of each candidate compare text. It is Unicode NFKC_Casefold (ICU): full-width and half-width
// forms (（二） and (二), ２０２２ and 2022, ＰＤＦ and pdf), compatibility ideographs and letter
// case all fold to one form, and default-ignorable characters (soft hyphen, zero-width space)
// vanish. Internal to storage.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

struct sqlite3;

namespace gongkai::storage {

// NFKC_Casefold of UTF-8 text. Ill-formed UTF-8 sequences are kept as they are.
std::string FoldForSearch(std::string_view text);

// Folded text that remembers where each folded byte came from, to cut and highlight snippets of
// the original text at matches found in the folded one.
class FoldedText {
 public:
  explicit FoldedText(std::string_view original);

  const std::string& folded() const { return folded_; }
  // The original byte offset of folded byte offset `at` (at <= folded().size()); a folded span
  // [a, b) came from original [OriginalOffset(a), OriginalOffset(b)).
  size_t OriginalOffset(size_t at) const { return at < source_.size() ? source_[at] : original_size_; }

 private:
  std::string folded_;
  std::vector<size_t> source_;  // per folded byte; the whole change for folded characters
  size_t original_size_;
};

// Registers gongkai_fold(text) -> text (FoldForSearch) on `db`, for the search index.
Status RegisterFoldFunction(sqlite3* db);

}  // namespace gongkai::storage
