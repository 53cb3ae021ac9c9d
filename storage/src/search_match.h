// The text side of report search: the MATCH expression that narrows the candidates, the exact
// check of each candidate against the parsed query (search_query.h), bm25-style scores and
// highlighted snippets. When every term is one run of characters the index alone decides and counts
// (IndexQuery::exact); otherwise the index says that a report holds the phrases of a term's runs,
// and Matcher decides whether it holds the term. Everything is compared
// folded (text_fold.h), as the index is built.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "search_query.h"

namespace gongkai::storage {

// What the index (index_terms.h) makes of a query: an FTS5 MATCH expression and whether its rows
// are exactly the reports the query matches.
struct IndexQuery {
  // Narrowing (exact = false): each clause that is not excluded and whose terms all have bigrams
  // gives (phrases of term 1 ANDed) OR (… of term 2) …, a phrase per run of the term
  // (IndexPhrases); the clauses are ANDed. "" when no clause can narrow (then every report is a
  // candidate: a query of 1-character terms, or of excluded terms only).
  // Exact (every term is one whole run and some clause is not excluded): each term is its phrase
  // ({title} : phrase for title:), the clauses are ANDed and each excluded one is taken away with
  // NOT. Phrase i of the expression is then term_of_phrase[i].
  std::string expression;
  bool exact = false;
  std::vector<const SearchTerm*> term_of_phrase;  // exact only; points into the ParsedQuery
  std::vector<bool> phrase_excluded;              // exact only; the phrase's clause is excluded

  // The same expression as data, for the passage index (index_lookup.h), which looks each phrase
  // up alone. phrases[i] is phrase i (its bigrams joined by spaces, unquoted); a term holds when
  // each of its phrases is found (in the title only, for title_only), a clause when one of its
  // terms does; the expression holds when every clause that is not excluded holds and no excluded
  // one does. Exact: one phrase per term, numbered as term_of_phrase. Narrowing: the clauses
  // that narrow, every phrase of every term, none title_only.
  struct Term {
    std::vector<size_t> phrases;
    bool title_only = false;
  };
  struct Clause {
    std::vector<Term> any_of;
    bool excluded = false;
  };
  std::vector<std::string> phrases;
  std::vector<Clause> clauses;
};
IndexQuery BuildIndexQuery(const ParsedQuery& query);

// Where a phrase of an IndexQuery was found in one extraction: its occurrences in the title and
// in the text that do not overlap an earlier counted one (as gongkai_phrase_counts counts).
struct PhraseCount {
  uint32_t in_title = 0;
  uint32_t in_text = 0;
};
// Whether an extraction with these counts (one per IndexQuery::phrases) satisfies the expression.
bool IndexQueryHolds(const IndexQuery& index, std::span<const PhraseCount> counts);

// IndexQuery's narrowing expression (BuildIndexQuery(query).expression when it is not exact).
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
