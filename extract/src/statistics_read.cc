// ReadStatistics(): the template's tables found in a page's grids, whatever the markup did to them.
//
// Every grid row is split into a label (its text cells, spans' repeats dropped) and the value cells
// after it. Rows are recognised by their label alone, so a table split over several grids, repeated
// header rows and rowspan-expanded group cells ("三、本年度办理结果" on every row) do not matter;
// 表四, whose value row has no label, is read as the stream of value cells that follows its
// "行政复议/行政诉讼" header.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "extract/statistics.h"
#include "statistics_internal.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

using State = StatisticCell::State;

constexpr std::size_t kTable3Columns = 7;
constexpr std::size_t kTable4Cells = 15;
// A text line without values this short may be the first half of a wrapped row label.
constexpr int kMaxWrappedLabelChars = 40;

bool Has(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}
bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// text::Count(s).chars <= max, counted only as far as max + 1.
bool AtMostChars(std::string_view s, int max) {
  if (s.size() <= static_cast<std::size_t>(max)) return true;  // a character takes a byte at least
  int chars = 0;
  for (std::size_t i = 0; i < s.size();)
    if (!text::IsSpace(text::NextCodePoint(s, &i)) && ++chars > max) return false;
  return true;
}

// Every cell of a table normalised (stats::NormalizeLabel) once, back to back in one string: the
// edition vote reads every cell and the row reader every label cell, of the same tables.
class NormalizedCells {
 public:
  explicit NormalizedCells(const Table& table) {
    row_first_cell_.reserve(table.size() + 1);
    for (const auto& row : table) {
      row_first_cell_.push_back(cell_ends_.size());
      for (const std::string& cell : row) {
        stats::AppendNormalizedLabel(cell, &text_);
        cell_ends_.push_back(text_.size());
      }
    }
    row_first_cell_.push_back(cell_ends_.size());
  }

  std::string_view Cell(std::size_t row, std::size_t column) const {
    const std::size_t k = row_first_cell_[row] + column;
    return Between(k, k + 1);
  }
  // The row's cells joined.
  std::string_view Row(std::size_t row) const {
    return Between(row_first_cell_[row], row_first_cell_[row + 1]);
  }

 private:
  // The text of cells [first, last).
  std::string_view Between(std::size_t first, std::size_t last) const {
    const std::size_t from = first == 0 ? 0 : cell_ends_[first - 1];
    const std::size_t to = last == 0 ? 0 : cell_ends_[last - 1];
    return std::string_view(text_).substr(from, to - from);
  }

  std::string text_;
  std::vector<std::size_t> cell_ends_;       // where each cell ends in text_, row after row
  std::vector<std::size_t> row_first_cell_;  // each row's first cell in cell_ends_, then their count
};

// One row of NormalizedCells.
struct NormalizedRow {
  const NormalizedCells& cells;
  std::size_t row;
  std::string_view operator[](std::size_t column) const { return cells.Cell(row, column); }
};

struct RowParts {
  std::string label;                  // normalised text cells up to the last one, repeats dropped
  std::vector<StatisticCell> values;  // the cells after the label
};

// `normalized`: the row's cells normalised, or null to normalise them here.
RowParts SplitRow(const std::vector<std::string>& row, const NormalizedRow* normalized) {
  RowParts p;
  // The values are the cells after the last label: they are read from the right up to that label.
  // The cells before it are label text, whatever they hold, and are not parsed as values.
  int last_label = -1;
  for (int i = static_cast<int>(row.size()) - 1; i >= 0; --i) {
    StatisticCell cell;
    if (!stats::MayBeValue(row[i]) || !ParseStatisticCell(row[i], &cell)) {
      last_label = i;
      break;
    }
    p.values.push_back(std::move(cell));
  }
  std::reverse(p.values.begin(), p.values.end());
  for (int i = 0; i <= last_label; ++i) {
    if (row[i].empty() || (i > 0 && row[i] == row[i - 1])) continue;
    if (normalized)
      p.label += (*normalized)[i];
    else
      stats::AppendNormalizedLabel(row[i], &p.label);
  }
  return p;
}

