// LayOut(): boxes -> lines -> (furniture removed) -> paragraphs, headings, tables (page_layout.h).
#include "page_layout.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "layout_internal.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// Share of the page height at the top and at the bottom where running headers, footers and page
// numbers live (A4 WPS reports put them within 2.5 cm of the edge: 8.4% of 29.7 cm).
constexpr double kFurnitureBand = 0.11;
// A line repeated in the band on this many pages is a running header or footer.
constexpr int kRepeatedPages = 2;
// Rulings: a table border is at least this long (points); glyph strokes are shorter.
constexpr double kMinHorizontalRuling = 20;
constexpr double kMinVerticalRuling = 10;
// Two rulings meet when they come this close (points): borders are drawn 0.5-1 pt thick.
constexpr double kRulingTolerance = 2.5;
// A ruled grid with more cells than this is no table a page prints (an A4 page holds a few hundred
// legible cells; 表三 has 250): a hostile page of hatching is left as text, in bounded time.
constexpr std::size_t kMaxGridCells = 10000;
// The text of a grid, merged cells' text counted in every cell they cover, is at most this many
// bytes (表三 holds ~6 KB); past it the ruled area is read as text.
constexpr std::size_t kMaxGridTextBytes = 256 * 1024;
// A line is a heading when its type is this much larger than the body's...
constexpr double kHeadingSizeRatio = 1.12;
// ...and it is no longer than this (characters).
constexpr int kMaxHeadingChars = 40;
// Title lines on the first page are set at least this much larger than the body.
constexpr double kTitleSizeRatio = 1.3;

using layout::Grid;
using layout::GroupLines;
using layout::Line;

// A flow element of a page: a line or a table, at its top coordinate.
struct Element {
  double y = 0;
  int line = -1;
  int grid = -1;
};

struct UnionFind {
  std::vector<int> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  int Find(int a) { return parent[a] == a ? a : parent[a] = Find(parent[a]); }
  void Join(int a, int b) { parent[Find(a)] = Find(b); }
};

bool Horizontal(const Ruling& r) {
  return std::abs(r.y1 - r.y0) < 1.5 && r.x1 - r.x0 >= kMinHorizontalRuling;
}
bool Vertical(const Ruling& r) {
  return std::abs(r.x1 - r.x0) < 1.5 && r.y1 - r.y0 >= kMinVerticalRuling;
}

bool Meet(const Ruling& h, const Ruling& v) {
  double t = kRulingTolerance;
  return v.x0 >= h.x0 - t && v.x0 <= h.x1 + t && h.y0 >= v.y0 - t && h.y0 <= v.y1 + t;
}

// Merges collinear, touching segments (a border drawn cell by cell is one line).
std::vector<Ruling> MergeCollinear(std::vector<Ruling> segs, bool horizontal) {
  auto key = [horizontal](const Ruling& r) { return horizontal ? r.y0 : r.x0; };
  auto from = [horizontal](const Ruling& r) { return horizontal ? r.x0 : r.y0; };
  std::sort(segs.begin(), segs.end(), [&](const Ruling& a, const Ruling& b) {
    if (std::abs(key(a) - key(b)) >= 1.5) return key(a) < key(b);
    return from(a) < from(b);
  });
  std::vector<Ruling> out;
  for (const Ruling& s : segs) {
    if (!out.empty()) {
      Ruling& m = out.back();
      if (std::abs(key(m) - key(s)) < 1.5) {
        if (horizontal && s.x0 <= m.x1 + kRulingTolerance) {
          m.x1 = std::max(m.x1, s.x1);
          continue;
        }
        if (!horizontal && s.y0 <= m.y1 + kRulingTolerance) {
          m.y1 = std::max(m.y1, s.y1);
          continue;
        }
      }
    }
    out.push_back(s);
  }
  return out;
}

std::vector<double> Boundaries(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::vector<double> out;
  for (double x : v)
    if (out.empty() || x - out.back() > kRulingTolerance) out.push_back(x);
  return out;
}

