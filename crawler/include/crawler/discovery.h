// Link discovery and page kinds. AnalyzePage() says what an HTML page is, from its structure:
//  - entry: it links to annual-report columns (or to the navigation leading to them);
//  - listing: its main area holds a list of items (the repeated sibling group with one title link
//    per member, usually dated, that dominates the page; never nav, footer or a box headed
//    相关链接/热点/历年年报...), often with a pager;
//  - report: a document (prose outside links);
//  - other: none of these (empty shells, fault pages).
// Every item of a listing is a report candidate whatever its title. Keywords only filter where the
// list is visibly mixed: fewer than mixed_list_min_keyword_share of its items name a report.
//
// Link discovery: from a listing page, the report links and every further listing page (all the
// pagination forms government CMSs use, read without running JavaScript); from a report page, its
// attachments; from a sitemap, its URLs. Pure functions over UTF-8 text; no network.
//
// Pagination forms recognised:
//  - anchors 下一页 / 尾页 / 末页 / 上一页 / 首页 / page numbers, and any anchor whose URL differs
//    from the page's only in a page parameter (page=, pageNum=, pageNo=, curPage=) or index_N;
//  - TRS WCM `createPageHTML(N, cur, "index", "html")`: 0-based index.html, index_1.html ...
//    index_{N-1}.html beside the page;
//  - Hanweb jcms jpage: the inline <datastore> records of a /col/colNNN/index.html page and the
//    module/web/jpage/dataproxy.jsp record pages (XML parsed with libxml2) that hold the rest.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/crawl_store.h"
#include "crawler/options.h"
#include "extract/html_page.h"

namespace gongkai::crawler {

struct DiscoveryRules {
  // A link is a report when its anchor text or title contains one of these.
  std::vector<std::string> report_keywords;
  // Lower-case file extensions of attachments ("pdf", "doc", ...).
  std::vector<std::string> attachment_extensions;
  // Host keys (ParsedUrl::Authority()) links may point to; empty = the page's own host only.
  std::vector<std::string> allowed_hosts;
  // Upper bound on listing pages generated from one pager (createPageHTML N, 尾页 page=K, jpage).
  int max_listing_pages = 200;
  // Yearless anchor texts naming an annual-report column ("政府信息公开年度报告", "部门年报"): such
  // a link leads to a listing, never to a report.
  std::vector<std::string> column_keywords = {"年度报告", "年报", "工作报告"};
  // Anchor texts of the navigation towards those columns on portal and xxgk platform pages.
  std::vector<std::string> navigation_keywords = {"政府信息公开", "政务公开", "信息公开", "法定主动公开",
                                                  "主动公开"};
  // Headings of boxes whose links are never a listing's items.
  std::vector<std::string> box_headings = {"相关链接", "相关阅读", "相关文章", "相关新闻", "热点",
                                           "热门",     "推荐",     "排行",     "历年年报", "友情链接",
                                           "专题",     "最新",     "图片"};
  // A list where fewer than this share of the items name a report (report_keywords) is "mixed": only
  // the items naming one are reports. At or above it, every item is.
  double mixed_list_min_keyword_share = 0.5;
  // Words of report-like documents that, beside report_keywords, make an item count as naming a
  // report when the share above is computed (a 年报 list's 工作要点落实情况, 工作总结, 图片版 items).
  std::vector<std::string> report_document_words = {"报告", "总结", "落实情况", "图片版"};
};

// The rules `options` imply (keywords, extensions, page caps); allowed_hosts stays empty.
DiscoveryRules DiscoveryRulesFrom(const Options& options);

struct DiscoveredLink {
  DiscoveredLink() = default;
  DiscoveredLink(std::string url_in, LinkKind kind_in, bool navigation_in = false, std::string agency_in = "")
      : url(std::move(url_in)), kind(kind_in), navigation(navigation_in), agency(std::move(agency_in)) {}

  std::string url;  // absolute, canonical
  LinkKind kind = LinkKind::kReport;
  // A link to a column or navigation towards one (kind kListing): followed only within
  // Options::max_column_hops of the seed. Sub-columns of a column list are not (they lead down).
  bool navigation = false;
  std::string agency;  // for a sub-column: its name (the agency whose reports it lists)
};

// What a page is (see the file comment).
enum class PageClass { kEntry, kListing, kReport, kOther };
const char* ToString(PageClass kind);

struct ListItem {
  std::string url;  // absolute, canonical
  std::string title;
  std::string date;  // as shown ("" when none)
  enum class Role { kReport, kFiltered, kColumn, kAttachment } role = Role::kReport;
};

struct PageAnalysis {
  PageClass kind = PageClass::kOther;
  std::string reason;                    // why, in words (the figures that decided)
  bool uncertain = false;                // the structure allowed another reading (the reason says which)
  std::string column;                    // the page's column name (ColumnName meta, else <title>)
  std::vector<ListItem> items;           // the dominant list, in order ("" when none)
  bool mixed = false;                    // keywords filtered the items (see mixed_list_min_keyword_share)
  std::vector<std::string> reports;      // report candidates, list order
  std::vector<std::string> listings;     // further pages of this listing (the pager)
  std::vector<DiscoveredLink> columns;   // column and navigation links (kind kListing)
  std::vector<std::string> attachments;  // attachment links
};

// Classifies an HTML page (or a Hanweb dataproxy.jsp XML answer) and finds its links.
PageAnalysis AnalyzePage(std::string_view utf8_body, std::string_view page_url, const DiscoveryRules& rules);
// The same over a page already decoded (and parsed once for every reader: extract/html_page.h).
PageAnalysis AnalyzePage(const extract::HtmlPage& page, std::string_view page_url,
                         const DiscoveryRules& rules);

// Every link of an analysis as crawl links: reports (kReport), items that are files (kAttachment),
// pager pages (kPagination), columns (kListing).
std::vector<DiscoveredLink> LinksOf(const PageAnalysis& analysis);

// Links of a listing page (HTML or a dataproxy.jsp XML answer): LinksOf(AnalyzePage()).
std::vector<DiscoveredLink> DiscoverFromListing(std::string_view utf8_body, std::string_view page_url,
                                                const DiscoveryRules& rules);

// Attachment links of a report page (by file extension), in document order.
std::vector<DiscoveredLink> DiscoverAttachments(std::string_view utf8_html, std::string_view page_url,
                                                const DiscoveryRules& rules);
std::vector<DiscoveredLink> DiscoverAttachments(const extract::HtmlPage& page, std::string_view page_url,
                                                const DiscoveryRules& rules);

// The <loc> URLs of a sitemap (urlset) or sitemap index (sitemapindex); *is_index says which.
// Malformed XML yields what could be read.
std::vector<std::string> ParseSitemap(std::string_view xml, bool* is_index);

// True when `url`'s path, or the value of one of its query parameters (download scripts such as
// downfile.jsp?filename=x.pdf), ends with one of `extensions` (case-insensitive).
bool HasAttachmentExtension(std::string_view url, const std::vector<std::string>& extensions);

}  // namespace gongkai::crawler
