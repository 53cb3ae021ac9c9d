// The HTML pages (see pages.h): search, report, diff, provenance, coverage, runs.
#include "pages.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "coverage_summary.h"
#include "diff.h"
#include "html.h"
#include "statistics_view.h"

namespace gongkai::serve {
namespace {

using nlohmann::json;

std::string Get(const Query& query, const std::string& key) {
  auto it = query.find(key);
  return it == query.end() ? "" : it->second;
}

bool ParseInt(const std::string& text, int lo, int hi, int* value) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi) return false;
  *value = v;
  return true;
}

// The snippet with the archive's highlight marks as <mark>, everything else escaped.
std::string SnippetHtml(const std::string& snippet) {
  std::string escaped = Escape(snippet);
  std::string out;
  for (char c : escaped) {
    if (c == kMarkOpen)
      out += "<mark>";
    else if (c == kMarkClose)
      out += "</mark>";
    else
      out += c;
  }
  return out;
}

std::string StatusText(const storage::Capture& c) {
  if (c.status != 0) return std::to_string(c.status);
  return c.error_kind.empty() ? "no response" : c.error_kind;
}

std::string Short(const std::string& sha256) {
  return sha256.empty() ? "-" : sha256.substr(0, 12) + "…";
}

Response Html(std::string title, Section section, const std::string& body, int status = 200) {
  Response r;
  r.status = status;
  r.body = HtmlPage(title, section, body);
  return r;
}

Response FromStatus(const Status& status) {
  return ErrorPageHtml(HttpStatusOf(status), status.message());
}

// ---- search ----

std::string SearchForm(const SearchRequest& request, const Facets& facets) {
  std::string h = "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">";
  h += "<input type=\"search\" name=\"q\" value=\"" + Escape(request.q) +
       "\" placeholder=\"检索报告 search reports, e.g. 依申请公开\" autofocus> ";
  h += "<select name=\"site\" aria-label=\"site\"><option value=\"\">所有网站 all sites</option>";
  for (const std::string& s : facets.sites) {
    h += "<option" + std::string(s == request.site ? " selected" : "") + ">" + Escape(s) + "</option>";
  }
  h +=
      "</select> <select name=\"year\" aria-label=\"year\"><option value=\"\">发布年份 any publication year</option>";
  for (int y : facets.years) {
    h +=
        "<option" + std::string(y == request.year ? " selected" : "") + ">" + std::to_string(y) + "</option>";
  }
  h += "</select> <input type=\"number\" name=\"report_year\" min=\"1949\" max=\"2100\" value=\"" +
       (request.report_year == 0 ? std::string() : std::to_string(request.report_year)) +
       "\" placeholder=\"报告年度 report year\" aria-label=\"report year\"> <input type=\"text\" "
       "name=\"agency\" value=\"" +
       Escape(request.agency) + "\" placeholder=\"机关 agency\" aria-label=\"agency\">";
  if (!facets.regions.empty() || !request.region.empty()) {
    h += " <select name=\"region\" aria-label=\"region\"><option value=\"\">所有地区 all regions</option>";
    bool listed = false;
    for (const std::string& r : facets.regions) {
      listed = listed || r == request.region;
      h += "<option" + std::string(r == request.region ? " selected" : "") + ">" + Escape(r) + "</option>";
    }
    if (!listed && !request.region.empty()) h += "<option selected>" + Escape(request.region) + "</option>";
    h += "</select>";
  }
  h += " <select name=\"sort\" aria-label=\"order\"><option value=\"relevance\">相关度 relevance</option>"
       "<option value=\"date\"" +
       std::string(request.by_date ? " selected" : "") + ">日期 newest first</option></select>";
  h += " <button type=\"submit\">检索 search</button></form>";
  return h;
}

std::string SearchLink(const SearchRequest& request, int page) {
  std::string link = "/search?q=" + UrlEncode(request.q);
  if (!request.site.empty()) link += "&amp;site=" + UrlEncode(request.site);
  if (request.year != 0) link += "&amp;year=" + std::to_string(request.year);
  if (request.report_year != 0) link += "&amp;report_year=" + std::to_string(request.report_year);
  if (!request.agency.empty()) link += "&amp;agency=" + UrlEncode(request.agency);
  if (!request.region.empty()) link += "&amp;region=" + UrlEncode(request.region);
  if (request.limit != 20) link += "&amp;per_page=" + std::to_string(request.limit);
  if (request.by_date) link += "&amp;sort=date";
  return link + "&amp;page=" + std::to_string(page);
}