int Slot(const std::vector<double>& bounds, double v) {
  for (std::size_t i = 0; i + 1 < bounds.size(); ++i)
    if (v >= bounds[i] && v < bounds[i + 1]) return static_cast<int>(i);
  return -1;
}

// OCR reads a cell border touching the text as '|' (or 丨, ｜): not part of the cell.
std::string TrimRulingMarks(const std::string& s) {
  std::string_view v = s;
  for (bool again = true; again;) {
    again = false;
    for (std::string_view mark : {"|", "丨", "｜", " "}) {
      if (v.size() >= mark.size() && v.substr(0, mark.size()) == mark) {
        v.remove_prefix(mark.size());
        again = true;
      }
      if (v.size() >= mark.size() && v.substr(v.size() - mark.size()) == mark) {
        v.remove_suffix(mark.size());
        again = true;
      }
    }
  }
  return std::string(v);
}

// Tables on one page from its rulings; boxes inside a table are marked used.
std::vector<Grid> FindTables(const LayoutPage& page, std::vector<bool>* used) {
  std::vector<Ruling> hs, vs;
  for (const Ruling& r : page.rulings) {
    if (Horizontal(r))
      hs.push_back(r);
    else if (Vertical(r))
      vs.push_back(r);
  }
  hs = MergeCollinear(std::move(hs), true);
  vs = MergeCollinear(std::move(vs), false);
  // A border meets at least two borders across it; glyph strokes and underlines do not.
  auto keep_meeting = [](const std::vector<Ruling>& a, const std::vector<Ruling>& b, bool a_is_h) {
    std::vector<Ruling> out;
    for (const Ruling& r : a) {
      int n = 0;
      for (const Ruling& o : b) n += (a_is_h ? Meet(r, o) : Meet(o, r)) ? 1 : 0;
      if (n >= 2) out.push_back(r);
    }
    return out;
  };
  std::vector<Ruling> h2 = keep_meeting(hs, vs, true);
  std::vector<Ruling> v2 = keep_meeting(vs, hs, false);
  hs = std::move(h2);
  vs = std::move(v2);
  UnionFind uf(hs.size() + vs.size());
  for (std::size_t i = 0; i < hs.size(); ++i)
    for (std::size_t j = 0; j < vs.size(); ++j)
      if (Meet(hs[i], vs[j])) uf.Join(static_cast<int>(i), static_cast<int>(hs.size() + j));
  std::map<int, std::pair<std::vector<Ruling>, std::vector<Ruling>>> clusters;
  for (std::size_t i = 0; i < hs.size(); ++i) clusters[uf.Find(static_cast<int>(i))].first.push_back(hs[i]);
  for (std::size_t j = 0; j < vs.size(); ++j)
    clusters[uf.Find(static_cast<int>(hs.size() + j))].second.push_back(vs[j]);

  std::vector<Grid> grids;
  for (auto& [id, cl] : clusters) {
    // Named references, not a structured binding: clang 14 (the fuzz build) cannot capture those.
    std::vector<Ruling>& ch = cl.first;
    std::vector<Ruling>& cv = cl.second;
    if (ch.size() < 2 || cv.size() < 2) continue;
    Grid g;
    std::vector<double> ys, xs;
    for (const Ruling& r : ch) ys.push_back(r.y0);
    for (const Ruling& r : cv) xs.push_back(r.x0);
    g.ys = Boundaries(ys);
    g.xs = Boundaries(xs);
    if (g.ys.size() < 2 || g.xs.size() < 2 || (g.ys.size() < 3 && g.xs.size() < 3)) continue;
    std::size_t rows = g.ys.size() - 1, cols = g.xs.size() - 1;
    if (rows * cols > kMaxGridCells) continue;  // not a table a page prints: its text stays text
    auto has_v = [&](double x, double y) {
      for (const Ruling& r : cv)
        if (std::abs(r.x0 - x) < kRulingTolerance && r.y0 < y && r.y1 > y) return true;
      return false;
    };
    auto has_h = [&](double y, double x) {
      for (const Ruling& r : ch)
        if (std::abs(r.y0 - y) < kRulingTolerance && r.x0 < x && r.x1 > x) return true;
      return false;
    };
    UnionFind cells(rows * cols);
    for (std::size_t r = 0; r < rows; ++r) {
      double ym = (g.ys[r] + g.ys[r + 1]) / 2;
      for (std::size_t c = 0; c < cols; ++c) {
        double xm = (g.xs[c] + g.xs[c + 1]) / 2;
        if (c + 1 < cols && !has_v(g.xs[c + 1], ym))
          cells.Join(static_cast<int>(r * cols + c), static_cast<int>(r * cols + c + 1));
        if (r + 1 < rows && !has_h(g.ys[r + 1], xm))
          cells.Join(static_cast<int>(r * cols + c), static_cast<int>((r + 1) * cols + c));
      }
    }
    std::map<int, int> ids;
    g.region.assign(rows, std::vector<int>(cols, 0));
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) {
        int root = cells.Find(static_cast<int>(r * cols + c));
        auto [it, fresh] = ids.emplace(root, static_cast<int>(ids.size()));
        g.region[r][c] = it->second;
      }
    std::vector<std::vector<const TextBox*>> members(ids.size());
    for (std::size_t i = 0; i < page.boxes.size(); ++i) {
      const TextBox& b = page.boxes[i];
      double cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
      int r = Slot(g.ys, cy), c = Slot(g.xs, cx);
      if (r < 0 || c < 0) continue;
      members[g.region[r][c]].push_back(&b);
      (*used)[i] = true;
    }
    g.region_text.resize(ids.size());
    for (std::size_t k = 0; k < members.size(); ++k) {
      for (const Line& l : GroupLines(members[k])) AppendJoined(l.text, &g.region_text[k]);
      g.region_text[k] = TrimRulingMarks(g.region_text[k]);
    }
    g.region_rows.assign(ids.size(), 0);
    for (std::size_t c = 0; c < cols; ++c)
      for (std::size_t r = 0; r < rows; ++r)
        if (c == 0 || g.region[r][c] != g.region[r][c - 1]) {
          bool first_col = true;
          for (std::size_t cc = 0; cc < c; ++cc) first_col = first_col && g.region[r][cc] != g.region[r][c];
          if (first_col) ++g.region_rows[g.region[r][c]];
        }
    // A merged cell's text is repeated in every cell it covers: bounded, or the grid is not kept.
    std::size_t repeated_bytes = 0;
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) repeated_bytes += g.region_text[g.region[r][c]].size();
    if (repeated_bytes > kMaxGridTextBytes) {
      for (std::size_t i = 0; i < page.boxes.size(); ++i) {
        const TextBox& b = page.boxes[i];
        if (Slot(g.ys, (b.y0 + b.y1) / 2) >= 0 && Slot(g.xs, (b.x0 + b.x1) / 2) >= 0) (*used)[i] = false;
      }
      continue;
    }
    g.cells.assign(rows, std::vector<std::string>(cols));
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t c = 0; c < cols; ++c) g.cells[r][c] = g.region_text[g.region[r][c]];
    std::vector<bool> started(ids.size(), false);
    for (std::size_t r = 0; r < rows; ++r) {
      std::string line;
      for (std::size_t c = 0; c < cols; ++c) {
        int reg = g.region[r][c];
        if (started[reg]) continue;
        started[reg] = true;
        line += (line.empty() ? "" : " | ") + g.region_text[reg];
      }
      g.row_texts.push_back(std::move(line));
    }
    g.x0 = g.xs.front();
    g.x1 = g.xs.back();
    g.y0 = g.ys.front();
    g.y1 = g.ys.back();
    grids.push_back(std::move(g));
  }
  std::sort(grids.begin(), grids.end(), [](const Grid& a, const Grid& b) { return a.y0 < b.y0; });
  return grids;
}

