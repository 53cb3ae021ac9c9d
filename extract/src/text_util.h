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
// ASCII and well-formed 3-byte sequences (all of CJK) are decoded inline; the rest out of line.
inline char32_t NextCodePoint(std::string_view s, std::size_t* pos) {
  std::size_t i = *pos;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  if ((c & 0xF0) == 0xE0 && i + 2 < s.size()) {
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]), c2 = static_cast<unsigned char>(s[i + 2]);
    if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80) {
      char32_t cp =
          (static_cast<char32_t>(c & 0x0F) << 12) | (static_cast<char32_t>(c1 & 0x3F) << 6) | (c2 & 0x3F);
      if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
        *pos = i + 3;
        return cp;
      }
    }
  }
  return NextCodePointSlow(s, pos);
}
void AppendUtf8(char32_t cp, std::string* out);

// Han ideographs (the scorer's token ranges).
inline bool IsCjk(char32_t cp) {
  return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
}
// ASCII space, NBSP, ideographic space, zero-width characters.
inline bool IsSpace(char32_t cp) {
  if (cp < 0x80) return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v';
  return cp == 0xA0 || cp == 0x3000 || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF ||
         cp == 0x2002 || cp == 0x2003 || cp == 0x2009 || cp == 0x202F;
}
bool IsWordChar(char32_t cp);  // letters/digits outside CJK (approximation of \w without '_')
// Sentence punctuation, Latin and CJK (，。、；！？,.;!?) — the symbols of GNE's symbol density. Colons
// are left out: they mark label lines (发布时间：… 来源：…), not sentences.
bool IsSentencePunct(char32_t cp);

struct Counts {
  int tokens = 0;              // CJK characters + words
  int cjk = 0;                 // CJK characters
  int chars = 0;               // non-space code points
  int punct = 0;               // sentence punctuation marks
  bool ends_sentence = false;  // last non-space char is 。！？.!?;；：:
};
Counts Count(std::string_view s);

// Collapses runs of whitespace (incl. NBSP, U+3000) to one ASCII space and trims both ends; a space
// between two CJK characters (or CJK and CJK punctuation) is dropped.
std::string CollapseSpace(std::string_view s);
// CollapseSpace(s), also setting *counts to Count() of the result: one pass instead of two.
std::string CollapseSpace(std::string_view s, Counts* counts);

std::string ToLowerAscii(std::string_view s);
std::string_view TrimAscii(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool IEquals(std::string_view a, std::string_view b);  // ASCII case-insensitive
// Removes everything not valid UTF-8 (replaced by U+FFFD) and control characters except \n \t.
std::string SanitizeUtf8(std::string_view s);

}  // namespace gongkai::extract::text
