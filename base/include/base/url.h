// The one URL toolkit of gongkai: crawler, extract, storage and serve all parse, resolve and
// canonicalise URLs here, so the URL a link resolves to, the URL the crawler fetches, the host a
// capture is filed under and the URL an export names are the same string.
//
// Entry points:
//   ResolveUrl()   an href against its page's URL, as a browser does (RFC 3986 section 5);
//   ParseUrl()     an absolute http(s) URL split into its parts;
//   CanonicalUrl() the canonical spelling the frontier and the archive key on (RFC 3986 6.2);
//   HostPortOf()   "host" or "host:port": the site a URL belongs to (port kept unless default);
//   SameSite()     whether two URLs belong to one site;
//   SplitQuery()   a query string's name=value pairs.
//
// The core is libcurl's URL API (CURLU). In front of it sits a thin layer doing what browsers do
// to an href before parsing (WHATWG URL): surrounding whitespace trimmed, tabs and newlines
// removed, '\' read as '/' in http(s) URLs, and bytes that may not appear raw in a URL (spaces,
// non-ASCII, '"<>{}|^`') percent-encoded -- in the query in the page's charset when that is GBK or
// GB18030, as browsers submit it, elsewhere in UTF-8. Internationalised host names are kept as
// written (never converted to punycode), lower-cased in their ASCII letters only. Most links have
// a plain shape (no user info, dot segments, IP forms CURLU rewrites, or characters to encode);
// those are read without CURLU, with the same answers (base/src/plain_url.h).
//
// All functions are pure and thread-safe; none throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai {

// How a browser encodes non-ASCII characters of a query string: in the page's charset.
enum class QueryCharset {
  kUtf8,     // UTF-8 pages, and every page whose charset is unknown
  kGb18030,  // GBK / GB2312 / GB18030 pages (GB18030 is the superset; its GBK range is byte-identical)
};

// The QueryCharset of a page whose decoded charset (e.g. extract's charset_used) is `charset`:
// kGb18030 for "gbk", "gb2312", "gb18030", "cp936", "x-gbk" (any case), kUtf8 otherwise.
QueryCharset QueryCharsetOf(std::string_view charset);

// Resolves the reference `ref` (an href as written, possibly relative) against the absolute URL
// `base`, per RFC 3986 section 5.2 after the browser cleanup described above. The fragment is kept
// as written. A reference with a scheme other than http/https (mailto:, javascript:, data:) comes
// back trimmed but otherwise unchanged. Returns "" when no URL results: an empty or non-absolute
// base with a relative ref, or a URL libcurl rejects (empty host, port outside 0..65535).
std::string ResolveUrl(std::string_view base, std::string_view ref,
                       QueryCharset query_charset = QueryCharset::kUtf8);

// An absolute http(s) URL split into its parts.
struct ParsedUrl {
  std::string scheme;  // lower-case "http" or "https"
  std::string host;    // ASCII lower-cased, trailing dot removed; IPv6 literals keep their brackets
  int port = 0;        // explicit port, or the scheme's default (80/443)
  std::string path;    // percent-encoded, starts with '/'
  std::string query;   // without '?', "" when absent
  bool has_query = false;

  // "host" or "host:port" when the port is not the scheme's default: the politeness key of a
  // host name and the site a capture is filed under.
  std::string Authority() const;
  // scheme://authority
  std::string Origin() const;
  // path plus "?query": what robots.txt rules are matched against.
  std::string PathAndQuery() const;
};

// Splits an absolute http:// or https:// URL (after the browser cleanup). Returns nullopt for other
// schemes, relative references, empty hosts and ports outside 1..65535. Userinfo and the fragment
// are dropped.
std::optional<ParsedUrl> ParseUrl(std::string_view url);

// The canonical form of an absolute http(s) URL, or "" when ParseUrl() rejects it: scheme and host
// lower-cased, default port removed, "" path -> "/", dot segments removed, percent-encoding
// normalised (unreserved characters decoded, hex upper-cased, bytes that must be encoded -- spaces,
// non-ASCII -- encoded), fragment dropped, and query parameters (and ";name=" path parameters)
// whose name case-insensitively equals one of `session_parameters` removed.
std::string CanonicalUrl(std::string_view url, const std::vector<std::string>& session_parameters = {});

// ParsedUrl::Authority() of `url` ("www.gov.cn", "127.0.0.1:8080"), or "" when it does not parse.
std::string HostPortOf(std::string_view url);

// True when both URLs parse and have the same host and port (scheme aside: http and https of one
// host are one site, as the politeness key treats them).
bool SameSite(std::string_view a, std::string_view b);

// One name=value pair of a query string, as views into the query (still percent-encoded).
struct QueryParam {
  std::string_view pair;   // "name=value" as written ("" for the empty pair of "a=1&&b=2")
  std::string_view name;   // up to the first '='
  std::string_view value;  // after the first '=', "" when there is none
  bool has_value = false;  // whether the pair has an '='
};

// The '&'-separated pairs of `query` (without its '?'), in order, empty pairs included, so a caller
// can rebuild the query exactly. "" gives one empty pair.
std::vector<QueryParam> SplitQuery(std::string_view query);

}  // namespace gongkai
