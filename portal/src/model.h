// The deterministic model of one simulated site: its identity (domain, ICP number, addresses), its
// reports (titles, dates, ids, URLs, attachments) in listing order, and its URL scheme per template.
// Built once from (SiteSpec, site index, seed); immutable afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "portal/portal.h"

namespace gongkai::portal {

struct ReportModel {
  std::string path;   // absolute path (with query for the plain template)
  std::string title;  // "<site><dept><year>年政府信息公开工作年度报告"
  std::string dept;   // "" = the site's own government
  int year = 2020;    // the year reported on
  int pub_year = 0, pub_month = 0, pub_day = 0, pub_hour = 0, pub_minute = 0;  // UTC+8
  std::string published;                                                       // "YYYY-MM-DD"
  int64_t published_unix = 0;
  std::string example;  // portal/data file whose text forms the core of the body
  uint64_t seed = 0;    // for generated paragraphs and tables
  int article_id = 0;
  int visits = 0;                    // 访问次数
  std::string source;                // 来源
  std::string attachment_path;       // "" = none
  bool attachment_pdf = true;        // else .doc
  bool stats_table = false;          // the template's statistics tables (stat_tables.h) replace the example's
  std::string stats_edition;         // "2019" (reports for 2019, 2020) or "2021"
  int stats_markup = 0;              // index into PageStatMarkups()
  bool stats_break = false;          // the printed numbers break some of the template's rules
  bool stats_in_attachment = false;  // the tables are only in the attached file (the page says so)
  std::string file;                  // "" = a page report; else published only as this embedded file
};

struct SiteModel {
  SiteSpec spec;
  int index = 0;
  uint64_t seed = 0;
  std::string domain;        // fake public domain, e.g. "www.jinan.gov.cn" (meta SiteDomain)
  std::string site_code;     // 10-digit 网站标识码 (meta SiteIDCode)
  std::string icp;           // "闽ICP备05001568号"
  std::string police;        // "闽公网安备 35011102000123号"
  std::string organizer;     // 主办
  std::string contractor;    // 承办
  std::string tech_support;  // 技术支持
  std::string phone, address, zip;
  std::string column_name;           // "年度报告"
  int column_id = 0;                 // Hanweb column id
  std::vector<ReportModel> reports;  // newest first = listing order
  std::string base_url;              // "http://ip:port", set once the port is bound (before serving)

  int PageCount() const;                            // listing pages
  std::string ListingPath(int page) const;          // 0-based page
  std::vector<std::string> DataproxyPaths() const;  // Hanweb only; empty otherwise
  std::string HomePath() const { return "/"; }
  std::string DraftPath() const { return "/private/ndbg-draft.html"; }  // linked, Disallowed
  std::string SearchPath() const { return "/search/list.jsp?q=ndbg"; }  // linked, Disallowed
  bool LinksDisallowed() const;  // robots has rules -> link the Disallowed pages
  bool HasSitemap() const { return (spec.sitemap && LinksDisallowed()) || ColumnOnlyInSitemap(); }
  bool ColumnOnlyInSitemap() const { return spec.column_only_in_sitemap && spec.deep_navigation; }
  std::string SitemapPath() const { return "/sitemap.xml"; }
};

SiteModel BuildSiteModel(const SiteSpec& spec, int index, uint64_t seed);

// Hanweb: records per dataproxy.jsp answer (the JS pager asks for 3 pages at a time).
constexpr int kHanwebPagesPerFetch = 3;

}  // namespace gongkai::portal
