// Small HTML helpers for the server-rendered pages: escaping, query-string encoding, the page frame
// (inline CSS only: no script, font or asset from anywhere).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace gongkai::serve {

// Escapes & < > " ' for element text and quoted attribute values. Invalid UTF-8 is replaced (U+FFFD).
std::string Escape(std::string_view text);
// Percent-encodes everything but unreserved characters (RFC 3986), for query values and paths.
std::string UrlEncode(std::string_view text);
// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);
// "2026-11-30 10:05:34 UTC"; "-" for 0.
std::string FormatTime(int64_t ms);

// Which top-level page is shown (highlighted in the navigation bar).
enum class Section { kSearch, kCoverage, kRuns, kOther };

// A complete HTML document: the navigation bar, `title` as <title> and the body.
std::string HtmlPage(std::string_view title, Section section, std::string_view body_html);

}  // namespace gongkai::serve
