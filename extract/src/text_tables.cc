// FindTextTables(): the statistics tables of a page printed without ruling lines, rebuilt as grids
// from the text positions alone (layout_internal.h).
//
// The shape looked for is the template's: rows of label text followed by columns of figures.
// 1. Each line is cut into segments where the gap between two boxes is wider than kCellGapEm of the
//    type size (words in a line sit closer; cells of a table are further apart).
// 2. A value line has at least two value segments (a figure, or '/', '—', '不适用') after its label,
//    one of them a figure. A table is a run of lines around value lines, of table type size, holding
//    enough figures (kMinTableValues, a line with kMinRowValues); body text ends it.
// 3. Value columns are the clusters of the value segments' centres (the x-clusters); a value line
//    is a row (its y-band), and a line holding only label text (a label wrapped over several lines,
//    a group label centred over its rows, "三、本年度办理结果" set vertically) joins the value row
//    nearest to it. Other lines (column headers, "第二十条第(五)项") are rows of their own.
// 4. In a row, label segments that overlap horizontally are one cell (a wrapped label), cells left to
//    right; a row with fewer label cells than the table repeats its last one (as an expanded
//    colspan would). Figures go to the column whose centre is nearest.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "extract/statistics.h"
#include "file_document.h"
#include "layout_internal.h"
#include "text_util.h"

