// Private helpers of the statistics reader (statistics_*.cc): label normalisation, the template's
// row catalogue and the checks. Public entry points are in extract/statistics.h.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "extract/statistics.h"

namespace gongkai::extract::stats {

// Full-width ASCII to ASCII, spaces and quotes removed, 〇/（）/【】 folded: "（二）部分 公开" ->
// "(二)部分公开".
std::string NormalizeLabel(std::string_view s);
// NormalizeLabel(s) appended to *out.
void AppendNormalizedLabel(std::string_view s, std::string* out);

// False when ParseStatisticCell(printed) is sure to be false: the cell has a character no printed
// value has. Cheaper than the reading (no allocation, stops at the first such character), for the
// label cells and the lines of prose that make up most of what is read.
bool MayBeValue(std::string_view printed);

// Which of a list of words a text contains, found in one pass over the text: labels are matched
// against a dozen or more words each, and a find() per word stops at nearly every character (the
// words' first bytes, 0xE5, 0xE8, …, begin most characters). Each word starts with a Chinese
// character, three bytes in UTF-8: the text is scanned for those first characters as Horspool's
// search does, looking at the last byte of a three-byte window and moving the window past places
// no first character can start at (mostly a whole character at a time), and a word is compared
// only where its first character is.
template <std::size_t N>
class WordSet {
 public:
  static_assert(N <= 64);

  constexpr explicit WordSet(const std::array<std::string_view, N>& words) : words_(words) {
    shift_.fill(3);
    for (std::size_t k = 0; k < N; ++k) {
      const std::string_view w = words_[k];
      if (w.size() < 3 || (static_cast<unsigned char>(w[0]) & 0xF0) != 0xE0)
        throw "a word must start with a three-byte character";
      ending_[static_cast<unsigned char>(w[2])] |= std::uint64_t{1} << k;
      first_[k] = ThreeBytes(w, 0);
      for (std::size_t j = 0; j < 2; ++j) {
        std::uint8_t& shift = shift_[static_cast<unsigned char>(w[j])];
        shift = std::min<std::uint8_t>(shift, 2 - j);
      }
    }
  }

  // Bit k set: words[k] is in `text` (text.find(words[k]) != npos).
  std::uint64_t In(std::string_view text) const {
    std::uint64_t found = 0;
    for (std::size_t i = 0; i + 2 < text.size();) {
      const unsigned char last = static_cast<unsigned char>(text[i + 2]);
      if (std::uint64_t m = ending_[last] & ~found; m != 0) {
        // The window's character is compared whole first: a byte ends many characters.
        const std::uint32_t first = ThreeBytes(text, i);
        for (; m != 0; m &= m - 1) {
          const int k = std::countr_zero(m);
          if (first_[k] == first && RestAt(text, i, words_[k])) found |= std::uint64_t{1} << k;
        }
      }
      i += shift_[last];
    }
    return found;
  }

 private:
  static constexpr std::uint32_t ThreeBytes(std::string_view s, std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << 16 |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8 |
           static_cast<unsigned char>(s[i + 2]);
  }

  // `word` at text[i], its first character known to be there. Compared here rather than by
  // memcmp(): the words are a few characters and most candidates differ at their second.
  static bool RestAt(std::string_view text, std::size_t i, std::string_view word) {
    if (text.size() - i < word.size()) return false;
    for (std::size_t j = 3; j < word.size(); ++j)
      if (text[i + j] != word[j]) return false;
    return true;
  }

  std::array<std::string_view, N> words_;
  std::array<std::uint32_t, N> first_{};     // each word's first character, ThreeBytes()
  std::array<std::uint64_t, 256> ending_{};  // the words whose first character ends in a byte
  std::array<std::uint8_t, 256> shift_{};    // how far the window may move after a byte at its end
};

// Row ids of 表三 in template order for an edition ("2019": 23 rows, "2021": 25 rows).
const std::vector<std::string>& Table3Rows(std::string_view edition);
// The seven applicant columns of 表三, in template order (the last is the 总计 column).
const std::vector<std::string>& Table3Columns();
// The rows of 表三 that (七)总计 adds up (everything under 三、本年度办理结果 except the total).
std::vector<std::string> Table3Leaves(std::string_view edition);

struct Table2Row {
  std::string id;                    // "regulations"
  std::vector<std::string> labels;   // normalised row labels (a row label ends with one of them)
  std::vector<std::string> columns;  // field suffixes in column order
  std::vector<std::string> ids;      // field ids in column order ("t2.regulations.made")
};
// 表二 rows of an edition, in template order.
const std::vector<Table2Row>& Table2Rows(std::string_view edition);

// 表四: the three kinds of case and the five outcomes, in template order.
const std::vector<std::string>& Table4Kinds();
const std::vector<std::string>& Table4Outcomes();

// Fills s->checks from s->cells and the body text (statistics_check.cc).
void RunChecks(std::string_view body_text, Statistics* s);

// The `statistics` object of the JSON contract (statistics_json.cc).
nlohmann::ordered_json StatisticsJson(const Statistics& s);

}  // namespace gongkai::extract::stats
