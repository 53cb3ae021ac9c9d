#include "passages.h"

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

std::string EncodeHolding(const std::vector<HeldPassage>& held) {
  std::string blob;
  auto write = [&](uint64_t value) {
    do {
      const auto low = static_cast<unsigned char>(value & 0x7F);
      value >>= 7;
      blob.push_back(static_cast<char>(value != 0 ? (low | 0x80) : low));
    } while (value != 0);
  };
  for (const HeldPassage& h : held) {
    write(static_cast<uint64_t>(h.passage_id));
    write(static_cast<uint64_t>(h.count));
  }
  return blob;
}

bool DecodeHolding(std::string_view blob, std::vector<HeldPassage>* out) {
  out->clear();
  return ForEachHeldPassage(blob, [&](int64_t id, int64_t count) { out->push_back({id, count}); });
}

}  // namespace gongkai::storage
