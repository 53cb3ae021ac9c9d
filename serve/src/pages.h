// The server-rendered pages and the JSON API, as functions from a request's path parameters and
// query to a response: no HTTP library here (server.cc adapts), so they are tested directly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "archive_reader.h"

namespace gongkai::serve {

using Query = std::map<std::string, std::string>;  // decoded query parameters (last value wins)

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
};

struct PageContext {
  ArchiveReader* reader = nullptr;
  // The raw view of a capture on the raw origin (absolute URL, signed when a token is set).
  std::function<std::string(int64_t capture_id)> raw_url;
};

// Longest accepted search query, in bytes: 200 Chinese characters is far beyond any real query
// (titles are ~30); storage also caps the terms at 32.
inline constexpr size_t kMaxQueryBytes = 600;
inline constexpr int kMaxPerPage = 100;
// Longest accepted agency or region filter, in bytes: the longest names (县级市 + 镇 + 人民政府) are
// ~20 characters.
inline constexpr size_t kMaxNameBytes = 300;
// Deepest page: a bound on the work one request may ask (offset = page x per_page results to rank
// and skip); 10,000 results at 100 a page. Narrow the query for more.
inline constexpr int kMaxPage = 100;

// Reads q, site, year, report_year, agency, region, sort (relevance|date), page, per_page. False with *error
// naming the parameter when one is bad.
bool ParseSearchRequest(const Query& query, SearchRequest* request, int* page, std::string* error);
// Reads the coverage's optional region filter (part of a region, as the search's). False with
// *error naming the parameter when it is bad.
bool ParseCoverageRegion(const Query& query, std::string* region, std::string* error);
// A positive decimal id that fits int64_t; false otherwise.
bool ParseId(const std::string& text, int64_t* id);

// HTML pages.
Response SearchPageHtml(const PageContext& ctx, const Query& query);         // / and /search
Response ReportPageHtml(const PageContext& ctx, const std::string& id);      // /report/<id>
Response DiffPageHtml(const PageContext& ctx, const Query& query);           // /diff?a=&b=[&av=&bv=]
Response ProvenancePageHtml(const PageContext& ctx, const std::string& id);  // /provenance/<id>
Response CoveragePageHtml(const PageContext& ctx, const Query& query);       // /coverage[?region=]
Response RunsPageHtml(const PageContext& ctx);                               // /runs
Response ErrorPageHtml(int status, const std::string& message);

// JSON API (docs/serve-api.md). Errors: {"error": message} with a 4xx status.
Response SearchApi(const PageContext& ctx, const Query& query);     // /api/search
Response ReportApi(const PageContext& ctx, const std::string& id);  // /api/report/<id>
Response CoverageApi(const PageContext& ctx, const Query& query);   // /api/coverage[?region=]
Response RunsApi(const PageContext& ctx);                           // /api/runs
Response ErrorJson(int status, const std::string& message);

// The status for a failed archive call: 404 NotFound, 400 InvalidArgument, 503 otherwise (the
// archive could not be read: not the request's fault, and worth retrying).
int HttpStatusOf(const Status& status);

}  // namespace gongkai::serve
