// URL canonicalisation for the crawler's seen-check: two spellings of one resource must map to one
// string, so the frontier never fetches a page twice and traps cannot hide behind spelling variants.
//
// Entry points: ParseUrl() splits an absolute http(s) URL; CanonicalUrl() returns the canonical
// form (RFC 3986 section 6.2.2 syntax-based normalisation plus scheme-based normalisation of the
// default port and empty path, fragment removed, configured session parameters dropped).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::crawler {

struct ParsedUrl {
  std::string scheme;  // lower-case "http" or "https"
  std::string host;    // lower-case; IPv6 literals keep their brackets
  int port = 0;        // explicit port, or the scheme's default (80/443)
  std::string path;    // percent-encoded, starts with '/'
  std::string query;   // without '?', "" when absent
  bool has_query = false;

  // "host" or "host:port" when the port is not the default: the politeness key of a hostname.
  std::string Authority() const;
  // scheme://authority
  std::string Origin() const;
  // path plus "?query": what robots.txt rules are matched against.
  std::string PathAndQuery() const;
};

// Splits an absolute http:// or https:// URL. Returns nullopt for other schemes, relative
// references, empty hosts and ports outside 1..65535. Userinfo is dropped.
std::optional<ParsedUrl> ParseUrl(std::string_view url);

// The canonical form of an absolute http(s) URL, or "" when ParseUrl() rejects it:
// scheme and host lower-cased, default port removed, "" path -> "/", dot segments removed,
// percent-encoding normalised (unreserved characters decoded, hex upper-cased, bytes that must be
// encoded -- spaces, non-ASCII -- encoded), fragment dropped, and query parameters (and ";name="
// path parameters) whose name case-insensitively equals one of `session_parameters` removed.
std::string CanonicalUrl(std::string_view url, const std::vector<std::string>& session_parameters = {});

// Authority() of `url`, or "" when it does not parse.
std::string HostKeyOf(std::string_view url);

// Control characters (bytes < 0x20 and 0x7F) in a URL or header value from config, seeds or imports
// would cross a boundary -- into an HTTP request as extra header lines, onto a terminal as escape
// sequences -- so callers refuse them. The position of the first one, or npos.
size_t FindControlChar(std::string_view text);
// `text` with every control character written as \xNN, for error messages naming the input.
std::string EscapeControlChars(std::string_view text);
// `url` without the "user:password@" of its authority (credentials are never stored).
std::string StripUserinfo(std::string_view url);

}  // namespace gongkai::crawler