// A result's report year, agency, region and statistics badge (the parts that are known).
std::string FactsHtml(const SearchItem& item) {
  std::string h;
  if (item.report_year != 0) h += " · <span class=\"ry\">" + std::to_string(item.report_year) + "年度</span>";
  if (!item.agency.empty()) h += " · <span class=\"agency\">" + Escape(item.agency) + "</span>";
  if (!item.region.empty()) h += " · <span class=\"region\">" + Escape(item.region) + "</span>";
  if (!item.statistics_edition.empty()) {
    h += item.failed_checks == 0
             ? " · <span class=\"stats ok\">统计表 " + Escape(item.statistics_edition) + " ✓</span>"
             : " · <span class=\"stats bad\">统计表 " + Escape(item.statistics_edition) + " ✗ " +
                   std::to_string(item.failed_checks) + " FAIL</span>";
  }
  return h;
}

std::string Pager(const SearchRequest& request, const SearchPage& results, int page) {
  const int64_t reachable = std::min<int64_t>(results.total, int64_t{kMaxPage} * request.limit);
  const int pages = static_cast<int>((reachable + request.limit - 1) / request.limit);
  if (pages <= 1) return "";
  std::string h = "<p class=\"pager\">";
  if (page > 1) h += "<a rel=\"prev\" href=\"" + SearchLink(request, page - 1) + "\">← 上一页 previous</a>";
  for (int p = std::max(1, page - 5); p <= std::min(pages, page + 5); ++p) {
    h += p == page ? "<span>" + std::to_string(p) + "</span>"
                   : "<a href=\"" + SearchLink(request, p) + "\">" + std::to_string(p) + "</a>";
  }
  if (page < pages) h += "<a rel=\"next\" href=\"" + SearchLink(request, page + 1) + "\">下一页 next →</a>";
  return h + "</p>";
}

// ---- report text ----

bool StartsWith(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

// Section headings of the standard report template: "一、总体情况", "（二）主动公开政府信息情况", "㈠…",
// "第一部分 ...". Short lines only: a numbered paragraph is not a heading.
int HeadingLevel(const std::string& line) {
  static const char* const kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  if (line.size() > 90) return 0;  // ~30 characters
  static const char* const kParenthesised[] = {"㈠", "㈡", "㈢", "㈣", "㈤", "㈥", "㈦", "㈧", "㈨", "㈩"};
  for (const char* n : kParenthesised) {
    if (StartsWith(line, n) && line.size() < 60) return 3;
  }
  for (const char* n : kNumerals) {
    if (StartsWith(line, (std::string(n) + "、").c_str())) return 2;
    if (StartsWith(line, (std::string("（") + n).c_str()) && line.find("）") != std::string::npos &&
        line.find("）") < 20)
      return 3;
    if (StartsWith(line, (std::string("第") + n).c_str()) &&
        (line.find("部分") != std::string::npos || line.find("章") != std::string::npos))
      return 2;
  }
  return 0;
}

std::vector<std::string> SplitCells(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    size_t bar = line.find(" | ", start);
    cells.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 3;
  }
  return cells;
}

std::string GridHtml(const std::vector<std::vector<std::string>>& rows) {
  std::string h = "<table class=\"grid\">";
  for (size_t r = 0; r < rows.size(); ++r) {
    h += "<tr>";
    for (const std::string& cell : rows[r]) {
      h += (r == 0 ? "<th>" : "<td>") + Escape(cell) + (r == 0 ? "</th>" : "</td>");
    }
    h += "</tr>";
  }
  return h + "</table>";
}

// The extraction's text: headings as headings, "a | b | c" rows as grids, lines as paragraphs.
std::string TextHtml(const std::string& text, bool* had_tables) {
  std::string h = "<div class=\"text\">";
  std::vector<std::vector<std::string>> table;
  auto flush = [&] {
    if (table.empty()) return;
    h += GridHtml(table);
    table.clear();
    *had_tables = true;
  };
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.find(" | ") != std::string::npos) {
      table.push_back(SplitCells(line));
      continue;
    }
    flush();
    if (line.empty()) continue;
    int level = HeadingLevel(line);
    if (level != 0) {
      const std::string tag = level == 2 ? "h2" : "h3";
      h += "<" + tag + ">" + Escape(line) + "</" + tag + ">";
    } else {
      h += "<p>" + Escape(line) + "</p>";
    }
  }
  flush();
  return h + "</div>";
}

std::string TablesHtml(const std::vector<storage::TableRows>& tables) {
  std::string h;
  for (const storage::TableRows& grid : tables)
    if (!grid.empty()) h += GridHtml(grid);
  return h;
}

