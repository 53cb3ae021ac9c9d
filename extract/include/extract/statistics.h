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
  std::string rule;                // stable rule id, e.g. "t3.balance.natural" (docs/statistics-schema.md)
  Status status = Status::kNa;
  std::string detail;              // the numbers, e.g. "12 + 0 = 11 + 1"
  std::vector<std::string> cells;  // field ids the rule involves (for a FAIL: the cells to look at)
};

struct Statistics {
  std::string edition;                          // "2019" or "2021"
  std::map<std::string, StatisticCell> cells;   // field id -> cell; ids absent were not found
  std::vector<StatisticCheck> checks;
  bool Failed() const;                          // some check is kFail
};

const char* ToString(StatisticCheck::Status status);  // "PASS" "FAIL" "NA"

}  // namespace gongkai::extract
