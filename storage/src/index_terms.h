// What the search index (report_fts) holds for a title or a text: the distinct bigrams (pairs of
// adjacent characters) of its folded form (text_fold.h), each a token of FTS5's `ascii`
// tokenizer. With detail=none the index then says which reports hold each bigram, and nothing
// more: a term's bigrams narrow the candidates, and search_match.h decides whether a candidate
// holds the term. Bigrams keep the index smaller than the trigrams it replaced (archive_size_bench:
// 0.08 of raw against 0.13) and let 2-character terms, the commonest Chinese words, narrow (they
// scanned every report before); on portal reports they narrow as well as trigrams did. Single
// characters (0.025 of raw) narrowed far worse: 三公经费 offered 1,489 candidates for 170
// matches. Internal to storage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

struct sqlite3;

namespace gongkai::storage {

// The bigrams of folded text, in order of first occurrence, each once: every two well-formed UTF-8
// characters next to each other, where neither is an ASCII character other than a letter or digit
// (the ascii tokenizer's separators) and no ill-formed byte lies between them. A text holding a
// term holds each of the term's bigrams; a term of one character has none.
std::vector<std::string_view> IndexBigrams(std::string_view folded);

// IndexBigrams joined by spaces: the value the index is given (and must be given again to
// delete an entry: the index keeps no content).
std::string IndexTerms(std::string_view folded);

// Registers gongkai_index_terms(folded text) -> text (IndexTerms) on `db`.
Status RegisterIndexTermsFunction(sqlite3* db);

}  // namespace gongkai::storage