namespace gongkai::extract::layout {
namespace {

// Boxes further apart than this many ems are in different cells.
constexpr double kCellGapEm = 0.9;
// In the label area, boxes further apart than this many ems are in different cells (a label column
// and the next one can be a padding's width apart; words of one label touch).
constexpr double kLabelGapEm = 0.4;
// A table holds at least this many value segments, and one line with this many.
constexpr int kMinTableValues = 6;
constexpr int kMinRowValues = 3;
// A rebuilt grid larger than this many cells is not a template table (表三 has 25 x 10): its lines
// stay text, and the grid's cost stays bounded on a hostile page of thousands of spaced figures.
constexpr std::size_t kMaxTextGridCells = 5000;
// ... and its cells hold at most this many bytes (labels repeated over the label columns counted).
constexpr std::size_t kMaxTextGridBytes = 256 * 1024;
// Consecutive lines of one table are at most this many ems apart (top of one to top of the next;
// a header cell wrapped over three lines with padding stays within it).
constexpr double kMaxLineStepEm = 4.0;
// A label-only line joins a value row at most this many ems from it (centre to centre).
constexpr double kMaxLabelReachEm = 2.6;
// Value centres within this many ems are one column.
constexpr double kColumnToleranceEm = 1.5;
// A line longer than this (characters) in one segment is body text, not a table line.
constexpr int kMaxLabelChars = 40;

struct Segment {
  std::string text;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0, size = 0;
  bool value = false;   // a figure or a not-applicable mark
  bool figure = false;  // a figure
  std::vector<const TextBox*> boxes;
  double cx() const { return (x0 + x1) / 2; }
  double cy() const { return (y0 + y1) / 2; }
};

struct LineInfo {
  std::vector<Segment> segs;
  int values = 0, figures = 0;
  bool value_line = false;
  double size = 0;
};

// Boxes of a line as segments: boxes at most `gap_em` apart are one.
std::vector<Segment> Segments(const std::vector<const TextBox*>& boxes, double gap_em) {
  std::vector<Segment> out;
  for (const TextBox* b : boxes) {
    double size = b->size > 0 ? b->size : b->y1 - b->y0;
    if (!out.empty() && b->x0 - out.back().x1 <= gap_em * std::min(size, out.back().size)) {
      Segment& s = out.back();
      AppendJoined(b->text, &s.text);
      s.x1 = std::max(s.x1, b->x1);
      s.y0 = std::min(s.y0, b->y0);
      s.y1 = std::max(s.y1, b->y1);
      s.boxes.push_back(b);
      continue;
    }
    out.push_back({b->text, b->x0, b->x1, b->y0, b->y1, size, false, false, {b}});
  }
  for (Segment& s : out) {
    s.text = text::CollapseSpace(s.text);
    StatisticCell cell;
    s.value = !s.text.empty() && ParseStatisticCell(s.text, &cell);
    s.figure = s.value && cell.state == StatisticCell::State::kNumber;
  }
  return out;
}

LineInfo Analyse(const Line& l) {
  LineInfo info;
  info.segs = Segments(l.boxes, kCellGapEm);
  info.size = l.size;
  // Values are the segments after the last label segment.
  std::size_t first_value = info.segs.size();
  while (first_value > 0 && info.segs[first_value - 1].value) --first_value;
  for (std::size_t i = first_value; i < info.segs.size(); ++i) {
    ++info.values;
    info.figures += info.segs[i].figure ? 1 : 0;
  }
  for (std::size_t i = 0; i < first_value; ++i) info.segs[i].value = info.segs[i].figure = false;
  info.value_line = info.values >= 2 && info.figures >= 1;
  return info;
}

// Body text: a long single run, or a sentence.
bool BodyLike(const LineInfo& info) {
  if (info.segs.size() != 1) return false;
  text::Counts c = text::Count(info.segs[0].text);
  return c.chars > kMaxLabelChars || (c.ends_sentence && c.chars > 12);
}

// Clusters of value centres: the value columns, left to right (their centres).
std::vector<double> ValueColumns(const std::vector<LineInfo>& info, std::size_t from, std::size_t to,
                                 double em) {
  std::vector<double> centres;
  for (std::size_t i = from; i < to; ++i)
    if (info[i].value_line)
      for (const Segment& s : info[i].segs)
        if (s.value) centres.push_back(s.cx());
  std::sort(centres.begin(), centres.end());
  std::vector<double> columns;
  std::vector<int> count;
  double last = -1e9;
  for (double c : centres) {
    if (c - last > kColumnToleranceEm * em) {
      columns.push_back(c);
      count.push_back(1);
    } else {
      columns.back() = (columns.back() * count.back() + c) / (count.back() + 1);
      ++count.back();
    }
    last = c;
  }
  return columns;
}

int Nearest(const std::vector<double>& centres, double x) {
  int best = 0;
  for (std::size_t i = 1; i < centres.size(); ++i)
    if (std::abs(centres[i] - x) < std::abs(centres[best] - x)) best = static_cast<int>(i);
  return best;
}

// Label segments of one row grouped into cells: those overlapping horizontally are one cell (its
// lines top to bottom), cells left to right.
std::vector<std::string> LabelCells(const std::vector<Segment>& label_segments) {
  // Label cells sit closer than figure cells: the label area is cut at smaller gaps first.
  std::vector<Segment> segs;
  for (const Segment& s : label_segments)
    for (Segment& piece : Segments(s.boxes, kLabelGapEm)) segs.push_back(std::move(piece));
  std::sort(segs.begin(), segs.end(), [](const Segment& a, const Segment& b) { return a.x0 < b.x0; });
  std::vector<std::vector<Segment>> stacks;
  std::vector<std::pair<double, double>> spans;
  for (const Segment& s : segs) {
    bool joined = false;
    for (std::size_t k = 0; k < stacks.size() && !joined; ++k)
      if (s.x0 < spans[k].second - 0.5 && s.x1 > spans[k].first + 0.5) {
        stacks[k].push_back(s);
        spans[k] = {std::min(spans[k].first, s.x0), std::max(spans[k].second, s.x1)};
        joined = true;
      }
    if (!joined) {
      stacks.push_back({s});
      spans.push_back({s.x0, s.x1});
    }
  }
  std::vector<std::size_t> order(stacks.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return spans[a].first < spans[b].first; });
  std::vector<std::string> out;
  for (std::size_t k : order) {
    std::sort(stacks[k].begin(), stacks[k].end(),
              [](const Segment& a, const Segment& b) { return a.cy() < b.cy(); });
    std::string t;
    for (const Segment& s : stacks[k]) AppendJoined(s.text, &t);
    out.push_back(std::move(t));
  }
  return out;
}

struct Row {
  double y = 0;                 // the anchor line's centre
  std::vector<Segment> labels;  // label-area segments
  std::vector<Segment> values;  // value-area segments (figures, or header text over the columns)
};

Grid BuildGrid(const std::vector<Line>& lines, const std::vector<LineInfo>& info, std::size_t from,
               std::size_t to, double em) {
  std::vector<double> columns = ValueColumns(info, from, to, em);
  double value_left = 1e9;
  for (std::size_t i = from; i < to; ++i)
    if (info[i].value_line)
      for (const Segment& s : info[i].segs)
        if (s.value) value_left = std::min(value_left, s.x0);
  const double margin = 0.5 * em;
  std::vector<Row> rows;
  std::vector<std::size_t> pending;  // label-only lines, placed once the value rows are known
  for (std::size_t i = from; i < to; ++i) {
    const LineInfo& li = info[i];
    bool label_only = true;
    for (const Segment& s : li.segs) label_only = label_only && s.x1 <= value_left + margin;
    if (!li.value_line && label_only) {
      pending.push_back(i);
      continue;
    }
    Row r;
    r.y = (lines[i].y0 + lines[i].y1) / 2;
    for (const Segment& s : li.segs)
      (s.value || s.x0 >= value_left - margin ? r.values : r.labels).push_back(s);
    rows.push_back(std::move(r));
  }
  for (std::size_t i : pending) {
    double y = (lines[i].y0 + lines[i].y1) / 2;
    int best = -1;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      bool anchor = !rows[r].values.empty() && rows[r].values.front().value;
      if (!anchor || std::abs(rows[r].y - y) > kMaxLabelReachEm * em) continue;
      if (best < 0 || std::abs(rows[r].y - y) < std::abs(rows[best].y - y)) best = static_cast<int>(r);
    }
    if (best >= 0) {
      for (const Segment& s : info[i].segs) rows[best].labels.push_back(s);
    } else {
      Row r;
      r.y = y;
      r.labels = info[i].segs;
      rows.push_back(std::move(r));
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.y < b.y; });

