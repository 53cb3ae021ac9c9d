// Coverage figures (see coverage_summary.h).
#include "coverage_summary.h"

#include <algorithm>
#include <set>

namespace gongkai::serve {

CoverageSummary Summarize(const CoverageView& view) {
  CoverageSummary summary;
  std::map<std::string, SiteCoverage> sites;
  for (const storage::CoverageRow& row : view.rows) {
    SiteCoverage& s = sites[row.host];
    s.host = row.host;
    if (!row.site.empty()) s.names.insert(row.site);
    if (row.year == 0)
      s.undated += row.reports;
    else {
      s.by_year[row.year] += row.reports;
      summary.by_year[row.year] += row.reports;
    }
    s.reports += row.reports;
    summary.reports += row.reports;
    s.last_capture_ms = std::max(s.last_capture_ms, row.last_capture_ms);
  }
  for (const storage::SiteStats& st : view.sites) {
    SiteCoverage& s = sites[st.host];
    s.host = st.host;
    s.captures = st.captures;
    s.errors = st.errors;
  }
  for (auto& [host, s] : sites) {
    if (!s.by_year.empty()) {
      for (int y = s.by_year.begin()->first; y <= s.by_year.rbegin()->first; ++y) {
        if (s.by_year.count(y) == 0) s.missing_years.push_back(y);
      }
    }
    summary.sites.push_back(std::move(s));
  }
  if (!view.runs.empty()) {
    const storage::Run& last = view.runs.back();
    summary.last_run_id = last.id;
    summary.last_run_started_ms = last.info.started_at_ms;
    summary.last_run_ended_ms = last.ended_at_ms;
  }
  return summary;
}

AgencySummary SummarizeAgencies(const AgencyCoverageView& view, const std::string& region) {
  AgencySummary summary;
  std::map<std::string, AgencyYears> agencies;
  std::set<int> years;
  for (const storage::AgencyCoverageRow& row : view.rows) {
    if (!region.empty() && row.region.find(region) == std::string::npos) continue;
    AgencyYears& a = agencies[row.agency];
    a.agency = row.agency;
    if (a.region.empty()) a.region = row.region;
    a.by_year[row.report_year] = row;
    years.insert(row.report_year);
    if (row.report_year == 0) continue;
    ++summary.agency_years;
    if (row.reports == 0) {
      ++summary.missing;
      a.missing_years.push_back(row.report_year);
    }
    if (row.reports > 0 && row.with_tables == row.reports) ++summary.with_tables;
    if (!row.failed_rules.empty()) {
      ++summary.failing;
      a.failing_years.push_back(row.report_year);
    }
  }
  for (auto& [name, a] : agencies) summary.agencies.push_back(std::move(a));
  for (int y : years)
    if (y != 0) summary.years.push_back(y);
  if (years.count(0) != 0) summary.years.push_back(0);
  return summary;
}

}  // namespace gongkai::serve