// The values of a row that must carry `n` cells: trailing empty cells of a wider grid dropped, a
// value repeated by an expanded colspan taken once. False when the row does not fit.
bool Fit(std::vector<StatisticCell> v, std::size_t n, std::vector<StatisticCell>* out, bool spans = true) {
  while (v.size() > n && v.back().state == State::kEmpty) v.pop_back();
  if (v.size() > n && spans) {
    bool repeats = true;
    for (std::size_t i = n; i < v.size(); ++i) repeats = repeats && v[i].raw == v[n - 1].raw;
    if (repeats) v.resize(n);
  }
  if (n == 1 && v.size() > 1 && spans) {  // one value over a wide row: the only printed one
    std::set<std::string> printed;
    for (const StatisticCell& c : v)
      if (c.state != State::kEmpty) printed.insert(c.raw);
    if (printed.size() > 1) return false;
    StatisticCell keep = v.front();
    for (const StatisticCell& c : v)
      if (c.state != State::kEmpty) keep = c;
    v = {keep};
  }
  if (v.size() != n) return false;
  bool printed = false;  // a header row ("总计 | | |") has label and blanks only
  for (const StatisticCell& c : v) printed = printed || c.state != State::kEmpty;
  if (!printed) return false;
  *out = std::move(v);
  return true;
}

// 表三 row id for a label, or "" (see docs/statistics-schema.md for the wording each one keys on).
std::string MatchTable3(const std::string& label, std::string_view edition) {
  struct Key {
    const char* id;
    std::vector<const char*> parts;
  };
  static const std::vector<Key> kLeaves = {
      {"refused.state_secret", {"国家秘密"}},
      {"refused.law_forbidden", {"禁止公开"}},
      {"refused.three_safety", {"三安全一稳定", "危及"}},
      {"refused.third_party", {"第三方"}},
      {"refused.internal_affairs", {"内部事务"}},
      {"refused.process_info", {"过程性"}},
      {"refused.enforcement_file", {"执法案卷"}},
      {"refused.query_item", {"查询事项"}},
      {"unable.not_held", {"不掌握"}},
      {"unable.needs_creation", {"另行制作"}},
      {"unable.unclear", {"不明确"}},
      {"not_handled.petition", {"信访"}},
      {"not_handled.repeat", {"重复申请"}},
      {"not_handled.publication", {"出版物"}},
      {"not_handled.massive", {"大量反复"}},
      {"not_handled.confirm", {"重新出具", "确认或重新"}},
      {"other.no_correction", {"不补正"}},
      {"other.no_fee", {"缴纳费用", "收费通知"}},
      {"partly", {"部分公开"}},
      {"granted", {"予以公开"}},
      {"carried_in", {"上年结转"}},
      {"carried_over", {"结转下年"}},
      {"new", {"本年新收"}},
  };
  for (const Key& k : kLeaves)
    for (const char* part : k.parts)
      if (Has(label, part)) {
        if (edition == "2019" && std::string_view(k.id).substr(0, 6) == "other.") return "other";
        return k.id;
      }
  // （六）其他处理 printed as one row, as the 2019 template has it: `other` in either edition (a 2021
  // report printing the old row keeps it under the 2019 id; docs/statistics-schema.md).
  if (EndsWith(label, "其他处理")) return "other";
  if (EndsWith(label, "其他") &&
      (Has(label, "其他处理") || label == "其他" || label == "3.其他" || label == "3其他"))
    return edition == "2019" ? "other" : "other.other";
  if (Has(label, "总计") || Has(label, "合计")) return "total";
  return "";
}

const stats::Table2Row* MatchTable2(const std::string& label, std::string_view edition) {
  for (const stats::Table2Row& r : stats::Table2Rows(edition))
    for (const std::string& l : r.labels)
      if (EndsWith(label, l)) return &r;
  return nullptr;
}

// "2019" or "2021", from the votes of the wording only one edition uses; `year_hint` decides when
// they are even.
std::string EditionOf(std::pair<int, int> votes, std::optional<int> year_hint) {
  auto [votes2019, votes2021] = votes;
  if (votes2019 != votes2021) return votes2019 > votes2021 ? "2019" : "2021";
  return year_hint && *year_hint <= 2020 ? "2019" : "2021";
}

// The wording only one edition uses.
struct Wording {
  std::string_view text;
  bool edition2021;
};
constexpr Wording kEditionWording[] = {
    {"本年制发件数", true},     {"本年废止件数", true},    {"本年收费金额", true},
    {"本年处理决定数量", true}, {"现行有效件数", true},    {"逾期不补正", true},
    {"缴纳费用", true},         {"本年新制作", false},     {"本年新公开", false},
    {"本年增/减", false},       {"对外公开总数量", false}, {"上一年项目数量", false},
    {"采购项目数量", false},    {"政府集中采购", false},   {"其他对外管理服务事项", false}};

