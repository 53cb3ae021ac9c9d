// The page as extract/ sees it after parsing: block-level elements as a flat tree of nodes, the
// visible text cut into lines ("blocks") in document order, data tables as grids, anchors and the
// <head> metadata. Built once from Gumbo's tree; everything after works on this.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "extract/extractor.h"
#include "extract/html_page.h"

namespace gongkai::extract {

// Evidence from id/class names: content-like ("article", "TRS_Editor", "zoom"), chrome-like ("nav",
// "footer", "share"), or none. The nearest hinted ancestor wins, except that strong chrome (cookie
// dialogs, comments, sidebars, footers) stays chrome for everything inside it.
// kMedia (image/photo wrappers) is cut from the chosen content like chrome but weighs nothing in the
// choice.
enum class Hint { kNone, kPositive, kNegative, kTitle, kStrongNegative, kAbsoluteNegative, kMedia };

struct DomNode {
  int parent = -1;
  int depth = 0;
  int tag = 0;                   // GumboTag
  Hint hint = Hint::kNone;       // this element's own hint
  Hint region = Hint::kNone;     // nearest positive/negative hint of this node or an ancestor
  bool strong_negative = false;  // inside strong chrome
  int block_begin = 0;           // blocks of this subtree are [block_begin, block_end)
  int block_end = 0;
  std::string id_class;  // lower-case "id class" (kept for breadcrumb/title detection)
};

struct Block {
  std::string text;     // one line, whitespace collapsed
  int node = 0;         // innermost block-level element holding the line
  int tokens = 0;       // scorer tokens: CJK chars + words
  int link_tokens = 0;  // tokens inside <a>
  int punct = 0;        // sentence punctuation marks
  int chars = 0;
  bool ends_sentence = false;
  int heading = 0;  // 1..6 inside <hN>, else 0
  bool list_item = false;
  int table = -1;           // index into Page::tables when the line is a data-table row
  bool in_markers = false;  // between Hanweb's <!--ContentStart--> and <!--ContentEnd-->
  bool title_like = false;  // nearest id/class says "title"
};

struct Anchor {
  std::string href;
  std::string text;
  int node = 0;   // innermost block-level element holding it
  int block = 0;  // index of the block its text went to (or the next one)
};

struct Page {
  std::vector<DomNode> nodes;  // nodes[0] is the root
  std::vector<Block> blocks;
  std::vector<Table> tables;
  std::vector<int> table_nodes;  // node of each table
  std::vector<Anchor> anchors;
  std::map<std::string, std::string> metas;  // lower-case name/property/itemprop -> first content
  std::string title;                         // <title>, collapsed
  std::string base_href;
  std::vector<std::string> json_ld;         // <script type="application/ld+json"> bodies
  std::vector<std::string> time_datetimes;  // <time datetime>, in document order
  bool has_markers = false;
};

// Builds the page model from UTF-8 HTML.
Page BuildPage(std::string_view utf8_html);
// The same from a page already parsed.
Page BuildPage(const HtmlPage& html);

}  // namespace gongkai::extract
