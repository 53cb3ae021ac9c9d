#include "search_query.h"

#include <algorithm>

#include "storage/records.h"
#include "text_fold.h"

namespace gongkai::storage {
namespace {

// A raw token of the query: a word or a quoted phrase with its prefixes.
struct Token {
  std::string text;
  bool quoted = false;
  bool excluded = false;
  bool title_only = false;
};

// Input methods type full-width spaces and curly quotes: read them as their ASCII forms.
std::string AsciiPunctuation(std::string_view text) {
  static const std::pair<std::string_view, char> kForms[] = {
      {"\u3000", ' '}, {"\uFF02", '"'}, {"\u201C", '"'}, {"\u201D", '"'}, {"\uFF1A", ':'}, {"\uFF0D", '-'}};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (const auto& [form, ascii] : kForms) {
      if (text.compare(i, form.size(), form) == 0) {
        out += ascii;
        i += form.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

bool IsSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    Token token;
    if (text[i] == '-' && i + 1 < text.size() && !IsSpace(text[i + 1])) {
      token.excluded = true;
      ++i;
    }
    if (text.compare(i, 6, "title:") == 0 && i + 6 < text.size() && !IsSpace(text[i + 6])) {
      token.title_only = true;
      i += 6;
    }
    if (text[i] == '"') {
      size_t end = text.find('"', i + 1);  // an unclosed phrase runs to the end
      if (end == std::string_view::npos) end = text.size();
      token.text = std::string(text.substr(i + 1, end - i - 1));
      token.quoted = true;
      i = std::min(text.size(), end + 1);
    } else {
      size_t end = i;
      while (end < text.size() && !IsSpace(text[end])) ++end;
      token.text = std::string(text.substr(i, end - i));
      i = end;
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

bool IsOr(const Token& token) {
  return !token.quoted && !token.excluded && !token.title_only && token.text == "OR";
}

}  // namespace

const char* ToString(SearchSort sort) {
  return sort == SearchSort::kDate ? "date" : "relevance";
}

size_t ParsedQuery::term_count() const {
  size_t n = 0;
  for (const SearchClause& clause : clauses) n += clause.any_of.size();
  return n;
}

Status ParseSearchQuery(std::string_view text, ParsedQuery* query) {
  query->clauses.clear();
  std::vector<Token> tokens = Tokenize(AsciiPunctuation(text));
  bool join_next = false;  // the previous token was OR
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& token = tokens[i];
    if (IsOr(token)) {
      if (query->clauses.empty() || join_next || i + 1 == tokens.size()) {
        return Status::InvalidArgument("search query '" + std::string(text) +
                                       "': OR needs a term on each side (write \"OR\" to find the word)");
      }
      join_next = true;
      continue;
    }
    SearchTerm term{FoldForSearch(token.text), token.title_only};
    if (term.folded.empty()) {
      join_next = false;
      continue;  // "" or only ignorable characters
    }
    if (join_next) {
      SearchClause& last = query->clauses.back();
      if (token.excluded || last.excluded) {
        return Status::InvalidArgument("search query '" + std::string(text) +
                                       "': OR cannot join an excluded (-) term");
      }
      last.any_of.push_back(std::move(term));
      join_next = false;
      continue;
    }
    SearchClause clause;
    clause.excluded = token.excluded;
    clause.any_of.push_back(std::move(term));
    query->clauses.push_back(std::move(clause));
  }
  if (query->clauses.empty()) return Status::InvalidArgument("empty search query");
  if (query->term_count() > kMaxSearchTerms) {
    return Status::InvalidArgument("search query has " + std::to_string(query->term_count()) +
                                   " terms; at most " + std::to_string(kMaxSearchTerms) + " are allowed");
  }
  return Status::OK();
}

}  // namespace gongkai::storage