// The kEditionWording a cell contains, one bit each. This runs on every cell, and on every line of
// a text without tables. Each wording starts with a Chinese character, three bytes in UTF-8: the
// cell is scanned for those first characters as Horspool's search does, looking at the last byte of
// a three-byte window and moving the window past places no first character can start at (mostly a
// whole character at a time), and a wording is compared only where its first character is.
std::uint32_t EditionWordingIn(std::string_view cell) {
  static_assert(std::size(kEditionWording) <= 32);
  struct Scan {
    std::array<std::uint32_t, 256> ending{};  // the wordings whose first character ends in a byte
    std::array<std::uint8_t, 256> shift{};    // how far the window may move after a byte at its end
  };
  static constexpr Scan kScan = [] {
    Scan scan;
    scan.shift.fill(3);
    for (std::size_t k = 0; k < std::size(kEditionWording); ++k) {
      const std::string_view w = kEditionWording[k].text;
      scan.ending[static_cast<unsigned char>(w[2])] |= std::uint32_t{1} << k;
      for (std::size_t j = 0; j < 2; ++j) {
        std::uint8_t& shift = scan.shift[static_cast<unsigned char>(w[j])];
        shift = std::min<std::uint8_t>(shift, 2 - j);
      }
    }
    return scan;
  }();
  std::uint32_t found = 0;
  for (std::size_t i = 0; i + 2 < cell.size();) {
    const unsigned char last = static_cast<unsigned char>(cell[i + 2]);
    for (std::uint32_t m = kScan.ending[last] & ~found; m != 0; m &= m - 1) {
      const int k = std::countr_zero(m);
      if (cell.substr(i).starts_with(kEditionWording[k].text)) found |= std::uint32_t{1} << k;
    }
    i += kScan.shift[last];
  }
  return found;
}

// Votes for each edition from the wording only one edition uses, added to *votes (2019, 2021): one
// per cell for each wording it contains.
void AddEditionVotes(const Table& table, const NormalizedCells& normalized, std::pair<int, int>* votes) {
  for (std::size_t r = 0; r < table.size(); ++r) {
    const auto& row = table[r];
    for (std::size_t c = 0; c < row.size(); ++c)
      for (std::uint32_t m = EditionWordingIn(normalized.Cell(r, c)); m != 0; m &= m - 1)
        ++(kEditionWording[std::countr_zero(m)].edition2021 ? votes->second : votes->first);
    // Every cell normalised: a label ending in 其他处理 is a part of it.
    if (!Has(normalized.Row(r), "其他处理")) continue;
    const NormalizedRow cells{normalized, r};
    RowParts p = SplitRow(row, &cells);
    std::vector<StatisticCell> v;
    if (EndsWith(p.label, "其他处理") && Fit(p.values, kTable3Columns, &v)) ++votes->first;
  }
}

// 表四 as read so far: the value stream after its header, or cells placed by labelled rows.
struct Table4Reader {
  explicit Table4Reader(bool text_lines) : min_stream_values(text_lines ? 5 : 1) {}
  // A line of text joins the value stream only with this many values (prose has lone numbers).
  std::size_t min_stream_values;
  bool active = false;  // a 行政复议/行政诉讼 header was seen
  bool ambiguous = false;
  std::string kind;  // the kind of case the last labelled row named (vertical layouts)
  std::vector<StatisticCell> stream;
  std::map<std::string, StatisticCell> placed;

  static std::string KindOf(const std::string& label) {
    if (Has(label, "复议后")) return "suit_after_review";
    if (Has(label, "直接起诉") || Has(label, "未经复议")) return "suit_direct";
    if (Has(label, "行政复议")) return "review";
    return "";
  }
  static std::string OutcomeOf(const std::string& label) {
    if (Has(label, "维持")) return "upheld";
    if (Has(label, "纠正")) return "corrected";
    if (Has(label, "其他")) return "other";
    if (Has(label, "未审结") || Has(label, "未结")) return "pending";
    if (Has(label, "总计") || Has(label, "合计") || Has(label, "小计")) return "total";
    return "";
  }

  void Row(const RowParts& p) {
    bool header = Has(p.label, "行政复议") || Has(p.label, "行政诉讼");
    if (header) active = true;
    if (!active || ambiguous) return;
    std::string k = KindOf(p.label);
    if (!k.empty()) kind = k;
    std::vector<StatisticCell> values = p.values;
    while (!values.empty() && values.back().state == State::kEmpty) values.pop_back();
    if (values.empty()) return;
    std::string outcome = OutcomeOf(p.label);
    if (!outcome.empty() || header || Has(p.label, "起诉") || Has(p.label, "诉讼")) {
      if (values.size() == 1 && !outcome.empty() && !kind.empty())
        placed.emplace("t4." + kind + "." + outcome, values.front());
      return;
    }
    if (stream.size() >= kTable4Cells) return;
    if (!p.label.empty() && min_stream_values > 1) return;  // text: a line of values only
    if (values.size() < min_stream_values) return;
    std::size_t need = kTable4Cells - stream.size();
    if (p.values.size() >= need) {
      bool extras_empty = true;
      for (std::size_t i = need; i < p.values.size(); ++i)
        extras_empty = extras_empty && p.values[i].state == State::kEmpty;
      if (extras_empty) values.assign(p.values.begin(), p.values.begin() + need);
    }
    stream.insert(stream.end(), values.begin(), values.end());
    if (stream.size() > kTable4Cells) ambiguous = true;
  }

