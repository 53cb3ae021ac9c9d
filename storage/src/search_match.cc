#include "search_match.h"

#include <algorithm>

#include "index_terms.h"
#include "text_fold.h"

namespace gongkai::storage {
namespace {

constexpr double kK1 = 1.2;  // bm25's term-frequency saturation
constexpr double kB = 0.75;  // bm25's length normalisation

bool IsContinuationByte(char ch) {
  return (static_cast<unsigned char>(ch) & 0xC0) == 0x80;
}

int CountOccurrences(std::string_view haystack, std::string_view needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// Moves a byte offset back/forward over up to `chars` UTF-8 characters.
size_t StepBack(std::string_view s, size_t pos, size_t chars) {
  while (pos > 0 && chars > 0) {
    --pos;
    if (!IsContinuationByte(s[pos])) --chars;
  }
  return pos;
}

size_t StepForward(std::string_view s, size_t pos, size_t chars) {
  while (pos < s.size() && chars > 0) {
    ++pos;
    while (pos < s.size() && IsContinuationByte(s[pos])) ++pos;
    --chars;
  }
  return pos;
}

std::string QuotedFtsString(std::string_view text) {
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';  // FTS5 string literal: quotes doubled
    quoted += ch;
  }
  return quoted + '"';
}

// "phrase 1" AND "phrase 2" … over the term's runs (IndexPhrases); "" when it has none.
std::string TermPhrases(const std::string& term, bool* whole) {
  std::string expression;
  for (const std::string& phrase : IndexPhrases(term, whole)) {
    if (!expression.empty()) expression += " AND ";
    expression += QuotedFtsString(phrase);
  }
  return expression;
}

// The exact expression (IndexQuery), or "" when some term is not one whole run or every clause
// is excluded.
std::string ExactExpression(const ParsedQuery& query, IndexQuery* index) {
  std::string expression;
  for (bool excluded : {false, true}) {
    for (const SearchClause& clause : query.clauses) {
      if (clause.excluded != excluded) continue;
      std::string group;
      for (const SearchTerm& term : clause.any_of) {
        bool whole = false;
        const std::string phrase = TermPhrases(term.folded, &whole);
        if (!whole) return "";
        if (!group.empty()) group += " OR ";
        group += (term.title_only ? "{title} : " : "") + phrase;
        index->term_of_phrase.push_back(&term);
        index->phrase_excluded.push_back(excluded);
      }
      if (excluded && expression.empty()) return "";  // no clause that is not excluded
      expression = excluded             ? "(" + expression + ") NOT (" + group + ")"
                   : expression.empty() ? "(" + group + ")"
                                        : expression + " AND (" + group + ")";
    }
  }
  return expression;
}

// IndexQuery::clauses and phrases of an exact query, in the order of ExactExpression's phrases.
void ExactClauses(const ParsedQuery& query, IndexQuery* index) {
  for (bool excluded : {false, true}) {
    for (const SearchClause& clause : query.clauses) {
      if (clause.excluded != excluded) continue;
      IndexQuery::Clause& out = index->clauses.emplace_back();
      out.excluded = excluded;
      for (const SearchTerm& term : clause.any_of) {
        bool whole = false;
        index->phrases.push_back(IndexPhrases(term.folded, &whole).front());
        out.any_of.push_back({{index->phrases.size() - 1}, term.title_only});
      }
    }
  }
}

// IndexQuery::clauses and phrases of a narrowing query, as IndexMatchExpression builds its string.
void NarrowingClauses(const ParsedQuery& query, IndexQuery* index) {
  for (const SearchClause& clause : query.clauses) {
    if (clause.excluded) continue;
    IndexQuery::Clause out;
    bool narrows = true;
    for (const SearchTerm& term : clause.any_of) {
      bool whole = false;
      IndexQuery::Term& term_out = out.any_of.emplace_back();
      for (std::string& phrase : IndexPhrases(term.folded, &whole)) {
        index->phrases.push_back(std::move(phrase));
        term_out.phrases.push_back(index->phrases.size() - 1);
      }
      narrows = narrows && !term_out.phrases.empty();
    }
    if (narrows) index->clauses.push_back(std::move(out));
  }
}

}  // namespace

IndexQuery BuildIndexQuery(const ParsedQuery& query) {
  IndexQuery index;
  index.expression = ExactExpression(query, &index);
  index.exact = !index.expression.empty();
  if (index.exact) {
    ExactClauses(query, &index);
  } else {
    index.term_of_phrase.clear();
    index.phrase_excluded.clear();
    index.expression = IndexMatchExpression(query);
    NarrowingClauses(query, &index);
  }
  return index;
}

bool IndexQueryHolds(const IndexQuery& index, std::span<const PhraseCount> counts) {
  auto found = [&](size_t phrase, bool title_only) {
    return phrase < counts.size() &&
           (counts[phrase].in_title > 0 || (!title_only && counts[phrase].in_text > 0));
  };
  for (const IndexQuery::Clause& clause : index.clauses) {
    bool holds = false;
    for (const IndexQuery::Term& term : clause.any_of) {
      bool all = true;
      for (size_t phrase : term.phrases) all = all && found(phrase, term.title_only);
      holds = holds || all;
    }
    if (holds == clause.excluded) return false;
  }
  return true;
}

std::string IndexMatchExpression(const ParsedQuery& query) {
  std::string expression;
  for (const SearchClause& clause : query.clauses) {
    if (clause.excluded) continue;  // holding every phrase is not holding the term: no NOT here
    std::string group;
    bool narrows = true;
    for (const SearchTerm& term : clause.any_of) {
      bool whole = false;
      std::string phrases = TermPhrases(term.folded, &whole);
      if (phrases.empty()) {
        narrows = false;
        break;
      }
      if (!group.empty()) group += " OR ";
      group += "(" + phrases + ")";
    }
    if (!narrows) continue;
    if (!expression.empty()) expression += " AND ";
    expression += "(" + group + ")";
  }
  return expression;
}

Matcher::Matcher(ParsedQuery query) : query_(std::move(query)) {
  for (const SearchClause& clause : query_.clauses) {
    if (clause.excluded) continue;
    for (const SearchTerm& term : clause.any_of) {
      if (std::find(wanted_.begin(), wanted_.end(), term.folded) == wanted_.end())
        wanted_.push_back(term.folded);
    }
  }
}

Matcher::Counts Matcher::Count(std::string_view folded_title, std::string_view folded_text) const {
  Counts counts;
  for (const SearchClause& clause : query_.clauses) {
    bool holds = false;
    for (const SearchTerm& term : clause.any_of) {
      int in_title = CountOccurrences(folded_title, term.folded);
      int in_text = term.title_only ? 0 : CountOccurrences(folded_text, term.folded);
      if (in_title + in_text == 0) continue;
      holds = true;
      if (clause.excluded) break;
      counts.in_title += in_title;
      counts.in_text += in_text;
    }
    if (holds == clause.excluded) return Counts{};  // matched stays false
  }
  counts.matched = true;
  return counts;
}

bool Matcher::HighlightAround(std::string_view text, size_t context_chars, const std::string& open,
                              const std::string& close, std::string* snippet) const {
  const FoldedText folded_text(text);
  const std::string& folded = folded_text.folded();
  size_t first = std::string::npos;
  for (const std::string& term : wanted_) first = std::min(first, folded.find(term));
  if (first == std::string::npos) return false;
  const size_t at = folded_text.OriginalOffset(first);
  const size_t begin = StepBack(text, at, context_chars);
  size_t end = StepForward(text, at, 2 * context_chars);
  *snippet = begin > 0 ? "…" : "";
  size_t copied = begin;  // original bytes [begin, copied) are in the snippet
  for (size_t i = first; i < folded.size() && folded_text.OriginalOffset(i) < end;) {
    size_t matched = 0;
    for (const std::string& term : wanted_) {
      if (folded.compare(i, term.size(), term) == 0) matched = std::max(matched, term.size());
    }
    if (matched == 0) {
      ++i;
      continue;
    }
    const size_t from = std::max(copied, folded_text.OriginalOffset(i));
    const size_t to = std::max(from, folded_text.OriginalOffset(i + matched));
    *snippet += text.substr(copied, from - copied);
    *snippet += open;
    *snippet += text.substr(from, to - from);
    *snippet += close;
    copied = to;
    end = std::max(end, to);
    i += matched;
  }
  if (end > copied) *snippet += text.substr(copied, end - copied);
  if (end < text.size()) *snippet += "…";
  return true;
}

std::string Matcher::Snippet(std::string_view title, std::string_view text, size_t context_chars,
                             const std::string& open, const std::string& close) const {
  std::string snippet;
  if (HighlightAround(text, context_chars, open, close, &snippet)) return snippet;
  if (HighlightAround(title, context_chars, open, close, &snippet)) return snippet;
  return std::string(text.substr(0, StepForward(text, 0, 2 * context_chars)));
}

double Bm25Column(int frequency, size_t length, double average_length) {
  if (frequency == 0) return 0;
  double norm = average_length > 0 ? static_cast<double>(length) / average_length : 1.0;
  double tf = frequency;
  return tf * (kK1 + 1) / (tf + kK1 * (1 - kB + kB * norm));
}

}  // namespace gongkai::storage
