// The passages of the search index (docs/archive-format.md, "report_fts_*"): an extraction's folded
// text is cut into passages (its lines), and each distinct passage is indexed once, however many
// extractions hold it. Pages of one portal share their template text and successive captures of a
// page repeat whole paragraphs, so most passages are held many times (the 60-site bench: index 0.54
// of raw as one index entry per extraction). A line break is a separator of the index's tokenizer
// (index_terms.h), so no indexed phrase spans two passages: cutting there changes no search result.
// Here: cutting, the passage key, and the holding blob (which passages an extraction holds). Pure,
// no database. Internal to storage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::storage {

// The passages of folded text that have something to index (a bigram, IndexBigrams), in order,
// repeats included: the lines of the text.
std::vector<std::string_view> SplitPassages(std::string_view folded);

// The passage's key: the first 8 bytes of its SHA-256, as a little-endian signed integer. Two
// different passages with one key (odds 2^-64 per pair) would share one index entry.
int64_t PassageKey(std::string_view passage);

// One entry of an extraction's holding: a passage and how many times the text holds it.
struct HeldPassage {
  int64_t passage_id = 0;
  int64_t count = 0;
};

// The holding blob (since schema 16): per distinct passage in ascending passage id, the id's
// difference from the previous entry's id (the first entry: its id) and its count, each an
// unsigned LEB128 varint. A text's passages were mostly given ids together, so the differences take
// a byte where the ids took two or three (the holdings of the 60-site bench: 223 KB as ids in order
// of first occurrence, schema 15). EncodeHolding sorts a copy of `held`; DecodeHolding gives the
// entries in ascending id and is false (and *out partial) on a damaged blob.
std::string EncodeHolding(std::vector<HeldPassage> held);
bool DecodeHolding(std::string_view blob, std::vector<HeldPassage>* out);

// A holding blob as schema 15 wrote it (ids themselves, in order of first occurrence) in the form
// above (the v16 migration); false on a damaged blob.
bool HoldingFromSchema15(std::string_view blob, std::string* holding);

// Calls fn(passage_id, count) per entry of a holding blob, in ascending id; false on a damaged blob
// (the scan of search, which reads every holding: no vector per row).
template <typename Fn>
bool ForEachHeldPassage(std::string_view blob, Fn fn) {
  size_t i = 0;
  auto read = [&](uint64_t* value) {
    *value = 0;
    for (int shift = 0; i < blob.size() && shift < 64; shift += 7) {
      const auto byte = static_cast<unsigned char>(blob[i++]);
      *value |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  };
  uint64_t id = 0;
  while (i < blob.size()) {
    uint64_t delta = 0, count = 0;
    if (!read(&delta) || !read(&count)) return false;
    id += delta;
    fn(static_cast<int64_t>(id), static_cast<int64_t>(count));
  }
  return true;
}

}  // namespace gongkai::storage
