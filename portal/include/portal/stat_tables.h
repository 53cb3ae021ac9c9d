// The standard statistics tables of a 政府信息公开工作年度报告 as the simulated portal prints them:
// 表二, 表三 and 表四 of the 2019 or 2021 edition (docs/statistics-schema.md), with numbers that keep
// the template's rules (or break chosen ones on purpose), in every markup variant portals produce.
// The truth is the cell-by-cell answer a reader must give, under the field ids of the schema.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::portal {

// How the tables are marked up.
enum class StatMarkup {
  kStandard,        // the official layout: one table per 表, rowspan/colspan as in the template
  kSplit,           // 表二 one <table> per 第二十条 item; 表三 split in two with its header repeated
  kFlat,            // no spans: group cells only on their first row, blank cells padding headers
  kTheadTh,         // <thead>/<th> header cells, <tbody> rows
  kFullWidth,       // full-width digits (１２)
  kSeparators,      // large numbers with thousands separators (3,119 / 3，119)
  kFootnotes,       // footnote marks after some numbers (5*, 5①) and a note under the table
  kNullMarks,       // some zero cells printed '/', '—', '－', '不适用' (truth: null)
  kEmptyCells,      // some zero cells left blank (truth: empty)
  kUnits,           // units in the cells: 12件, 6.5万元
  kVerticalTable4,  // 表四 as rows: 行政复议 | 结果维持 | 0
};
std::vector<StatMarkup> AllStatMarkups();
const char* ToString(StatMarkup markup);

// One cell as the page prints it.
struct StatTruthCell {
  enum class Kind { kNumber, kNull, kEmpty };
  Kind kind = Kind::kNumber;
  double value = 0;  // for kNumber
};

struct StatTables {
  std::string edition;                         // "2019" or "2021"
  std::map<std::string, StatTruthCell> cells;  // field id -> the printed cell (every id of the edition)
  std::vector<std::string> broken_rules;       // check rule ids the numbers break on purpose
  std::string html;                            // headings, a sentence quoting figures, the tables
  std::string text;                            // the same as plain text (one line per row, " | ")
};

// Deterministic for (edition, markup, seed, break_rules). `break_rules` makes the printed numbers
// break t3.balance/t3.total_sum/t3.column_sum on one cell, t4.sum.review, and the text's quote.
StatTables GenerateStatTables(std::string_view edition, StatMarkup markup, uint64_t seed, bool break_rules);

}  // namespace gongkai::portal
