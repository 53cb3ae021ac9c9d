#include "dates.h"

#include <cstdio>

#include "text_util.h"

namespace gongkai::extract {
namespace {

constexpr int kMinYear = 1990;
constexpr int kMaxYear = 2099;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

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
    if (s[*pos] == ' ' || s[*pos] == '\t')
      ++*pos;
    else if (Consume(s, pos, "\xC2\xA0") || Consume(s, pos, "\xE3\x80\x80"))
      continue;
    else
      break;
  }
}

bool TryDateAt(std::string_view s, std::size_t start, FoundDate* out) {
  std::size_t i = start;
  int year = ReadNumber(s, &i, 4);
  if (year < kMinYear || year > kMaxYear || i - start != 4) return false;
  SkipSpaces(s, &i);
  enum { kDash, kSlash, kDot, kHan, kCompact } style;
  if (Consume(s, &i, "-"))
    style = kDash;
  else if (Consume(s, &i, "/"))
    style = kSlash;
  else if (Consume(s, &i, "."))
    style = kDot;
  else if (Consume(s, &i, "年"))
    style = kHan;
  else
    return false;
  SkipSpaces(s, &i);
  int month = ReadNumber(s, &i, 2);
  if (month < 1 || month > 12) return false;
  SkipSpaces(s, &i);
  bool sep = style == kDash    ? Consume(s, &i, "-")
             : style == kSlash ? Consume(s, &i, "/")
             : style == kDot   ? Consume(s, &i, ".")
                               : Consume(s, &i, "月");
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

// Chinese numerals as documents write dates (二〇二三年一月三十一日, 二○一九年十二月五日): the year digit
// by digit with 〇/○/零 for zero, month and day as numbers up to 三十一.
int HanDigit(char32_t cp) {
  switch (cp) {
    case U'〇':
    case U'○':
    case U'零':
      return 0;
    case U'一':
      return 1;
    case U'二':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

// Reads 十 / 十X / X十 / X十Y / X at s[*pos] (1..99); returns -1 when there is no such number.
int ReadHanNumber(std::string_view s, std::size_t* pos) {
  std::size_t i = *pos;
  int tens = -1, units = -1;
  std::size_t j = i;
  char32_t cp = j < s.size() ? text::NextCodePoint(s, &j) : 0;
  if (cp == U'十') {
    tens = 1;
    i = j;
  } else if (int d = HanDigit(cp); d > 0) {
    i = j;
    std::size_t k = i;
    if (k < s.size() && text::NextCodePoint(s, &k) == U'十') {
      tens = d;
      i = k;
    } else {
      *pos = i;
      return d;
    }
  } else {
    return -1;
  }
  std::size_t k = i;
  if (k < s.size()) {
    int d = HanDigit(text::NextCodePoint(s, &k));
    if (d > 0) units = d, i = k;
  }
  *pos = i;
  return tens * 10 + (units > 0 ? units : 0);
}

// A Chinese-numeral date whose 年 is at byte `nian`; the four year digits must end right there.
bool TryHanDateAt(std::string_view s, std::size_t nian, FoundDate* out) {
  constexpr std::size_t kHanBytes = 3;  // every numeral used here is 3 bytes in UTF-8
  if (nian < 4 * kHanBytes) return false;
  std::size_t start = nian - 4 * kHanBytes;
  int year = 0;
  for (std::size_t p = start; p < nian;) {
    std::size_t before = p;
    int d = HanDigit(text::NextCodePoint(s, &p));
    if (d < 0 || p - before != kHanBytes) return false;
    year = year * 10 + d;
  }
  if (year < kMinYear || year > kMaxYear) return false;
  std::size_t i = nian + std::string_view("年").size();
  int month = ReadHanNumber(s, &i);
  if (month < 1 || month > 12 || !Consume(s, &i, "月")) return false;
  int day = ReadHanNumber(s, &i);
  if (day < 1 || day > 31 || !Consume(s, &i, "日")) return false;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year, month, day);
  out->iso = buf;
  out->begin = start;
  out->end = i;
  return true;
}

FoundDate FindHanDate(std::string_view s, std::size_t from) {
  FoundDate found;
  for (std::size_t p = s.find("年", from); p != std::string_view::npos; p = s.find("年", p + 1))
    if (p >= from + 12 && TryHanDateAt(s, p, &found)) return found;
  return FoundDate{};
}

}  // namespace

FoundDate FindDate(std::string_view s, std::size_t from) {
  FoundDate found;
  for (std::size_t i = from; i + 8 <= s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    if (TryDateAt(s, i, &found)) break;
  }
  // Chinese numerals only where no Arabic date comes first (the rare form is looked for second).
  std::size_t limit = found.iso.empty() ? s.size() : found.begin;
  FoundDate han = FindHanDate(s.substr(0, limit), from);
  return han.iso.empty() ? found : han;
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
      std::string t =
          std::string(s.substr(0, 4)) + "-" + std::string(s.substr(4, 2)) + "-" + std::string(s.substr(6, 2));
      d = FindDate(t);
      return d.iso;
    }
  }
  return "";
}

}  // namespace gongkai::extract
