// The checks the template states or implies (docs/statistics-schema.md, "Checks"), and the figures
// the body text quotes (受理申请N件, 行政复议N件) against the tables.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>

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

// The checks' cells, each a position in one sorted list of ids (CheckPlans::ids): a report's cells
// are found once, by one merge of two sorted lists, and its ~40 checks then read them by position
// instead of building an id string and searching the map for each of their ~380 cells.
using Slots = std::vector<const StatisticCell*>;  // a report's cells at those positions; null: not read

// Cells of a check: their ids, and their positions in CheckPlans::ids.
struct Cells {
  std::vector<std::string> ids;
  std::vector<std::size_t> at;
  std::span<const std::string> Ids(std::size_t from, std::size_t count) const {
    return std::span(ids).subspan(from, count);
  }
  std::span<const std::size_t> At(std::size_t from, std::size_t count) const {
    return std::span(at).subspan(from, count);
  }
};

struct EquationPlan {
  std::string rule;
  Cells cells;            // the left side's, then the right side's, as StatisticCheck::cells has them
  std::size_t left_size;  // how many of `cells` are on the left
};

struct TextPlan {
  std::string rule;
  std::vector<Cells> readings;         // the sums of cells the quoted figure may be
  std::vector<std::string> all_cells;  // every reading's cells, as StatisticCheck::cells has them
};

// One side of an equation: a sum of cells, read without writing anything (the detail is written
// only once the outcome is known).
struct Sum {
  double value = 0;
  std::size_t nulls = 0;                       // cells printed '/', '—' or empty, counted as 0
  std::size_t missing = 0;                     // cells not read at all
  const std::string* first_missing = nullptr;  // the first of them
};

Sum Add(const Slots& slots, std::span<const std::string> ids, std::span<const std::size_t> at) {
  Sum sum;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const StatisticCell* c = slots[at[i]];
    if (c == nullptr) {
      if (sum.missing++ == 0) sum.first_missing = &ids[i];
    } else if (c->state != State::kNumber) {
      ++sum.nulls;
    } else {
      sum.value += c->value;
    }
  }
  return sum;
}

// The cells of a sum as printed in a detail, "7 + (/) + 1", appended to *out.
void AppendSumText(const Slots& slots, std::span<const std::size_t> at, std::string* out) {
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (i > 0) *out += " + ";
    const StatisticCell* c = slots[at[i]];
    if (c == nullptr) {
      *out += "?";
    } else if (c->state == State::kEmpty) {
      *out += "(empty)";
    } else if (c->state != State::kNumber) {
      *out += '(';
      *out += c->raw;
      *out += ')';
    } else {
      *out += Num(c->value);
    }
  }
}

// The first cell of a sum whose print was normalised (footnote, unit, separator), as "id 'raw'", or "".
std::string FirstOdd(const Slots& slots, std::span<const std::string> ids, std::span<const std::size_t> at) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const StatisticCell* c = slots[at[i]];
    if (c != nullptr && c->state == State::kNumber && !PlainInteger(c->raw))
      return ids[i] + " '" + c->raw + "'";
  }
  return "";
}

