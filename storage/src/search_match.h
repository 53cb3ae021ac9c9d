// The text side of report search: query terms, the trigram MATCH expression that narrows the
// candidates, the exact check of each candidate, bm25-style scores and highlighted snippets.
// The index (detail=none, archive_search.cc) only says that a report holds every trigram of a
// term; Matcher decides whether it holds the term.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gongkai::storage {

// The trigram tokenizer indexes 3-character sequences: shorter terms cannot use the index.
inline constexpr size_t kMinIndexedTermChars = 3;

// Whitespace-separated terms of a query, in order, duplicates removed.
std::vector<std::string> SplitTerms(std::string_view query);

// An FTS5 MATCH expression ANDing every trigram of every term of 3 or more characters;
// "" when no term is that long (then every report is a candidate).
std::string TrigramMatchExpression(const std::vector<std::string>& terms);

// Counts the terms in a report's title and text. ASCII letters match either case (as the
// trigram index does); everything else matches byte for byte.
class Matcher {
 public:
  explicit Matcher(const std::vector<std::string>& terms);

  struct Counts {
    bool all_terms_found = false;
    int in_title = 0;  // occurrences of all terms
    int in_text = 0;
  };
  Counts Count(std::string_view title, std::string_view text) const;

  // Up to `context_chars` characters each side of the first match (text first, else title),
  // every term occurrence inside wrapped in open/close.
  std::string Snippet(std::string_view title, std::string_view text, size_t context_chars,
                      const std::string& open, const std::string& close) const;

 private:
  bool HighlightAround(std::string_view text, size_t context_chars, const std::string& open,
                       const std::string& close, std::string* snippet) const;

  std::vector<std::string> folded_terms_;
};

// bm25's term-frequency part for one column (k1 = 1.2, b = 0.75). No IDF: every hit contains
// every term, so IDF mostly scales all hits alike (and would need a count of all matches).
double Bm25Column(int frequency, size_t length, double average_length);

}  // namespace gongkai::storage
