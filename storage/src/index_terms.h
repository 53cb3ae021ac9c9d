// What the search index (report_fts) holds for a title or a text: the distinct characters of its
// folded form (text_fold.h), each a token of FTS5's `ascii` tokenizer. With detail=none the index
// then says which reports hold each character, and nothing more: a term's characters narrow the
// candidates, and search_match.h decides whether a candidate holds the term. One character per
// token keeps the index small (archive_size_bench: 0.02 of raw, against 0.13 for the trigram
// index it replaced) and lets terms of any length narrow. Internal to storage.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

struct sqlite3;

namespace gongkai::storage {

// The index characters of folded text, in order of first occurrence, each once: every well-formed
// UTF-8 character except ASCII ones that are not letters or digits (the ascii tokenizer's
// separators). A text holding a term holds each of the term's index characters.
std::vector<std::string_view> IndexCharacters(std::string_view folded);

// IndexCharacters joined by spaces: the value the index is given (and must be given again to
// delete an entry: the index keeps no content).
std::string IndexTerms(std::string_view folded);

// Registers gongkai_index_terms(folded text) -> text (IndexTerms) on `db`.
Status RegisterIndexTermsFunction(sqlite3* db);

}  // namespace gongkai::storage
