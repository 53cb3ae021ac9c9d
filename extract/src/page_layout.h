// Page layout analysis shared by the readers of fixed-layout files (PDF, OFD, OCR): from positioned
// text boxes and ruling lines to blocks in reading order — lines joined into paragraphs (CJK lines
// with no space), headings told by type size and numbering, tables rebuilt as grids from the
// rulings (merged cells expanded, a table continued over a page break joined), and the page
// furniture (running headers and footers, page numbers such as -1-, 第1页 共5页, — 2 —) removed,
// so that a sentence running across a page break comes out whole.
#pragma once

#include <string>
#include <vector>

#include "file_document.h"

namespace gongkai::extract {

// Coordinates are in points with y growing downwards, origin at the page's top left.
struct TextBox {
  std::string text;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double size = 0;  // font size (0: use the box height)
  bool bold = false;
};

struct Ruling {  // a horizontal (y0 == y1) or vertical (x0 == x1) line
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct LayoutPage {
  double width = 0, height = 0;
  std::vector<TextBox> boxes;
  std::vector<Ruling> rulings;
};

// Turns pages into blocks in reading order (the FileDocument's pages count is set too).
FileDocument LayOut(std::vector<LayoutPage> pages);

// Long dark runs in an 8-bit grey raster (row-major, `stride` bytes a row) as rulings in points,
// `scale` points per pixel: how table borders are found when the format gives no vector lines.
std::vector<Ruling> FindRulings(const unsigned char* grey, int width, int height, int stride, double scale);

// True when the text is page furniture on its own: a page number (-1-, — 2 —, 第1页 共5页, 1/5).
bool IsPageNumber(const std::string& line);

}  // namespace gongkai::extract
