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

}  // namespace gongkai::serve
