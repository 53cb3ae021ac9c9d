// Pagination helpers for discovery.cc: the JavaScript pagers of TRS WCM (createPageHTML) and Hanweb
// jcms (jpage + dataproxy.jsp), read as text without running any JavaScript, and the URL families
// of plain pagers (page=N, pageNum=N, index_N.html).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "crawler/url.h"

namespace gongkai::crawler {

// Query parameters that number listing pages.
inline const char* const kPageParameters[] = {"page", "pagenum", "pageno", "curpage", "pageindex", "p"};

// One listing page's view of the URLs around it: its side of the comparisons (origin, directory,
// query less the page parameters, index file family) is worked out once, for a page that asks
// about every one of its links.
class ListingFamily {
 public:
  explicit ListingFamily(const ParsedUrl& page);

  // True when `other` is another page of the same listing: same origin and path with only a page
  // parameter changed, or index.html / index_N.html in the same directory.
  bool IsSamePager(const ParsedUrl& other) const;

  // True when `other` is on the page's origin under the page's directory (where a listing's pages
  // live). Every IsSamePager() URL is.
  bool IsInDirectory(const ParsedUrl& other) const;

 private:
  bool SameOrigin(const ParsedUrl& other) const;

  ParsedUrl page_;
  std::string directory_;  // the path up to its last '/'
  std::string query_without_page_;
  std::string index_family_;  // "index.html" for index_3.html; the file name otherwise
};

// ListingFamily(page).IsSamePager(url), for one question; false when `url` does not parse.
bool IsSamePagerFamily(const ParsedUrl& page, std::string_view url);

// ListingFamily(page).IsInDirectory(url), for one question; false when `url` does not parse.
bool IsInListingDirectory(const ParsedUrl& page, std::string_view url);

// Every index[_N].ext page named by `createPageHTML(N, cur, "index", "ext")` calls in `html`,
// resolved against `page_url`, at most `max_pages`.
std::vector<std::string> CreatePageHtmlUrls(std::string_view html, std::string_view page_url, int max_pages);

// What a Hanweb jpage pager needs to name its dataproxy.jsp record pages.
struct JpageParams {
  int total_records = 0;
  int per_page = 0;
  std::string column_id;
  std::string proxy_url;  // as written; default /module/web/jpage/dataproxy.jsp
  std::string app_id, web_id;
};

// Reads jpage parameters from a listing page's script (totalRecord:, perPage:, columnid, proxyUrl)
// or from a dataproxy.jsp URL/answer.
JpageParams FindJpageParams(std::string_view text);

// Whether JpageUrls() can name any page for this page: only when its page size is known, from
// the page (perPage) or from a dataproxy.jsp URL. The quick test (one key, not seven) that spares
// the pages of other portals FindJpageParams().
bool MayNameJpagePages(std::string_view text, std::string_view page_url);

// The dataproxy.jsp record pages (3 pager pages per request, as jpage asks) covering all records.
std::vector<std::string> JpageUrls(const JpageParams& params, std::string_view page_url, int max_pages);

}  // namespace gongkai::crawler
