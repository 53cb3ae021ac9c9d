// AgencyCoverage(): per agency and report year, from the facts of every report's current extraction
// (Archive::ForEachReportFacts: no text is read).
#include "storage/agency_coverage.h"

#include <algorithm>
#include <map>
#include <set>

namespace gongkai::storage {

Status AgencyCoverage(Archive& archive, const AgencyCoverageOptions& options,
                      std::vector<AgencyCoverageRow>* rows) {
  rows->clear();
  std::map<std::pair<std::string, int>, AgencyCoverageRow> by_key;
  std::map<std::string, std::string> regions;
  std::set<std::string> agencies;
  for (const auto& [agency, region] : options.expected_agencies) {
    regions[agency] = region;
    agencies.insert(agency);
  }
  std::set<std::string> failed_urls;
  int min_year = 0, max_year = 0;
  ReportFilter filter = options.filter;
  filter.report_year = 0;
  Status status = archive.ForEachReportFacts(filter, [&](const ReportFacts& r) {
    std::string agency = !r.agency.empty() ? r.agency : !r.site.empty() ? r.site : r.seed;
    int year = r.report_year;
    if (options.first_year && year && year < options.first_year) return true;
    if (options.last_year && year && year > options.last_year) return true;
    if (year) {
      min_year = min_year ? std::min(min_year, year) : year;
      max_year = std::max(max_year, year);
    }
    agencies.insert(agency);
    AgencyCoverageRow& row = by_key[{agency, year}];
    row.agency = agency;
    row.report_year = year;
    row.reports++;
    row.urls.push_back(r.url);
    if (!r.statistics_edition.empty()) {
      row.with_tables++;
      for (const std::string& rule : r.failed_rules) {
        if (std::find(row.failed_rules.begin(), row.failed_rules.end(), rule) == row.failed_rules.end())
          row.failed_rules.push_back(rule);
      }
      if (r.failed_rules.empty()) row.checks_passed++;
    }
    return true;
  });
  if (!status.ok()) return status;
  int first = options.first_year ? options.first_year : min_year;
  int last = options.last_year ? options.last_year : max_year;
  for (const std::string& agency : agencies) {
    for (int year = first; year && year <= last; ++year) {
      AgencyCoverageRow& row = by_key[{agency, year}];
      row.agency = agency;
      row.report_year = year;
    }
  }
  for (auto& [key, row] : by_key) {
    auto it = regions.find(row.agency);
    if (it != regions.end()) row.region = it->second;
    std::sort(row.failed_rules.begin(), row.failed_rules.end());
    rows->push_back(std::move(row));
  }
  return Status::OK();
}

}  // namespace gongkai::storage
