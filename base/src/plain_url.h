// The plain shape of URL that most links on these portals have, read without CURLU (url.cc).
//
// "http://www.example.gov.cn:8080/xxgk/ndbg/t20230115_123.html?id=5#top": an http(s) scheme, a
// host name (or a dotted-quad address) without user info, an explicit port other than the
// scheme's default or none, and a path, query and fragment of characters that need no encoding,
// without dot segments or empty ones. CURLU takes ~17,000 instructions to resolve a link and
// write it back; reading this shape takes a few hundred, and a page resolves hundreds of links.
//
// Everything here answers only for that shape and returns nullopt for anything else, which then
// goes to CURLU; tests/base/url_test.cc checks that both give the same answers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gongkai::plain_url {

// A plain absolute URL's parts, as views into it.
struct Parts {
  std::string_view scheme;  // "http" or "https", in the case written
  std::string_view host;    // as written
  std::string_view port;    // digits as written; empty when none
  std::string_view path;    // "/..." or empty
  std::string_view query;   // without its '?'
  std::string_view fragment;
  bool has_query = false;
  bool has_fragment = false;
};

// `url` (cleaned as BrowserClean() leaves it) split into its parts when it has the plain shape.
std::optional<Parts> Read(std::string_view url);

// The URL as url.cc's Compose() writes a CURLU handle back: scheme and host lower-cased, "/" for
// an empty path.
std::string Write(const Parts& parts);

// The cleaned relative reference `ref` resolved against the plain `base` (RFC 3986 5.2), when it
// is a path ("g", "./g", "../g", "/g", each with an optional query and fragment) that gives a
// plain URL. References that are empty, start with '?', '#' or "//", or are not plain: nullopt.
std::optional<std::string> Resolve(const Parts& base, std::string_view ref);

// RFC 3986 section 5.2.4 ("remove_dot_segments") on a path starting with '/'.
std::string RemoveDotSegments(std::string_view path);

}  // namespace gongkai::plain_url