  void Store(Statistics* s) const {
    if (!ambiguous && stream.size() == kTable4Cells) {
      std::size_t i = 0;
      for (const std::string& k : stats::Table4Kinds())
        for (const std::string& o : stats::Table4Outcomes())
          s->cells.emplace("t4." + k + "." + o, stream[i++]);
      return;
    }
    for (const auto& [id, cell] : placed) s->cells.emplace(id, cell);
  }
};

// The length of the token separator (a text::IsSpace character or '|') at s[i], or 0. Such a
// character starts with a byte no other character has inside it (ASCII, C2, E2, E3 or EF), and only
// there is a code point read: the bytes between are inside tokens.
std::size_t SeparatorBytes(std::string_view s, std::size_t i) {
  static constexpr auto kMaySeparate = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {' ', '|', '\t', '\n', '\v', '\f', '\r'}) t[c] = true;
    for (unsigned char c : {0xC2, 0xE2, 0xE3, 0xEF}) t[c] = true;  // NBSP; U+2002..202F; U+3000; U+FEFF
    return t;
  }();
  if (!kMaySeparate[static_cast<unsigned char>(s[i])]) return 0;
  std::size_t end = i;
  const char32_t cp = text::NextCodePoint(s, &end);
  return text::IsSpace(cp) || cp == '|' ? end - i : 0;
}

// Cells split at whitespace: a PDF grid without column rulings puts "0 0 0 1" in one cell, and a
// table read as text lines has no cells at all. Calls `token(cell, from, to)` for each token.
template <typename OnToken>
void ForEachToken(const std::vector<std::string>& row, OnToken token) {
  for (const std::string& cell : row) {
    std::size_t start = std::string::npos;  // of the token being read
    for (std::size_t i = 0; i < cell.size();) {
      if (const std::size_t separator = SeparatorBytes(cell, i); separator != 0) {
        if (start != std::string::npos) token(cell, start, i);
        start = std::string::npos;
        i += separator;
      } else {
        if (start == std::string::npos) start = i;
        ++i;
      }
    }
    if (start != std::string::npos) token(cell, start, cell.size());
  }
}

std::size_t CountTokens(const std::vector<std::string>& row) {
  std::size_t n = 0;
  ForEachToken(row, [&n](const std::string&, std::size_t, std::size_t) { ++n; });
  return n;
}

std::vector<std::string> Tokens(const std::vector<std::string>& row) {
  std::vector<std::string> out;
  ForEachToken(row, [&out](const std::string& cell, std::size_t from, std::size_t to) {
    out.push_back(cell.substr(from, to - from));
  });
  return out;
}

// Reads rows one by one into *s (the first occurrence of a row wins).
class RowReader {
 public:
  RowReader(Statistics* s, bool text_lines) : s_(s), text_lines_(text_lines), t4_(text_lines) {}

  // `normalized`: the row's cells normalised.
  void Row(const std::vector<std::string>& row, const NormalizedRow& normalized) {
    RowParts p = SplitRow(row, &normalized);
    const bool split = CountTokens(row) != row.size();
    std::string wrapped = pending_label_;  // a label that wrapped onto this line (text only)
    pending_label_.clear();
    if (Tables23(p, !text_lines_)) return;
    RowParts q;
    if (split) {
      q = SplitRow(Tokens(row), nullptr);
      if (Tables23(q, false)) return;
    }
    RowParts& read = split ? q : p;
    if (text_lines_ && !wrapped.empty() && !read.values.empty()) {
      RowParts joined = read;
      joined.label = wrapped + read.label;
      if (Tables23(joined, false)) return;
    }
    if (text_lines_ && read.values.empty() && AtMostChars(read.label, kMaxWrappedLabelChars) &&
        !Has(read.label, "复议") && !Has(read.label, "诉讼") && !Has(read.label, "结果"))
      pending_label_ = read.label;
    t4_.Row(read);
  }