// "2021 edition · 40 PASS · 1 FAIL · 3 NA" linking to the section, or why there is none.
std::string StatisticsSummaryHtml(const storage::ExtractionRecord& e) {
  if (e.statistics_edition.empty()) return "<span class=\"meta\">no template table found</span>";
  int pass = 0, fail = 0, na = 0;
  for (const storage::StatisticCheckRecord& c : e.statistic_checks)
    (c.status == "PASS" ? pass : c.status == "FAIL" ? fail : na)++;
  return "<a href=\"#statistics\">" + Escape(e.statistics_edition) + " edition</a> · " +
         std::to_string(e.statistic_cells.size()) + " cells · <span class=\"ok\">" + std::to_string(pass) +
         " PASS</span> · <span class=\"" + (fail == 0 ? "ok" : "bad") + "\">" + std::to_string(fail) +
         " FAIL</span> · " + std::to_string(na) + " NA";
}

std::string KeyValue(const std::string& key, const std::string& value_html) {
  return "<tr><th>" + key + "</th><td>" + value_html + "</td></tr>";
}

std::string HeadersHtml(const storage::Headers& headers) {
  if (headers.empty()) return "-";
  std::string text;
  for (const auto& [name, value] : headers) text += name + ": " + value + "\n";
  return "<pre>" + Escape(text) + "</pre>";
}

// ---- charts ----

// A bar chart of reports per year, inline SVG (no script, no library).
std::string YearChartSvg(const std::map<int, int64_t>& by_year, int width, int height, bool labels) {
  if (by_year.empty()) return "";
  const int first = by_year.begin()->first, last = by_year.rbegin()->first;
  const int years = last - first + 1;
  int64_t max = 1;
  for (const auto& [y, n] : by_year) max = std::max(max, n);
  const int top = labels ? 16 : 1, bottom = labels ? 18 : 1;
  const double bar = static_cast<double>(width) / years;
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                    std::to_string(width) + " " + std::to_string(height) +
                    "\"><title>reports per year</title>";
  char buf[256];
  for (int y = first; y <= last; ++y) {
    auto it = by_year.find(y);
    const int64_t n = it == by_year.end() ? 0 : it->second;
    const double h =
        static_cast<double>(height - top - bottom) * static_cast<double>(n) / static_cast<double>(max);
    const double x = (y - first) * bar;
    std::snprintf(
        buf, sizeof(buf),
        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%d: %lld</title></rect>",
        x + 1, height - bottom - h, std::max(1.0, bar - 2), h, n == 0 ? "#d33" : "#8b1a1a", y,
        static_cast<long long>(n));
    svg += buf;
    if (n == 0) {
      std::snprintf(buf, sizeof(buf), "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"2\" fill=\"#d33\"/>",
                    x + 1, height - bottom - 2, std::max(1.0, bar - 2));
      svg += buf;
    }
    if (labels) {
      std::snprintf(buf, sizeof(buf),
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%d</text>"
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%lld</text>",
                    x + bar / 2, height - 4, y, x + bar / 2, height - bottom - h - 3,
                    static_cast<long long>(n));
      svg += buf;
    }
  }
  return svg + "</svg>";
}

std::string YearList(const std::vector<int>& years) {
  if (years.empty()) return "-";
  std::string out;
  for (int y : years) out += (out.empty() ? "" : ", ") + std::to_string(y);
  return out;
}

// The agency × report year grid: per cell the reports found, whether their tables were read and
// passed their checks.
std::string AgencyCoverageHtml(const AgencySummary& s, const std::string& region,
                               const std::vector<std::string>& regions) {
  std::string h = "<h2 id=\"agencies\">按机关与报告年度 per agency and report year</h2>";
  if (!regions.empty() || !region.empty()) {
    h += "<form class=\"search\" action=\"/coverage#agencies\" method=\"get\"><select name=\"region\" "
         "aria-label=\"region\"><option value=\"\">所有地区 all regions</option>";
    bool listed = false;
    for (const std::string& r : regions) {
      listed = listed || r == region;
      h += "<option" + std::string(r == region ? " selected" : "") + ">" + Escape(r) + "</option>";
    }
    if (!listed && !region.empty()) h += "<option selected>" + Escape(region) + "</option>";
    h += "</select> <button type=\"submit\">筛选 filter</button></form>";
  }
  h += "<p>" + std::to_string(s.agencies.size()) + " agencies, " + std::to_string(s.agency_years) +
       " agency-years: <span class=\"bad\">" + std::to_string(s.missing) + " without a report</span>, " +
       std::to_string(s.with_tables) + " with statistics tables, " + "<span class=\"bad\">" +
       std::to_string(s.failing) +
       " whose tables fail a check</span>. The report year is the year a report covers (from its title "
       "and text), not its publication year. Each cell: reports · tables read · checks passed.</p>";
  if (s.agencies.empty()) return h;
  h += "<table class=\"agencies\"><tr><th>agency</th><th>region</th>";
  for (int y : s.years) h += "<th>" + (y == 0 ? std::string("year unknown") : std::to_string(y)) + "</th>";
  h += "<th>missing years</th></tr>";
  for (const AgencyYears& a : s.agencies) {
    h += "<tr><td>" + Escape(a.agency) + "</td><td>" + Escape(a.region.empty() ? "-" : a.region) + "</td>";
    for (int y : s.years) {
      auto it = a.by_year.find(y);
      if (it == a.by_year.end()) {
        h += "<td class=\"y\"></td>";
        continue;
      }
      const storage::AgencyCoverageRow& r = it->second;
      std::string cls = r.reports == 0 ? "missing" : !r.failed_rules.empty() ? "failing" : "found";
      std::string title = std::to_string(r.reports) + " report(s), " + std::to_string(r.with_tables) +
                          " with tables, " + std::to_string(r.checks_passed) + " passing every check";
      for (const std::string& rule : r.failed_rules) title += "; FAIL " + rule;
      for (const std::string& url : r.urls) title += "\n" + url;
      h += "<td class=\"y " + cls + "\" data-agency=\"" + Escape(a.agency) + "\" data-year=\"" +
           std::to_string(y) + "\" title=\"" + Escape(title) + "\">" +
           (r.reports == 0 ? std::string("✗")
                           : std::to_string(r.reports) + " · " + std::to_string(r.with_tables) + " · " +
                                 std::to_string(r.checks_passed)) +
           "</td>";
    }
    h += "<td class=\"" + std::string(a.missing_years.empty() ? "ok" : "bad") + "\">" +
         YearList(a.missing_years) + "</td></tr>";
  }
  return h + "</table>";
}

}  // namespace