// The text with spaces dropped and every digit as '#': what a running header/footer keeps page to page.
std::string Shape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out += (c >= '0' && c <= '9') ? '#' : c;
  }
  return out;
}

std::u32string CodePoints(const std::string& s) {
  std::u32string out;
  std::size_t pos = 0;
  while (pos < s.size()) out += text::NextCodePoint(s, &pos);
  return out;
}

// Equal, or of equal length and at least this share of characters equal in place (one misread
// character in a ten-character header).
constexpr double kAlikeShare = 0.8;
bool Alike(const std::u32string& a, const std::u32string& b) {
  if (a == b) return true;
  if (a.size() != b.size() || a.size() < 4) return false;
  std::size_t same = 0;
  for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i] ? 1 : 0;
  return static_cast<double>(same) >= kAlikeShare * static_cast<double>(a.size());
}

// A running header set above a rule across the page (WPS's 页眉横线), in the top band.
bool UnderHeaderRule(const LayoutPage& page, const Line& l) {
  if (page.height <= 0 || l.y1 > page.height * kFurnitureBand) return false;
  double size = std::max(l.size, 1.0);
  for (const Ruling& r : page.rulings)
    if (std::abs(r.y1 - r.y0) < 1.5 && r.y0 > l.y1 - 1 && r.y0 < l.y1 + 2 * size &&
        r.x1 - r.x0 >= 0.5 * page.width)
      return true;
  return false;
}

