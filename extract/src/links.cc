// Link discovery and RFC 3986 reference resolution (see links.h).
#include "extract/links.h"

#include <gumbo.h>

#include <vector>

#include "extract/html_page.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

struct UrlParts {
  std::string scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

bool ParseUrl(std::string_view s, UrlParts* u) {
  std::size_t colon = s.find(':');
  std::size_t first_delim = s.find_first_of("/?#");
  if (colon != std::string_view::npos && colon > 0 &&
      (first_delim == std::string_view::npos || colon < first_delim)) {
    bool ok = true;
    for (std::size_t i = 0; i < colon; ++i) {
      char c = s[i];
      bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')))) ok = false;
    }
    if (ok) {
      u->scheme = text::ToLowerAscii(s.substr(0, colon));
      s.remove_prefix(colon + 1);
    }
  }
  if (std::size_t h = s.find('#'); h != std::string_view::npos) {
    u->has_fragment = true;
    u->fragment = std::string(s.substr(h + 1));
    s = s.substr(0, h);
  }
  if (std::size_t q = s.find('?'); q != std::string_view::npos) {
    u->has_query = true;
    u->query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  if (text::StartsWith(s, "//")) {
    s.remove_prefix(2);
    std::size_t slash = s.find('/');
    u->has_authority = true;
    u->authority = std::string(s.substr(0, slash));
    s = slash == std::string_view::npos ? std::string_view() : s.substr(slash);
  }
  u->path = std::string(s);
  return true;
}

std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  bool absolute = !path.empty() && path[0] == '/';
  std::size_t i = absolute ? 1 : 0;
  bool trailing_slash = false;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    trailing_slash = false;
    if (seg == ".") {
      trailing_slash = true;
    } else if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing_slash = true;
    } else {
      out.push_back(seg);
    }
    i = j + 1;
  }
  std::string result = absolute ? "/" : "";
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (k) result += '/';
    result += out[k];
  }
  if (trailing_slash && (result.empty() || result.back() != '/')) result += '/';
  return result;
}

std::string Compose(const UrlParts& u) {
  std::string s = u.scheme + ":";
  if (u.has_authority) s += "//" + u.authority;
  s += u.path;
  if (u.has_query) s += "?" + u.query;
  if (u.has_fragment) s += "#" + u.fragment;
  return s;
}

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

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  std::string cleaned;
  for (char c : text::TrimAscii(ref))
    if (c != '\n' && c != '\r' && c != '\t') cleaned += c;
  UrlParts r;
  ParseUrl(cleaned, &r);
  UrlParts b;
  ParseUrl(text::TrimAscii(base), &b);
  UrlParts t;
  if (!r.scheme.empty()) {
    t = r;
    t.path = RemoveDotSegments(r.path);
  } else {
    if (b.scheme.empty()) return "";
    t.scheme = b.scheme;
    if (r.has_authority) {
      t.has_authority = true;
      t.authority = r.authority;
      t.path = RemoveDotSegments(r.path);
      t.has_query = r.has_query;
      t.query = r.query;
    } else {
      t.has_authority = b.has_authority;
      t.authority = b.authority;
      if (r.path.empty()) {
        t.path = b.path;
        t.has_query = r.has_query || b.has_query;
        t.query = r.has_query ? r.query : b.query;
      } else {
        if (r.path[0] == '/') {
          t.path = RemoveDotSegments(r.path);
        } else {
          std::string merged;
          if (b.has_authority && b.path.empty()) {
            merged = "/" + r.path;
          } else {
            std::size_t slash = b.path.rfind('/');
            merged = (slash == std::string::npos ? "" : b.path.substr(0, slash + 1)) + r.path;
          }
          t.path = RemoveDotSegments(merged);
        }
        t.has_query = r.has_query;
        t.query = r.query;
      }
    }
    t.has_fragment = r.has_fragment;
    t.fragment = r.fragment;
  }
  // push_back, not = "/": g++ 12 warns falsely (-Wrestrict) on the assignment.
  if (t.has_authority && t.path.empty() && (t.scheme == "http" || t.scheme == "https")) t.path.push_back('/');
  if (t.has_authority) t.authority = text::ToLowerAscii(t.authority);
  return Compose(t);
}

std::vector<Link> FindLinks(std::string_view utf8_html, std::string_view base_url) {
  return FindLinks(HtmlPage::FromUtf8(utf8_html), base_url);
}

std::vector<Link> FindLinks(const HtmlPage& page, std::string_view base_url) {
  std::vector<Link> links;
  const GumboOutput* output = page.tree();
  std::string base(base_url);
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
        link.url = base.empty() ? href : ResolveUrl(base, href);
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
