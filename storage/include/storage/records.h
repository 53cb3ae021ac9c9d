// The records the archive keeps: runs, captures (one per HTTP exchange), extractions, frontier
// entries, and the read-side views built from them (validators, search hits, site stats).
// Plain structs: storage never includes crawler or extract headers; app/ converts.
// Times are milliseconds since the Unix epoch (UTC) unless a field says otherwise.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gongkai::storage {

// How a URL came to be fetched. Stored as its lower-case name (see ToString), so the values are
// part of the archive format: append only, never renumber or rename.
enum class DiscoveryKind {
  kSeed,        // a seed listing page from seeds/*.toml
  kListing,     // a listing page linked from another page
  kPagination,  // next/previous page of a listing
  kReport,      // a report page linked from a listing
  kAttachment,  // a file linked from a report (pdf, doc, ...)
  kSitemap,     // found in a sitemap
  kRobots,      // robots.txt itself, fetched before a host's first page
  kImported,    // came from an imported WARC file
};

// What a fetched page turned out to be.
enum class PageKind {
  kRobots,      // a robots.txt
  kListing,     // a listing of reports (column page)
  kReport,      // a report: extracted, indexed for search
  kAttachment,  // a linked file, kept raw
  kChallenge,   // an anti-bot challenge page instead of content
  kOther,       // anything else (error pages, unknown)
};

const char* ToString(DiscoveryKind kind);  // "seed", "listing", ...
const char* ToString(PageKind kind);       // "robots", "listing", ...
// Parse the names above; false on an unknown name (leaves *kind unchanged).
bool ParseDiscoveryKind(std::string_view name, DiscoveryKind* kind);
bool ParsePageKind(std::string_view name, PageKind* kind);

// HTTP header fields in the order they were sent/received; names keep their original case.
using Headers = std::vector<std::pair<std::string, std::string>>;
// The value of the first header named `name` (case-insensitive), "" if absent.
std::string HeaderValue(const Headers& headers, std::string_view name);

// One crawl (or one import): what ran, with which configuration, and how it ended.
struct RunInfo {
  std::string gongkai_version;  // e.g. "0.1.0"
  std::string config_digest;    // app::ConfigDigest() of the effective config
  std::string seeds;            // the seed list as text (e.g. the seeds/*.toml contents)
  int64_t started_at_ms = 0;
  // kRunKindCrawl or kRunKindImport. Only an unfinished crawl run is ever resumed by a crawl.
  std::string kind = "crawl";
};

inline constexpr char kRunKindCrawl[] = "crawl";
inline constexpr char kRunKindImport[] = "import";

struct Run {
  int64_t id = 0;
  RunInfo info;
  int64_t ended_at_ms = 0;   // 0 while unfinished (crashed or still running)
  std::string summary_json;  // figures the crawler reported at the end ("" while unfinished)
};

// One answer on the way to a capture's final response: a 3xx whose Location was followed. Stored
// with the capture (table capture_hops), in the order they were requested, so a WARC export writes
// every hop as its own request/response pair.
struct RedirectHop {
  std::string url;  // the URL requested at this hop
  int status = 0;   // its 3xx status
  std::string http_version = "HTTP/1.1";
  Headers request_headers;   // as sent
  Headers response_headers;  // as received (Location among them)
  std::string remote_ip;
  int64_t started_at_ms = 0;
  std::string body;         // write side only: the 3xx body as received ("" when none)
  std::string body_sha256;  // read side: its stored blob ("" when there was no body)
  int64_t body_size = 0;    // read side
};

