// The common shape every file reader (PDF, DOCX, OFD, DOC/WPS, OCR) produces — blocks in reading
// order — and its conversion into an Extraction (title, date, source, text lines, tables), so that
// every format comes out with the same JSON as an HTML page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/extractor.h"

namespace gongkai::extract {

struct FileBlock {
  enum class Kind { kParagraph, kHeading, kTable };
  Kind kind = Kind::kParagraph;
  int level = 0;                       // heading level 1..6 for kHeading
  std::string text;                    // paragraph or heading text (one line, no '\n')
  Table table;                         // for kTable: rectangular, spans expanded (spanned text repeated)
  std::vector<std::string> row_texts;  // for kTable: per row, the cells starting in it joined by " | "
  bool title = false;  // the reader saw this block printed as the document's title (large type)
};

struct FileDocument {
  std::vector<FileBlock> blocks;
  int pages = 0;
  bool ocr = false;
  double ocr_confidence = 0;
};

// Fills `out` (title, published, source, text, lines, tables, pages, ocr) from a reader's blocks.
// The title is the leading block(s) the reader marked as title, else the first short lines naming a
// report (agency line + "…年度报告" line joined); metadata titles are never used. The date is the
// signature date at the end (落款), else a date line near the start.
void FillExtraction(FileDocument doc, const std::string& format, Extraction* out);

// Outline numbering at the start of a heading: 一、 -> 1, (一)/（一）/㈠ -> 2; 0 when none.
int OutlineLevel(const std::string& line);

// Joins two pieces of text that a layout broke apart (line ends, cell lines, word boxes): no space
// when either side is CJK, CJK punctuation or a digit next to a digit; one space between Latin words.
void AppendJoined(std::string_view piece, std::string* out);

}  // namespace gongkai::extract
