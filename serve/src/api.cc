// The JSON API (see pages.h and docs/serve-api.md).
#include <nlohmann/json.hpp>

#include "coverage_summary.h"
#include "html.h"
#include "pages.h"
#include "storage/export.h"

namespace gongkai::serve {
namespace {

using nlohmann::json;

Response Json(const json& value, int status = 200) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  r.body = value.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  return r;
}

// The snippet with matches wrapped in [ and ], as `gongkai search --json` prints them.
std::string PlainSnippet(const std::string& snippet) {
  std::string out;
  for (char c : snippet) out += c == kMarkOpen ? '[' : c == kMarkClose ? ']' : c;
  return out;
}

json NullIfEmpty(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

}  // namespace

Response ErrorJson(int status, const std::string& message) {
  return Json({{"error", message}}, status);
}

Response SearchApi(const PageContext& ctx, const Query& query) {
  SearchRequest request;
  int page = 1;
  std::string error;
  if (!ParseSearchRequest(query, &request, &page, &error)) return ErrorJson(400, error);
  if (request.q.empty()) return ErrorJson(400, "parameter 'q' is required (the words to find)");
  SearchPage results;
  Status status = ctx.reader->Search(request, &results);
  if (!status.ok()) return ErrorJson(HttpStatusOf(status), status.message());
  json items = json::array();
  for (const SearchItem& item : results.items) {
    items.push_back(
        {{"id", item.id},
         {"title", item.title},
         {"url", item.url},
         {"published", NullIfEmpty(item.published)},
         {"report_year", item.report_year == 0 ? json(nullptr) : json(item.report_year)},
         {"agency", NullIfEmpty(item.agency)},
         {"region", NullIfEmpty(item.region)},
         {"site", item.site},
         {"snippet", PlainSnippet(item.snippet)},
         {"raw_url", ctx.raw_url(item.id)},
         {"statistics", item.statistics_edition.empty() ? json(nullptr)
                                                        : json({{"edition", item.statistics_edition},
                                                                {"failed_checks", item.failed_checks}})}});
  }
  return Json({{"total", results.total}, {"page", page}, {"per_page", request.limit}, {"results", items}});
}

Response ReportApi(const PageContext& ctx, const std::string& id_text) {
  int64_t id = 0;
  if (!ParseId(id_text, &id)) return ErrorJson(400, "'" + id_text.substr(0, 40) + "' is not a capture id");
  std::string text;
  Status status = ctx.reader->ReportJson(id, &text);
  if (!status.ok()) return ErrorJson(HttpStatusOf(status), status.message());
  Response r;
  r.content_type = "application/json; charset=utf-8";
  r.body = text + "\n";
  return r;
}

Response CoverageApi(const PageContext& ctx, const Query& query) {
  std::string region, error;
  if (!ParseCoverageRegion(query, &region, &error)) return ErrorJson(400, error);
  CoverageView view;
  Status status = ctx.reader->Coverage(&view);
  if (!status.ok()) return ErrorJson(HttpStatusOf(status), status.message());
  CoverageSummary s = Summarize(view);
  auto years = [](const std::map<int, int64_t>& by_year) {
    json j = json::object();
    for (const auto& [y, n] : by_year) j[std::to_string(y)] = n;
    return j;
  };
  json sites = json::array();
  for (const SiteCoverage& c : s.sites) {
    sites.push_back(
        {{"host", c.host},
         {"site_names", c.names},
         {"reports", c.reports},
         {"reports_by_year", years(c.by_year)},
         {"undated", c.undated},
         {"missing_years", c.missing_years},
         {"captures", c.captures},
         {"errors", c.errors},
         {"last_capture",
          c.last_capture_ms == 0 ? json(nullptr) : json(storage::FormatIsoTime(c.last_capture_ms))}});
  }
  json last_run = nullptr;
  if (s.last_run_id != 0) {
    last_run = {{"id", s.last_run_id},
                {"started", storage::FormatIsoTime(s.last_run_started_ms)},
                {"ended", s.last_run_ended_ms == 0 ? json(nullptr)
                                                   : json(storage::FormatIsoTime(s.last_run_ended_ms))}};
  }
  AgencyCoverageView agency_view;
  status = ctx.reader->AgencyCoverage(&agency_view);
  if (!status.ok()) return ErrorJson(HttpStatusOf(status), status.message());
  const AgencySummary a = SummarizeAgencies(agency_view, region);
  json agencies = json::array();
  for (const AgencyYears& agency : a.agencies) {
    json by_year = json::object();
    for (const auto& [year, r] : agency.by_year) {
      by_year[year == 0 ? "unknown" : std::to_string(year)] = {{"reports", r.reports},
                                                               {"tables_found", r.with_tables},
                                                               {"checks_passed", r.checks_passed},
                                                               {"failed_rules", r.failed_rules},
                                                               {"urls", r.urls}};
    }
    agencies.push_back({{"agency", agency.agency},
                        {"region", NullIfEmpty(agency.region)},
                        {"report_years", by_year},
                        {"missing_report_years", agency.missing_years},
                        {"failing_report_years", agency.failing_years}});
  }
  return Json({{"reports", s.reports},
               {"reports_by_year", years(s.by_year)},
               {"sites", sites},
               {"agencies", agencies},
               {"agency_years",
                {{"total", a.agency_years},
                 {"without_report", a.missing},
                 {"with_tables", a.with_tables},
                 {"failing_checks", a.failing}}},
               {"last_run", last_run}});
}

Response RunsApi(const PageContext& ctx) {
  std::vector<storage::Run> runs;
  Status status = ctx.reader->Runs(&runs);
  if (!status.ok()) return ErrorJson(HttpStatusOf(status), status.message());
  json out = json::array();
  for (const storage::Run& r : runs) {
    json summary = json::parse(r.summary_json.empty() ? "null" : r.summary_json, nullptr, false);
    if (summary.is_discarded()) summary = nullptr;
    out.push_back(
        {{"id", r.id},
         {"started", storage::FormatIsoTime(r.info.started_at_ms)},
         {"ended", r.ended_at_ms == 0 ? json(nullptr) : json(storage::FormatIsoTime(r.ended_at_ms))},
         {"gongkai_version", r.info.gongkai_version},
         {"summary", summary}});
  }
  return Json({{"runs", out}});
}

}  // namespace gongkai::serve
