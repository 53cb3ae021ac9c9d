// Makes an archived page safe and browsable in the raw view: the page as captured, minus everything
// that could run or reach the live site.
//
// RewriteHtml removes <script> elements (also svg:script), on* event-handler attributes, <meta
// http-equiv> refresh / set-cookie, <base>, srcdoc, ping and integrity attributes, and rewrites every
// URL-bearing attribute (href, src, srcset, action, poster, data, background, ...) and the CSS in
// <style> and style="" through the mapper: archived URLs become archive-internal ones, others are
// removed (attributes) or replaced with about:invalid (CSS). Only http(s) URLs are ever mapped.
//
// This is the usability half; the guarantee is the raw view's Content-Security-Policy (sandbox,
// default-src of the raw origin only), which holds even where this best-effort rewriting misses a
// construct (e.g. CSS escapes spelling url()).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::serve {

// The URL to use for an absolute http(s) URL found in a page, or "" when the archive lacks it.
using UrlMapper = std::function<std::string(const std::string& absolute_url)>;

// `page_url` is the URL the body was fetched from (its base, unless the page has a <base href>).
// Works on the bytes as captured: ASCII-compatible charsets (UTF-8, GBK, GB18030) pass unchanged.
std::string RewriteHtml(std::string_view html, std::string_view page_url, const UrlMapper& map);
std::string RewriteCss(std::string_view css, std::string_view base_url, const UrlMapper& map);

// The absolute http(s) URLs RewriteHtml / RewriteCss would ask the mapper for, without fragments,
// in order of appearance, each once.
std::vector<std::string> CollectHtmlUrls(std::string_view html, std::string_view page_url);
std::vector<std::string> CollectCssUrls(std::string_view css, std::string_view base_url);

}  // namespace gongkai::serve