  void Finish() { t4_.Store(s_); }
  int rows2() const { return rows2_; }
  int rows3() const { return rows3_; }

 private:
  // `spans`: the cells come from a grid whose spans were expanded (repeated values may be one).
  bool Tables23(const RowParts& p, bool spans) {
    if (p.label.empty()) return false;
    // Fit() wants at least one printed value: a row of label and blanks is told without matching
    // its label against every row of the two tables (most rows of a page, every line of prose).
    bool printed = false;
    for (const StatisticCell& c : p.values) printed = printed || c.state != State::kEmpty;
    if (!printed) return false;
    std::vector<StatisticCell> v;
    if (std::string id = MatchTable3(p.label, s_->edition);
        !id.empty() && Fit(p.values, kTable3Columns, &v, spans)) {
      const auto& cols = stats::Table3Columns();
      if (s_->cells.count("t3." + id + "." + cols[0])) return true;  // the first occurrence wins
      for (std::size_t c = 0; c < cols.size(); ++c) s_->cells.emplace("t3." + id + "." + cols[c], v[c]);
      ++rows3_;
      return true;
    }
    if (const stats::Table2Row* r = MatchTable2(p.label, s_->edition);
        r && Fit(p.values, r->columns.size(), &v, spans)) {
      if (s_->cells.count("t2." + r->id + "." + r->columns[0])) return true;
      for (std::size_t c = 0; c < r->columns.size(); ++c)
        s_->cells.emplace("t2." + r->id + "." + r->columns[c], v[c]);
      ++rows2_;
      return true;
    }
    return false;
  }

  Statistics* s_;
  bool text_lines_;
  std::string pending_label_;
  Table4Reader t4_;
  int rows2_ = 0, rows3_ = 0;
};

bool HasTable(const Statistics& s, std::string_view prefix) {
  for (const auto& [id, cell] : s.cells)
    if (id.compare(0, prefix.size(), prefix) == 0) return true;
  return false;
}

}  // namespace

std::optional<Statistics> ReadStatistics(const std::vector<Table>& tables, std::string_view body_text,
                                         std::optional<int> year_hint) {
  Statistics s;
  // The text's own lines, for tables that reached us as text (a PDF table drawn without rulings).
  Table lines;
  for (std::size_t start = 0; start < body_text.size();) {
    std::size_t end = body_text.find('\n', start);
    if (end == std::string_view::npos) end = body_text.size();
    if (end > start) lines.push_back({std::string(body_text.substr(start, end - start))});
    start = end + 1;
  }
  std::vector<NormalizedCells> normalized;
  normalized.reserve(tables.size());
  for (const Table& table : tables) normalized.emplace_back(table);
  std::optional<NormalizedCells> normalized_lines;  // when the lines are read
  auto lines_normalized = [&]() -> const NormalizedCells& {
    if (!normalized_lines) normalized_lines.emplace(lines);
    return *normalized_lines;
  };
  // The tables' wording tells the edition; when it does not, the text's lines may.
  std::pair<int, int> votes;
  for (std::size_t t = 0; t < tables.size(); ++t) AddEditionVotes(tables[t], normalized[t], &votes);
  if (votes.first == votes.second) {
    votes = {};
    AddEditionVotes(lines, lines_normalized(), &votes);
  }
  s.edition = EditionOf(votes, year_hint);
  RowReader grids(&s, /*text_lines=*/false);
  for (std::size_t t = 0; t < tables.size(); ++t)
    for (std::size_t r = 0; r < tables[t].size(); ++r) grids.Row(tables[t][r], {normalized[t], r});
  grids.Finish();
  if (!HasTable(s, "t3.") || !HasTable(s, "t4.") || !HasTable(s, "t2.")) {
    Statistics from_text;
    from_text.edition = s.edition;
    RowReader text(&from_text, /*text_lines=*/true);
    for (std::size_t r = 0; r < lines.size(); ++r) text.Row(lines[r], {lines_normalized(), r});
    text.Finish();
    for (std::string_view t : {"t2.", "t3.", "t4."})
      if (!HasTable(s, t) && HasTable(from_text, t))
        for (const auto& [id, cell] : from_text.cells)
          if (id.compare(0, 3, t) == 0) s.cells.emplace(id, cell);
  }
  int rows2 = 0;
  for (const auto& [id, cell] : s.cells) rows2 += id.compare(0, 3, "t2.") == 0;
  if (!HasTable(s, "t3.") && !HasTable(s, "t4.") && rows2 < 2) return std::nullopt;
  stats::RunChecks(body_text, &s);
  return s;
}

}  // namespace gongkai::extract