// One HTTP exchange, whatever its outcome: a 200, an error with no response (status 0), a 304
// revisit, a robots.txt refusal (status 0, error_kind "robots_disallowed"), an anti-bot challenge.
struct Capture {
  int64_t id = 0;                           // assigned by the archive; ignored on write
  int64_t run_id = 0;                       // must name an existing run
  std::string url;                          // the URL requested (absolute)
  std::string final_url;                    // after redirects ("" or == url when none)
  std::vector<std::string> redirect_chain;  // every URL visited, url first, final_url last
  std::string method = "GET";
  int status = 0;                         // HTTP status of the final response; 0 = no response
  std::string error_kind;                 // "" on success; e.g. "timeout", "dns", "connect", "tls",
                                          // "too_large", "robots_disallowed", "http" (4xx/5xx)
  std::string error_message;              // human-readable detail ("" on success)
  Headers request_headers;                // as sent for the final request
  Headers response_headers;               // as received for the final response
  std::string http_version = "HTTP/1.1";  // of the response status line
  std::string remote_ip;                  // "" when unknown or no connection
  int64_t started_at_ms = 0;
  int64_t duration_ms = 0;
  // Body: set by the archive from the bytes given to RecordFetch; ignored on write.
  std::string body_sha256;          // lower-case hex; "" when there is no body (error, 304, HEAD)
  int64_t body_size = 0;            // bytes as received (after transfer decoding)
  bool truncated = false;           // the body was cut at crawler max_body_bytes
  std::string charset_declared;     // from headers/meta ("" if none)
  std::string charset_used;         // what the page was decoded with ("" if not decoded)
  std::string discovered_from_url;  // the page the link was found on ("" for seeds)
  DiscoveryKind discovery = DiscoveryKind::kSeed;
  PageKind page_kind = PageKind::kOther;
  int64_t revisit_of = 0;        // for a 304: id of the capture whose body was confirmed; else 0
  std::string origin = "crawl";  // "crawl", or "warc:<file name>" for imported captures
  // The 3xx answers followed before this one, url first (RecordFetch stores them; read them back
  // with Archive::RedirectHops()). Empty when there was no redirect.
  std::vector<RedirectHop> redirect_hops;
  // Imports: the WARC-Record-ID this capture came from, so a second import of it is a no-op
  // (Archive::FindImported). "" for crawled captures; write side only.
  std::string warc_record_id;
  // Derived by the archive on write from response_headers / final_url; ignored on write.
  std::string content_type;
  std::string host;
};

// One cell of the standard statistics tables (docs/statistics-schema.md) as stored.
struct StatisticCellRecord {
  std::string field;  // field id, e.g. "t3.new.natural"
  std::string state;  // "number", "na" (printed '/', '—', '不适用'), "empty" (printed blank)
  double value = 0;   // for "number"
  std::string raw;    // the cell as printed
};

// One check of the template's rules on an extraction's cells.
struct StatisticCheckRecord {
  std::string rule;                // e.g. "t3.balance.natural"
  std::string status;              // "PASS", "FAIL", "NA"
  std::string detail;              // the numbers
  std::vector<std::string> cells;  // field ids involved
};

// One table of an extraction: rows of cells (spans expanded).
using TableRows = std::vector<std::vector<std::string>>;

// A file linked from a report page. name and url always; when the file was read as a report file
// (PDF, DOCX, OFD, DOC/WPS; app/adapters/report_files.h) also what reading it gave.
struct AttachmentRecord {
  std::string name;  // anchor text (or the file's title when the page named none)
  std::string url;
  bool read_as_file = false;  // format is set, and error or the extracted fields below
  std::string format;         // "pdf", "docx", ...
  std::string error;          // the extractor's FileError kind when the file could not be read; else ""
  bool extracted = false;     // the fields below are set
  int pages = 0;
  bool ocr = false;
  std::string title;
  std::string published;  // as the file gave it ("" when unknown)
  std::string text;
  std::vector<TableRows> tables;
  bool primary = false;  // the report's text is this file's (the page is only a link to it)

  bool operator==(const AttachmentRecord&) const = default;
};

// An attachment as a page links it (not read as a file).
inline AttachmentRecord AttachmentLink(std::string name, std::string url) {
  AttachmentRecord a;
  a.name = std::move(name);
  a.url = std::move(url);
  return a;
}

// The extractor's output for one archived body, made by one extractor version. Several versions
// can coexist for the same body; the newest one is the body's current extraction.
struct ExtractionRecord {
  int64_t id = 0;           // assigned by the archive
  int64_t capture_id = 0;   // the capture whose body this was made from (its provenance)
  std::string body_sha256;  // filled from the capture by the archive; ignored on write
  std::string title;
  std::string published;  // ISO 8601 date or date-time; "" when unknown
  std::string source;
  std::string site;
  std::string column;
  std::string text;
  std::vector<TableRows> tables;
  std::vector<AttachmentRecord> attachments;  // JSON shapes: docs/archive-format.md (storage/export.h)
  std::string charset;                        // charset the body was decoded with
  std::string extractor_version;
  int64_t extracted_at_ms = 0;
  // What the report is about (table report_facts) and its statistics tables (statistic_cells).
  int report_year = 0;  // the year the report covers; 0 = unknown
  std::string agency;   // the publishing body; "" = unknown
  // Where `agency` was read: "title", "page" (来源/发布机构/ContentSource), "page_column" (the page's
  // column name) or "column" (the crawl: the 集约化 sub-column the report was listed in); "" = none.
  std::string agency_source;
  std::string statistics_edition;  // "2019" / "2021"; "" = no template table found
  std::vector<StatisticCellRecord> statistic_cells;
  std::vector<StatisticCheckRecord> statistic_checks;
};

