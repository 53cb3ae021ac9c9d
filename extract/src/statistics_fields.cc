// The template's field catalogue (ids as in docs/statistics-schema.md) and the reading of one
// printed cell: full-width digits, separators, units, footnote marks, '/', '—', '不适用'.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "extract/statistics.h"
#include "statistics_internal.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// A value is at most this many code points once units and marks are gone ("1234567.8901").
constexpr int kMaxValueChars = 24;
// Whole numbers of at most this many digits are below 2^53, where every step of value * 10 + digit
// is exact in a double.
constexpr std::size_t kMaxExactDigits = 15;
// A cell printing a value is at most this many bytes (digits, separators, a unit, a footnote mark).
constexpr std::size_t kMaxPrintedValueBytes = 96;

bool IsDash(char32_t cp) {
  return cp == '-' || cp == '/' || cp == '\\' || cp == 0x2014 || cp == 0x2013 || cp == 0x2015 ||
         cp == 0x2500 || cp == 0x2012 || cp == 0x2212 || cp == 0x30FC || cp == 0x4E00 /* 一 used as a dash */;
}

// Footnote marks after a number: *, ※, ①..⑳, superscript digits, "注1", "[1]", "(注)".
std::string StripFootnote(std::string s) {
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    for (std::string_view tail : {"*", "※", "注", "(注)", "注:"}) {
      if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) {
        s.resize(s.size() - tail.size());
        changed = true;
      }
    }
    // [1] / (1) / 注1 after a number.
    if (!s.empty() && (s.back() == ']' || s.back() == ')')) {
      char open = s.back() == ']' ? '[' : '(';
      std::size_t p = s.rfind(open);
      if (p != std::string::npos && p > 0) {
        std::string_view inner(s.data() + p + 1, s.size() - p - 2);
        bool mark = !inner.empty() && inner.size() <= 4;
        for (char c : inner) mark = mark && ((c >= '0' && c <= '9') || c == '*');
        if (mark || inner == "注") {
          s.resize(p);
          changed = true;
        }
      }
    }
    std::size_t note = s.rfind("注");
    if (note != std::string::npos && note > 0) {
      bool digits = note + 3 < s.size();
      for (std::size_t i = note + 3; i < s.size(); ++i) digits = digits && s[i] >= '0' && s[i] <= '9';
      if (digits) {
        s.resize(note);
        changed = true;
      }
    }
    // Circled numbers ①..⑳ (U+2460..U+2473, E2 91 A0..E2 91 B3) and superscripts ¹²³ (C2 B9/B2/B3), ⁰⁴-⁹ (E2
    // 81 B0..B9).
    if (s.size() >= 3) {
      auto u = [&](std::size_t i) { return static_cast<unsigned char>(s[s.size() - 3 + i]); };
      if (u(0) == 0xE2 && ((u(1) == 0x91 && u(2) >= 0xA0 && u(2) <= 0xB3) ||
                           (u(1) == 0x81 && u(2) >= 0xB0 && u(2) <= 0xB9))) {
        s.resize(s.size() - 3);
        changed = true;
      }
    }
    if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2) {
      unsigned char c = static_cast<unsigned char>(s.back());
      if (c == 0xB9 || c == 0xB2 || c == 0xB3) {
        s.resize(s.size() - 2);
        changed = true;
      }
    }
  }
  return s;
}

bool StripSuffix(std::string* s, std::string_view suffix) {
  if (s->size() > suffix.size() && s->compare(s->size() - suffix.size(), suffix.size(), suffix) == 0) {
    s->resize(s->size() - suffix.size());
    return true;
  }
  return false;
}

}  // namespace