// ---- parameters ----

bool ParseId(const std::string& text, int64_t* id) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v <= 0) return false;
  *id = v;
  return true;
}

bool ParseSearchRequest(const Query& query, SearchRequest* request, int* page, std::string* error) {
  request->q = Get(query, "q");
  request->site = Get(query, "site");
  request->agency = Get(query, "agency");
  request->region = Get(query, "region");
  if (request->q.size() > kMaxQueryBytes) {
    *error = "parameter 'q' is " + std::to_string(request->q.size()) + " bytes long; at most " +
             std::to_string(kMaxQueryBytes) + " are accepted";
    return false;
  }
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"q", &request->q},
                                    {"site", &request->site},
                                    {"agency", &request->agency},
                                    {"region", &request->region}}) {
    if (!IsValidUtf8(*value)) {
      *error = "parameter '" + std::string(name) + "' must be UTF-8 text";
      return false;
    }
  }
  if (request->site.size() > 255) {
    *error = "parameter 'site' is longer than a host name can be";
    return false;
  }
  if (request->agency.size() > kMaxNameBytes || request->region.size() > kMaxNameBytes) {
    *error = "parameters 'agency' and 'region' are at most " + std::to_string(kMaxNameBytes) +
             " bytes (part of a name)";
    return false;
  }
  const std::string year = Get(query, "year");
  if (!year.empty() && !ParseInt(year, 1949, 2100, &request->year)) {
    *error = "parameter 'year' must be a year between 1949 and 2100, not '" + year.substr(0, 20) + "'";
    return false;
  }
  const std::string report_year = Get(query, "report_year");
  if (!report_year.empty() && !ParseInt(report_year, 1949, 2100, &request->report_year)) {
    *error = "parameter 'report_year' must be a year between 1949 and 2100, not '" +
             report_year.substr(0, 20) + "'";
    return false;
  }
  const std::string per_page = Get(query, "per_page");
  request->limit = 20;
  if (!per_page.empty() && !ParseInt(per_page, 1, kMaxPerPage, &request->limit)) {
    *error = "parameter 'per_page' must be between 1 and " + std::to_string(kMaxPerPage);
    return false;
  }
  const std::string sort = Get(query, "sort");
  if (sort != "" && sort != "relevance" && sort != "date") {
    *error = "parameter 'sort' is 'relevance' or 'date', not '" + sort.substr(0, 20) + "'";
    return false;
  }
  request->by_date = sort == "date";
  const std::string page_text = Get(query, "page");
  *page = 1;
  if (!page_text.empty() && !ParseInt(page_text, 1, kMaxPage, page)) {
    *error = "parameter 'page' must be a number between 1 and " + std::to_string(kMaxPage);
    return false;
  }
  request->offset = (*page - 1) * request->limit;
  return true;
}

int HttpStatusOf(const Status& status) {
  if (status.IsNotFound()) return 404;
  if (status.IsInvalidArgument()) return 400;
  return 503;
}

Response ErrorPageHtml(int status, const std::string& message) {
  return Html("Error " + std::to_string(status), Section::kOther,
              "<h1>" + std::to_string(status) + "</h1><p class=\"bad\">" + Escape(message) +
                  "</p><p><a href=\"/\">检索 search</a></p>",
              status);
}

