// The checks the template states or implies (docs/statistics-schema.md, "Checks"), and the figures
// the body text quotes (受理申请N件, 行政复议N件) against the tables.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "statistics_internal.h"
#include "text_util.h"

namespace gongkai::extract::stats {
namespace {

using State = StatisticCell::State;
using Status = StatisticCheck::Status;

// Figures quoted in the text are looked for this many code points after their keyword.
constexpr int kQuoteWindowChars = 24;

std::string Num(double v) {
  char buf[32];
  const double rounded = std::round(v);
  if (std::fabs(v - rounded) < 1e-9) {
    // A whole number, as "%.0f" prints it; the common case is written without printf (checks
    // print ~160 numbers per report). "%.0f" keeps the sign of a negative zero: printf does those.
    if (std::fabs(rounded) < 1e15 && !(rounded == 0 && std::signbit(v))) {
      return std::string(buf, std::to_chars(buf, buf + sizeof buf, static_cast<long long>(rounded)).ptr);
    }
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%g", v);
  }
  return buf;
}

bool PlainInteger(const std::string& raw) {
  if (raw.empty()) return false;
  for (char c : raw)
    if (c < '0' || c > '9') return false;
  return true;
}

// One side of an equation: a sum of cells.
struct Sum {
  double value = 0;
  std::string text;                  // "7 + 1"
  std::vector<std::string> nulls;    // cells printed '/', '—' or empty, counted as 0
  std::vector<std::string> missing;  // cells not read at all
  std::vector<std::string> odd;      // cells whose print was normalised (footnote, unit, separator)
};

Sum Add(const Statistics& s, const std::vector<std::string>& ids) {
  Sum sum;
  for (const std::string& id : ids) {
    auto it = s.cells.find(id);
    if (!sum.text.empty()) sum.text += " + ";
    if (it == s.cells.end()) {
      sum.missing.push_back(id);
      sum.text += "?";
      continue;
    }
    const StatisticCell& c = it->second;
    if (c.state != State::kNumber) {
      sum.nulls.push_back(id);
      sum.text += c.state == State::kEmpty ? "(empty)" : "(" + c.raw + ")";
      continue;
    }
    if (!PlainInteger(c.raw)) sum.odd.push_back(id + " '" + c.raw + "'");
    sum.value += c.value;
    sum.text += Num(c.value);
  }
  return sum;
}

// left = right, where each side is a sum of cells. NA when a cell was not read or one whole side is
// null; null cells among several are counted as 0 and named.
StatisticCheck Equation(const Statistics& s, std::string rule, const std::vector<std::string>& left,
                        const std::vector<std::string>& right) {
  StatisticCheck check;
  check.rule = std::move(rule);
  check.cells = left;
  check.cells.insert(check.cells.end(), right.begin(), right.end());
  Sum l = Add(s, left), r = Add(s, right);
  std::vector<std::string> missing = l.missing;
  missing.insert(missing.end(), r.missing.begin(), r.missing.end());
  if (!missing.empty()) {
    check.detail = "not read: " + missing.front() +
                   (missing.size() > 1 ? " and " + std::to_string(missing.size() - 1) + " more" : "");
    return check;
  }
  if (l.nulls.size() == left.size() || r.nulls.size() == right.size()) {
    check.detail = "not applicable: " + (l.nulls.size() == left.size() ? left : right).front() + " is null";
    return check;
  }
  bool equal = std::fabs(l.value - r.value) < 1e-6;
  check.status = equal ? Status::kPass : Status::kFail;
  check.detail = l.text + (left.size() > 1 ? " = " + Num(l.value) : "") + (equal ? " == " : " != ") + r.text +
                 (right.size() > 1 ? " = " + Num(r.value) : "");
  std::vector<std::string> nulls = l.nulls;
  nulls.insert(nulls.end(), r.nulls.begin(), r.nulls.end());
  if (!nulls.empty()) check.detail += "; " + std::to_string(nulls.size()) + " null cell(s) counted as 0";
  if (!equal) {
    std::vector<std::string> odd = l.odd;
    odd.insert(odd.end(), r.odd.begin(), r.odd.end());
    if (odd.empty() && nulls.empty())
      check.detail += "; source: the printed integers disagree";
    else if (!odd.empty())
      check.detail += "; check our reading of " + odd.front();
    else
      check.detail += "; source or reading: null cells involved";
  }
  return check;
}

// The first figure "N件/起/宗" within kQuoteWindowChars after `from`, not crossing a clause break.
std::optional<double> FigureAfter(std::string_view t, std::size_t from) {
  std::string digits;
  for (int n = 0; from < t.size() && n < kQuoteWindowChars; ++n) {
    std::size_t at = from;
    char32_t cp = text::NextCodePoint(t, &from);
    if (cp >= 0xFF10 && cp <= 0xFF19) cp -= 0xFEE0;
    if (cp >= '0' && cp <= '9') {
      digits += static_cast<char>(cp);
      continue;
    }
    if (cp == ',' && !digits.empty()) continue;
    if (!digits.empty()) {
      std::string_view rest = t.substr(at);
      for (std::string_view unit : {"件", "起", "宗", "个"})
        if (rest.substr(0, unit.size()) == unit)
          return std::strtod(digits.c_str(), nullptr);  // no throw on 400 digits
      digits.clear();
    }
    if (cp == 0x3002 || cp == 0xFF0C || cp == 0xFF1B || cp == 0x3001 || cp == ';' || cp == 0x548C /*和*/ ||
        cp == 0x53CA /*及*/ || cp == 0x4E0E /*与*/ || cp == '\n')
      return std::nullopt;
  }
  return std::nullopt;
}

// The first `key` in `text` at or after `from`. A report's text is searched for Chinese keys whose
// first byte (0xE5, 0xE8, …) begins most of its characters, where string_view::find stops at
// nearly every character; glibc's memmem skips by pairs of bytes.
std::size_t FindKey(std::string_view text, std::string_view key, std::size_t from) {
  if (from > text.size()) return std::string_view::npos;
  const void* at = memmem(text.data() + from, text.size() - from, key.data(), key.size());
  return at == nullptr ? std::string_view::npos : static_cast<const char*>(at) - text.data();
}

// The first figure the text quotes after any of `keys` (with `must` between key and figure when given).
std::optional<std::pair<double, std::string>> QuoteOnce(std::string_view t,
                                                        const std::vector<std::string_view>& keys,
                                                        std::string_view must) {
  std::optional<std::pair<double, std::string>> best;
  std::size_t best_at = std::string_view::npos;
  for (std::string_view key : keys) {
    for (std::size_t p = FindKey(t, key, 0); p != std::string_view::npos;
         p = FindKey(t, key, p + key.size())) {
      if (p >= best_at) break;
      std::size_t after = p + key.size();
      std::optional<double> v = FigureAfter(t, after);
      if (!v) continue;
      if (!must.empty()) {
        std::string_view window = t.substr(after, 3 * kQuoteWindowChars);
        std::size_t m = window.find(must);
        std::size_t digit = window.find_first_of("0123456789");
        if (m == std::string_view::npos || (digit != std::string_view::npos && m > digit)) continue;
      }
      std::size_t end = t.find_first_of("\n", p);
      std::string_view quoted =
          t.substr(p, std::min<std::size_t>(end == std::string_view::npos ? t.size() - p : end - p,
                                            3 * kQuoteWindowChars));
      std::size_t cut = 0;
      for (int n = 0; cut < quoted.size() && n < kQuoteWindowChars + 4; ++n)
        text::NextCodePoint(quoted, &cut);
      best = std::make_pair(*v, std::string(quoted.substr(0, cut)));
      best_at = p;
      break;
    }
  }
  return best;
}

// The first group of keys that finds a figure wins ("共收到…" before a bare "收到…").
std::optional<std::pair<double, std::string>> Quote(std::string_view t,
                                                    const std::vector<std::vector<std::string_view>>& groups,
                                                    std::string_view must) {
  for (const auto& keys : groups)
    if (auto q = QuoteOnce(t, keys, must)) return q;
  return std::nullopt;
}

StatisticCheck TextCheck(const Statistics& s, std::string rule,
                         std::optional<std::pair<double, std::string>> quote,
                         const std::vector<std::vector<std::string>>& readings) {
  StatisticCheck check;
  check.rule = std::move(rule);
  for (const auto& r : readings) check.cells.insert(check.cells.end(), r.begin(), r.end());
  if (!quote) {
    check.detail = "the text quotes no figure";
    return check;
  }
  std::string seen;
  for (const auto& ids : readings) {
    Sum sum = Add(s, ids);
    if (!sum.missing.empty() || sum.nulls.size() == ids.size()) continue;
    if (!seen.empty()) seen += " or ";
    seen += sum.text + (ids.size() > 1 ? " = " + Num(sum.value) : "");
    if (std::fabs(sum.value - quote->first) < 1e-6) {
      check.status = Status::kPass;
      check.detail = "text '" + quote->second + "' " + Num(quote->first) + " == " + seen;
      return check;
    }
  }
  if (seen.empty()) {
    check.detail = "text quotes " + Num(quote->first) + " but the table cells were not read";
    return check;
  }
  check.status = Status::kFail;
  check.detail = "text '" + quote->second + "' " + Num(quote->first) + " != " + seen +
                 "; source: text and table disagree";
  return check;
}

// The 表三 rows the report printed, in template order: the edition's rows, except that a 2021
// report printing （六）其他处理 as the 2019 template's single row has `other` in place of its three.
std::vector<std::string> PrintedTable3Rows(const Statistics& s) {
  const std::vector<std::string>& rows = Table3Rows(s.edition);
  auto has_row = [&s](const std::string& row) {
    for (const std::string& c : Table3Columns())
      if (s.cells.count("t3." + row + "." + c)) return true;
    return false;
  };
  if (s.edition == "2019" || !has_row("other") || has_row("other.no_correction") || has_row("other.no_fee") ||
      has_row("other.other"))
    return rows;
  std::vector<std::string> out;
  for (const std::string& r : rows) {
    if (r.compare(0, 6, "other.") != 0)
      out.push_back(r);
    else if (r == "other.other")
      out.push_back("other");
  }
  return out;
}

}  // namespace

void RunChecks(std::string_view body_text, Statistics* s) {
  const auto& cols = Table3Columns();
  bool has3 = false;
  for (const auto& [id, cell] : s->cells) has3 = has3 || id.compare(0, 3, "t3.") == 0;
  if (has3) {
    for (const std::string& c : cols)
      s->checks.push_back(Equation(*s, "t3.balance." + c, {"t3.new." + c, "t3.carried_in." + c},
                                   {"t3.total." + c, "t3.carried_over." + c}));
    for (const std::string& c : cols) {
      std::vector<std::string> leaves;
      for (const std::string& r : PrintedTable3Rows(*s))
        if (r != "new" && r != "carried_in" && r != "total" && r != "carried_over")
          leaves.push_back("t3." + r + "." + c);
      s->checks.push_back(Equation(*s, "t3.total_sum." + c, leaves, {"t3.total." + c}));
    }
    for (const std::string& r : PrintedTable3Rows(*s)) {
      std::vector<std::string> six;
      for (std::size_t i = 0; i + 1 < cols.size(); ++i) six.push_back("t3." + r + "." + cols[i]);
      s->checks.push_back(Equation(*s, "t3.column_sum." + r, six, {"t3." + r + ".total"}));
    }
  }
  bool has4 = false;
  for (const auto& [id, cell] : s->cells) has4 = has4 || id.compare(0, 3, "t4.") == 0;
  if (has4) {
    for (const std::string& k : Table4Kinds()) {
      std::vector<std::string> four;
      for (const std::string& o : Table4Outcomes())
        if (o != "total") four.push_back("t4." + k + "." + o);
      s->checks.push_back(Equation(*s, "t4.sum." + k, four, {"t4." + k + ".total"}));
    }
  }
  if (has3)
    s->checks.push_back(TextCheck(
        *s, "text.applications",
        Quote(body_text, {{"共受理", "共收到", "共计收到", "共新收", "共计受理"}, {"收到", "受理", "新收"}},
              "申请"),
        {{"t3.new.total"}, {"t3.new.total", "t3.carried_in.total"}}));
  if (has4) {
    s->checks.push_back(
        TextCheck(*s, "text.review", Quote(body_text, {{"行政复议"}}, ""), {{"t4.review.total"}}));
    s->checks.push_back(TextCheck(*s, "text.suits", Quote(body_text, {{"行政诉讼"}}, ""),
                                  {{"t4.suit_direct.total", "t4.suit_after_review.total"}}));
  }
}

}  // namespace gongkai::extract::stats