// The most common value, rounded to whole points, weighted.
double Mode(const std::vector<std::pair<double, int>>& values) {
  std::map<long, int> count;
  for (auto [v, w] : values) count[std::lround(v)] += w;
  long best = 0;
  int n = -1;
  for (auto [v, c] : count)
    if (c > n) {
      best = v;
      n = c;
    }
  return static_cast<double>(best);
}

}  // namespace

namespace layout {

std::vector<Line> GroupLines(std::vector<const TextBox*> boxes) {
  std::sort(boxes.begin(), boxes.end(),
            [](const TextBox* a, const TextBox* b) { return a->y0 + a->y1 < b->y0 + b->y1; });
  std::vector<std::vector<const TextBox*>> rows;
  std::vector<std::pair<double, double>> spans;
  for (const TextBox* b : boxes) {
    double cy = (b->y0 + b->y1) / 2;
    if (!rows.empty() && cy >= spans.back().first && cy <= spans.back().second) {
      rows.back().push_back(b);
      continue;
    }
    rows.push_back({b});
    spans.push_back({b->y0, b->y1});
  }
  std::vector<Line> lines;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end(), [](const TextBox* a, const TextBox* b) { return a->x0 < b->x0; });
    Line l;
    l.x0 = row.front()->x0;
    l.y0 = row.front()->y0;
    l.y1 = row.front()->y1;
    int bold = 0;
    for (const TextBox* b : row) {
      AppendJoined(b->text, &l.text);
      l.x0 = std::min(l.x0, b->x0);
      l.x1 = std::max(l.x1, b->x1);
      l.y0 = std::min(l.y0, b->y0);
      l.y1 = std::max(l.y1, b->y1);
      l.size = std::max(l.size, b->size > 0 ? b->size : b->y1 - b->y0);
      bold += b->bold ? 1 : 0;
    }
    l.bold = bold * 2 > static_cast<int>(row.size());
    l.boxes = row;
    if (!text::TrimAscii(l.text).empty()) lines.push_back(std::move(l));
  }
  return lines;
}

}  // namespace layout