// ---- pages ----

Response SearchPageHtml(const PageContext& ctx, const Query& query) {
  SearchRequest request;
  int page = 1;
  std::string error;
  if (!ParseSearchRequest(query, &request, &page, &error)) return ErrorPageHtml(400, error);
  Facets facets;
  Status status = ctx.reader->GetFacets(&facets);
  if (!status.ok()) return FromStatus(status);
  std::string body = "<h1>政府信息公开报告档案 · the archive</h1>" + SearchForm(request, facets);
  if (request.q.empty()) {
    body += "<p>" + std::to_string(facets.sites.size()) +
            " sites in the archive. Type words to search the reports (Chinese needs no spaces); "
            "see <a href=\"/coverage\">coverage</a> for what was collected and <a href=\"/runs\">runs</a> "
            "for the crawls.</p>";
    return Html("检索 search", Section::kSearch, body);
  }
  SearchPage results;
  status = ctx.reader->Search(request, &results);
  if (!status.ok())
    return status.IsInvalidArgument() ? ErrorPageHtml(400, status.message()) : FromStatus(status);
  body += "<p class=\"total\" id=\"total\">共 <b>" + std::to_string(results.total) + "</b> 条 · " +
          std::to_string(results.total) + (results.total == 1 ? " report" : " reports") + "</p>";
  body += "<ol class=\"results\" start=\"" + std::to_string(request.offset + 1) + "\">";
  for (const SearchItem& item : results.items) {
    const std::string id = std::to_string(item.id);
    body += "<li><a class=\"title\" href=\"/report/" + id + "\">" +
            Escape(item.title.empty() ? "(untitled)" : item.title) + "</a><div class=\"meta\">" +
            Escape(item.published.empty() ? "no date" : item.published) + " · " + Escape(item.site) +
            FactsHtml(item) + " · <span class=\"url\">" + Escape(item.url) +
            "</span></div><div class=\"snippet\">" + SnippetHtml(item.snippet) +
            "</div><div class=\"meta\"><a href=\"/provenance/" + id + "\">provenance</a> · <a href=\"" +
            Escape(ctx.raw_url(item.id)) + "\">raw</a></div></li>";
  }
  body += "</ol>" + Pager(request, results, page);
  return Html(request.q + " · 检索", Section::kSearch, body);
}

