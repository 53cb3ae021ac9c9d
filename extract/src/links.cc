// Link discovery (see links.h); references resolve with the shared toolkit (base/url.h).
#include "extract/links.h"

#include <gumbo.h>

#include <vector>

#include "extract/html_page.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

std::string Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string(a->value) : std::string();
}

void CollectText(const GumboNode* node, std::string* out, int depth) {
  if (depth > 64) return;
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
      node->type == GUMBO_NODE_CDATA) {
    out->append(node->v.text.text);
    out->push_back(' ');
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    CollectText(static_cast<const GumboNode*>(children.data[i]), out, depth + 1);
}

}  // namespace

std::vector<Link> FindLinks(std::string_view utf8_html, std::string_view base_url) {
  return FindLinks(HtmlPage::FromUtf8(utf8_html), base_url);
}

std::vector<Link> FindLinks(const HtmlPage& page, std::string_view base_url) {
  std::vector<Link> links;
  const GumboOutput* output = page.tree();
  std::string base(base_url);
  const QueryCharset query_charset = QueryCharsetOf(page.decoded().charset_used);
  std::vector<const GumboNode*> stack{output->root};
  bool base_seen = false;
  while (!stack.empty()) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_BASE && !base_seen) {
      std::string href = Attr(e, "href");
      if (!href.empty()) {
        std::string resolved = ResolveUrl(base, href);
        if (!resolved.empty()) base = resolved;
        base_seen = true;
      }
    } else if (e.tag == GUMBO_TAG_A) {
      std::string href(text::TrimAscii(Attr(e, "href")));
      std::string lower = text::ToLowerAscii(href.substr(0, 16));
      if (!href.empty() && !text::StartsWith(lower, "javascript:") && !text::StartsWith(lower, "mailto:") &&
          !text::StartsWith(lower, "tel:") && !text::StartsWith(lower, "data:")) {
        Link link;
        link.url = base.empty() ? href : ResolveUrl(base, href, query_charset);
        std::string raw;
        CollectText(node, &raw, 0);
        link.text = text::CollapseSpace(raw);
        link.title = text::CollapseSpace(Attr(e, "title"));
        if (!link.url.empty()) links.push_back(std::move(link));
      }
    }
    for (unsigned i = e.children.length; i-- > 0;)
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
  }
  return links;
}

}  // namespace gongkai::extract
