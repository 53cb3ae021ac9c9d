// Sitemaps (sitemaps.org) as a source of annual-report columns. Some portals link their 年报 column
// from no page a crawler can reach from the home page, yet list it in their sitemap. This module
// reads sitemaps: ParseSitemapDocument() parses a urlset or sitemapindex, and SitemapReader decides,
// within per-host bounds, which sitemaps to ask for (robots.txt Sitemap: lines, and /sitemap.xml
// probed when robots.txt names none) and which of their URLs to queue.
//
// Sitemap requests are ordinary frontier items (LinkKind::kSitemap): they wait in their host's
// queue and pass its robots gate and gap like every other request. A sitemap answering 404 or 410 is
// "this site has none", not an error.
//
// A sitemap URL is queued as a column candidate when its URL (percent-decoded), the text of its
// <url> entry beside <loc> (a title, as Baidu-style sitemaps carry) or the sitemap's own URL holds
// one of Options::sitemap_column_words. Candidates are report candidates reached by navigation: a
// candidate whose structure is a listing is walked as one, and its items count only when the page
// names a 年报 column (crawl_discovery.h); a candidate that is a document is extracted as a report.
// Pure of network and time; not thread-safe (the scheduler's loop owns it).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crawler/discovery.h"
#include "crawler/options.h"
#include "crawler/url.h"

namespace gongkai::crawler {

// One <url> (or <sitemap>) entry of a sitemap.
struct SitemapEntry {
  std::string url;      // <loc>, trimmed, as written
  std::string context;  // text of the entry's other elements (titles), lastmod/changefreq/priority excluded
};

struct SitemapDocument {
  bool is_index = false;  // a sitemapindex: its entries are sitemaps
  std::vector<SitemapEntry> entries;
};

// Parses a urlset or sitemapindex. Malformed XML yields what could be read; not XML yields nothing.
SitemapDocument ParseSitemapDocument(std::string_view xml);

// True when `text`, percent-decoded and lower-cased (ASCII), contains one of `words`.
bool NamesAnyWord(std::string_view text, const std::vector<std::string>& words);

class SitemapReader {
 public:
  explicit SitemapReader(const Options& options) : options_(options) {}

  // The sitemaps to ask the host at `origin` for once its robots gate opens: the robots.txt
  // Sitemap: lines, else /sitemap.xml when probe_sitemap is set; only those `wanted` accepts (on an
  // allowed host, not asked yet), each counted against max_sitemaps_per_host of its own host.
  template <typename Wanted>
  std::vector<DiscoveredLink> SitemapsFor(const std::string& origin,
                                          const std::vector<std::string>& robots_sitemaps, Wanted wanted);

  // The links of the fetched sitemap `sitemap_url` (host `host_key`): child sitemaps of an index
  // (those naming a column word first), column candidates (LinkKind::kReport, navigation set), and
  // URLs `is_report` accepts (a seed listing's directory: kReport). At most
  // max_sitemap_urls_per_host URLs per host; what a bound dropped is noted.
  template <typename IsReport>
  std::vector<DiscoveredLink> LinksOf(const std::string& host_key, const std::string& sitemap_url,
                                      std::string_view body, IsReport is_report);

  // Why links were dropped (bounds), for the run's notes; taken once.
  std::vector<std::string> TakeNotes();

  int64_t sitemaps_dropped() const { return sitemaps_dropped_; }
  int64_t urls_dropped() const { return urls_dropped_; }

 private:
  // Admits one more sitemap of the host of `url` under max_sitemaps_per_host.
  bool AdmitSitemap(const std::string& url);
  // Admits one more URL of `host_key` under max_sitemap_urls_per_host.
  bool AdmitUrl(const std::string& host_key);
  std::vector<DiscoveredLink> Select(const std::string& host_key, const std::string& sitemap_url,
                                     const SitemapDocument& doc, const std::vector<bool>& reports);

  const Options& options_;
  std::unordered_map<std::string, int> sitemaps_;  // per host key: sitemaps admitted
  std::unordered_map<std::string, int> urls_;      // per host key: URLs admitted
  std::vector<std::string> notes_;
  int64_t sitemaps_dropped_ = 0;
  int64_t urls_dropped_ = 0;
};

template <typename Wanted>
std::vector<DiscoveredLink> SitemapReader::SitemapsFor(const std::string& origin,
                                                       const std::vector<std::string>& robots_sitemaps,
                                                       Wanted wanted) {
  std::vector<DiscoveredLink> out;
  for (const auto& url : robots_sitemaps) {
    if (wanted(url) && AdmitSitemap(url)) out.push_back({url, LinkKind::kSitemap});
  }
  if (robots_sitemaps.empty() && options_.probe_sitemap && !origin.empty()) {
    const std::string probe = CanonicalUrl(origin + "/sitemap.xml");
    if (wanted(probe) && AdmitSitemap(probe)) out.push_back({probe, LinkKind::kSitemap});
  }
  return out;
}

template <typename IsReport>
std::vector<DiscoveredLink> SitemapReader::LinksOf(const std::string& host_key,
                                                   const std::string& sitemap_url, std::string_view body,
                                                   IsReport is_report) {
  SitemapDocument doc = ParseSitemapDocument(body);
  std::vector<bool> reports(doc.entries.size(), false);
  if (!doc.is_index) {
    for (size_t i = 0; i < doc.entries.size(); ++i) reports[i] = is_report(doc.entries[i].url);
  }
  return Select(host_key, sitemap_url, doc, reports);
}

}  // namespace gongkai::crawler
