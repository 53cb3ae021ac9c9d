#include "table_grid.h"

#include <algorithm>
#include <cstdlib>

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

int SpanAttr(const GumboElement& e, const char* name, int cap) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  if (!a) return 1;
  int v = std::atoi(a->value);
  return std::clamp(v, 1, cap);
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
  std::vector<std::vector<Cell>> parsed;
  std::size_t max_cells = 0;
  std::vector<PendingNode> stack;
  std::string raw, link;
  for (const GumboNode* tr : rows) {
    std::vector<Cell> cells;
    const GumboVector& c = tr->v.element.children;
    for (unsigned i = 0; i < c.length; ++i) {
      auto* td = static_cast<const GumboNode*>(c.data[i]);
      if (td->type != GUMBO_NODE_ELEMENT) continue;
      if (td->v.element.tag != GUMBO_TAG_TD && td->v.element.tag != GUMBO_TAG_TH) continue;
      Cell cell;
      raw.clear();
      link.clear();
      if (!CellText(td, &raw, &link, &grid->anchors, &stack)) return false;
      cell.text = text::CollapseSpace(raw, &cell.counts);
      if (cell.counts.chars > kMaxDataCellChars) return false;
      cell.link_tokens = text::Count(link).tokens;
      cell.colspan = SpanAttr(td->v.element, "colspan", kMaxColspan);
      cell.rowspan = SpanAttr(td->v.element, "rowspan", kMaxRowspan);
      cells.push_back(std::move(cell));
    }
    max_cells = std::max(max_cells, cells.size());
    parsed.push_back(std::move(cells));
  }
  if (max_cells < 2) return false;

  // Expand spans: taken[r][c] marks positions filled from rows above.
  std::vector<std::vector<std::string>> out;
  std::vector<std::vector<char>> taken;
  std::size_t width = 0, budget = kMaxGridCells;
  for (std::size_t r = 0; r < parsed.size(); ++r) {
    if (out.size() <= r) out.resize(r + 1), taken.resize(r + 1);
    // Most rows are as wide as their own cells; wider ones still grow below.
    out[r].reserve(parsed[r].size());
    taken[r].reserve(parsed[r].size());
    std::size_t col = 0;
    std::string row_text;
    text::Counts row_counts;
    int row_links = 0;
    bool all_empty = true;
    for (Cell& cell : parsed[r]) {
      all_empty = all_empty && cell.text.empty();
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
      const bool single = cell.rowspan == 1 && cell.colspan == 1;
      while (col < taken[r].size() && taken[r][col]) ++col;
      for (int dr = 0; dr < cell.rowspan && budget > 0; ++dr) {
        std::size_t rr = r + dr;
        if (rr >= parsed.size()) break;
        if (out.size() <= rr) out.resize(rr + 1), taken.resize(rr + 1);
        for (int dc = 0; dc < cell.colspan && budget > 0; ++dc, --budget) {
          std::size_t cc = col + dc;
          if (out[rr].size() <= cc) out[rr].resize(cc + 1), taken[rr].resize(cc + 1);
          if (single)
            out[rr][cc] = std::move(cell.text);  // its one place; row_text has it already
          else
            out[rr][cc] = cell.text;
          taken[rr][cc] = true;
        }
      }
      col += cell.colspan;
      width = std::max(width, col);
    }
    grid->row_texts.push_back(all_empty ? std::string() : std::move(row_text));
    grid->row_counts.push_back(row_counts);
    grid->row_link_tokens.push_back(row_links);
  }
  width = std::min(width, kMaxGridCells);
  for (auto& row : out) {
    row.resize(width);
    bool empty = true;
    for (const auto& c : row) empty = empty && c.empty();
    if (!empty) grid->cells.push_back(std::move(row));
  }
  return true;
}

}  // namespace gongkai::extract
