#include "search_match.h"

#include <algorithm>

namespace gongkai::storage {
namespace {

constexpr double kK1 = 1.2;   // bm25's term-frequency saturation
constexpr double kB = 0.75;   // bm25's length normalisation

bool IsContinuationByte(char ch) { return (static_cast<unsigned char>(ch) & 0xC0) == 0x80; }

std::string FoldAscii(std::string_view s) {
  std::string folded(s);
  for (char& ch : folded) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return folded;
}

// The UTF-8 characters of `term`, each as its bytes.
std::vector<std::string_view> Characters(std::string_view term) {
  std::vector<std::string_view> chars;
  size_t i = 0;
  while (i < term.size()) {
    size_t j = i + 1;
    while (j < term.size() && IsContinuationByte(term[j])) ++j;
    chars.push_back(term.substr(i, j - i));
    i = j;
  }
  return chars;
}

int CountOccurrences(std::string_view haystack, std::string_view needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + needle.size())) {
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

}  // namespace

std::vector<std::string> SplitTerms(std::string_view query) {
  std::vector<std::string> terms;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find_first_of(" \t\n\r", start);
    if (end == std::string_view::npos) end = query.size();
    std::string term(query.substr(start, end - start));
    if (!term.empty() && std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    start = end + 1;
  }
  return terms;
}

std::string TrigramMatchExpression(const std::vector<std::string>& terms) {
  std::vector<std::string> trigrams;
  for (const std::string& term : terms) {
    std::vector<std::string_view> chars = Characters(term);
    for (size_t i = 0; i + kMinIndexedTermChars <= chars.size(); ++i) {
      std::string trigram;
      for (size_t k = 0; k < kMinIndexedTermChars; ++k) trigram += chars[i + k];
      if (std::find(trigrams.begin(), trigrams.end(), trigram) == trigrams.end()) trigrams.push_back(trigram);
    }
  }
  std::string expression;
  for (const std::string& trigram : trigrams) {
    if (!expression.empty()) expression += " AND ";
    expression += '"';
    for (char ch : trigram) {
      if (ch == '"') expression += '"';  // FTS5 string literal: quotes doubled
      expression += ch;
    }
    expression += '"';
  }
  return expression;
}

Matcher::Matcher(const std::vector<std::string>& terms) {
  for (const std::string& term : terms) folded_terms_.push_back(FoldAscii(term));
}

Matcher::Counts Matcher::Count(std::string_view title, std::string_view text) const {
  Counts counts;
  std::string folded_title = FoldAscii(title);
  std::string folded_text = FoldAscii(text);
  for (const std::string& term : folded_terms_) {
    int in_title = CountOccurrences(folded_title, term);
    int in_text = CountOccurrences(folded_text, term);
    if (in_title + in_text == 0) return counts;  // all_terms_found stays false
    counts.in_title += in_title;
    counts.in_text += in_text;
  }
  counts.all_terms_found = true;
  return counts;
}

bool Matcher::HighlightAround(std::string_view text, size_t context_chars, const std::string& open,
                              const std::string& close, std::string* snippet) const {
  std::string folded = FoldAscii(text);
  size_t first = std::string::npos;
  for (const std::string& term : folded_terms_) first = std::min(first, folded.find(term));
  if (first == std::string::npos) return false;
  size_t begin = StepBack(text, first, context_chars);
  size_t end = StepForward(text, first, 2 * context_chars);
  *snippet = begin > 0 ? "…" : "";
  size_t i = begin;
  while (i < end) {
    size_t matched = 0;
    for (const std::string& term : folded_terms_) {
      if (folded.compare(i, term.size(), term) == 0) matched = std::max(matched, term.size());
    }
    if (matched > 0) {
      *snippet += open;
      *snippet += text.substr(i, matched);
      *snippet += close;
      i += matched;
    } else {
      *snippet += text[i++];
    }
  }
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
