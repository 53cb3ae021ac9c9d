// Every knob of the crawler, with its default and the reason for it. config.toml [crawler] maps
// onto this struct one key per field (same names); defaults are safe for fragile government servers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gongkai::crawler {

struct Options {
  // --- identity ---
  // Sent on every request; the URL lets a webmaster find out who we are and how to reach us.
  std::string user_agent =
      "gongkai/0.1 (+https://github.com/gongkai-archive/gongkai; disclosure-report research crawler)";
  // The product token matched against robots.txt User-agent lines (RFC 9309 section 2.2.1).
  std::string robots_product_token = "gongkai";

  // --- politeness ---
  int max_in_flight_per_host = 1;      // concurrent requests to one hostname
  int max_in_flight_per_ip = 1;        // concurrent requests to one remote IP (集约化 platforms)
  int max_in_flight_total = 16;        // across all hosts
  int64_t min_delay_ms = 3000;         // gap from the end of one request to the start of the next
  int64_t max_delay_ms = 30000;        // upper clamp of the adaptive gap
  double adaptive_delay_factor = 5.0;  // gap = clamp(factor x last response time, min, max)
  int64_t max_crawl_delay_ms = 60000;  // robots.txt Crawl-delay is honoured up to this
  // How long a fetched robots.txt is trusted, also across runs: a crawl started within this time
  // of the last fetch reuses the archived answer (RFC 9309 2.4: at most 24 h). 0 = never reuse one
  // from an earlier run (a robots.txt fetched in this run still serves it for at least a minute).
  int64_t robots_cache_ms = 24LL * 3600 * 1000;
  int64_t robots_retry_ms = 10LL * 60 * 1000;  // after a 5xx/unreachable robots.txt

  // --- errors and back-off ---
  int max_retries = 3;               // per URL, for 429/5xx/timeouts/resets
  int64_t backoff_base_ms = 5000;    // exponential back-off base (with jitter)
  int64_t backoff_max_ms = 600000;   // back-off ceiling, also the cap on Retry-After
  int park_host_after_failures = 5;  // consecutive failures before a host is parked for the run
  // A 429/503 without a usable Retry-After is a server saying "too fast" without saying how long:
  // the host is blocked for throttle_base_ms, doubled per new incident (incidents inside one block
  // count once), capped at throttle_max_ms, and forgiven after throttle_forgive_ms without one after
  // the block ended. The level persists in the archive, so it carries over to the next night's run
  // (StormCrawler's URLFrontier and Nutch since 1.19 use this same curve: 60 s, a day, 30 min).
  int64_t throttle_base_ms = 60000;
  int64_t throttle_max_ms = 24LL * 3600 * 1000;
  int64_t throttle_forgive_ms = 30LL * 60 * 1000;

  // --- fetching ---
  int64_t connect_timeout_ms = 15000;
  int64_t total_timeout_ms = 120000;
  int64_t low_speed_bytes_per_s = 100;          // abort when slower than this ...
  int64_t low_speed_time_ms = 30000;            // ... for this long (slow-drip servers)
  int64_t max_body_bytes = 50LL * 1024 * 1024;  // larger bodies are cut and recorded as truncated
  int max_redirects = 5;
  bool verify_tls = true;
  // PEM file of the certificate authorities to trust instead of the system store ("" = system);
  // e.g. a portal behind a private CA. Verification stays on; a missing file is a "tls" error.
  std::string ca_file;

  // --- scope ---
  int max_depth = 6;              // link hops from a seed listing page
  int max_pages_per_host = 5000;  // stops crawler traps (endless calendars)
  int max_listing_pages = 200;    // pagination pages per listing (per seed default)
  // Column finding: hops from a seed's page through column and navigation links (政府信息公开 ->
  // 法定主动公开内容 -> 政府信息公开年报); real portals reach the 年报 column within 3.
  int max_column_hops = 3;
  // Sitemaps (crawler/sitemaps.h): some portals list their 年报 column only in a sitemap. Every
  // sitemap request waits in its host's queue like any page (robots, gap). A host whose robots.txt
  // names no sitemap is asked for /sitemap.xml (one request; a 404 is not an error).
  bool probe_sitemap = true;
  // Sitemaps read per host (robots.txt lines, the probe, children of an index): a sitemapindex of
  // thousands of files must not spend a small portal's politeness budget on itself.
  int max_sitemaps_per_host = 10;
  // URLs queued from one host's sitemaps: a whole-site sitemap holds every page; the candidates are
  // its few column pages (and, with a listing seed, that listing's reports).
  int max_sitemap_urls_per_host = 200;
  // A sitemap URL is a column candidate when it, its entry's title, or the sitemap's own URL holds
  // one of these (ASCII case-insensitive, %-decoded): the column names and their pinyin initials.
  std::vector<std::string> sitemap_column_words = {"年度报告", "年报", "ndbg", "gknb"};
  std::vector<std::string> report_link_keywords = {"年度报告", "年报", "工作报告", "信息公开"};
  // A listing where fewer than this share of the items name a report (report_link_keywords) is
  // "visibly mixed": only the items naming one are reports. At or above it, every item is.
  double mixed_list_min_keyword_share = 0.5;
  std::vector<std::string> attachment_extensions = {"pdf", "doc", "docx", "xls", "xlsx",
                                                    "wps", "zip", "rar",  "ofd"};
  std::vector<std::string> session_parameters = {"jsessionid", "phpsessid", "sid", "sessionid",
                                                 "aspsessionid"};

  // --- incremental ---
  // Known report pages and attachments are revalidated (conditional GET) at most this often;
  // 0 = every run. Listing pages are always refetched.
  int64_t recrawl_interval_ms = 0;
};

}  // namespace gongkai::crawler
