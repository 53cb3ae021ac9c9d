// Private helpers of the statistics reader (statistics_*.cc): label normalisation, the template's
// row catalogue and the checks. Public entry points are in extract/statistics.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "extract/statistics.h"

namespace gongkai::extract::stats {

// Full-width ASCII to ASCII, spaces and quotes removed, 〇/（）/【】 folded: "（二）部分 公开" ->
// "(二)部分公开".
std::string NormalizeLabel(std::string_view s);
// NormalizeLabel(s) appended to *out.
void AppendNormalizedLabel(std::string_view s, std::string* out);

// False when ParseStatisticCell(printed) is sure to be false: the cell has a character no printed
// value has. Cheaper than the reading (no allocation, stops at the first such character), for the
// label cells and the lines of prose that make up most of what is read.
bool MayBeValue(std::string_view printed);

// Row ids of 表三 in template order for an edition ("2019": 23 rows, "2021": 25 rows).
const std::vector<std::string>& Table3Rows(std::string_view edition);
// The seven applicant columns of 表三, in template order (the last is the 总计 column).
const std::vector<std::string>& Table3Columns();
// The rows of 表三 that (七)总计 adds up (everything under 三、本年度办理结果 except the total).
std::vector<std::string> Table3Leaves(std::string_view edition);

struct Table2Row {
  std::string id;                    // "regulations"
  std::vector<std::string> labels;   // normalised row labels (a row label ends with one of them)
  std::vector<std::string> columns;  // field suffixes in column order
};
// 表二 rows of an edition, in template order.
const std::vector<Table2Row>& Table2Rows(std::string_view edition);

// 表四: the three kinds of case and the five outcomes, in template order.
const std::vector<std::string>& Table4Kinds();
const std::vector<std::string>& Table4Outcomes();

// Fills s->checks from s->cells and the body text (statistics_check.cc).
void RunChecks(std::string_view body_text, Statistics* s);

// The `statistics` object of the JSON contract (statistics_json.cc).
nlohmann::ordered_json StatisticsJson(const Statistics& s);

}  // namespace gongkai::extract::stats