namespace stats {

void AppendNormalizedLabel(std::string_view s, std::string* out) {
  // Characters kept as they are go in runs, one append per run.
  std::size_t run = 0;
  for (std::size_t i = 0; i < s.size();) {
    // Han (U+4E00..U+9FFF, E4 B8 80..E9 BF BF in UTF-8) and printable ASCII but quotes, the common
    // case, are kept as read: told from the bytes, without decoding.
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c > ' ' && c < 0x7F && c != '"' && c != '\'') {
        ++i;
        continue;
      }
    } else if (c >= 0xE4 && c <= 0xE9 && i + 2 < s.size()) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]),
                          c2 = static_cast<unsigned char>(s[i + 2]);
      if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80 && (c != 0xE4 || c1 >= 0xB8)) {
        i += 3;
        continue;
      }
    }
    const std::size_t at = i;
    const char32_t read = text::NextCodePoint(s, &i);
    if ((read >= 0x4E00 && read <= 0x9FFF) || (read > ' ' && read < 0x7F && read != '"' && read != '\''))
      continue;
    char32_t cp = read;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    bool skip = text::IsSpace(cp) || cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
                cp == '"' || cp == '\'' || cp == 0x300C || cp == 0x300D || cp == 0x300E || cp == 0x300F;
    if (cp == 0x3010 || cp == 0x3014) cp = '(';  // 【 〔
    if (cp == 0x3011 || cp == 0x3015) cp = ')';
    if (cp == 0x3001 || cp == 0xFF0C) cp = ',';
    if (!skip && cp == read && read != 0xFFFD) continue;  // kept as read (0xFFFD may stand for bad bytes)
    out->append(s.substr(run, at - run));
    run = i;
    if (!skip) text::AppendUtf8(cp, out);
  }
  out->append(s.substr(run));
}

std::string NormalizeLabel(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendNormalizedLabel(s, &out);
  return out;
}

const std::vector<std::string>& Table3Columns() {
  static const std::vector<std::string> kColumns = {"natural", "business",  "research", "social",
                                                    "legal",   "other_org", "total"};
  return kColumns;
}

const std::vector<std::string>& Table3Rows(std::string_view edition) {
  static const std::vector<std::string> kHead = {"new",
                                                 "carried_in",
                                                 "granted",
                                                 "partly",
                                                 "refused.state_secret",
                                                 "refused.law_forbidden",
                                                 "refused.three_safety",
                                                 "refused.third_party",
                                                 "refused.internal_affairs",
                                                 "refused.process_info",
                                                 "refused.enforcement_file",
                                                 "refused.query_item",
                                                 "unable.not_held",
                                                 "unable.needs_creation",
                                                 "unable.unclear",
                                                 "not_handled.petition",
                                                 "not_handled.repeat",
                                                 "not_handled.publication",
                                                 "not_handled.massive",
                                                 "not_handled.confirm"};
  static const std::vector<std::string> k2021 = [] {
    std::vector<std::string> v = kHead;
    for (const char* r : {"other.no_correction", "other.no_fee", "other.other", "total", "carried_over"})
      v.push_back(r);
    return v;
  }();
  static const std::vector<std::string> k2019 = [] {
    std::vector<std::string> v = kHead;
    for (const char* r : {"other", "total", "carried_over"}) v.push_back(r);
    return v;
  }();
  return edition == "2019" ? k2019 : k2021;
}

std::vector<std::string> Table3Leaves(std::string_view edition) {
  std::vector<std::string> out;
  for (const std::string& r : Table3Rows(edition))
    if (r != "new" && r != "carried_in" && r != "total" && r != "carried_over") out.push_back(r);
  return out;
}

namespace {

// The rows with their field ids filled in.
std::vector<Table2Row> WithIds(std::vector<Table2Row> rows) {
  for (Table2Row& r : rows)
    for (const std::string& c : r.columns) r.ids.push_back("t2." + r.id + "." + c);
  return rows;
}

}  // namespace