  std::vector<std::vector<std::string>> labels;
  std::size_t label_columns = 1;
  for (const Row& r : rows) {
    labels.push_back(LabelCells(r.labels));
    label_columns = std::max(label_columns, labels.back().size());
  }
  Grid g;
  g.from_text = true;
  g.label_columns = static_cast<int>(label_columns);
  std::size_t width = label_columns + columns.size();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<std::string> cells(width);
    std::vector<std::string>& l = labels[r];
    for (std::size_t c = 0; c < label_columns; ++c)
      cells[c] = c < l.size() ? l[c] : l.empty() ? "" : l.back();
    for (const Segment& s : rows[r].values) {
      std::string& cell = cells[label_columns + Nearest(columns, s.cx())];
      AppendJoined(s.text, &cell);
    }
    std::string line;
    for (std::size_t c = 0; c < width; ++c)
      if (!cells[c].empty() && (c == 0 || c > label_columns - 1 || cells[c] != cells[c - 1]))
        line += (line.empty() ? "" : " | ") + cells[c];
    g.row_texts.push_back(std::move(line));
    g.cells.push_back(std::move(cells));
  }
  // Value column boundaries: halfway between centres, the outer ones half a column out.
  for (std::size_t c = 0; c <= columns.size(); ++c) {
    if (c == 0)
      g.xs.push_back(columns.size() > 1 ? columns[0] - (columns[1] - columns[0]) / 2 : columns[0] - em);
    else if (c == columns.size())
      g.xs.push_back(columns.size() > 1 ? columns[c - 1] + (columns[c - 1] - columns[c - 2]) / 2
                                        : columns[0] + em);
    else
      g.xs.push_back((columns[c - 1] + columns[c]) / 2);
  }
  g.x0 = 1e9;
  g.x1 = -1e9;
  g.y0 = 1e9;
  g.y1 = -1e9;
  for (std::size_t i = from; i < to; ++i) {
    g.x0 = std::min(g.x0, lines[i].x0);
    g.x1 = std::max(g.x1, lines[i].x1);
    g.y0 = std::min(g.y0, lines[i].y0);
    g.y1 = std::max(g.y1, lines[i].y1);
  }
  // Every cell is its own region (nothing is known to be merged).
  int id = 0;
  g.region.assign(g.cells.size(), std::vector<int>(width));
  for (std::size_t r = 0; r < g.cells.size(); ++r)
    for (std::size_t c = 0; c < width; ++c) {
      g.region[r][c] = id++;
      g.region_text.push_back(g.cells[r][c]);
      g.region_rows.push_back(1);
    }
  return g;
}

}  // namespace

std::vector<Grid> FindTextTables(std::vector<Line>* lines) {
  std::vector<LineInfo> info;
  for (const Line& l : *lines) info.push_back(Analyse(l));
  std::vector<Grid> grids;
  std::vector<bool> used(lines->size(), false);
  for (std::size_t i = 0; i < lines->size(); ++i) {
    if (!info[i].value_line) continue;
    // The table's type size: its first value line's.
    const double em = std::max(info[i].size, 4.0);
    auto fits = [&](std::size_t k, std::size_t neighbour) {
      const Line& a = (*lines)[k];
      const Line& b = (*lines)[neighbour];
      if (used[k] || BodyLike(info[k]) || std::abs(a.size - em) > 0.25 * em + 1) return false;
      return std::abs(a.y0 - b.y0) <= kMaxLineStepEm * em;
    };
    std::size_t from = i, to = i + 1;
    while (from > 0 && fits(from - 1, from)) --from;
    while (to < lines->size() && fits(to, to - 1)) ++to;
    // Header lines above the first value line are kept; label lines after the last are not the
    // table's unless a value line follows them.
    while (to > i + 1 && !info[to - 1].value_line) --to;
    int values = 0, widest = 0;
    for (std::size_t k = from; k < to; ++k)
      if (info[k].value_line) {
        values += info[k].values;
        widest = std::max(widest, info[k].values);
      }
    if (values < kMinTableValues || widest < kMinRowValues) {
      i = to - 1;
      continue;
    }
    if ((to - from) * (ValueColumns(info, from, to, em).size() + 1) > kMaxTextGridCells) {
      i = to - 1;
      continue;
    }
    Grid g = BuildGrid(*lines, info, from, to, em);
    std::size_t bytes = 0;
    for (const auto& row : g.cells)
      for (const std::string& cell : row) bytes += cell.size();
    if (bytes > kMaxTextGridBytes) {  // label cells repeated over many columns: not the template
      i = to - 1;
      continue;
    }
    grids.push_back(std::move(g));
    for (std::size_t k = from; k < to; ++k) used[k] = true;
    i = to - 1;
  }
  std::vector<Line> kept;
  for (std::size_t k = 0; k < lines->size(); ++k)
    if (!used[k]) kept.push_back(std::move((*lines)[k]));
  *lines = std::move(kept);
  return grids;
}

}  // namespace gongkai::extract::layout