Response ReportPageHtml(const PageContext& ctx, const std::string& id_text) {
  int64_t id = 0;
  if (!ParseId(id_text, &id))
    return ErrorPageHtml(400, "'" + id_text.substr(0, 40) + "' is not a capture id");
  ReportView v;
  Status status = ctx.reader->Report(id, &v);
  if (!status.ok()) return FromStatus(status);
  const storage::Capture& c = v.capture;
  const storage::ExtractionRecord& e = v.extraction;
  const std::string ids = std::to_string(id);
  std::string body = "<h1>" + Escape(v.has_extraction && !e.title.empty() ? e.title : c.url) + "</h1>";
  body += "<p class=\"meta\"><a href=\"/provenance/" + ids + "\">来源 provenance</a> · <a href=\"" +
          Escape(ctx.raw_url(id)) + "\">原始页面 raw view</a>" +
          (v.has_extraction ? " · <a href=\"/api/report/" + ids + "\">JSON</a>" : "") + "</p>";
  body += "<table class=\"kv\">";
  if (v.has_extraction) {
    body += KeyValue("日期 published", Escape(e.published.empty() ? "-" : e.published));
    body += KeyValue("报告年度 report year", e.report_year == 0 ? "-" : std::to_string(e.report_year));
    body += KeyValue("机关 agency", Escape(e.agency.empty() ? "-" : e.agency));
    body += KeyValue("地区 region", Escape(v.region.empty() ? "-" : v.region));
    body += KeyValue("网站 site", Escape(e.site.empty() ? c.host : e.site));
    body += KeyValue("来源 source", Escape(e.source.empty() ? "-" : e.source));
    body += KeyValue("栏目 column", Escape(e.column.empty() ? "-" : e.column));
  }
  body += KeyValue("URL", "<span class=\"url\">" + Escape(c.url) + "</span>");
  body += KeyValue("抓取 captured",
                   Escape(FormatTime(c.started_at_ms)) + " · " + Escape(StatusText(c)) + " · capture " + ids);
  if (v.has_extraction) {
    body += KeyValue("提取 extractor",
                     Escape(e.extractor_version) + " at " + Escape(FormatTime(e.extracted_at_ms)));
    body += KeyValue("统计表 statistics", StatisticsSummaryHtml(e));
  }
  body += "</table>";
  if (!v.has_extraction) {
    body += "<p>This capture has no extraction (it is a " + std::string(storage::ToString(c.page_kind)) +
            " page); see its raw view.</p>";
  } else {
    bool had_tables = false;
    body += "<h2>正文 text</h2>" + TextHtml(e.text, &had_tables);
    if (!had_tables) {
      std::string tables = TablesHtml(e.tables);
      if (!tables.empty()) body += "<h2>表格 tables</h2>" + tables;
    }
    body += StatisticsHtml(e);
  }
  if (!v.attachments.empty()) {
    body += "<h2>附件 attachments</h2><ul>";
    for (const AttachmentView& a : v.attachments) {
      body += "<li>" + Escape(a.name.empty() ? a.url : a.name) + " <span class=\"meta url\">" +
              Escape(a.url) + "</span> ";
      if (a.capture_id != 0) {
        body += "<a href=\"" + Escape(ctx.raw_url(a.capture_id)) + "\">archived file</a>";
        if (!a.text.empty())
          body += "<details><summary>text</summary><pre>" + Escape(a.text) + "</pre></details>";
      } else {
        body += "<span class=\"meta\">(not archived)</span>";
      }
      body += "</li>";
    }
    body += "</ul>";
  }
  if (v.versions.size() > 1) {
    body +=
        "<h2>提取版本 extraction versions</h2><table><tr><th>extractor</th><th>extracted</th><th></th></tr>";
    for (const storage::ExtractionRecord& x : v.versions) {
      body += "<tr><td>" + Escape(x.extractor_version) + "</td><td>" + Escape(FormatTime(x.extracted_at_ms)) +
              "</td><td>" +
              (x.id == e.id ? "current"
                            : "<a href=\"/diff?a=" + ids + "&amp;av=" + std::to_string(x.id) +
                                  "&amp;b=" + ids + "\">diff → current</a>") +
              "</td></tr>";
    }
    body += "</table>";
  }
  if (!v.history.empty()) {
    body +=
        "<h2>抓取历史 capture history</h2><table><tr><th>capture</th><th>time</th><th>status</th><th>body</th><th></th></tr>";
    for (size_t k = 0; k < v.history.size(); ++k) {
      const storage::Capture& h = v.history[k];
      const std::string hid = std::to_string(h.id);
      std::string actions = h.id == id ? "this one" : "<a href=\"/report/" + hid + "\">view</a>";
      if (h.id != id && !h.body_sha256.empty() && v.has_extraction) {
        actions += " · <a href=\"/diff?a=" + hid + "&amp;b=" + ids + "\">diff → this</a>";
      }
      body += "<tr><td>" + hid + "</td><td>" + Escape(FormatTime(h.started_at_ms)) + "</td><td>" +
              Escape(StatusText(h)) +
              (h.revisit_of != 0 ? " (revisit of " + std::to_string(h.revisit_of) + ")" : "") + "</td><td>" +
              Escape(Short(h.body_sha256)) + "</td><td>" + actions + "</td></tr>";
    }
    body += "</table>";
  }
  return Html(v.has_extraction ? e.title : c.url, Section::kOther, body);
}

Response DiffPageHtml(const PageContext& ctx, const Query& query) {
  int64_t a = 0, b = 0, av = 0, bv = 0;
  if (!ParseId(Get(query, "a"), &a) || !ParseId(Get(query, "b"), &b)) {
    return ErrorPageHtml(400, "parameters 'a' and 'b' must be capture ids");
  }
  if ((!Get(query, "av").empty() && !ParseId(Get(query, "av"), &av)) ||
      (!Get(query, "bv").empty() && !ParseId(Get(query, "bv"), &bv))) {
    return ErrorPageHtml(400, "parameters 'av' and 'bv' must be extraction ids");
  }
  storage::ExtractionRecord before, after;
  Status status = ctx.reader->Extraction(a, av, &before);
  if (status.ok()) status = ctx.reader->Extraction(b, bv, &after);
  if (!status.ok()) return FromStatus(status);
  auto label = [](int64_t capture, const storage::ExtractionRecord& e) {
    return "capture " + std::to_string(capture) + ", " + Escape(e.extractor_version) + " (" +
           Escape(FormatTime(e.extracted_at_ms)) + ")";
  };
  std::string body = "<h1>差异 diff</h1><p><span class=\"del\">− " + label(a, before) +
                     "</span><br><span class=\"add\">+ " + label(b, after) + "</span></p>";
  int added = 0, removed = 0;
  std::string lines;
  if (before.title != after.title) {
    lines += "<div class=\"del\">− title: " + Escape(before.title) +
             "</div><div class=\"add\">+ title: " + Escape(after.title) + "</div>";
  }
  for (const DiffLine& d : DiffLines(before.text, after.text)) {
    switch (d.kind) {
      case DiffLine::Kind::kSame:
        lines += "<div>  " + Escape(d.text) + "</div>";
        break;
      case DiffLine::Kind::kAdded:
        lines += "<div class=\"add\">+ " + Escape(d.text) + "</div>";
        ++added;
        break;
      case DiffLine::Kind::kRemoved:
        lines += "<div class=\"del\">− " + Escape(d.text) + "</div>";
        ++removed;
        break;
    }
  }
  body += "<p>" + std::to_string(added) + " lines added, " + std::to_string(removed) +
          " removed. <a href=\"/report/" + std::to_string(b) + "\">back to the report</a></p>" +
          StatisticsDiffHtml(before, after) + "<h2>正文 text</h2><div class=\"diff\">" + lines + "</div>";
  return Html("diff", Section::kOther, body);
}