// Outline numbering of a heading: 一、 -> 1, (一)/（一）/㈠ -> 2, 1. / 1、 -> 3; 0 when none.
int OutlineLevel(const std::string& s) {
  static const std::string kCjkNumerals = "一二三四五六七八九十";
  std::size_t pos = 0;
  std::size_t n = 0;
  while (pos < s.size()) {
    std::size_t at = pos;
    char32_t cp = text::NextCodePoint(s, &pos);
    std::string ch = s.substr(at, pos - at);
    if (kCjkNumerals.find(ch) == std::string::npos || cp < 0x80) {
      pos = at;
      break;
    }
    ++n;
  }
  if (n > 0 && s.compare(pos, 3, "、") == 0) return 1;
  if (text::StartsWith(s, "(") || text::StartsWith(s, "（")) {
    std::size_t p = text::StartsWith(s, "(") ? 1 : 3;
    std::size_t q = p;
    while (q < s.size() && kCjkNumerals.find(s.substr(q, 3)) != std::string::npos) q += 3;
    if (q > p && (s.compare(q, 1, ")") == 0 || s.compare(q, 3, "）") == 0)) return 2;
  }
  std::size_t at = 0;
  char32_t first = s.empty() ? 0 : text::NextCodePoint(s, &at);
  if (first >= 0x3220 && first <= 0x3229) return 2;  // ㈠..㈩
  return 0;
}

bool IsPageNumber(const std::string& line) {
  // Strip spaces and the dashes and brackets page numbers are dressed in.
  std::string core;
  std::size_t pos = 0;
  while (pos < line.size()) {
    std::size_t at = pos;
    char32_t cp = text::NextCodePoint(line, &pos);
    if (text::IsSpace(cp) || cp == '-' || cp == 0x2010 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 ||
        cp == 0x2015 || cp == 0xFF0D || cp == 0x2500 || cp == '~' || cp == 0x301C || cp == 0xFF5E ||
        cp == '[' || cp == ']' || cp == 0x3010 || cp == 0x3011 || cp == '(' || cp == ')' || cp == 0xFF08 ||
        cp == 0xFF09)
      continue;
    core.append(line, at, pos - at);
  }
  if (core.empty()) return false;
  auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 4 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (digits(core)) return true;
  std::size_t slash = core.find('/');
  if (slash != std::string::npos && digits(core.substr(0, slash)) && digits(core.substr(slash + 1)))
    return true;
  // 第N页, 第N页共M页, 第N页/共M页, 共M页第N页, 第N/M页
  std::string s = core;
  auto strip = [&s](std::string_view what) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
      if (std::string_view(s).substr(i, what.size()) == what) {
        out += ' ';
        i += what.size();
      } else {
        out += s[i++];
      }
    }
    s = std::move(out);
  };
  if (s.find("页") == std::string::npos) {
    std::string lower = text::ToLowerAscii(s);
    if (text::StartsWith(lower, "page")) {
      s = lower.substr(4);
      strip("of");
    } else {
      return false;
    }
  }
  strip("第");
  strip("页");
  strip("共");
  strip(",");
  strip("，");
  strip("/");
  // What is left: one or two numbers.
  int numbers = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (!digits(std::string_view(s).substr(i, j - i))) return false;
    ++numbers;
    i = j;
  }
  return numbers >= 1 && numbers <= 2;
}

std::vector<Ruling> FindRulings(const unsigned char* grey, int width, int height, int stride, double scale) {
  constexpr unsigned char kDark = 160;
  int min_h = static_cast<int>(kMinHorizontalRuling / scale),
      min_v = static_cast<int>(kMinVerticalRuling / scale);
  std::vector<Ruling> out;
  for (int y = 0; y < height; ++y) {
    const unsigned char* row = grey + static_cast<std::size_t>(y) * stride;
    for (int x = 0; x < width;) {
      if (row[x] >= kDark) {
        ++x;
        continue;
      }
      int s = x;
      while (x < width && row[x] < kDark) ++x;
      if (x - s >= min_h) out.push_back({s * scale, (y + 0.5) * scale, x * scale, (y + 0.5) * scale});
    }
  }
  for (int x = 0; x < width; ++x) {
    for (int y = 0; y < height;) {
      if (grey[static_cast<std::size_t>(y) * stride + x] >= kDark) {
        ++y;
        continue;
      }
      int s = y;
      while (y < height && grey[static_cast<std::size_t>(y) * stride + x] < kDark) ++y;
      if (y - s >= min_v) out.push_back({(x + 0.5) * scale, s * scale, (x + 0.5) * scale, y * scale});
    }
  }
  return out;
}