// left = right, where each side is a sum of cells. NA when a cell was not read or one whole side is
// null; null cells among several are counted as 0 and named.
StatisticCheck Equation(const Slots& slots, const EquationPlan& plan) {
  StatisticCheck check;
  check.rule = plan.rule;
  check.cells = plan.cells.ids;
  const std::size_t left_size = plan.left_size;
  const std::size_t right_size = plan.cells.ids.size() - left_size;
  const auto left_ids = plan.cells.Ids(0, left_size), right_ids = plan.cells.Ids(left_size, right_size);
  const auto left_at = plan.cells.At(0, left_size), right_at = plan.cells.At(left_size, right_size);
  const Sum l = Add(slots, left_ids, left_at), r = Add(slots, right_ids, right_at);
  if (const std::size_t missing = l.missing + r.missing; missing != 0) {
    check.detail = "not read: " + *(l.missing != 0 ? l.first_missing : r.first_missing) +
                   (missing > 1 ? " and " + std::to_string(missing - 1) + " more" : "");
    return check;
  }
  if (l.nulls == left_size || r.nulls == right_size) {
    check.detail = "not applicable: " + (l.nulls == left_size ? left_ids : right_ids).front() + " is null";
    return check;
  }
  bool equal = std::fabs(l.value - r.value) < 1e-6;
  check.status = equal ? Status::kPass : Status::kFail;
  std::string& detail = check.detail;
  AppendSumText(slots, left_at, &detail);
  if (left_size > 1) detail += " = " + Num(l.value);
  detail += equal ? " == " : " != ";
  AppendSumText(slots, right_at, &detail);
  if (right_size > 1) detail += " = " + Num(r.value);
  const std::size_t nulls = l.nulls + r.nulls;
  if (nulls != 0) detail += "; " + std::to_string(nulls) + " null cell(s) counted as 0";
  if (!equal) {
    std::string odd = FirstOdd(slots, left_ids, left_at);
    if (odd.empty()) odd = FirstOdd(slots, right_ids, right_at);
    if (odd.empty() && nulls == 0)
      detail += "; source: the printed integers disagree";
    else if (!odd.empty())
      detail += "; check our reading of " + odd;
    else
      detail += "; source or reading: null cells involved";
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

StatisticCheck TextCheck(const Slots& slots, const TextPlan& plan,
                         std::optional<std::pair<double, std::string>> quote) {
  StatisticCheck check;
  check.rule = plan.rule;
  check.cells = plan.all_cells;
  if (!quote) {
    check.detail = "the text quotes no figure";
    return check;
  }
  std::string seen;
  for (const Cells& reading : plan.readings) {
    const std::size_t n = reading.ids.size();
    const Sum sum = Add(slots, reading.Ids(0, n), reading.At(0, n));
    if (sum.missing != 0 || sum.nulls == n) continue;
    if (!seen.empty()) seen += " or ";
    AppendSumText(slots, reading.At(0, n), &seen);
    if (n > 1) seen += " = " + Num(sum.value);
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

// The 表三 checks for the rows a report printed, in template order.
std::vector<EquationPlan> Table3Equations(const std::vector<std::string>& rows) {
  const std::vector<std::string>& cols = Table3Columns();
  std::vector<EquationPlan> out;
  for (const std::string& c : cols)
    out.push_back({"t3.balance." + c,
                   {{"t3.new." + c, "t3.carried_in." + c, "t3.total." + c, "t3.carried_over." + c}, {}},
                   2});
  for (const std::string& c : cols) {
    EquationPlan e{"t3.total_sum." + c, {}, 0};
    for (const std::string& r : rows)
      if (r != "new" && r != "carried_in" && r != "total" && r != "carried_over")
        e.cells.ids.push_back("t3." + r + "." + c);
    e.left_size = e.cells.ids.size();
    e.cells.ids.push_back("t3.total." + c);
    out.push_back(std::move(e));
  }
  for (const std::string& r : rows) {
    EquationPlan e{"t3.column_sum." + r, {}, cols.size() - 1};
    for (std::size_t i = 0; i + 1 < cols.size(); ++i) e.cells.ids.push_back("t3." + r + "." + cols[i]);
    e.cells.ids.push_back("t3." + r + ".total");
    out.push_back(std::move(e));
  }
  return out;
}

TextPlan TextCheckPlan(std::string rule, std::vector<std::vector<std::string>> readings) {
  TextPlan plan{std::move(rule), {}, {}};
  for (std::vector<std::string>& ids : readings) {
    plan.all_cells.insert(plan.all_cells.end(), ids.begin(), ids.end());
    plan.readings.push_back({std::move(ids), {}});
  }
  return plan;
}

// Every check, built once: the rules, the cells each reads and where to find those.
struct CheckPlans {
  std::vector<std::string> ids;  // every cell a check reads, sorted as Statistics::cells is
  std::vector<EquationPlan> table3_2019, table3_2021;
  // A 2021 report printing （六）其他处理 as the 2019 template's single row: `other` in place of the
  // three rows of the 2021 template.
  std::vector<EquationPlan> table3_2021_single_other;
  std::vector<EquationPlan> table4;
  TextPlan applications, review, suits;
  std::vector<std::size_t> other_row;         // t3.other.* in `ids`
  std::vector<std::size_t> split_other_rows;  // t3.other.{no_correction,no_fee,other}.*

  CheckPlans() {
    table3_2019 = Table3Equations(Table3Rows("2019"));
    table3_2021 = Table3Equations(Table3Rows("2021"));
    std::vector<std::string> single_other;
    for (const std::string& r : Table3Rows("2021")) {
      if (r.compare(0, 6, "other.") != 0)
        single_other.push_back(r);
      else if (r == "other.other")
        single_other.push_back("other");
    }
    table3_2021_single_other = Table3Equations(single_other);
    for (const std::string& k : Table4Kinds()) {
      EquationPlan e{"t4.sum." + k, {}, 0};
      for (const std::string& o : Table4Outcomes())
        if (o != "total") e.cells.ids.push_back("t4." + k + "." + o);
      e.left_size = e.cells.ids.size();
      e.cells.ids.push_back("t4." + k + ".total");
      table4.push_back(std::move(e));
    }
    applications =
        TextCheckPlan("text.applications", {{"t3.new.total"}, {"t3.new.total", "t3.carried_in.total"}});
    review = TextCheckPlan("text.review", {{"t4.review.total"}});
    suits = TextCheckPlan("text.suits", {{"t4.suit_direct.total", "t4.suit_after_review.total"}});
    std::vector<Cells*> all;
    for (auto* equations : {&table3_2019, &table3_2021, &table3_2021_single_other, &table4})
      for (EquationPlan& e : *equations) all.push_back(&e.cells);
    for (TextPlan* t : {&applications, &review, &suits})
      for (Cells& c : t->readings) all.push_back(&c);
    for (const Cells* c : all) ids.insert(ids.end(), c->ids.begin(), c->ids.end());
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (Cells* c : all)
      for (const std::string& id : c->ids) c->at.push_back(At(id));
    for (const std::string& c : Table3Columns()) {
      other_row.push_back(At("t3.other." + c));
      for (const char* row : {"other.no_correction", "other.no_fee", "other.other"})
        split_other_rows.push_back(At("t3." + std::string(row) + "." + c));
    }
  }

  // Where `id` is in `ids` (every id asked for is there: they were all put in).
  std::size_t At(const std::string& id) const {
    return static_cast<std::size_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  }
};

const CheckPlans& Plans() {
  static const CheckPlans plans;
  return plans;
}

// s.cells at the positions of `ids` (both sorted: one merge).
Slots SlotsOf(const Statistics& s, const std::vector<std::string>& ids) {
  Slots slots(ids.size(), nullptr);
  auto cell = s.cells.begin();
  for (std::size_t i = 0; i < ids.size() && cell != s.cells.end();) {
    const int order = cell->first.compare(ids[i]);
    if (order < 0) {
      ++cell;
    } else if (order > 0) {
      ++i;
    } else {
      slots[i++] = &cell->second;
      ++cell;
    }
  }
  return slots;
}

bool HasTable(const Statistics& s, const std::string& prefix) {
  auto it = s.cells.lower_bound(prefix);
  return it != s.cells.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

// The 表三 checks for the rows the report printed: the edition's rows, except that a 2021 report
// printing （六）其他处理 as the 2019 template's single row has `other` in place of its three.
const std::vector<EquationPlan>& Table3Checks(const Statistics& s, const CheckPlans& plans,
                                              const Slots& slots) {
  if (s.edition == "2019") return plans.table3_2019;
  auto any = [&slots](const std::vector<std::size_t>& at) {
    return std::any_of(at.begin(), at.end(), [&slots](std::size_t i) { return slots[i] != nullptr; });
  };
  if (!any(plans.other_row) || any(plans.split_other_rows)) return plans.table3_2021;
  return plans.table3_2021_single_other;
}

}  // namespace

void RunChecks(std::string_view body_text, Statistics* s) {
  const CheckPlans& plans = Plans();
  const Slots slots = SlotsOf(*s, plans.ids);
  const bool has3 = HasTable(*s, "t3."), has4 = HasTable(*s, "t4.");
  if (has3)
    for (const EquationPlan& e : Table3Checks(*s, plans, slots)) s->checks.push_back(Equation(slots, e));
  if (has4)
    for (const EquationPlan& e : plans.table4) s->checks.push_back(Equation(slots, e));
  if (has3) {
    static const std::vector<std::vector<std::string_view>> kApplicationKeys = {
        {"共受理", "共收到", "共计收到", "共新收", "共计受理"}, {"收到", "受理", "新收"}};
    s->checks.push_back(TextCheck(slots, plans.applications, Quote(body_text, kApplicationKeys, "申请")));
  }
  if (has4) {
    static const std::vector<std::vector<std::string_view>> kReviewKeys = {{"行政复议"}};
    static const std::vector<std::vector<std::string_view>> kSuitKeys = {{"行政诉讼"}};
    s->checks.push_back(TextCheck(slots, plans.review, Quote(body_text, kReviewKeys, "")));
    s->checks.push_back(TextCheck(slots, plans.suits, Quote(body_text, kSuitKeys, "")));
  }
}

}  // namespace gongkai::extract::stats