Response ProvenancePageHtml(const PageContext& ctx, const std::string& id_text) {
  int64_t id = 0;
  if (!ParseId(id_text, &id))
    return ErrorPageHtml(400, "'" + id_text.substr(0, 40) + "' is not a capture id");
  std::vector<storage::Capture> chain;
  Status status = ctx.reader->Provenance(id, &chain);
  if (!status.ok()) return FromStatus(status);
  std::string body =
      "<h1>来源 provenance of capture " + std::to_string(id) +
      "</h1><p>How the crawler reached it: the seed listing, the listing page(s), the capture.</p><ol class=\"chain\">";
  for (const storage::Capture& c : chain) {
    const std::string cid = std::to_string(c.id);
    body += "<li><b>" + std::string(storage::ToString(c.discovery)) + "</b> <span class=\"url\">" +
            Escape(c.url) + "</span><table class=\"kv\">";
    body += KeyValue("capture", cid + " (run " + std::to_string(c.run_id) + ", " + Escape(c.origin) +
                                    ") · <a href=\"" + Escape(ctx.raw_url(c.id)) + "\">raw</a>" +
                                    (c.page_kind == storage::PageKind::kReport
                                         ? " · <a href=\"/report/" + cid + "\">report</a>"
                                         : ""));
    body +=
        KeyValue("time", Escape(FormatTime(c.started_at_ms)) + " (" + std::to_string(c.duration_ms) + " ms)");
    body += KeyValue(
        "status", Escape(StatusText(c)) + (c.error_message.empty() ? "" : " — " + Escape(c.error_message)));
    body += KeyValue("IP", Escape(c.remote_ip.empty() ? "-" : c.remote_ip));
    body += KeyValue("sha256", c.body_sha256.empty() ? "-" : "<code>" + Escape(c.body_sha256) + "</code>");
    body += KeyValue("body", std::to_string(c.body_size) + " bytes, " + Escape(c.content_type) +
                                 (c.charset_used.empty() ? "" : ", decoded as " + Escape(c.charset_used)) +
                                 (c.truncated ? " (truncated)" : ""));
    if (c.final_url != c.url && !c.final_url.empty()) {
      std::string redirects;
      for (const std::string& r : c.redirect_chain) redirects += Escape(r) + "<br>";
      body += KeyValue("redirects", redirects);
    }
    body += KeyValue("request headers", HeadersHtml(c.request_headers));
    body += KeyValue("response headers", HeadersHtml(c.response_headers));
    body += "</table></li>";
  }
  body += "</ol>";
  return Html("provenance " + std::to_string(id), Section::kOther, body);
}

bool ParseCoverageRegion(const Query& query, std::string* region, std::string* error) {
  *region = Get(query, "region");
  if (!IsValidUtf8(*region) || region->size() > kMaxNameBytes) {
    *error = "parameter 'region' must be UTF-8 text of at most " + std::to_string(kMaxNameBytes) + " bytes";
    return false;
  }
  return true;
}

