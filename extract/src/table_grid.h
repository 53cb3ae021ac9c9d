// Data tables: recognising them (as opposed to layout tables) and reading them into a rectangular
// grid with rowspan/colspan expanded, plus one " | "-joined line per row for the text.
#pragma once

#include <gumbo.h>

#include <string>
#include <utility>
#include <vector>

#include "extract/extractor.h"
#include "text_util.h"

namespace gongkai::extract {

struct TableGrid {
  Table cells;                           // rectangular, spans expanded (spanned text repeated)
  std::vector<std::string> row_texts;    // per source row: its own cells joined by " | "
  std::vector<text::Counts> row_counts;  // text::Count() of each row text, but ends_sentence unset
  std::vector<int> row_link_tokens;      // tokens inside links, per source row
  std::vector<std::pair<std::string, std::string>> anchors;  // href, text of links in cells
};

// Reads `table` when it looks like data (no nested table, at least two rows, a row with two cells,
// no cell longer than a paragraph); returns false for layout tables, which are read as blocks.
bool ReadDataTable(const GumboNode* table, TableGrid* grid);

}  // namespace gongkai::extract
