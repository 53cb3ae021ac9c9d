// Pager recognition without JavaScript (see pager.h).
#include "pager.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "base/url.h"
#include "extract/links.h"

namespace gongkai::crawler {
namespace {

// Hanweb's jpage asks dataproxy.jsp for this many pager pages at once.
constexpr int kJpagePagesPerRequest = 3;

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ::tolower);
  return out;
}

std::string Directory(std::string_view path) {
  return std::string(path.substr(0, path.rfind('/') + 1));
}

// Query without page parameters, for comparing two pages of one listing.
std::string QueryWithoutPage(std::string_view query) {
  std::string out;
  for (const QueryParam& param : SplitQuery(query)) {
    std::string name = Lower(param.name);
    bool is_page = std::any_of(std::begin(kPageParameters), std::end(kPageParameters),
                               [&](const char* p) { return name == p; });
    if (!param.pair.empty() && !is_page) {
      out += param.pair;
      out += '&';
    }
  }
  return out;
}

// "index.html", "index_3.html" -> "index.html"; anything else unchanged.
std::string IndexFamily(std::string_view file) {
  size_t underscore = file.rfind('_');
  size_t dot = file.rfind('.');
  if (underscore == std::string_view::npos || dot == std::string_view::npos || dot < underscore) {
    return std::string(file);
  }
  std::string_view digits = file.substr(underscore + 1, dot - underscore - 1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return std::string(file);
  return std::string(file.substr(0, underscore)) + std::string(file.substr(dot));
}

// Position just after `key` (case-insensitive) at or after `from`, or npos.
char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Position just past the first ASCII-case-insensitive match of `key` at or after `from`, or npos.
// Keys are ASCII; a byte loop (no locale call per byte) since it runs over every page's bytes.
size_t FindKey(std::string_view text, std::string_view key, size_t from = 0) {
  if (key.empty() || text.size() < key.size()) return std::string_view::npos;
  const size_t last = text.size() - key.size();  // the last position a match can start at
  const char lower = AsciiLower(key[0]);
  const char upper = lower >= 'a' && lower <= 'z' ? static_cast<char>(lower - 'a' + 'A') : lower;
  const char* base = text.data();
  for (size_t i = from; i <= last;) {
    // memchr finds the candidates: the first byte in either case.
    const void* hit = std::memchr(base + i, lower, last - i + 1);
    size_t at = hit ? static_cast<const char*>(hit) - base : last + 1;
    if (upper != lower) {
      const void* other = std::memchr(base + i, upper, at - i);
      if (other) at = static_cast<const char*>(other) - base;
    }
    if (at > last) break;
    size_t k = 1;
    while (k < key.size() && AsciiLower(text[at + k]) == AsciiLower(key[k])) ++k;
    if (k == key.size()) return at + key.size();
    i = at + 1;
  }
  return std::string_view::npos;
}

size_t SkipSeparators(std::string_view text, size_t pos) {
  while (pos < text.size() && std::strchr(" \t\r\n:=\"'", text[pos]) != nullptr) ++pos;
  return pos;
}

std::string DigitsAfter(std::string_view text, std::string_view key) {
  for (size_t pos = FindKey(text, key); pos != std::string_view::npos; pos = FindKey(text, key, pos)) {
    size_t start = SkipSeparators(text, pos);
    size_t end = start;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end > start && end - start < 9) return std::string(text.substr(start, end - start));
  }
  return "";
}

std::string QuotedAfter(std::string_view text, std::string_view key) {
  size_t pos = FindKey(text, key);
  if (pos == std::string_view::npos) return "";
  pos = SkipSeparators(text, pos);
  size_t end = text.find_first_of("\"' \t\r\n,)}", pos);
  return end == std::string_view::npos ? "" : std::string(text.substr(pos, end - pos));
}

// The next argument of a JS call: an integer or a quoted string; advances *pos past the comma.
bool NextArgument(std::string_view text, size_t* pos, std::string* value) {
  size_t p = *pos;
  while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
  if (p >= text.size()) return false;
  if (text[p] == '"' || text[p] == '\'') {
    size_t end = text.find(text[p], p + 1);
    if (end == std::string_view::npos) return false;
    *value = std::string(text.substr(p + 1, end - p - 1));
    p = end + 1;
  } else {
    size_t end = p;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end == p) return false;
    *value = std::string(text.substr(p, end - p));
    p = end;
  }
  while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
  if (p < text.size() && (text[p] == ',' || text[p] == ')')) ++p;
  *pos = p;
  return true;
}

}  // namespace

ListingFamily::ListingFamily(const ParsedUrl& page)
    : page_(page),
      directory_(Directory(page.path)),
      query_without_page_(QueryWithoutPage(page.query)),
      index_family_(IndexFamily(page.path.substr(page.path.rfind('/') + 1))) {}

// Origin() compared field by field: scheme and host never contain ':' outside an IPv6 literal's
// brackets, so equal origins are equal schemes, hosts and ports, and no string is built per link.
bool ListingFamily::SameOrigin(const ParsedUrl& other) const {
  return other.scheme == page_.scheme && other.port == page_.port && other.host == page_.host;
}