// A URL to fetch in a run. The set of a run's entries is also the run's "seen" set.
struct FrontierEntry {
  std::string url;
  std::string discovered_from_url;  // "" for seeds
  DiscoveryKind discovery = DiscoveryKind::kSeed;
  int depth = 0;          // link hops from the seed
  std::string seed_name;  // which seed this entry descends from
  bool done = false;      // read side only: a capture for it was recorded
  // Reached through navigation (政府信息公开 -> 法定主动公开内容, a sitemap's column candidate): the
  // crawler takes the page's list only when it names a 年报 column. Kept so a resumed run decides alike.
  bool navigation = false;
  std::string agency;  // the agency whose column listed this URL (集约化 sub-columns); "" = none
};

// What a conditional GET needs from the newest successful (2xx, with body) capture of a URL.
struct Validators {
  int64_t capture_id = 0;
  std::string etag;           // "" when the server sent none
  std::string last_modified;  // "" when the server sent none
  std::string body_sha256;
  int64_t fetched_at_ms = 0;
  int status = 0;
};

// How a recorded body compares with the newest earlier 2xx capture with a body of the same URL
// (as url or final_url): what RecordFetch found when it stored the capture.
enum class BodyChange {
  kNone,       // no body to compare: no response, an error status, HEAD
  kNew,        // a 2xx body, and the URL had no earlier one
  kChanged,    // a 2xx body that differs from the earlier one
  kUnchanged,  // a 2xx body equal (same SHA-256) to the earlier one
  kRevisit,    // a 304: the earlier body was confirmed without being sent again
};

const char* ToString(BodyChange change);  // "none", "new", "changed", "unchanged", "revisit"

// What RecordFetch wrote.
struct RecordedFetch {
  int64_t capture_id = 0;  // the new capture
  BodyChange change = BodyChange::kNone;
};

// A report as search/export see it: its newest capture with a body, and the current extraction.
struct Report {
  Capture capture;
  ExtractionRecord extraction;
  std::string seed;  // name of the seed whose crawl reached the URL most recently; "" if imported
};

// What coverage counts of a report (Archive::ForEachReportFacts): its facts without its text,
// tables or statistic cells.
struct ReportFacts {
  std::string url;                        // its current capture's URL (Report::capture.url)
  std::string site;                       // ExtractionRecord::site
  std::string seed;                       // as Report::seed
  int report_year = 0;                    // ExtractionRecord::report_year
  std::string agency;                     // ExtractionRecord::agency
  std::string statistics_edition;         // ExtractionRecord::statistics_edition
  std::vector<std::string> failed_rules;  // rules of its statistic checks that FAIL, in check order
};

// Which reports/captures a listing covers. Empty/zero fields do not filter.
struct ReportFilter {
  std::string site;        // host, extraction site name, or (reports naming no site) seed name; exact
  int year = 0;            // publication year of the extraction
  int64_t since_ms = 0;    // captures started at or after this time
  int64_t capture_id = 0;  // reports only (ForEachReport, exports): the report whose current capture
                           // this is; ignored by ForEachCapture/ForEachExtraction
  int report_year = 0;     // the year the report covers (ExtractionRecord::report_year)
  std::string agency;      // part of the publishing body's name (ExtractionRecord::agency)
};

// The order of search results.
enum class SearchSort {
  kRelevance,  // bm25-style term frequency, title matches weighted 5x; newer first among equals
  kDate,       // publication date, newest first; reports without a date last
};

// "relevance" / "date".
const char* ToString(SearchSort sort);

// A search: the query text, filters, order and the page of results wanted.
//
// Query syntax (all matching is on NFKC_Casefold-folded text, so full-width and half-width forms
// and letter case are the same; Chinese needs no spaces: a term matches anywhere in the text):
//   年度报告 复议        both terms (terms are ANDed)
//   复议 OR 诉讼         either term (OR, upper case, joins the terms on each side)
//   -通知               reports without the term
//   "工作 年度报告"      the phrase, spaces included (“…” works too)
//   title:年度报告       the term in the title only (title:"…" for a phrase)
// At most kMaxSearchTerms terms. The bigrams of the terms narrow the candidates through the index
// (storage/src/index_terms.h); each candidate is then checked for the terms themselves. A query of
// 1-character terms only checks every report (slower).
struct SearchQuery {
  std::string text;  // UTF-8, the syntax above

