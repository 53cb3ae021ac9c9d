#include "passages.h"

#include <algorithm>

#include "index_terms.h"
#include "storage/digest.h"

namespace gongkai::storage {

std::vector<std::string_view> SplitPassages(std::string_view folded) {
  std::vector<std::string_view> passages;
  size_t begin = 0;
  while (begin <= folded.size()) {
    size_t end = folded.find('\n', begin);
    if (end == std::string_view::npos) end = folded.size();
    std::string_view line = folded.substr(begin, end - begin);
    if (!IndexBigrams(line).empty()) passages.push_back(line);
    begin = end + 1;
  }
  return passages;
}

int64_t PassageKey(std::string_view passage) {
  const std::string digest = DigestFromHex(Sha256Hex(passage));
  uint64_t key = 0;
  for (int byte = 7; byte >= 0; --byte) key = (key << 8) | static_cast<unsigned char>(digest[byte]);
  return static_cast<int64_t>(key);
}

namespace {

void WriteVarint(uint64_t value, std::string* out) {
  do {
    const auto low = static_cast<unsigned char>(value & 0x7F);
    value >>= 7;
    out->push_back(static_cast<char>(value != 0 ? (low | 0x80) : low));
  } while (value != 0);
}

}  // namespace

std::string EncodeHolding(std::vector<HeldPassage> held) {
  std::sort(held.begin(), held.end(),
            [](const HeldPassage& a, const HeldPassage& b) { return a.passage_id < b.passage_id; });
  std::string blob;
  uint64_t previous = 0;
  for (const HeldPassage& h : held) {
    WriteVarint(static_cast<uint64_t>(h.passage_id) - previous, &blob);
    WriteVarint(static_cast<uint64_t>(h.count), &blob);
    previous = static_cast<uint64_t>(h.passage_id);
  }
  return blob;
}

bool DecodeHolding(std::string_view blob, std::vector<HeldPassage>* out) {
  out->clear();
  return ForEachHeldPassage(blob, [&](int64_t id, int64_t count) { out->push_back({id, count}); });
}

bool HoldingFromSchema15(std::string_view blob, std::string* holding) {
  // Schema 15's blob is this form without the differences: decoding it as this form sums the ids.
  std::vector<HeldPassage> held;
  int64_t previous_sum = 0;
  const bool intact = ForEachHeldPassage(blob, [&](int64_t sum, int64_t count) {
    held.push_back(
        {static_cast<int64_t>(static_cast<uint64_t>(sum) - static_cast<uint64_t>(previous_sum)), count});
    previous_sum = sum;
  });
  if (!intact) return false;
  *holding = EncodeHolding(std::move(held));
  return true;
}

}  // namespace gongkai::storage
