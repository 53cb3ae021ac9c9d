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
std::vector<Block> StatTableBlocks(std::string_view edition, StatMarkup markup, uint64_t seed, bool break_rules,
                                   StatTables* truth);

}  // namespace gongkai::portal
