// ReadWvHtml(): wvWare's HTML (doc_wv.h) -> paragraphs, headings by style, tables as exact grids.
#include "doc_wv.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdlib>

#include "page_layout.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// A Word table is at most 63 columns wide; a grid is capped so a hostile file cannot blow it up.
constexpr int kMaxColspan = 63;
constexpr std::size_t kMaxGridCells = 200000;

const char* Attr(const GumboNode* n, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : nullptr;
}

bool IsElement(const GumboNode* n, GumboTag tag) {
  return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag;
}

// The text under `node`, its pieces (one per text node: wvWare breaks runs and lines) joined the way
// a layout's broken text is joined (no space next to CJK).
std::string Text(const GumboNode* node) {
  std::string out;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      std::string piece = text::CollapseSpace(n->v.text.text);
      if (!piece.empty()) AppendJoined(piece, &out);
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboVector& c = n->v.element.children;
    for (unsigned i = c.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(c.data[i]));
  }
  return text::CollapseSpace(out);
}

// Paragraph styles of the header and footer stories (English and Chinese Word/WPS names).
bool FurnitureStyle(std::string_view style) {
  for (std::string_view s : {"Header", "Footer", "header", "footer", "页眉", "页脚"})
    if (style == s) return true;
  return false;
}

// Heading level from a style name: "Heading 2" / "标题 2" / "heading 2" -> 2; "Title" / "标题" -> 1
// with *title set; 0 for body styles.
int HeadingLevel(std::string_view style, bool* title) {
  *title = style == "Title" || style == "标题";
  if (*title) return 1;
  for (std::string_view prefix : {"Heading ", "heading ", "标题 ", "标题"}) {
    if (style.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = style.substr(prefix.size());
    if (rest.size() == 1 && rest[0] >= '1' && rest[0] <= '6') return rest[0] - '0';
  }
  return 0;
}

void CollectRows(const GumboNode* node, std::vector<const GumboNode*>* rows, int depth) {
  if (depth > 3) return;
  const GumboVector& c = node->v.element.children;
  for (unsigned i = 0; i < c.length; ++i) {
    auto* child = static_cast<const GumboNode*>(c.data[i]);
    if (IsElement(child, GUMBO_TAG_TR))
      rows->push_back(child);
    else if (IsElement(child, GUMBO_TAG_TBODY) || IsElement(child, GUMBO_TAG_THEAD) ||
             IsElement(child, GUMBO_TAG_TFOOT))
      CollectRows(child, rows, depth + 1);
  }
}

// One wvWare table as a grid (see doc_wv.h for how covered cells are told from restarted ones).
FileBlock ReadTable(const GumboNode* table) {
  std::vector<const GumboNode*> rows;
  CollectRows(table, &rows, 0);
  FileBlock b;
  b.kind = FileBlock::Kind::kTable;
  std::size_t width = 0, cells = 0;
  for (const GumboNode* tr : rows) {
    std::vector<std::string> row;
    std::string line;
    const GumboVector& c = tr->v.element.children;
    for (unsigned i = 0; i < c.length; ++i) {
      auto* td = static_cast<const GumboNode*>(c.data[i]);
      if (!IsElement(td, GUMBO_TAG_TD) && !IsElement(td, GUMBO_TAG_TH)) continue;
      const char* cs = Attr(td, "colspan");
      const char* rs = Attr(td, "rowspan");
      int span = std::clamp(cs ? std::atoi(cs) : 1, 1, kMaxColspan);
      bool covered = rs != nullptr && std::atoi(rs) == 0;
      std::string t = Text(td);
      std::size_t at = row.size();
      if (covered && t.empty() && !b.table.empty()) {
        const std::vector<std::string>& above = b.table.back();
        for (int k = 0; k < span; ++k) row.push_back(at + k < above.size() ? above[at + k] : std::string());
        continue;
      }
      row.insert(row.end(), static_cast<std::size_t>(span), t);
      if (!t.empty()) line += (line.empty() ? "" : " | ") + t;
    }
    cells += row.size();
    if (cells > kMaxGridCells) break;
    width = std::max(width, row.size());
    b.table.push_back(std::move(row));
    b.row_texts.push_back(std::move(line));
  }
  for (auto& row : b.table) row.resize(width);
  return b;
}

// wvWare nests a few levels; deeper input is not wvWare's and is not read further.
constexpr int kMaxDepth = 64;

void Walk(const GumboNode* node, FileDocument* doc, bool* any_text, int depth = 0) {
  if (node->type != GUMBO_NODE_ELEMENT || depth > kMaxDepth) return;
  const GumboElement& e = node->v.element;
  if (e.tag == GUMBO_TAG_TABLE) {
    FileBlock t = ReadTable(node);
    if (!t.table.empty()) {
      *any_text = true;
      doc->blocks.push_back(std::move(t));
    }
    return;
  }
  if (e.tag == GUMBO_TAG_HEAD || e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_STYLE) return;
  if (e.tag == GUMBO_TAG_DIV) {
    if (const char* style = Attr(node, "name")) {
      bool has_table = false;
      for (unsigned i = 0; i < e.children.length; ++i)
        has_table =
            has_table || IsElement(static_cast<const GumboNode*>(e.children.data[i]), GUMBO_TAG_TABLE);
      if (!has_table) {
        std::string t = Text(node);
        if (t.empty()) return;
        *any_text = true;
        if (FurnitureStyle(style) || IsPageNumber(t)) return;
        FileBlock b;
        b.text = std::move(t);
        b.level = HeadingLevel(style, &b.title);
        if (b.level > 0) b.kind = FileBlock::Kind::kHeading;
        doc->blocks.push_back(std::move(b));
        return;
      }
    }
  }
  for (unsigned i = 0; i < e.children.length; ++i)
    Walk(static_cast<const GumboNode*>(e.children.data[i]), doc, any_text, depth + 1);
}

}  // namespace

bool ReadWvHtml(const std::string& html, FileDocument* doc) {
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  bool any_text = false;
  Walk(out->root, doc, &any_text);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return any_text;
}

}  // namespace gongkai::extract