const std::vector<Table2Row>& Table2Rows(std::string_view edition) {
  static const std::vector<Table2Row> k2021 = WithIds({
      {"regulations", {"规章"}, {"made", "repealed", "in_force"}, {}},
      {"normative", {"规范性文件"}, {"made", "repealed", "in_force"}, {}},
      {"licensing", {"行政许可"}, {"decisions"}, {}},
      {"punishment", {"行政处罚"}, {"decisions"}, {}},
      {"coercion", {"行政强制"}, {"decisions"}, {}},
      {"fees", {"行政事业性收费"}, {"amount_10k_yuan"}, {}},
  });
  static const std::vector<Table2Row> k2019 = WithIds({
      {"regulations", {"规章"}, {"made", "published", "total_published"}, {}},
      {"normative", {"规范性文件"}, {"made", "published", "total_published"}, {}},
      {"licensing", {"行政许可"}, {"prev_items", "change", "decisions"}, {}},
      {"other_services", {"其他对外管理服务事项"}, {"prev_items", "change", "decisions"}, {}},
      {"punishment", {"行政处罚"}, {"prev_items", "change", "decisions"}, {}},
      {"coercion", {"行政强制"}, {"prev_items", "change", "decisions"}, {}},
      {"fees", {"行政事业性收费"}, {"prev_items", "change"}, {}},
      {"procurement", {"政府集中采购"}, {"items", "amount_10k_yuan"}, {}},
  });
  return edition == "2019" ? k2019 : k2021;
}

const std::vector<std::string>& Table4Kinds() {
  static const std::vector<std::string> k = {"review", "suit_direct", "suit_after_review"};
  return k;
}

const std::vector<std::string>& Table4Outcomes() {
  static const std::vector<std::string> k = {"upheld", "corrected", "other", "pending", "total"};
  return k;
}

}  // namespace stats

const std::vector<std::string>& StatisticFieldIds(std::string_view edition) {
  auto build = [](std::string_view ed) {
    std::vector<std::string> ids;
    for (const stats::Table2Row& r : stats::Table2Rows(ed))
      for (const std::string& c : r.columns) ids.push_back("t2." + r.id + "." + c);
    for (const std::string& r : stats::Table3Rows(ed))
      for (const std::string& c : stats::Table3Columns()) ids.push_back("t3." + r + "." + c);
    for (const std::string& k : stats::Table4Kinds())
      for (const std::string& o : stats::Table4Outcomes()) ids.push_back("t4." + k + "." + o);
    return ids;
  };
  static const std::vector<std::string> k2019 = build("2019"), k2021 = build("2021");
  return edition == "2019" ? k2019 : k2021;
}

std::vector<std::string> AllStatisticFieldIds() {
  std::vector<std::string> out = StatisticFieldIds("2021");
  for (const std::string& id : StatisticFieldIds("2019")) {
    bool seen = false;
    for (const std::string& o : out) seen = seen || o == id;
    if (!seen) out.push_back(id);
  }
  return out;
}

bool stats::MayBeValue(std::string_view printed) {
  // The characters ParseStatisticCell() can accept besides spaces and dashes, after its full-width
  // folding: digits and separators, null prints (不适用, 无, N/A, ×, 不涉及), signs (增加, 减少), units
  // (万元, 人次, …), footnote marks (*, ※, 注, [1], (注), ¹; ①..⑳ and ⁰..⁹ are ranges below) and 。 as a
  // decimal point. Any other character stays in the text it reads and fails it.
  static constexpr std::u32string_view kValueChars =
      U"0123456789.,+-*()[]:/\\NAna不适用无×涉及增加减少万元件个条项人次宗※注¹²³。";
  // kValueChars as a table for ASCII and a sorted list for the rest: a label's first character,
  // where most cells are told, is looked up in a few steps instead of read against every one.
  struct Lookup {
    std::array<bool, 0x80> ascii{};
    std::array<char32_t, kValueChars.size()> other{};  // sorted; other_count of them used
    std::size_t other_count = 0;
  };
  static constexpr Lookup kLookup = [] {
    Lookup l;
    for (char32_t cp : kValueChars) {
      if (cp < 0x80)
        l.ascii[cp] = true;
      else
        l.other[l.other_count++] = cp;
    }
    std::sort(l.other.begin(), l.other.begin() + static_cast<std::ptrdiff_t>(l.other_count));
    return l;
  }();
  for (std::size_t i = 0; i < printed.size();) {
    char32_t cp = text::NextCodePoint(printed, &i);
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    const bool value_char =
        cp < 0x80 ? kLookup.ascii[cp]
                  : std::binary_search(
                        kLookup.other.begin(),
                        kLookup.other.begin() + static_cast<std::ptrdiff_t>(kLookup.other_count), cp);
    if (!value_char && !(cp >= 0x2460 && cp <= 0x2473) && !(cp >= 0x2070 && cp <= 0x2079) &&
        !text::IsSpace(cp) && !IsDash(cp))
      return false;
  }
  return true;
}

