// The standard statistics tables of a 政府信息公开工作年度报告 as typed data: the fixed template of
// 国办公开办函〔2019〕60号 (the "2019" edition), revised by 〔2021〕30号 (the "2021" edition) —
// 表二 主动公开政府信息情况, 表三 收到和处理政府信息公开申请情况, 表四 行政复议、行政诉讼情况 —
// read cell by cell into stable field ids (docs/statistics-schema.md), with the checks the template
// states or implies. Pure functions; no I/O.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::extract {

using Table = std::vector<std::vector<std::string>>;  // rectangular: rows of cells, spans expanded

// One template cell as printed.
struct StatisticCell {
  enum class State {
    kNumber,         // a number (full-width digits, separators and units normalised)
    kNotApplicable,  // '/', '—', '－', '不适用': not applicable (null in JSON, never 0)
    kEmpty,          // the cell is there but blank: recorded as empty, not guessed
  };
  State state = State::kEmpty;
  double value = 0;  // meaningful for kNumber only
  std::string raw;   // the cell's text as printed
};

// One rule of the template, checked on the numbers read.
struct StatisticCheck {
  enum class Status { kPass, kFail, kNa };
  std::string rule;  // stable rule id, e.g. "t3.balance.natural" (docs/statistics-schema.md)
  Status status = Status::kNa;
  std::string detail;              // the numbers, e.g. "12 + 0 = 11 + 1"
  std::vector<std::string> cells;  // field ids the rule involves (for a FAIL: the cells to look at)
};

struct Statistics {
  std::string edition;                         // "2019" or "2021"
  std::map<std::string, StatisticCell> cells;  // field id -> cell; ids absent were not found
  std::vector<StatisticCheck> checks;
  bool Failed() const;  // some check is kFail
};

const char* ToString(StatisticCheck::Status status);  // "PASS" "FAIL" "NA"

// Reads the template's tables from a page's grids (in page order; HTML tables and the grids of
// PDF/DOCX/OFD files alike) and checks them against each other and against the figures quoted in
// `body_text`. `year_hint` (the report year, if known) picks the edition when the wording does not.
// Returns nullopt when no template table is there. Cells not found are absent from `cells`.
std::optional<Statistics> ReadStatistics(const std::vector<Table>& tables, std::string_view body_text,
                                         std::optional<int> year_hint = std::nullopt);

// Reads one printed cell into *cell (raw kept). False when the text is not a value (a label).
bool ParseStatisticCell(std::string_view printed, StatisticCell* cell);

// Every field id of an edition ("2019" or "2021"), in template order: 表二, 表三 (row by row), 表四.
const std::vector<std::string>& StatisticFieldIds(std::string_view edition);
// The ids of both editions, 2021's first then those only 2019 has (the columns of stats-csv).
std::vector<std::string> AllStatisticFieldIds();

}  // namespace gongkai::extract
