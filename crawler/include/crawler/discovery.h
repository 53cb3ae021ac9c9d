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
#include <vector>

#include "crawler/crawl_store.h"

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
};

struct DiscoveredLink {
  std::string url;  // absolute, canonical
  LinkKind kind = LinkKind::kReport;
};

// Links of a listing page (HTML or a dataproxy.jsp XML answer): reports and pagination.
std::vector<DiscoveredLink> DiscoverFromListing(std::string_view utf8_body, std::string_view page_url,
                                                const DiscoveryRules& rules);

// Attachment links of a report page (by file extension), in document order.
std::vector<DiscoveredLink> DiscoverAttachments(std::string_view utf8_html, std::string_view page_url,
                                                const DiscoveryRules& rules);

// The <loc> URLs of a sitemap (urlset) or sitemap index (sitemapindex); *is_index says which.
// Malformed XML yields what could be read.
std::vector<std::string> ParseSitemap(std::string_view xml, bool* is_index);

// True when `url`'s path, or the value of one of its query parameters (download scripts such as
// downfile.jsp?filename=x.pdf), ends with one of `extensions` (case-insensitive).
bool HasAttachmentExtension(std::string_view url, const std::vector<std::string>& extensions);

}  // namespace gongkai::crawler
