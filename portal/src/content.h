// The body of a report page: blocks (headings, paragraphs, tables with rowspan/colspan) built from a
// real report text (portal/data) plus generated paragraphs and statistics tables, and their plain-text
// and HTML renderings. Deterministic for (site, report, revision).
#pragma once

#include <string>
#include <vector>

#include "model.h"

namespace gongkai::portal {

struct Cell {
  std::string text;
  int rowspan = 1;
  int colspan = 1;
};

struct Block {
  enum class Kind { kHeading, kParagraph, kTable };
  Kind kind = Kind::kParagraph;
  std::string text;                     // heading / paragraph
  std::vector<std::vector<Cell>> rows;  // table
};

std::vector<Block> ReportBlocks(const SiteModel& site, const ReportModel& report, int revision);
// What the report page shows as its body: ReportBlocks, or only a note for a file-only report.
std::vector<Block> PageBodyBlocks(const SiteModel& site, const ReportModel& report, int revision);

// One line per heading/paragraph/table row (cells joined by " | "), '\n'-terminated lines.
std::string BlocksToText(const std::vector<Block>& blocks);

// The body HTML; `paragraph_open` is the template's <p ...> opening tag.
std::string BlocksToHtml(const std::vector<Block>& blocks, const std::string& paragraph_open);

// Strings that must survive extraction (intro, a sentence of the real text, a generated sentence,
// a table cell if any, the closing sentence).
std::vector<std::string> BodySnippets(const std::vector<Block>& blocks);

// The first `n` code points of UTF-8 `text`.
std::string Utf8Prefix(const std::string& text, size_t n);

}  // namespace gongkai::portal