bool ParseStatisticCell(std::string_view printed, StatisticCell* cell) {
  cell->value = 0;
  // Plain ASCII digits, most printed values ("0", "128"), which the reading below keeps as they are.
  if (!printed.empty() && printed.size() <= kMaxExactDigits &&
      std::all_of(printed.begin(), printed.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    double value = 0;
    for (char c : printed) value = value * 10 + (c - '0');  // exact, as strtod reads it
    cell->raw = std::string(printed);
    cell->state = StatisticCell::State::kNumber;
    cell->value = value;
    return true;
  }
  // No printed value is this long ("3，119件①", "不适用"): a longer cell is a label, told at once (the
  // footnote stripping below is quadratic in the worst case; a fuzzed 100 KB "cell" took seconds).
  if (printed.size() > 4 * kMaxPrintedValueBytes) {
    cell->raw = std::string(printed);
    return false;
  }
  cell->raw = text::CollapseSpace(printed);
  if (cell->raw.size() > kMaxPrintedValueBytes) return false;
  // Fold full-width forms and drop spaces, thousands separators between digits.
  std::string s;
  s.reserve(printed.size());
  bool only_dashes = true;
  int dashes = 0;
  for (std::size_t i = 0; i < printed.size();) {
    const std::size_t at = i;
    const char32_t read = text::NextCodePoint(printed, &i);
    char32_t cp = read;
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp == 0x3002 && !s.empty()) cp = '.';  // 。 as a decimal point after a digit: rare, kept simple
    if (text::IsSpace(cp)) continue;
    if (IsDash(cp))
      ++dashes;
    else
      only_dashes = false;
    if (cp == read && read != 0xFFFD)
      s.append(printed.substr(at, i - at));  // as read (0xFFFD may stand for bad bytes)
    else
      text::AppendUtf8(cp, &s);
  }
  if (s.empty()) {
    cell->state = StatisticCell::State::kEmpty;
    return true;
  }
  if ((only_dashes && dashes <= 4) || s == "不适用" || s == "无" || s == "N/A" || s == "NA" || s == "n/a" ||
      s == "×" || s == "不涉及") {
    cell->state = StatisticCell::State::kNotApplicable;
    return true;
  }
  // A number has a digit, and the stripping below only removes: a label is told here.
  if (s.find_first_of("0123456789") == std::string::npos) return false;
  s = StripFootnote(std::move(s));
  for (std::string_view unit : {"万元", "元", "件", "个", "条", "项", "人次", "次", "宗"})
    StripSuffix(&s, unit);
  s = StripFootnote(std::move(s));
  double sign = 1;
  for (std::string_view p : {"增加", "减少", "增", "减", "+", "-"}) {
    if (s.compare(0, p.size(), p) == 0 && s.size() > p.size()) {
      sign = (p == "减少" || p == "减" || p == "-") ? -1 : 1;
      s.erase(0, p.size());
      break;
    }
  }
  std::string digits;
  bool dot = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c == '.' && !dot && !digits.empty() && i + 1 < s.size())
      dot = true, digits += c;
    else if (c == ',' && !digits.empty() && !dot && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9')
      continue;
    else
      return false;
  }
  if (digits.empty() || static_cast<int>(digits.size()) > kMaxValueChars) return false;
  cell->state = StatisticCell::State::kNumber;
  cell->value = sign * std::strtod(digits.c_str(), nullptr);
  return true;
}

bool Statistics::Failed() const {
  for (const StatisticCheck& c : checks)
    if (c.status == StatisticCheck::Status::kFail) return true;
  return false;
}

const char* ToString(StatisticCheck::Status status) {
  switch (status) {
    case StatisticCheck::Status::kPass:
      return "PASS";
    case StatisticCheck::Status::kFail:
      return "FAIL";
    case StatisticCheck::Status::kNa:
      return "NA";
  }
  return "NA";
}

}  // namespace gongkai::extract
