// Coverage figures per host, derived from the archive's coverage rows, site stats and runs: what
// the coverage page draws and /api/coverage returns.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "archive_reader.h"

namespace gongkai::serve {

struct SiteCoverage {
  std::string host;
  std::set<std::string> names;     // site names the extractor found
  std::map<int, int64_t> by_year;  // publication year -> reports
  int64_t undated = 0;             // reports without a publication date
  int64_t reports = 0;
  std::vector<int> missing_years;  // years between the first and the last with no report
  int64_t captures = 0;            // HTTP exchanges with the host
  int64_t errors = 0;              // of which failed (no response or status >= 400)
  int64_t last_capture_ms = 0;     // newest report capture
};

struct CoverageSummary {
  std::vector<SiteCoverage> sites;  // by host
  std::map<int, int64_t> by_year;   // all hosts
  int64_t reports = 0;
  int64_t last_run_started_ms = 0, last_run_ended_ms = 0;
  int64_t last_run_id = 0;
};

CoverageSummary Summarize(const CoverageView& view);

// One agency's row of the agency coverage: per report year, what was found.
struct AgencyYears {
  std::string agency, region;
  std::map<int, storage::AgencyCoverageRow> by_year;  // report year (0 = unknown) -> figures
  std::vector<int> missing_years;                     // years of the range without a report
  std::vector<int> failing_years;                     // years whose tables failed a check
};

struct AgencySummary {
  std::vector<AgencyYears> agencies;  // by agency name
  std::vector<int> years;             // every report year of the rows (0 = unknown last), ascending
  int64_t agency_years = 0;           // rows with a known year
  int64_t missing = 0;                // ... without a report
  int64_t with_tables = 0;            // ... whose reports' tables were all read
  int64_t failing = 0;                // ... where some report's tables failed a check
};

// Only the agencies whose region contains `region` when it is not empty.
AgencySummary SummarizeAgencies(const AgencyCoverageView& view, const std::string& region = "");

}  // namespace gongkai::serve