FileDocument LayOut(std::vector<LayoutPage> pages) {
  FileDocument doc;
  doc.pages = static_cast<int>(pages.size());
  std::vector<std::vector<Line>> lines(pages.size());
  std::vector<std::vector<Grid>> grids(pages.size());
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::vector<bool> used(pages[p].boxes.size(), false);
    grids[p] = FindTables(pages[p], &used);
    std::vector<const TextBox*> free;
    for (std::size_t i = 0; i < used.size(); ++i)
      if (!used[i]) free.push_back(&pages[p].boxes[i]);
    lines[p] = GroupLines(std::move(free));
  }

  // Page furniture: page numbers, and lines repeated (alike, allowing for OCR misreadings) in the
  // top or bottom band of several pages.
  auto in_band = [&](std::size_t p, const Line& l) {
    double h = pages[p].height > 0 ? pages[p].height : 842;
    return l.y1 < h * kFurnitureBand || l.y0 > h * (1 - kFurnitureBand);
  };
  std::vector<std::vector<std::u32string>> band(pages.size());
  for (std::size_t p = 0; p < pages.size(); ++p)
    for (const Line& l : lines[p])
      if (in_band(p, l)) band[p].push_back(CodePoints(Shape(l.text)));
  auto repeated = [&](std::size_t p, const Line& l) {
    std::u32string shape = CodePoints(Shape(l.text));
    int pages_with = 1;
    for (std::size_t q = 0; q < pages.size(); ++q) {
      if (q == p) continue;
      for (const std::u32string& other : band[q])
        if (Alike(shape, other)) {
          ++pages_with;
          break;
        }
    }
    return pages_with >= kRepeatedPages;
  };
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::vector<Line> kept;
    for (Line& l : lines[p]) {
      bool furniture =
          in_band(p, l) && (IsPageNumber(l.text) || repeated(p, l) || UnderHeaderRule(pages[p], l));
      if (!furniture) kept.push_back(std::move(l));
    }
    lines[p] = std::move(kept);
    // Tables printed without rulings, from what is left (furniture gone, so a running header never
    // joins a table).
    for (Grid& g : layout::FindTextTables(&lines[p])) grids[p].push_back(std::move(g));
    std::sort(grids[p].begin(), grids[p].end(), [](const Grid& a, const Grid& b) { return a.y0 < b.y0; });
  }

  // Body figures: type size, left margin, right edge.
  std::vector<std::pair<double, int>> sizes, lefts;
  std::vector<double> rights;
  for (const auto& page : lines)
    for (const Line& l : page) sizes.push_back({l.size, text::Count(l.text).chars});
  double body = Mode(sizes);
  if (body <= 0) body = 12;
  for (const auto& page : lines)
    for (const Line& l : page)
      if (std::abs(l.size - body) < 1.5) {
        lefts.push_back({l.x0, 1});
        rights.push_back(l.x1);
      }
  double left = Mode(lefts);
  std::sort(rights.begin(), rights.end());
  double right = rights.empty() ? 0 : rights[rights.size() * 9 / 10];

  // Title: the large lines at the top of the first page.
  std::size_t title_lines = 0;
  if (!lines.empty()) {
    for (const Line& l : lines[0]) {
      if (l.size < body * kTitleSizeRatio) break;
      ++title_lines;
    }
  }

  std::vector<FileBlock>& blocks = doc.blocks;
  const Grid* last_grid = nullptr;
  bool open_paragraph = false;  // blocks.back() is a paragraph that may continue
  const Line* prev = nullptr;
  for (std::size_t p = 0; p < pages.size(); ++p) {
    std::vector<Element> flow;
    for (std::size_t i = 0; i < lines[p].size(); ++i)
      flow.push_back({lines[p][i].y0, static_cast<int>(i), -1});
    for (std::size_t g = 0; g < grids[p].size(); ++g)
      flow.push_back({grids[p][g].y0, -1, static_cast<int>(g)});
    std::stable_sort(flow.begin(), flow.end(), [](const Element& a, const Element& b) { return a.y < b.y; });
    for (std::size_t e = 0; e < flow.size(); ++e) {
      if (flow[e].grid >= 0) {
        Grid& g = grids[p][flow[e].grid];
        // A table continued from the page before: the first thing on the page, with the same columns
        // (for a table rebuilt from text: the same label cells and value columns).
        bool continues = e == 0 && last_grid != nullptr && !blocks.empty() &&
                         blocks.back().kind == FileBlock::Kind::kTable &&
                         last_grid->xs.size() == g.xs.size() && last_grid->from_text == g.from_text &&
                         last_grid->label_columns == g.label_columns;
        for (std::size_t c = 0; continues && c < g.xs.size(); ++c)
          continues = std::abs(last_grid->xs[c] - g.xs[c]) < 3 * kRulingTolerance;
        if (continues) {
          // A merged cell cut by the page break: its empty part on this page repeats the text above.
          Table& t = blocks.back().table;
          const std::vector<int>& last_regions = last_grid->region.back();
          for (std::size_t c = 0; c < g.cells[0].size(); ++c) {
            int reg = g.region[0][c];
            if (!g.region_text[reg].empty()) continue;
            if (g.region_rows[reg] < 2 && last_grid->region_rows[last_regions[c]] < 2) continue;
            const std::string& above = t.back()[c];
            for (std::size_t r = 0; r < g.cells.size(); ++r)
              for (std::size_t cc = 0; cc < g.cells[r].size(); ++cc)
                if (g.region[r][cc] == reg) g.cells[r][cc] = above;
          }
          for (auto& row : g.cells) t.push_back(row);
          for (auto& line : g.row_texts) blocks.back().row_texts.push_back(line);
        } else {
          FileBlock b;
          b.kind = FileBlock::Kind::kTable;
          b.table = g.cells;
          b.row_texts = g.row_texts;
          blocks.push_back(std::move(b));
        }
        last_grid = &g;
        open_paragraph = false;
        prev = nullptr;
        continue;
      }
      const Line& l = lines[p][flow[e].line];
      if (p == 0 && static_cast<std::size_t>(flow[e].line) < title_lines) {
        FileBlock b;
        b.kind = FileBlock::Kind::kHeading;
        b.level = 1;
        b.text = l.text;
        b.title = true;
        blocks.push_back(std::move(b));
        open_paragraph = false;
        prev = &l;
        continue;
      }
      int chars = text::Count(l.text).chars;
      int numbering = OutlineLevel(l.text);
      bool bigger = l.size >= body * kHeadingSizeRatio;
      bool short_line = chars <= kMaxHeadingChars && (right <= 0 || l.x1 < right - body);
      // A one-line paragraph opening with outline numbering and not ending a sentence is a heading
      // even in body type (OFD and OCR often carry no font weight).
      bool numbered_line =
          numbering > 0 && numbering <= 2 && chars <= 30 && !text::Count(l.text).ends_sentence;
      bool heading = short_line && (bigger || (l.bold && numbering > 0) || numbered_line);
      if (heading) {
        FileBlock b;
        b.kind = FileBlock::Kind::kHeading;
        b.level = numbering > 0 ? numbering : 1;
        b.text = l.text;
        blocks.push_back(std::move(b));
        open_paragraph = false;
        prev = &l;
        continue;
      }
      bool indented = l.x0 > left + 0.8 * body;
      bool joins = open_paragraph && prev != nullptr && !indented && std::abs(l.size - prev->size) < 1.5 &&
                   prev->x1 >= right - 1.5 * body;
      if (joins) {
        AppendJoined(l.text, &blocks.back().text);
      } else {
        FileBlock b;
        b.text = l.text;
        blocks.push_back(std::move(b));
      }
      open_paragraph = true;
      prev = &l;
    }
  }
  return doc;
}

}  // namespace gongkai::extract
