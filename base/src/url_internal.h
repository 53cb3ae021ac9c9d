// For tests/base/url_test.cc: url.cc's answers with CURLU alone, without the plain-shape path
// (plain_url.h), so that a test can check the two agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/url.h"

namespace gongkai::url_internal {

// ResolveUrl(), every reference through CURLU (and nothing remembered).
std::string ResolveWithCurlu(std::string_view base, std::string_view ref,
                             QueryCharset query_charset = QueryCharset::kUtf8);

// ParseUrl(), through CURLU (and nothing remembered).
std::optional<ParsedUrl> ParseWithCurlu(std::string_view url);

}  // namespace gongkai::url_internal
