// Small UTF-8 text helpers shared inside extract/: code point iteration, whitespace collapsing,
// token counting in the scorer's sense (one CJK character or one run of letters/digits = one token).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gongkai::extract::text {

char32_t NextCodePointSlow(std::string_view s, std::size_t* pos);

// Decodes one code point at s[*pos] and advances *pos; invalid bytes yield U+FFFD (one byte eaten).
inline char32_t NextCodePoint(std::string_view s, std::size_t* pos) {
  unsigned char c = static_cast<unsigned char>(s[*pos]);
  if (c < 0x80) {
    ++*pos;
    return c;
  }
  return NextCodePointSlow(s, pos);
}
void AppendUtf8(char32_t cp, std::string* out);

bool IsCjk(char32_t cp);        // Han ideographs (the scorer's token ranges)
bool IsSpace(char32_t cp);      // ASCII space, NBSP, ideographic space, zero-width characters
bool IsWordChar(char32_t cp);   // letters/digits outside CJK (approximation of \w without '_')
// Sentence punctuation, Latin and CJK (，。、；！？,.;!?) — the symbols of GNE's symbol density. Colons
// are left out: they mark label lines (发布时间：… 来源：…), not sentences.
bool IsSentencePunct(char32_t cp);

struct Counts {
  int tokens = 0;    // CJK characters + words
  int cjk = 0;       // CJK characters
  int chars = 0;     // non-space code points
  int punct = 0;     // sentence punctuation marks
  bool ends_sentence = false;  // last non-space char is 。！？.!?;；：:
};
Counts Count(std::string_view s);

// Collapses runs of whitespace (incl. NBSP, U+3000) to one ASCII space and trims both ends; a space
// between two CJK characters (or CJK and CJK punctuation) is dropped.
std::string CollapseSpace(std::string_view s);

std::string ToLowerAscii(std::string_view s);
std::string_view TrimAscii(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive
// Removes everything not valid UTF-8 (replaced by U+FFFD) and control characters except \n \t.
std::string SanitizeUtf8(std::string_view s);

}  // namespace gongkai::extract::text
