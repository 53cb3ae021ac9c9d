#include "table_grid.h"

#include <strings.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "text_util.h"

namespace gongkai::extract {
namespace {

// A cell longer than this is prose, so the table is page layout, not data.
constexpr int kMaxDataCellChars = 300;
// Spans are capped (HTML caps colspan at 1000 and rowspan at 65534); a grid never exceeds
// kMaxGridCells cells, so a hostile span cannot blow up memory.
constexpr int kMaxColspan = 100;
constexpr int kMaxRowspan = 500;
constexpr std::size_t kMaxGridCells = 200000;

struct Cell {
  std::string text;
  text::Counts counts;  // of text
  int colspan = 1, rowspan = 1, link_tokens = 0;
};

int SpanValue(const GumboAttribute* a, int cap) {
  if (!a) return 1;
  int v = std::atoi(a->value);
  return std::clamp(v, 1, cap);
}

// colspan and rowspan in one pass over the cell's attributes; as gumbo_get_attribute, names compare
// case-insensitively and the first of each name wins.
void ReadSpans(const GumboElement& e, Cell* cell) {
  const GumboAttribute* colspan = nullptr;
  const GumboAttribute* rowspan = nullptr;
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    if (!colspan && strcasecmp(a->name, "colspan") == 0)
      colspan = a;
    else if (!rowspan && strcasecmp(a->name, "rowspan") == 0)
      rowspan = a;
  }
  cell->colspan = SpanValue(colspan, kMaxColspan);
  cell->rowspan = SpanValue(rowspan, kMaxRowspan);
}

bool IsCell(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT &&
         (n->v.element.tag == GUMBO_TAG_TD || n->v.element.tag == GUMBO_TAG_TH);
}

struct PendingNode {
  const GumboNode* node;
  bool in_link;
};

// Text of a cell; returns false when the cell holds a nested table. `stack` is scratch space, passed
// in so that a table's cells share one allocation.
bool CellText(const GumboNode* cell, std::string* out, std::string* link_text,
              std::vector<std::pair<std::string, std::string>>* anchors, std::vector<PendingNode>* stack) {
  stack->assign(1, PendingNode{cell, false});
  while (!stack->empty()) {
    PendingNode it = stack->back();
    stack->pop_back();
    const GumboNode* n = it.node;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      out->append(n->v.text.text);
      if (it.in_link) link_text->append(n->v.text.text).push_back(' ');
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = n->v.element;
    if (e.tag == GUMBO_TAG_TABLE && n != cell) return false;
    if (e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_STYLE || e.tag == GUMBO_TAG_NOSCRIPT) continue;
    if (e.tag == GUMBO_TAG_BR || e.tag == GUMBO_TAG_P || e.tag == GUMBO_TAG_DIV) out->push_back(' ');
    bool link = it.in_link || e.tag == GUMBO_TAG_A;
    if (e.tag == GUMBO_TAG_A) {
      const GumboAttribute* href = gumbo_get_attribute(&e.attributes, "href");
      if (href) {
        std::string t;
        std::string ignored;
        std::vector<PendingNode> link_stack;  // `stack` is in use
        for (unsigned i = 0; i < e.children.length; ++i)
          CellText(static_cast<const GumboNode*>(e.children.data[i]), &t, &ignored, nullptr, &link_stack);
        if (anchors) anchors->emplace_back(href->value, text::CollapseSpace(t));
      }
    }
    for (unsigned i = e.children.length; i-- > 0;)
      stack->push_back({static_cast<const GumboNode*>(e.children.data[i]), link});
  }
  return true;
}

void CollectRows(const GumboNode* node, std::vector<const GumboNode*>* rows, int depth) {
  if (depth > 3) return;
  const GumboVector& c = node->v.element.children;
  for (unsigned i = 0; i < c.length; ++i) {
    auto* child = static_cast<const GumboNode*>(c.data[i]);
    if (child->type != GUMBO_NODE_ELEMENT) continue;
    GumboTag t = child->v.element.tag;
    if (t == GUMBO_TAG_TR)
      rows->push_back(child);
    else if (t == GUMBO_TAG_TBODY || t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TFOOT)
      CollectRows(child, rows, depth + 1);
  }
}

}  // namespace

