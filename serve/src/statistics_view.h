// The report view's statistics section: an extraction's typed cells of the standard tables (表二,
// 表三, 表四; docs/statistics-schema.md) laid out as the template prints them, each cell with its
// field id, and the template's checks with their PASS/FAIL/NA and numbers. Cells a FAIL names are
// marked, so a reader sees which printed numbers break which rule.
#pragma once

#include <string>

#include "storage/records.h"

namespace gongkai::serve {

// "" when the extraction holds no statistics (statistics_edition empty).
std::string StatisticsHtml(const storage::ExtractionRecord& extraction);

// What changed in the statistics between two extractions (of one body by two extractor versions,
// or of two captures): the edition, each cell whose value or print differs, each check whose result
// differs. "" when neither has statistics; a sentence saying nothing changed when they agree.
std::string StatisticsDiffHtml(const storage::ExtractionRecord& before,
                               const storage::ExtractionRecord& after);

}  // namespace gongkai::serve
