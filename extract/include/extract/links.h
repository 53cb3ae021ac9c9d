// Anchors of an HTML page, for link discovery by the crawler (listing pages, pagination, attachments).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/url.h"
#include "extract/html_page.h"

namespace gongkai::extract {

struct Link {
  std::string url;    // resolved against the base URL (and <base href>); fragment kept as written;
                      // non-ASCII query text encoded in the page's charset, as browsers send it
  std::string text;   // visible anchor text, whitespace collapsed
  std::string title;  // title attribute, "" if none
};

// All <a href> links of a UTF-8 HTML document (javascript:/mailto: links skipped), in document order.
std::vector<Link> FindLinks(std::string_view utf8_html, std::string_view base_url);
// The same over a page already parsed (one parse shared with structure reading and extraction).
std::vector<Link> FindLinks(const HtmlPage& page, std::string_view base_url);

// Resolves `ref` against `base` per RFC 3986 after a browser's cleanup ("" when it cannot be
// resolved): the shared URL toolkit's ResolveUrl() (base/url.h).
using gongkai::ResolveUrl;

}  // namespace gongkai::extract
