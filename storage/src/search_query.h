// Parsing a search query (the syntax documented at SearchQuery in storage/records.h) into
// clauses: every clause must hold (AND); a clause holds when any of its terms is found (OR); an
// excluded clause must not hold. Terms come out folded (text_fold.h). Internal to storage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

namespace gongkai::storage {

struct SearchTerm {
  std::string folded;       // the word or phrase, folded for search
  bool title_only = false;  // title:term
};

struct SearchClause {
  std::vector<SearchTerm> any_of;  // one term, or several joined by OR
  bool excluded = false;           // -term: reports holding it are dropped
};

struct ParsedQuery {
  std::vector<SearchClause> clauses;
  size_t term_count() const;
};

// Parses `text`. InvalidArgument, saying what is wrong, for an empty query, a dangling OR, an OR
// next to an excluded term, or more than kMaxSearchTerms terms.
Status ParseSearchQuery(std::string_view text, ParsedQuery* query);

}  // namespace gongkai::storage
