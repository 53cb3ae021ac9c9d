// The statistics tables as report-body blocks (for content.cc's report pages), beside the public
// GenerateStatTables() of portal/stat_tables.h.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "content.h"
#include "portal/stat_tables.h"

namespace gongkai::portal {

// The blocks of one report's tables: per 表 a heading, for 表三 a sentence quoting its figures, the
// table(s). *truth gets the cells and broken rules (its html/text are left empty).
std::vector<Block> StatTableBlocks(std::string_view edition, StatMarkup markup, uint64_t seed,
                                   bool break_rules, StatTables* truth);

// The markups a report page can carry (all but kTheadTh, which BlocksToHtml does not write).
const std::vector<StatMarkup>& PageStatMarkups();

// The tables of a report page (ReportModel::stats_*): the cells, edition and broken rules in *truth
// (html/text filled too). False when the report has none.
bool ReportStatTables(const ReportModel& report, StatTables* truth);

// Takes the example text's own tables, and the headings they sit under, out of *blocks and puts the
// report's generated tables there (or, when they are only in the attachment, a sentence saying so).
void ReplaceStatTables(const ReportModel& report, std::vector<Block>* blocks);

}  // namespace gongkai::portal
