// What the search index (report_fts) holds for a title or a text: every bigram (pair of adjacent
// characters) of its folded form (text_fold.h), in order, each a token of FTS5's `ascii`
// tokenizer, with kRunBreakToken where a run of characters ends. The index keeps positions
// (detail=full), so a term of one run of characters is found exactly by the phrase of its bigrams
// (IndexPhrases): consecutive tokens are consecutive characters, and the break token keeps a
// phrase from joining two runs. The index then answers such a query alone, counts included
// (archive_search.cc); a term with a separator or an ill-formed byte inside, or of one
// character, is narrowed by its runs' phrases and checked against the text (search_match.h).
// Bigrams rather than single characters: 三公经费 offered 1,489 candidates for 170 matches with
// single characters; 2-character terms, the commonest Chinese words, are one token. Internal to
// storage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

struct sqlite3;

namespace gongkai::storage {

// Stands between two runs of characters in IndexTerms: one character, so never a bigram.
inline constexpr char kRunBreakToken[] = "x";

// The bigrams of folded text, in order of first occurrence, each once: every two well-formed UTF-8
// characters next to each other, where neither is an ASCII character other than a letter or digit
// (the ascii tokenizer's separators) and no ill-formed byte lies between them. A text holding a
// term holds each of the term's bigrams; a term of one character has none.
std::vector<std::string_view> IndexBigrams(std::string_view folded);

// Every bigram of folded text in order, repeats included, and kRunBreakToken between two runs of
// characters (where a separator or an ill-formed byte ends a run with a bigram and another starts),
// joined by spaces: the value the index is given (and must be given again to delete an entry: the
// index keeps no content).
std::string IndexTerms(std::string_view folded);

// The phrases (bigrams joined by spaces) of a folded term's runs of two or more characters, in
// order; none for a term of one character. *whole is set when the term is exactly one run (no
// separator, no ill-formed byte, at least two characters): then a text holds the term exactly where
// its index entry holds the phrase, and the phrase's k tokens at position p are the term's k + 1
// characters starting at that position's character.
std::vector<std::string> IndexPhrases(std::string_view folded_term, bool* whole);

// Registers gongkai_index_terms(folded text) -> text (IndexTerms) on `db`, and the FTS5 auxiliary
// function gongkai_phrase_counts(report_fts) -> blob: per phrase of the MATCH expression, in order,
// two 32-bit little-endian counts, of its occurrences in the first column (title) and in the
// others (text) that do not overlap an earlier counted one (as std::string::find from the end of
// the previous match counts a term in a text).
Status RegisterIndexTermsFunction(sqlite3* db);

}  // namespace gongkai::storage
