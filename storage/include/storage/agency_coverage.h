// Coverage of the archive per publishing agency (beside Archive::Coverage, which counts per host and
// publication year) and report year: was a report found, were its
// statistics tables found, did they pass their checks. What a researcher asks before any analysis
// ("which counties have no 2023 report?"). Used by `gongkai coverage`.
#pragma once

#include <string>
#include <vector>

#include "storage/archive.h"

namespace gongkai::storage {

struct AgencyCoverageOptions {
  ReportFilter filter;  // which reports count (site, agency, since; report_year ignored)
  int first_year = 0;   // report years to cover; 0 = the earliest/latest year found
  int last_year = 0;
  // Agencies expected even when the archive holds nothing of them (e.g. every seed's name), with
  // their region; each gets a row per year.
  std::vector<std::pair<std::string, std::string>> expected_agencies;
};

// One agency and report year.
struct AgencyCoverageRow {
  std::string agency;  // ExtractionRecord::agency, else the report's site or seed name
  std::string region;  // from expected_agencies, else ""
  int report_year = 0;
  int reports = 0;                        // reports covering that year
  int with_tables = 0;                    // ... whose statistics tables were found
  int checks_passed = 0;                  // ... whose tables failed no check
  std::vector<std::string> failed_rules;  // rules some of them failed (sorted, unique)
  std::vector<std::string> urls;          // the reports
};

// Rows sorted by agency, then year. Reports without a report year are counted under year 0
// ("year unknown") when first_year is 0. Errors reading the archive are passed on.
Status AgencyCoverage(Archive& archive, const AgencyCoverageOptions& options,
                      std::vector<AgencyCoverageRow>* rows);

}  // namespace gongkai::storage