Response CoveragePageHtml(const PageContext& ctx, const Query& query) {
  std::string region, error;
  if (!ParseCoverageRegion(query, &region, &error)) return ErrorPageHtml(400, error);
  CoverageView view;
  Status status = ctx.reader->Coverage(&view);
  if (!status.ok()) return FromStatus(status);
  CoverageSummary s = Summarize(view);
  std::string body =
      "<h1>覆盖 coverage</h1><p>" + std::to_string(s.reports) + " reports from " +
      std::to_string(s.sites.size()) + " hosts. Last crawl: " +
      (s.last_run_id == 0
           ? "none"
           : "run " + std::to_string(s.last_run_id) + ", started " +
                 Escape(FormatTime(s.last_run_started_ms)) +
                 (s.last_run_ended_ms == 0 ? " (unfinished)"
                                           : ", ended " + Escape(FormatTime(s.last_run_ended_ms)))) +
      ".</p><h2>每年报告 reports per publication year</h2>" + YearChartSvg(s.by_year, 720, 200, true);
  body +=
      "<h2>按网站 per site</h2><table><tr><th>host</th><th>site</th><th>reports</th><th>years</th><th>per year</th>"
      "<th>missing years</th><th>captures</th><th>errors</th><th>last capture</th></tr>";
  for (const SiteCoverage& c : s.sites) {
    std::string names;
    for (const std::string& n : c.names) names += (names.empty() ? "" : "<br>") + Escape(n);
    std::string years = c.by_year.empty() ? "-"
                                          : std::to_string(c.by_year.begin()->first) + "–" +
                                                std::to_string(c.by_year.rbegin()->first);
    if (c.undated != 0) years += " (+" + std::to_string(c.undated) + " undated)";
    body += "<tr><td><a href=\"/search?q=%E6%8A%A5%E5%91%8A&amp;site=" + UrlEncode(c.host) + "\">" +
            Escape(c.host) + "</a></td><td>" + (names.empty() ? "-" : names) + "</td><td>" +
            std::to_string(c.reports) + "</td><td>" + years + "</td><td>" +
            YearChartSvg(c.by_year, 120, 24, false) + "</td><td class=\"" +
            (c.missing_years.empty() ? "ok" : "bad") + "\">" + YearList(c.missing_years) + "</td><td>" +
            std::to_string(c.captures) + "</td><td class=\"" + (c.errors == 0 ? "ok" : "bad") + "\">" +
            std::to_string(c.errors) + "</td><td>" + Escape(FormatTime(c.last_capture_ms)) + "</td></tr>";
  }
  body += "</table>";
  AgencyCoverageView agencies;
  status = ctx.reader->AgencyCoverage(&agencies);
  if (!status.ok()) return FromStatus(status);
  const AgencySummary agency_summary = SummarizeAgencies(agencies, region);
  std::map<int, int64_t> by_report_year;
  for (const storage::AgencyCoverageRow& row : agencies.rows) {
    if (row.report_year != 0 && row.reports > 0) by_report_year[row.report_year] += row.reports;
  }
  if (!by_report_year.empty()) {
    body +=
        "<h2>每个报告年度 reports per report year</h2><p class=\"meta\">The year a report covers (a 2022 "
        "report is mostly published in 2023).</p>" +
        YearChartSvg(by_report_year, 720, 200, true);
  }
  Facets facets;
  status = ctx.reader->GetFacets(&facets);
  if (!status.ok()) return FromStatus(status);
  body += AgencyCoverageHtml(agency_summary, region, facets.regions);
  return Html("覆盖 coverage", Section::kCoverage, body);
}

Response RunsPageHtml(const PageContext& ctx) {
  std::vector<storage::Run> runs;
  Status status = ctx.reader->Runs(&runs);
  if (!status.ok()) return FromStatus(status);
  std::string body =
      "<h1>抓取 runs</h1><table><tr><th>run</th><th>started</th><th>ended</th><th>outcome</th>"
      "<th>requests</th><th>reports new / changed / unchanged</th><th>errors</th><th>errors by kind</th></tr>";
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    const storage::Run& r = *it;
    json summary = json::parse(r.summary_json.empty() ? "{}" : r.summary_json, nullptr, false);
    if (!summary.is_object()) summary = json::object();
    auto num = [&](const json& j, const char* key) {
      return j.is_object() && j.contains(key) && j[key].is_number() ? std::to_string(j[key].get<int64_t>())
                                                                    : std::string("-");
    };
    std::string kinds;
    if (summary.contains("errors_by_kind") && summary["errors_by_kind"].is_object()) {
      for (const auto& [kind, count] : summary["errors_by_kind"].items()) {
        kinds += (kinds.empty() ? "" : ", ") + Escape(kind) + " " +
                 (count.is_number() ? std::to_string(count.get<int64_t>()) : "?");
      }
    }
    const json reports = summary.value("reports", json::object());
    body += "<tr><td>" + std::to_string(r.id) + "</td><td>" + Escape(FormatTime(r.info.started_at_ms)) +
            "</td><td>" + (r.ended_at_ms == 0 ? "unfinished" : Escape(FormatTime(r.ended_at_ms))) +
            "</td><td>" +
            Escape(summary.value("stop_reason", r.ended_at_ms == 0 ? "running or killed" : "-")) +
            "</td><td>" + num(summary, "requests") + "</td><td>" + num(reports, "new") + " / " +
            num(reports, "changed") + " / " + num(reports, "unchanged") + "</td><td>" +
            num(summary, "errors") + "</td><td>" + (kinds.empty() ? "-" : kinds) + "</td></tr>";
  }
  body += "</table>";
  if (runs.empty()) body += "<p>No crawl has run into this archive yet.</p>";
  return Html("抓取 runs", Section::kRuns, body);
}

}  // namespace gongkai::serve
