// The text side of report search: the MATCH expression that narrows the candidates, the exact
// check of each candidate against the parsed query (search_query.h), bm25-style scores and
// highlighted snippets. The index (index_terms.h, detail=none) only says that a report holds
// every bigram of a term; Matcher decides whether it holds the term. Everything is compared
// folded (text_fold.h), as the index is built.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search_query.h"

namespace gongkai::storage {

// An FTS5 MATCH expression over the query's bigrams (index_terms.h): each clause that is not
// excluded and whose terms all have bigrams gives (bigrams of term 1 ANDed) OR (… of term 2) …;
// the clauses are ANDed. "" when no clause can narrow (then every report is a candidate: a query
// of 1-character terms, or of excluded terms only).
std::string IndexMatchExpression(const ParsedQuery& query);

class Matcher {
 public:
  explicit Matcher(ParsedQuery query);

  struct Counts {
    bool matched = false;  // every clause holds, no excluded clause does
    int in_title = 0;      // occurrences of the terms found
    int in_text = 0;
  };
  // Checks a report's title and text, both already folded (FoldForSearch).
  Counts Count(std::string_view folded_title, std::string_view folded_text) const;

  // Up to `context_chars` characters each side of the first match (text first, else title),
  // every occurrence of a wanted term inside wrapped in open/close. Takes the original text.
  std::string Snippet(std::string_view title, std::string_view text, size_t context_chars,
                      const std::string& open, const std::string& close) const;

 private:
  bool HighlightAround(std::string_view text, size_t context_chars, const std::string& open,
                       const std::string& close, std::string* snippet) const;

  ParsedQuery query_;
  std::vector<std::string> wanted_;  // the folded terms of clauses that are not excluded
};

// bm25's term-frequency part for one column (k1 = 1.2, b = 0.75). No IDF: every hit contains
// every term, so IDF mostly scales all hits alike.
double Bm25Column(int frequency, size_t length, double average_length);

}  // namespace gongkai::storage
