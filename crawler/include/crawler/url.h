// URLs in the crawler: canonicalisation for the seen-check (two spellings of one resource must map
// to one string, so the frontier never fetches a page twice and traps cannot hide behind spelling
// variants) and the host key for politeness, both from the shared toolkit in base/url.h; plus the
// checks on URLs that come from config, seeds and imports (control characters, credentials).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/url.h"

namespace gongkai::crawler {

// The one URL toolkit (base/url.h) under the names the crawler has always used.
using gongkai::CanonicalUrl;
using gongkai::ParsedUrl;
using gongkai::ParseUrl;

// HostPortOf(): "host" or "host:port", the politeness key of `url`; "" when it does not parse.
inline std::string HostKeyOf(std::string_view url) {
  return HostPortOf(url);
}

// Control characters (bytes < 0x20 and 0x7F) in a URL or header value from config, seeds or imports
// would cross a boundary -- into an HTTP request as extra header lines, onto a terminal as escape
// sequences -- so callers refuse them. The position of the first one, or npos.
size_t FindControlChar(std::string_view text);
// `text` with every control character written as \xNN, for error messages naming the input.
std::string EscapeControlChars(std::string_view text);
// `url` without the "user:password@" of its authority (credentials are never stored).
std::string StripUserinfo(std::string_view url);

}  // namespace gongkai::crawler