bool ReadDataTable(const GumboNode* table, TableGrid* grid) {
  std::vector<const GumboNode*> rows;
  CollectRows(table, &rows, 0);
  if (rows.size() < 2) return false;
  // Cells are counted before any is read: a table without a row of two cells is layout, and is
  // turned down without reading its text. row_end[r] is one past row r's last cell in `cells`.
  std::vector<std::size_t> row_end(rows.size());
  std::size_t max_cells = 0, total_cells = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const GumboVector& c = rows[r]->v.element.children;
    std::size_t n = 0;
    for (unsigned i = 0; i < c.length; ++i) n += IsCell(static_cast<const GumboNode*>(c.data[i]));
    max_cells = std::max(max_cells, n);
    total_cells += n;
    row_end[r] = total_cells;
  }
  if (max_cells < 2) return false;

  std::vector<Cell> cells;
  cells.reserve(total_cells);
  bool all_single = true;  // no rowspan or colspan anywhere
  {
    std::vector<PendingNode> stack;
    std::string raw, link;
    for (const GumboNode* tr : rows) {
      const GumboVector& c = tr->v.element.children;
      for (unsigned i = 0; i < c.length; ++i) {
        auto* td = static_cast<const GumboNode*>(c.data[i]);
        if (!IsCell(td)) continue;
        Cell& cell = cells.emplace_back();
        raw.clear();
        link.clear();
        if (!CellText(td, &raw, &link, &grid->anchors, &stack)) return false;
        cell.text = text::CollapseSpace(raw, &cell.counts);
        if (cell.counts.chars > kMaxDataCellChars) return false;
        cell.link_tokens = text::Count(link).tokens;
        ReadSpans(td->v.element, &cell);
        all_single = all_single && cell.rowspan == 1 && cell.colspan == 1;
      }
    }
  }

  // One " | "-joined line per source row, sized before it is written.
  const std::size_t row_count = rows.size();
  grid->row_texts.reserve(row_count);
  grid->row_counts.reserve(row_count);
  grid->row_link_tokens.reserve(row_count);
  std::vector<char> row_all_empty(row_count);
  for (std::size_t r = 0, first = 0; r < row_count; first = row_end[r++]) {
    std::size_t length = 0;
    bool all_empty = true;
    for (std::size_t k = first; k < row_end[r]; ++k) {
      all_empty = all_empty && cells[k].text.empty();
      if (length > 0) length += 3;
      length += cells[k].text.size();
    }
    row_all_empty[r] = all_empty;
    std::string row_text;
    text::Counts row_counts;
    int row_links = 0;
    if (!all_empty) row_text.reserve(length);
    for (std::size_t k = first; k < row_end[r]; ++k) {
      const Cell& cell = cells[k];
      if (!row_text.empty()) {
        row_text += " | ";
        ++row_counts.chars;  // the '|': neither a word nor a sentence mark
      }
      row_text += cell.text;
      // Summed per cell, equal to Count(row_text): the spaces around '|' end any word.
      row_counts.tokens += cell.counts.tokens;
      row_counts.cjk += cell.counts.cjk;
      row_counts.punct += cell.counts.punct;
      row_counts.chars += cell.counts.chars;
      row_links += cell.link_tokens;
    }
    grid->row_texts.push_back(all_empty ? std::string() : std::move(row_text));
    grid->row_counts.push_back(row_counts);
    grid->row_link_tokens.push_back(row_links);
  }

  if (all_single && total_cells <= kMaxGridCells) {
    // Without spans each cell keeps its own row and column, so the grid is the rows padded to the
    // widest; each kept row is allocated once, at that width.
    grid->cells.reserve(row_count);
    for (std::size_t r = 0, first = 0; r < row_count; first = row_end[r++]) {
      if (row_all_empty[r]) continue;
      std::vector<std::string>& row = grid->cells.emplace_back(max_cells);
      for (std::size_t k = first; k < row_end[r]; ++k) row[k - first] = std::move(cells[k].text);
    }
    return true;
  }

  // Expand spans. The positions are decided first (taken[r][c] marks positions filled from rows
  // above), then each row of the grid is allocated once, at its final width, and filled in the same
  // order: a position written twice keeps the later text.
  struct Placement {
    // A column is below kMaxColspan times the table's cells: 32 bits hold any page's table.
    std::uint32_t row, col, cell;
  };
  std::vector<Placement> placements;
  placements.reserve(total_cells);
  std::vector<std::vector<char>> taken(row_count);
  std::vector<char> row_has_text(row_count);
  std::size_t width = 0, budget = kMaxGridCells;
  for (std::size_t r = 0, first = 0; r < row_count; first = row_end[r++]) {
    // Most rows are as wide as their own cells; wider ones still grow below.
    taken[r].reserve(row_end[r] - first);
    std::size_t col = 0;
    for (std::size_t k = first; k < row_end[r]; ++k) {
      const Cell& cell = cells[k];
      while (col < taken[r].size() && taken[r][col]) ++col;
      for (int dr = 0; dr < cell.rowspan && budget > 0; ++dr) {
        std::size_t rr = r + dr;
        if (rr >= row_count) break;
        for (int dc = 0; dc < cell.colspan && budget > 0; ++dc, --budget) {
          std::size_t cc = col + dc;
          if (taken[rr].size() <= cc) taken[rr].resize(cc + 1);
          taken[rr][cc] = true;
          placements.push_back({static_cast<std::uint32_t>(rr), static_cast<std::uint32_t>(cc),
                                static_cast<std::uint32_t>(k)});
          if (!cell.text.empty()) row_has_text[rr] = true;
        }
      }
      col += cell.colspan;
      width = std::max(width, col);
    }
  }
  width = std::min(width, kMaxGridCells);
  std::vector<std::vector<std::string>> out(row_count);
  for (std::size_t r = 0; r < row_count; ++r)
    if (row_has_text[r]) out[r].resize(width);
  for (const Placement& p : placements) {
    if (!row_has_text[p.row] || p.col >= width) continue;  // an empty row, or past a capped width
    Cell& cell = cells[p.cell];
    if (cell.rowspan == 1 && cell.colspan == 1)
      out[p.row][p.col] = std::move(cell.text);  // its one place; the row line has it already
    else
      out[p.row][p.col] = cell.text;
  }
  grid->cells.reserve(row_count);
  for (auto& row : out) {
    if (row.empty()) continue;
    bool empty = true;
    for (const auto& c : row) empty = empty && c.empty();
    if (!empty) grid->cells.push_back(std::move(row));
  }
  return true;
}

}  // namespace gongkai::extract
