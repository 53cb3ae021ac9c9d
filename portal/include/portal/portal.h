// The simulated government portal: several fake Chinese government sites served at once on loopback
// (each on its own 127.x.y.z:port = its own host), modelled on the real CMS families (TRS WCM, Hanweb
// jcms, a plain JSP site), for tests, benchmarks and the demo. Content is deterministic for a seed.
// Every request is logged (arrival/completion on one steady clock) so tests can assert politeness from
// the server's side. Entry points: DefaultSites(), GeneratedSites(), Portal::Start().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "portal/stat_tables.h"

namespace gongkai::portal {

// The CMS family a site imitates: markup, URL scheme and pagination style.
enum class Template {
  kTrsWcm,      // /xxgk/ndbg/index.html, index_1.html … (createPageHTML JS pager), ./t20210106_47506.html
  kHanwebJcms,  // /col/colNNN/index.html + /module/web/jpage/dataproxy.jsp XML pages, /art/Y/M/D/art_C_N.html
  kPlain,       // /ndbg/list.jsp?page=N (or pageNum=N), 下一页/尾页 links, /ndbg/show.jsp?id=N
};

// How a site encodes and declares its HTML pages.
enum class Charset {
  kUtf8,              // UTF-8 bytes, declared in header and <meta>
  kGbkMetaOnly,       // GBK bytes, <meta charset=gb2312> only; Content-Type has no charset
  kGbkHeaderOnly,     // GBK bytes, Content-Type: text/html; charset=GBK; no <meta> charset
  kWrongDeclaration,  // GBK bytes declared utf-8 (header and <meta>): a decoder must detect it
};

// What /robots.txt answers.
enum class Robots {
  kRules,                // 200 with Disallow rules (Disallowed pages are linked from listings)
  kRulesWithCrawlDelay,  // kRules plus "Crawl-delay: <crawl_delay_s>"
  kNone,                 // 200 with an empty body: everything allowed
  kNotFound,             // 404: everything allowed (RFC 9309 §2.3.1.3)
  kServerError,          // 500 (see SiteSpec::robots_errors): a polite crawler fetches nothing else
};

// Fault knobs, all off by default. Request numbers count every request to the site, 1-based,
// robots.txt included.
struct Faults {
  int latency_ms = 0;               // added before answering every request
  int rate_limit_every_n = 0;       // every Nth request answers 429 with Retry-After (0 = never)
  int retry_after_s = 1;            // Retry-After value of the 429s and 503s
  int burst_503_after = 0;          // requests burst_503_after+1 … +burst_503_length answer 503 (0 = off)
  int burst_503_length = 0;         // length of the 503 burst; a huge value = a permanently failing host
  bool connection_reset = false;    // links /reset/…年度报告 pages whose connection is reset (RST)
  bool truncated_body = false;      // links a page whose body stops halfway (Content-Length too big)
  bool redirect_loop = false;       // links /loop/a.html -> /loop/b.html -> /loop/a.html …
  bool redirects = false;           // links /go/report/N -> 301 -> the real report N (a redirect chain)
  int slow_drip_ms = 0;             // links /drip.html sent 64 bytes at a time, one chunk per slow_drip_ms
  int64_t oversized_bytes = 0;      // links /big.html of this many bytes (streamed, never held whole)
  bool crawler_trap = false;        // links /calendar/YYYY-MM.html, each linking the next month, forever
  bool anti_bot_challenge = false;  // every path but robots.txt answers 521 + jsl JS cookie challenge
                                    // unless the request carries the __jsl_clearance_s cookie
  // Links two pager traps from the listing: /trap/a/list.jsp?page=N repeats the same items on every
  // page; /trap/b/list.jsp?page=N has new items and a 下一页 on every page, forever.
  bool pager_traps = false;
};

// One simulated site.
struct SiteSpec {
  std::string name = "示例区人民政府";  // site name: titles, meta SiteName, anchor text "<name>2020年…"
  std::string ip = "127.0.1.2";         // loopback address to bind (any 127.x.y.z works on Linux)
  int port = 0;                         // 0 = ephemeral
  Template tmpl = Template::kTrsWcm;
  Charset charset = Charset::kUtf8;
  Robots robots = Robots::kRules;
  int crawl_delay_s = 0;      // used by kRulesWithCrawlDelay
  int robots_errors = 0;      // kServerError: number of 500s before robots.txt recovers to kRules (0 = never)
  int report_count = 12;      // number of report pages in the 年度报告 column
  int per_page = 5;           // listing page size
  bool meta_tags = true;      // SiteName/SiteDomain/SiteIDCode/ColumnName/ArticleTitle/PubDate/ContentSource
  bool attachments = false;   // some reports link a PDF/DOC attachment (every third report)
  bool file_reports = false;  // some reports are published only as a real PDF/DOCX/DOC/OFD file
  bool stats_tables = true;   // statistics tables with rowspan/colspan in the 2019+ style reports
  bool gzip = true;           // gzip text answers when the request accepts it
  bool plain_page_num = false;  // kPlain: paginate with pageNum= instead of page=
  int column_id = 0;            // kHanwebJcms column id (0 = derived from the site index)
  bool sitemap = false;         // robots.txt names /sitemap.xml listing every report (robots with rules only)
  // Site structure (portal/src/site_structure.cc): the home page reaches the 年报 column only through
  // navigation (首页 -> 政府信息公开 -> 法定主动公开内容 -> 政府信息公开年报), sidebars carry keyword links
  // that are not items, and `departments` > 0 adds a 集约化 部门年报 column with one sub-column per
  // department (their items include titles without keywords: 工作要点落实情况, 工作总结, 图片版, "2023年").
  bool deep_navigation = false;
  int departments = 0;  // 0-24 department sub-columns (deep_navigation only)
  // No page links the 年报 column (deep_navigation only): /sitemap.xml alone lists it, beside the
  // structure pages. robots.txt names the sitemap when it has rules; otherwise a crawler must probe.
  bool column_only_in_sitemap = false;
  Faults faults;
};

// The demo set: >= 6 sites covering every template, charset and robots mode, a few faults.
std::vector<SiteSpec> DefaultSites();

// Sites built like real portals around their 年报 columns (SiteSpec::deep_navigation): a 集约化
// platform with 24 department sub-columns, two smaller ones in the other templates, and one whose
// 年报 column only its sitemap lists (SiteSpec::column_only_in_sitemap, no robots.txt).
std::vector<SiteSpec> StructureSites();

// `n` hosts of varied sizes for the crawl benchmark, deterministic for `seed`: about a third with a
// Crawl-delay (1-2 s), some groups sharing one IP on different ports, no faults, no anti-bot.
std::vector<SiteSpec> GeneratedSites(int n, uint64_t seed);

struct Options {
  std::vector<SiteSpec> sites = DefaultSites();
  uint64_t seed = 1;             // content (generated paragraphs, dates, ids) depends only on this
  int threads_per_site = 4;      // cpp-httplib worker threads per site (a keep-alive connection holds one)
  int keep_alive_timeout_s = 5;  // idle keep-alive connections are closed after this
};

// Everything a test needs to know about a running site.
struct SiteInfo {
  std::string name;
  std::string base_url;  // "http://127.0.1.2:PORT"
  std::string host;      // "127.0.1.2:PORT"
  std::string ip;
  int port = 0;
  std::vector<std::string> listing_urls;  // seed URLs of its 年度报告 column (first listing page), and
                                          // of its 部门年报 column when it has departments
  std::string home_url;                   // base_url + '/'
  std::vector<std::string> all_listing_urls;  // every listing page / dataproxy page a crawler may fetch
  std::vector<std::string> report_urls;  // every report page a perfect crawler must find (robots-allowed),
                                         // department reports (SiteSpec::departments) included
  std::vector<std::string> trap_pager_urls;  // first pages of the pager traps (Faults::pager_traps)
  std::vector<std::string> attachment_urls;  // every attachment linked from those report pages
  std::vector<std::string> disallowed_urls;  // linked but Disallowed in robots.txt: must never be fetched
  std::vector<std::string>
      fault_urls;  // linked pages that fail on purpose (reset, truncated, loop, drip, big)
  std::vector<std::string> trap_urls;      // the first calendar-trap page(s) (the trap is endless)
  std::vector<std::string> redirect_urls;  // linked URLs answering 301 to a report in report_urls
  std::vector<std::string> sitemap_urls;   // the site's sitemap (SiteSpec::sitemap, ::column_only_in_sitemap)
  int64_t crawl_delay_ms = 0;              // from robots.txt Crawl-delay, 0 if none
  Template tmpl = Template::kTrsWcm;
  SiteSpec spec;  // as given, port filled in
};

// Ground truth of one report page, for extractor tests and gold sets.
struct ReportTruth {
  std::string url;
  std::string site_name;
  std::string title;      // e.g. "示例区人民政府2020年政府信息公开工作年度报告"
  std::string published;  // "YYYY-MM-DD"
  std::string body_text;  // the report body as plain text, one paragraph/table row per line
  std::vector<std::string> body_snippets;         // strings that must appear in a good extraction
  std::vector<std::string> boilerplate_snippets;  // chrome strings that must not
  std::vector<std::string> attachment_urls;
  bool has_table = false;
  int report_year = 0;  // the year the report covers (the title's year, not the publication year)
  std::string agency;   // the publishing body: the site's government or one of its departments
  // The template's statistics tables (portal/stat_tables.h) when the report carries them: on the
  // page, or only in its attached file (statistics_in_attachment: the page says "详见附件"; the
  // attachment's content is statistics.text).
  bool has_statistics = false;
  bool statistics_in_attachment = false;
  StatTables statistics;
};

// One request as the server saw it.
struct LoggedRequest {
  int64_t start_us = 0;  // steady clock, same epoch for all sites: request arrival (headers parsed)
  int64_t end_us = 0;    // response completion: the last byte handed to the socket (cpp-httplib logs
                         // just after writing, so a fast client may start its next request a few
                         // microseconds before this)
  int64_t wall_ms = 0;   // system clock at arrival, ms since the Unix epoch
  std::string host;      // ip:port of the site that answered
  std::string ip;
  std::string method;
  std::string target;  // path?query as requested
  std::string user_agent;
  std::string if_none_match;
  std::string if_modified_since;
  int status = 0;     // 0 = connection reset / aborted before a status was sent
  int64_t bytes = 0;  // body bytes sent (after compression)
};

// A running portal. Thread-safe: the accessors may be called while sites are being crawled.
class Portal {
 public:
  // Binds and starts every site and sets *portal; returns IOError (naming the site and address) and
  // leaves *portal null if any bind fails or a server does not start listening. Returns only when
  // every server is accepting connections.
  static Status Start(const Options& options, std::unique_ptr<Portal>* portal);
  ~Portal();  // Stop()s
  Portal(const Portal&) = delete;
  Portal& operator=(const Portal&) = delete;

  void Stop();  // stops and joins every server; idempotent

  const std::vector<SiteInfo>& sites() const;
  // In order of arrival (start_us). Waits up to 0.5 s for requests in flight to finish first, so a
  // client that has just read its answer finds it here.
  std::vector<LoggedRequest> RequestLog() const;
  void ClearLog();

  // CPU seconds the sites' worker threads spent answering (arrival to logged completion; excludes
  // cpp-httplib's accept and header parsing). A benchmark running the portal in-process subtracts
  // this from the process's CPU time to get the crawler's own.
  double ServerCpuSeconds() const;
  std::string RequestLogJsonl() const;  // one JSON object per line, fields as LoggedRequest

  // Changes report `report_index` of site `site_index` (new paragraph, later Last-Modified, new ETag).
  // Returns false if either index is out of range.
  bool ModifyReport(int site_index, int report_index);

  // Ground truth of every report page (all sites), and of one URL (nullptr if not a report page).
  std::vector<ReportTruth> Truths() const;
  std::unique_ptr<ReportTruth> TruthFor(const std::string& url) const;
  // Truths() as JSON lines (fields as ReportTruth), e.g. to build an extractor gold set.
  std::string TruthsJsonl() const;

  class Impl;

 private:
  explicit Portal(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::portal