bool ListingFamily::IsSamePager(const ParsedUrl& other) const {
  if (!SameOrigin(other)) return false;
  if (other.path == page_.path) {
    return other.has_query && other.query != page_.query &&
           QueryWithoutPage(other.query) == query_without_page_;
  }
  const std::string_view path = other.path;
  if (path.substr(0, path.rfind('/') + 1) != directory_ || other.has_query) return false;
  std::string family = IndexFamily(path.substr(path.rfind('/') + 1));
  return family == index_family_ && family.rfind("index.", 0) == 0;
}

bool ListingFamily::IsInDirectory(const ParsedUrl& other) const {
  return SameOrigin(other) && other.path.rfind(directory_, 0) == 0;
}

bool IsSamePagerFamily(const ParsedUrl& page, std::string_view url) {
  auto other = ParseUrl(url);
  return other && ListingFamily(page).IsSamePager(*other);
}

bool IsInListingDirectory(const ParsedUrl& page, std::string_view url) {
  auto other = ParseUrl(url);
  return other && ListingFamily(page).IsInDirectory(*other);
}

std::vector<std::string> CreatePageHtmlUrls(std::string_view html, std::string_view page_url, int max_pages) {
  std::vector<std::string> out;
  for (size_t pos = FindKey(html, "createPageHTML("); pos != std::string_view::npos;
       pos = FindKey(html, "createPageHTML(", pos)) {
    size_t p = pos;
    std::string count, current, name, ext;
    if (!NextArgument(html, &p, &count) || !NextArgument(html, &p, &current) ||
        !NextArgument(html, &p, &name) || !NextArgument(html, &p, &ext) || count.empty() ||
        !std::isdigit(static_cast<unsigned char>(count[0]))) {
      continue;  // e.g. the function's own definition: createPageHTML(_nPageCount, ...)
    }
    int pages = std::min(std::stoi(count.substr(0, 6)), max_pages);
    for (int i = 0; i < pages; ++i) {
      std::string file = name + (i == 0 ? "" : "_" + std::to_string(i)) + "." + ext;
      std::string url = extract::ResolveUrl(page_url, file);
      if (!url.empty()) out.push_back(url);
    }
  }
  return out;
}

JpageParams FindJpageParams(std::string_view text) {
  JpageParams params;
  std::string total = DigitsAfter(text, "totalRecord");
  if (total.empty()) total = DigitsAfter(text, "totalrecord>");
  if (!total.empty()) params.total_records = std::stoi(total);
  std::string per = DigitsAfter(text, "perPage");
  if (!per.empty()) params.per_page = std::stoi(per);
  params.column_id = DigitsAfter(text, "columnid");
  params.app_id = DigitsAfter(text, "appid");
  params.web_id = DigitsAfter(text, "webid");
  params.proxy_url = QuotedAfter(text, "proxyUrl");
  return params;
}

bool MayNameJpagePages(std::string_view text, std::string_view page_url) {
  return page_url.find("dataproxy.jsp") != std::string_view::npos || !DigitsAfter(text, "perPage").empty();
}

std::vector<std::string> JpageUrls(const JpageParams& given, std::string_view page_url, int max_pages) {
  std::vector<std::string> out;
  JpageParams params = given;
  // A dataproxy.jsp answer names its own paging in its URL.
  if (page_url.find("dataproxy.jsp") != std::string_view::npos) {
    JpageParams from_url = FindJpageParams(page_url);
    if (params.per_page == 0) params.per_page = from_url.per_page;
    if (params.column_id.empty()) params.column_id = from_url.column_id;
    if (params.app_id.empty()) params.app_id = from_url.app_id;
    if (params.web_id.empty()) params.web_id = from_url.web_id;
    if (params.proxy_url.empty()) params.proxy_url = std::string(page_url.substr(0, page_url.find('?')));
  }
  if (params.total_records <= 0 || params.per_page <= 0 || params.column_id.empty()) return out;
  if (params.proxy_url.empty()) params.proxy_url = "/module/web/jpage/dataproxy.jsp";
  const int batch = params.per_page * kJpagePagesPerRequest;
  int requests = 0;
  for (int start = 1; start <= params.total_records && requests * kJpagePagesPerRequest < max_pages;
       start += batch, ++requests) {
    int end = std::min(params.total_records, start + batch - 1);
    std::string query = "?startrecord=" + std::to_string(start) + "&endrecord=" + std::to_string(end) +
                        "&perpage=" + std::to_string(params.per_page) + "&columnid=" + params.column_id;
    if (!params.app_id.empty()) query += "&appid=" + params.app_id;
    if (!params.web_id.empty()) query += "&webid=" + params.web_id;
    std::string url = extract::ResolveUrl(page_url, params.proxy_url + query);
    if (!url.empty()) out.push_back(url);
  }
  return out;
}

}  // namespace gongkai::crawler
