// Private to the page layout (page_layout.cc, text_tables.cc): the text lines a page's boxes are
// grouped into, and the tables found on a page, whether from ruling lines or from text positions.
#pragma once

#include <string>
#include <vector>

#include "extract/extractor.h"
#include "page_layout.h"

namespace gongkai::extract::layout {

struct Line {
  std::string text;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0, size = 0;
  bool bold = false;
  std::vector<const TextBox*> boxes;  // left to right
};

// A table found on one page: a grid of cells, each belonging to a merged region.
struct Grid {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  std::vector<double> xs, ys;            // column and row boundaries
  std::vector<std::vector<int>> region;  // region id per cell
  std::vector<std::string> region_text;
  std::vector<int> region_rows;  // rows a region spans
  Table cells;
  std::vector<std::string> row_texts;  // per row: the regions starting in it
  // Rebuilt from text positions (no rulings): `xs` holds only the value columns' boundaries, and
  // `label_columns` cells come before them.
  bool from_text = false;
  int label_columns = 0;
};

// Groups boxes into lines (top to bottom) and each line's boxes left to right.
std::vector<Line> GroupLines(std::vector<const TextBox*> boxes);

// Tables printed without ruling lines, rebuilt from the text positions of `lines` (one page's
// lines in reading order, page furniture already removed): the statistics tables' shape — label
// cells, then columns of figures. Lines that went into a table are removed from *lines.
std::vector<Grid> FindTextTables(std::vector<Line>* lines);

}  // namespace gongkai::extract::layout