  // Filters; empty/zero fields do not filter. A new filter is a field here and one clause in
  // AppendSearchFilters() (storage/src/archive_search.cc).
  std::string site;     // as ReportFilter::site
  int year = 0;         // as ReportFilter::year
  int report_year = 0;  // as ReportFilter::report_year
  std::string agency;   // as ReportFilter::agency

  SearchSort sort = SearchSort::kRelevance;
  int64_t offset = 0;                // results to skip (paging)
  int64_t limit = 20;                // results to return after `offset`; 0 = all of them
  std::string highlight_open = "[";  // placed around matches in the snippet
  std::string highlight_close = "]";
};

// The most terms a query may have (each is checked against every candidate).
inline constexpr size_t kMaxSearchTerms = 32;

struct SearchHit {
  int64_t capture_id = 0;
  int64_t extraction_id = 0;
  std::string url;
  std::string title;
  std::string published;
  std::string site;     // extraction site name, else the seed's name, else the host
  std::string snippet;  // text around the match with matches highlighted
  double score = 0;     // bm25-style term-frequency score (lower is better)
};

// What an export goes through (Archive::CountForExport).
struct ExportCounts {
  int64_t captures = 0;     // passing the filter as ForEachCapture applies it
  int64_t extractions = 0;  // as ForEachExtraction applies it
  int64_t reports = 0;      // as ForEachReport applies it
};

struct SiteStats {
  std::string host;
  int64_t reports = 0;       // distinct report URLs with an extraction
  int64_t captures = 0;      // HTTP exchanges
  int64_t errors = 0;        // captures with status 0 or >= 400
  int64_t raw_bytes = 0;     // sum of body sizes over captures (what was downloaded)
  int64_t unique_bytes = 0;  // sum of sizes of distinct bodies first seen on this host
  int64_t stored_bytes = 0;  // compressed size of those bodies in the archive
};

// Reports of one site in one publication year (the coverage view): one row per (host, site, year).
struct CoverageRow {
  std::string host;
  std::string site;             // extraction site name ("" when the extractor found none)
  int year = 0;                 // publication year; 0 when the report has no date
  int64_t reports = 0;          // distinct report URLs with a current extraction
  int64_t last_capture_ms = 0;  // newest current capture among them
};

// Body bytes to (re-)extract, with what the extractor needs to know about them.
struct ExtractTask {
  int64_t capture_id = 0;
  std::string url;  // final URL of the capture
  std::string content_type;
  std::string body_sha256;
  std::string charset_used;   // forced charset, if the crawler decided one ("" otherwise)
  std::string column_agency;  // agency the crawler took from the report's column ("" if none)
};

// What verify found. `ok()` when every list is empty.
struct VerifyReport {
  int64_t blobs_checked = 0;
  int64_t captures_checked = 0;
  int64_t extractions_checked = 0;
  std::vector<std::string> problems;  // one line each: what is damaged and where
  bool ok() const { return problems.empty(); }

  // Set by the caller before Verify() (kept by it; may be empty): called as the check goes with
  // the stored bodies and extraction texts checked so far out of `total` (bodies re-hashed first,
  // then texts decompressed; the reference and index checks after them count as the last one).
  std::function<void(int64_t done, int64_t total)> progress;
};

// The crawler's politeness memory of one host or one remote IP (table `politeness`): what a crawl
// killed and started again at once, or the next night's crawl, must know to never ask a server
// sooner than its policy allows. Times are wall-clock ms since the Unix epoch. Fields marked
// "run" belong to run_id and mean nothing to another run.
struct PolitenessRow {
  std::string scope;  // "host" (host[:port]) or "ip"
  std::string key;
  int64_t run_id = 0;          // the run that wrote the row last
  int64_t last_start_ms = 0;   // newest request's start (0 = none)
  int64_t last_end_ms = 0;     // newest finished request's end; < last_start_ms = died in flight
  int64_t next_start_ms = 0;   // no request before this (gap, back-off, Retry-After, throttle)
  int64_t gap_ms = 0;          // gap earned by the newest finished request
  int64_t crawl_delay_ms = 0;  // robots.txt Crawl-delay (hosts)
  int64_t failures = 0;        // run: consecutive failures (hosts)
  bool parked = false;         // run: parked for the rest of the run (hosts)
  int64_t throttle_level = 0;  // headerless 429/503 incidents not yet forgiven (hosts)
  int64_t throttle_until_ms = 0;
  int64_t page_requests = 0;  // run: page requests started (hosts; the per-host cap)
  int64_t updated_at_ms = 0;
};

}  // namespace gongkai::storage
