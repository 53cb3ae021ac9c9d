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
#include <span>

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

// One row's cells.
using Cells = std::span<const std::string_view>;

// A grid's rows, or the text's lines as rows of one cell, viewed where they are (no copy).
class Rows {
 public:
  explicit Rows(const Table& table) {
    row_first_cell_.reserve(table.size() + 1);
    for (const auto& row : table) {
      row_first_cell_.push_back(cells_.size());
      cells_.insert(cells_.end(), row.begin(), row.end());
    }
    row_first_cell_.push_back(cells_.size());
  }
  // The text's non-empty lines.
  explicit Rows(std::string_view text) {
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      if (end > start) {
        row_first_cell_.push_back(cells_.size());
        cells_.push_back(text.substr(start, end - start));
      }
      start = end + 1;
    }
    row_first_cell_.push_back(cells_.size());
  }

  std::size_t size() const { return row_first_cell_.size() - 1; }
  Cells operator[](std::size_t row) const {
    return Cells(cells_).subspan(row_first_cell_[row], row_first_cell_[row + 1] - row_first_cell_[row]);
  }

 private:
  std::vector<std::string_view> cells_;
  std::vector<std::size_t> row_first_cell_;  // each row's first cell in cells_, then their count
};

// Every cell of a table normalised (stats::NormalizeLabel) once, back to back in one string: the
// edition vote reads every cell and the row reader every label cell, of the same tables.
class NormalizedCells {
 public:
  explicit NormalizedCells(const Rows& rows) {
    row_first_cell_.reserve(rows.size() + 1);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      row_first_cell_.push_back(cell_ends_.size());
      for (std::string_view cell : rows[r]) {
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

// Splits `row` into *p. `normalized`: the row's cells normalised, or null to normalise them here.
void SplitRow(Cells row, const NormalizedRow* normalized, RowParts* p) {
  p->label.clear();
  p->values.clear();
  // The values are the cells after the last label: they are read from the right up to that label.
  // The cells before it are label text, whatever they hold, and are not parsed as values.
  int last_label = -1;
  for (int i = static_cast<int>(row.size()) - 1; i >= 0; --i) {
    StatisticCell cell;
    if (!stats::MayBeValue(row[i]) || !ParseStatisticCell(row[i], &cell)) {
      last_label = i;
      break;
    }
    p->values.push_back(std::move(cell));
  }
  std::reverse(p->values.begin(), p->values.end());
  for (int i = 0; i <= last_label; ++i) {
    if (row[i].empty() || (i > 0 && row[i] == row[i - 1])) continue;
    if (normalized)
      p->label += (*normalized)[i];
    else
      stats::AppendNormalizedLabel(row[i], &p->label);
  }
}

// The values of a row that must carry `n` cells: trailing empty cells of a wider grid dropped, a
// value repeated by an expanded colspan taken once. False when the row does not fit.
bool Fit(const std::vector<StatisticCell>& v, std::size_t n, std::vector<StatisticCell>* out,
         bool spans = true) {
  std::size_t size = v.size();  // v[0, size) is read
  while (size > n && v[size - 1].state == State::kEmpty) --size;
  if (size > n && spans) {
    bool repeats = true;
    for (std::size_t i = n; i < size; ++i) repeats = repeats && v[i].raw == v[n - 1].raw;
    if (repeats) size = n;
  }
  if (n == 1 && size > 1 && spans) {  // one value over a wide row: the only printed one
    const StatisticCell* keep = &v.front();
    for (std::size_t i = 0; i < size; ++i) {
      if (v[i].state == State::kEmpty) continue;
      if (keep->state != State::kEmpty && keep->raw != v[i].raw) return false;  // two printed values
      keep = &v[i];
    }
    if (keep->state == State::kEmpty) return false;  // a header row ("总计 | | |"): no printed value
    out->assign(1, *keep);
    return true;
  }
  if (size != n) return false;
  bool printed = false;  // a header row ("总计 | | |") has label and blanks only
  for (std::size_t i = 0; i < n; ++i) printed = printed || v[i].state != State::kEmpty;
  if (!printed) return false;
  out->assign(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
  return true;
}

// The wording of the 表三 rows MatchTable3() keys on, row by row in the order it tries them: the
// first row with a word in the label wins.
struct Table3Word {
  std::string_view id;
  std::string_view word;
};
constexpr Table3Word kTable3Words[] = {
    {"refused.state_secret", "国家秘密"},
    {"refused.law_forbidden", "禁止公开"},
    {"refused.three_safety", "三安全一稳定"},
    {"refused.three_safety", "危及"},
    {"refused.third_party", "第三方"},
    {"refused.internal_affairs", "内部事务"},
    {"refused.process_info", "过程性"},
    {"refused.enforcement_file", "执法案卷"},
    {"refused.query_item", "查询事项"},
    {"unable.not_held", "不掌握"},
    {"unable.needs_creation", "另行制作"},
    {"unable.unclear", "不明确"},
    {"not_handled.petition", "信访"},
    {"not_handled.repeat", "重复申请"},
    {"not_handled.publication", "出版物"},
    {"not_handled.massive", "大量反复"},
    {"not_handled.confirm", "重新出具"},
    {"not_handled.confirm", "确认或重新"},
    {"other.no_correction", "不补正"},
    {"other.no_fee", "缴纳费用"},
    {"other.no_fee", "收费通知"},
    {"partly", "部分公开"},
    {"granted", "予以公开"},
    {"carried_in", "上年结转"},
    {"carried_over", "结转下年"},
    {"new", "本年新收"},
};
constexpr stats::WordSet<std::size(kTable3Words)> kTable3WordSet = [] {
  std::array<std::string_view, std::size(kTable3Words)> words;
  for (std::size_t k = 0; k < words.size(); ++k) words[k] = kTable3Words[k].word;
  return stats::WordSet(words);
}();

// 表三 row id for a label, or "" (see docs/statistics-schema.md for the wording each one keys on).
std::string_view MatchTable3(const std::string& label, std::string_view edition) {
  if (const std::uint64_t words = kTable3WordSet.In(label); words != 0) {
    const std::string_view id = kTable3Words[std::countr_zero(words)].id;
    if (edition == "2019" && id.substr(0, 6) == "other.") return "other";
    return id;
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

// The field ids of a 表三 row (as MatchTable3() names it), one per column of Table3Columns(): built
// once rather than for every row read.
const std::array<std::string, kTable3Columns>& Table3FieldIds(std::string_view row) {
  using Ids = std::map<std::string, std::array<std::string, kTable3Columns>, std::less<>>;
  static const Ids kIds = [] {
    Ids ids;
    for (std::string_view edition : {"2019", "2021"})
      for (const std::string& r : stats::Table3Rows(edition))
        for (std::size_t c = 0; c < kTable3Columns; ++c)
          ids[r][c] = "t3." + r + "." + stats::Table3Columns()[c];
    return ids;
  }();
  return kIds.find(row)->second;
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
// a text without tables.
std::uint64_t EditionWordingIn(std::string_view cell) {
  static constexpr stats::WordSet<std::size(kEditionWording)> kWords = [] {
    std::array<std::string_view, std::size(kEditionWording)> words;
    for (std::size_t k = 0; k < words.size(); ++k) words[k] = kEditionWording[k].text;
    return stats::WordSet(words);
  }();
  return kWords.In(cell);
}

// Votes for each edition from the wording only one edition uses, added to *votes (2019, 2021): one
// per cell for each wording it contains.
void AddEditionVotes(const Rows& rows, const NormalizedCells& normalized, std::pair<int, int>* votes) {
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Cells row = rows[r];
    for (std::size_t c = 0; c < row.size(); ++c)
      for (std::uint64_t m = EditionWordingIn(normalized.Cell(r, c)); m != 0; m &= m - 1)
        ++(kEditionWording[std::countr_zero(m)].edition2021 ? votes->second : votes->first);
    // Every cell normalised: a label ending in 其他处理 is a part of it.
    static constexpr stats::WordSet<1> kOtherHandling(std::array<std::string_view, 1>{"其他处理"});
    if (kOtherHandling.In(normalized.Row(r)) == 0) continue;
    const NormalizedRow cells{normalized, r};
    RowParts p;
    SplitRow(row, &cells, &p);
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
  std::string_view kind;  // the kind of case the last labelled row named (vertical layouts)
  std::vector<StatisticCell> stream;
  std::map<std::string, StatisticCell> placed;

  // The wording a label is read for, one bit each in kWords.In(label).
  enum Word : std::uint64_t {
    kReview = 1 << 0,        // 行政复议
    kSuit = 1 << 1,          // 行政诉讼
    kAfterReview = 1 << 2,   // 复议后
    kSuedDirectly = 1 << 3,  // 直接起诉
    kNotReviewed = 1 << 4,   // 未经复议
    kUpheld = 1 << 5,        // 维持
    kCorrected = 1 << 6,     // 纠正
    kOther = 1 << 7,         // 其他
    kNotConcluded = 1 << 8,  // 未审结
    kNotClosed = 1 << 9,     // 未结
    kTotal = 1 << 10,        // 总计
    kSum = 1 << 11,          // 合计
    kSubtotal = 1 << 12,     // 小计
    kSued = 1 << 13,         // 起诉
    kLawsuit = 1 << 14,      // 诉讼
  };
  static constexpr stats::WordSet<15> kWords{std::array<std::string_view, 15>{
      "行政复议", "行政诉讼", "复议后", "直接起诉", "未经复议", "维持", "纠正", "其他", "未审结", "未结",
      "总计", "合计", "小计", "起诉", "诉讼"}};

  // `words`: kWords.In(label).
  static std::string_view KindOf(std::uint64_t words) {
    if (words & kAfterReview) return "suit_after_review";
    if (words & (kSuedDirectly | kNotReviewed)) return "suit_direct";
    if (words & kReview) return "review";
    return "";
  }
  static std::string_view OutcomeOf(std::uint64_t words) {
    if (words & kUpheld) return "upheld";
    if (words & kCorrected) return "corrected";
    if (words & kOther) return "other";
    if (words & (kNotConcluded | kNotClosed)) return "pending";
    if (words & (kTotal | kSum | kSubtotal)) return "total";
    return "";
  }

  void Row(const RowParts& p) {
    const std::uint64_t words = kWords.In(p.label);
    bool header = (words & (kReview | kSuit)) != 0;
    if (header) active = true;
    if (!active || ambiguous) return;
    if (std::string_view k = KindOf(words); !k.empty()) kind = k;
    std::size_t size = p.values.size();  // the values read: p.values but its trailing empty cells
    while (size > 0 && p.values[size - 1].state == State::kEmpty) --size;
    if (size == 0) return;
    const std::string_view outcome = OutcomeOf(words);
    if (!outcome.empty() || header || (words & (kSued | kLawsuit)) != 0) {
      if (size == 1 && !outcome.empty() && !kind.empty())
        placed.emplace(std::string("t4.").append(kind).append(".").append(outcome), p.values.front());
      return;
    }
    if (stream.size() >= kTable4Cells) return;
    if (!p.label.empty() && min_stream_values > 1) return;  // text: a line of values only
    if (size < min_stream_values) return;
    std::size_t need = kTable4Cells - stream.size();
    if (p.values.size() >= need) {
      bool extras_empty = true;
      for (std::size_t i = need; i < p.values.size(); ++i)
        extras_empty = extras_empty && p.values[i].state == State::kEmpty;
      if (extras_empty) size = need;
    }
    stream.insert(stream.end(), p.values.begin(), p.values.begin() + static_cast<std::ptrdiff_t>(size));
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
void ForEachToken(Cells row, OnToken token) {
  for (std::string_view cell : row) {
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

std::size_t CountTokens(Cells row) {
  std::size_t n = 0;
  ForEachToken(row, [&n](std::string_view, std::size_t, std::size_t) { ++n; });
  return n;
}

// The row's tokens into *out (views of its cells).
void Tokens(Cells row, std::vector<std::string_view>* out) {
  out->clear();
  ForEachToken(row, [out](std::string_view cell, std::size_t from, std::size_t to) {
    out->push_back(cell.substr(from, to - from));
  });
}

// Reads rows one by one into *s (the first occurrence of a row wins).
class RowReader {
 public:
  RowReader(Statistics* s, bool text_lines) : s_(s), text_lines_(text_lines), t4_(text_lines) {}

  // `normalized`: the row's cells normalised.
  void Row(Cells row, const NormalizedRow& normalized) {
    // The row buffers are members, so that their memory is reused from row to row.
    RowParts& p = cells_;
    SplitRow(row, &normalized, &p);
    const bool split = CountTokens(row) != row.size();
    std::string& wrapped = wrapped_;  // a label that wrapped onto this line (text only)
    wrapped.swap(pending_label_);
    pending_label_.clear();
    if (Tables23(p, !text_lines_)) return;
    RowParts& q = tokens_;
    if (split) {
      Tokens(row, &token_text_);
      SplitRow(token_text_, nullptr, &q);
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
    if (std::string_view id = MatchTable3(p.label, s_->edition);
        !id.empty() && Fit(p.values, kTable3Columns, &v, spans)) {
      const auto& ids = Table3FieldIds(id);
      if (s_->cells.count(ids[0])) return true;  // the first occurrence wins
      for (std::size_t c = 0; c < kTable3Columns; ++c) s_->cells.emplace(ids[c], std::move(v[c]));
      ++rows3_;
      return true;
    }
    if (const stats::Table2Row* r = MatchTable2(p.label, s_->edition);
        r && Fit(p.values, r->columns.size(), &v, spans)) {
      if (s_->cells.count(r->ids[0])) return true;
      for (std::size_t c = 0; c < r->ids.size(); ++c) s_->cells.emplace(r->ids[c], std::move(v[c]));
      ++rows2_;
      return true;
    }
    return false;
  }

  Statistics* s_;
  bool text_lines_;
  std::string pending_label_;
  RowParts cells_;                            // the row as its cells split it
  RowParts tokens_;                           // the row as its tokens split it
  std::vector<std::string_view> token_text_;  // the row's tokens
  std::string wrapped_;                       // the label pending before this row
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
  const Rows lines(body_text);
  std::vector<Rows> grids;
  grids.reserve(tables.size());
  for (const Table& table : tables) grids.emplace_back(table);
  std::vector<NormalizedCells> normalized;
  normalized.reserve(grids.size());
  for (const Rows& grid : grids) normalized.emplace_back(grid);
  std::optional<NormalizedCells> normalized_lines;  // when the lines are read
  auto lines_normalized = [&]() -> const NormalizedCells& {
    if (!normalized_lines) normalized_lines.emplace(lines);
    return *normalized_lines;
  };
  // The tables' wording tells the edition; when it does not, the text's lines may.
  std::pair<int, int> votes;
  for (std::size_t t = 0; t < grids.size(); ++t) AddEditionVotes(grids[t], normalized[t], &votes);
  if (votes.first == votes.second) {
    votes = {};
    AddEditionVotes(lines, lines_normalized(), &votes);
  }
  s.edition = EditionOf(votes, year_hint);
  RowReader reader(&s, /*text_lines=*/false);
  for (std::size_t t = 0; t < grids.size(); ++t)
    for (std::size_t r = 0; r < grids[t].size(); ++r) reader.Row(grids[t][r], {normalized[t], r});
  reader.Finish();
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
