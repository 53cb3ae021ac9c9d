#include "dates.h"

#include <cstdio>

#include "text_util.h"

namespace gongkai::extract {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2099;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..max_digits digits at s[*pos]; returns -1 when none.
int ReadNumber(std::string_view s, std::size_t* pos, int max_digits) {
  int v = 0, n = 0;
  std::size_t i = *pos;
  while (i < s.size() && IsDigit(s[i]) && n < max_digits) v = v * 10 + (s[i++] - '0'), ++n;
  if (n == 0 || (i < s.size() && IsDigit(s[i]))) return -1;
  *pos = i;
  return v;
}

bool Consume(std::string_view s, std::size_t* pos, std::string_view token) {
  if (s.substr(*pos, token.size()) != token) return false;
  *pos += token.size();
  return true;
}

void SkipSpaces(std::string_view s, std::size_t* pos) {
  while (*pos < s.size()) {
    if (s[*pos] == ' ' || s[*pos] == '\t') ++*pos;
    else if (Consume(s, pos, "\xC2\xA0") || Consume(s, pos, "\xE3\x80\x80")) continue;
    else break;
  }
}

bool TryDateAt(std::string_view s, std::size_t start, FoundDate* out) {
  std::size_t i = start;
  int year = ReadNumber(s, &i, 4);
  if (year < kMinYear || year > kMaxYear || i - start != 4) return false;
  SkipSpaces(s, &i);
  enum { kDash, kSlash, kDot, kHan, kCompact } style;
  if (Consume(s, &i, "-")) style = kDash;
  else if (Consume(s, &i, "/")) style = kSlash;
  else if (Consume(s, &i, ".")) style = kDot;
  else if (Consume(s, &i, "年")) style = kHan;
  else return false;
  SkipSpaces(s, &i);
  int month = ReadNumber(s, &i, 2);
  if (month < 1 || month > 12) return false;
  SkipSpaces(s, &i);
  bool sep = style == kDash ? Consume(s, &i, "-") : style == kSlash ? Consume(s, &i, "/")
           : style == kDot ? Consume(s, &i, ".") : Consume(s, &i, "月");
  if (!sep) return false;
  SkipSpaces(s, &i);
  int day = ReadNumber(s, &i, 2);
  if (day < 1 || day > 31) return false;
  if (style == kHan) Consume(s, &i, "日");
  (void)kCompact;
  std::size_t end = i;
  int hour = -1, minute = -1, second = 0;
  std::size_t j = i;
  if (j < s.size() && (s[j] == 'T' || s[j] == ' ')) ++j;
  SkipSpaces(s, &j);
  int h = ReadNumber(s, &j, 2);
  if (h >= 0 && h < 24 && (Consume(s, &j, ":") || Consume(s, &j, "：") || Consume(s, &j, "时"))) {
    int m = ReadNumber(s, &j, 2);
    if (m >= 0 && m < 60) {
      hour = h, minute = m, end = j;
      Consume(s, &j, "分");
      if (Consume(s, &j, ":") || Consume(s, &j, "：")) {
        int sec = ReadNumber(s, &j, 2);
        if (sec >= 0 && sec < 60) second = sec, end = j;
      }
    }
  }
  char buf[32];
  if (hour >= 0)
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
  else
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
  out->iso = buf;
  out->begin = start;
  out->end = end;
  return true;
}

}  // namespace

FoundDate FindDate(std::string_view s, std::size_t from) {
  FoundDate found;
  for (std::size_t i = from; i + 8 <= s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    if (TryDateAt(s, i, &found)) return found;
  }
  return FoundDate{};
}

std::string NormalizeDate(std::string_view s) {
  s = text::TrimAscii(s);
  FoundDate d = FindDate(s);
  if (!d.iso.empty()) return d.iso;
  // Compact forms: 20180131 or 20180131102500.
  if (s.size() >= 8) {
    bool digits = true;
    for (std::size_t i = 0; i < 8; ++i) digits = digits && IsDigit(s[i]);
    if (digits && (s.size() == 8 || !IsDigit(s[8]) || s.size() == 14)) {
      std::string t = std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" + std::string(s.substr(6, 2));
      d = FindDate(t);
      return d.iso;
    }
  }
  return "";
}

}  // namespace gongkai::extract
