#include "text_util.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace gongkai::extract::text {

char32_t NextCodePointSlow(std::string_view s, std::size_t* pos) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t i = *pos, n = s.size();
  unsigned char c = p[i];
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  int len = 0;
  char32_t cp = 0, min = 0;
  if ((c & 0xE0) == 0xC0)
    len = 2, cp = c & 0x1F, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    len = 3, cp = c & 0x0F, min = 0x800;
  else if ((c & 0xF8) == 0xF0)
    len = 4, cp = c & 0x07, min = 0x10000;
  if (len == 0 || i + len > n) {
    *pos = i + 1;
    return 0xFFFD;
  }
  for (int k = 1; k < len; ++k) {
    if ((p[i + k] & 0xC0) != 0x80) {
      *pos = i + 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (p[i + k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return 0xFFFD;
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  char bytes[4];
  std::size_t n = 0;
  if (cp < 0x800) {
    bytes[n++] = static_cast<char>(0xC0 | (cp >> 6));
  } else if (cp < 0x10000) {
    bytes[n++] = static_cast<char>(0xE0 | (cp >> 12));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  } else {
    bytes[n++] = static_cast<char>(0xF0 | (cp >> 18));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    bytes[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  }
  bytes[n++] = static_cast<char>(0x80 | (cp & 0x3F));
  out->append(bytes, n);  // one append: push_back per byte checks the capacity each time
}

bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (IsCjk(cp) || IsSpace(cp) || IsSentencePunct(cp)) return false;
  if (cp >= 0x2000 && cp <= 0x206F) return false;  // general punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;  // fullwidth punctuation
  if (cp >= 0xFF1A && cp <= 0xFF20) return false;
  if (cp >= 0xFF3B && cp <= 0xFF40) return false;
  if (cp >= 0xFF5B && cp <= 0xFF65) return false;
  if (cp >= 0xA0 && cp <= 0xBF) return false;
  if (cp == 0xD7 || cp == 0xF7 || cp == 0xFFFD) return false;
  if (cp >= 0x2190 && cp <= 0x2BFF) return false;  // arrows, symbols, boxes
  return true;
}

bool IsSentencePunct(char32_t cp) {
  switch (cp) {
    case ',':
    case '.':
    case ';':
    case '!':
    case '?':
    case 0xFF0C:
    case 0x3002:
    case 0x3001:
    case 0xFF1B:
    case 0xFF01:
    case 0xFF1F:
    case 0x060C:
    case 0x061B:
    case 0x061F:
    case 0x06D4:  // Arabic-script comma, semicolon, ?, full stop
    case 0x0964:
    case 0x0965:  // Devanagari danda
      return true;
    default:
      return false;
  }
}

static bool EndsSentence(char32_t cp) {
  switch (cp) {
    case '.':
    case '!':
    case '?':
    case ';':
    case ':':
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF1B:
    case 0xFF1A:
    case 0x201D:
    case '"':
    case 0x2026:
    case 0x061F:
    case 0x06D4:
    case 0x0964:
      return true;
    default:
      return false;
  }
}

// Kana and Hangul: weighed per character like Han, so Japanese/Korean lines are not "short".
static bool IsSyllabic(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF);
}

namespace {

// Skips the CJK characters (IsCjk) that start at s[*pos] and returns how many; *last gets the last
// one. Most of a Chinese page's text is such runs, so they are read with fewer checks than
// NextCodePoint needs: a lead byte of 0xE3..0xE9 with two continuation bytes is always a valid
// three-byte sequence (U+3000..U+9FFF: no overlong form, no surrogate), and with a lead of
// 0xE5..0xE9 (U+5000..U+9FFF) it is always Han, so it is not decoded at all.
std::size_t SkipCjkRun(std::string_view s, std::size_t* pos, char32_t* last) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t start = *pos;
  std::size_t i = start;
  auto decode = [p](std::size_t at) {
    return (static_cast<char32_t>(p[at] & 0x0F) << 12) | (static_cast<char32_t>(p[at + 1] & 0x3F) << 6) |
           (p[at + 2] & 0x3F);
  };
  while (i + 2 < s.size()) {
    const unsigned char c = p[i];
    if ((p[i + 1] & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80) break;
    if (c < 0xE5 || c > 0xE9) {
      if (c < 0xE3 || c > 0xE9 || !IsCjk(decode(i))) break;
    }
    i += 3;
  }
  *pos = i;
  if (i == start) return 0;
  *last = decode(i - 3);
  return (i - start) / 3;
}

// Count()'s running state, fed the text one code point at a time.
class Tally {
 public:
  // A code point already known to satisfy IsCjk().
  void AddCjk(char32_t cp) { AddCjkRun(1, cp); }

  // `n` code points satisfying IsCjk(), the last of them `last`.
  void AddCjkRun(std::size_t n, char32_t last) {
    c_.chars += static_cast<int>(n);
    c_.tokens += static_cast<int>(n);
    c_.cjk += static_cast<int>(n);
    last_ = last;
    in_word_ = false;
  }

  void Add(char32_t cp) {
    if (IsCjk(cp) || IsSyllabic(cp)) {  // first, the common case (never a space)
      AddCjk(cp);
      return;
    }
    if (IsSpace(cp)) {
      in_word_ = false;
      return;
    }
    ++c_.chars;
    last_ = cp;
    if (IsWordChar(cp)) {
      if (!in_word_) ++c_.tokens;
      in_word_ = true;
    } else {
      in_word_ = false;
      if (IsSentencePunct(cp)) ++c_.punct;
    }
  }

  Counts Done() {
    c_.ends_sentence = EndsSentence(last_);
    return c_;
  }

 private:
  Counts c_;
  bool in_word_ = false;
  char32_t last_ = 0;
};

}  // namespace

Counts Count(std::string_view s) {
  Tally tally;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = NextCodePoint(s, &i);
    if (IsCjk(cp)) {
      const std::size_t more = SkipCjkRun(s, &i, &cp);
      tally.AddCjkRun(1 + more, cp);
    } else {
      tally.Add(cp);
    }
  }
  return tally.Done();
}

static bool IsCjkOrFullwidth(char32_t cp) {
  return IsCjk(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

namespace {

// CollapseSpace, and with kCount also Count() of what it writes: the code points written are fed to
// `tally` as they are decided, so the result is not decoded a second time.
template <bool kCount>
std::string Collapse(std::string_view s, Tally* tally) {
  // Leading spaces leave nothing, so ASCII ones are passed over before the buffer is sized: a run
  // of indentation between tags (a common line and table cell) then costs no allocation.
  s.remove_prefix(std::min(s.size(), s.find_first_not_of(" \t\n\r\f\v")));
  std::string out;
  if (s.empty()) return out;
  out.reserve(s.size());
  bool pending_space = false;
  char32_t prev = 0;
  // Characters kept as read are copied in runs: s[run, at) is read and not yet in `out`.
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    char32_t cp = NextCodePoint(s, &i);
    if (IsCjk(cp)) {  // the common case, first: neither a space nor U+FFFD
      if (pending_space && !IsCjkOrFullwidth(prev)) {
        out.push_back(' ');  // run == at: a space was the last thing read
        if constexpr (kCount) tally->Add(' ');
      }
      pending_space = false;
      // The rest of the run is kept as read: it only moves `prev` (and the counts).
      const std::size_t more = SkipCjkRun(s, &i, &cp);
      prev = cp;
      if constexpr (kCount) tally->AddCjkRun(1 + more, cp);
      continue;
    }
    if (IsSpace(cp)) {
      out.append(s.substr(run, at - run));
      run = i;
      pending_space = !out.empty();
      continue;
    }
    if (pending_space && !(IsCjkOrFullwidth(prev) && IsCjkOrFullwidth(cp))) {
      out.push_back(' ');
      if constexpr (kCount) tally->Add(' ');
    }
    pending_space = false;
    if (cp == 0xFFFD) {  // may stand for bad bytes: written as the character
      out.append(s.substr(run, at - run));
      AppendUtf8(cp, &out);
      run = i;
    }
    prev = cp;
    if constexpr (kCount) tally->Add(cp);
  }
  out.append(s.substr(run));
  return out;
}

}  // namespace

std::string CollapseSpace(std::string_view s) {
  return Collapse<false>(s, nullptr);
}

std::string CollapseSpace(std::string_view s, Counts* counts) {
  Tally tally;
  std::string out = Collapse<true>(s, &tally);
  *counts = tally.Done();
  return out;
}

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view TrimAscii(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

namespace {

// The length of the longest prefix of `s` that SanitizeUtf8 keeps as it is (valid UTF-8 without
// the control characters it drops): most pages are that prefix whole, and are copied at once.
std::size_t CleanPrefix(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Eight bytes at a time while they are printable ASCII (no byte >= 0x80, < 0x20 or 0x7F).
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, sizeof word);
      constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      const std::uint64_t below_space = (word - 0x20 * kOnes) & ~word & kHigh;
      const std::uint64_t del = ((word ^ 0x7F * kOnes) - kOnes) & ~(word ^ 0x7F * kOnes) & kHigh;
      if (((word & kHigh) | below_space | del) != 0) break;
      i += sizeof word;
    }
    if (i >= s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0x7F || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) return i;
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (NextCodePoint(s, &i) == 0xFFFD && i - start != 3) return start;
  }
  return i;
}

}  // namespace

std::string SanitizeUtf8(std::string_view s) {
  const std::size_t clean = CleanPrefix(s);
  if (clean == s.size()) return std::string(s);
  std::string out;
  out.reserve(s.size());
  out.append(s.substr(0, clean));
  for (std::size_t i = clean; i < s.size();) {
    // Fast path: a run of printable ASCII (and \n \t \r) is copied as is.
    std::size_t run = i;
    while (run < s.size()) {
      unsigned char c = static_cast<unsigned char>(s[run]);
      if (c >= 0x80 || c == 0x7F || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) break;
      ++run;
    }
    if (run > i) {
      out.append(s.substr(i, run - i));
      i = run;
      continue;
    }
    std::size_t start = i;
    char32_t cp = NextCodePoint(s, &i);
    if (cp == 0xFFFD && !(i - start == 3)) {
      AppendUtf8(0xFFFD, &out);
      continue;
    }
    if (cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r') continue;
    if (cp == 0x7F) continue;
    out.append(s.substr(start, i - start));
  }
  return out;
}

}  // namespace gongkai::extract::text
