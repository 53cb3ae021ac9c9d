// Reading a page's structure with Gumbo (see page_structure.h).
#include "page_structure.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <string_view>
#include <unordered_map>

#include "extract/html_page.h"
#include "extract/links.h"

namespace gongkai::crawler {
namespace {

// Text runs shorter than this are labels, not prose.
constexpr size_t kMinProseRunChars = 20;
// Headings longer than this are not box headings.
constexpr size_t kMaxHeadingChars = 24;
// A group is a list when at least this share of its members hold exactly one title link.
constexpr double kMinQualifyingShare = 0.6;
// Title length counted per item in a list's score (longer titles add nothing).
constexpr size_t kMaxScoredTitleChars = 40;

constexpr std::string_view kPagerTexts[] = {"下一页",   "上一页", "首页", "尾页", "末页", "下页", "上页",
                                            "最后一页", "第一页", "next", "Next", "»",    "›"};

// id/class fragments of page chrome (navigation, header, footer): never a listing's items.
constexpr std::string_view kChromeMarks[] = {"nav",       "menu",   "foot",    "header", "banner",
                                             "copyright", "bottom", "daohang", "crumb",  "position",
                                             "location",  "weizhi", "top"};

// std::isspace in the "C" locale, the program's, without a library call per byte (this runs on
// every byte of every text node).
constexpr bool IsAsciiSpace(unsigned char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Trim(std::string_view s) {
  return std::string(TrimView(s));
}

// Calls emit(byte) for each byte of `s` with its whitespace runs (and &nbsp;, U+3000) collapsed to
// one space, and none at either end.
template <typename Emit>
void ForEachCollapsedByte(std::string_view s, Emit emit) {
  bool any = false, space = false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool is_space = IsAsciiSpace(c);
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      is_space = true;
      ++i;
    } else if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               static_cast<unsigned char>(s[i + 2]) == 0x80) {
      is_space = true;  // U+3000 ideographic space
      i += 2;
    }
    if (is_space) {
      space = any;
      continue;
    }
    if (space) emit(' ');
    space = false;
    any = true;
    emit(static_cast<char>(c));
  }
}

// Collapses whitespace runs (and &nbsp;) to one space.
std::string Collapse(std::string_view s) {
  std::string out;
  ForEachCollapsedByte(s, [&](char c) { out += c; });
  return out;
}

// CodePoints(Collapse(s)), without building the collapsed string: what a text node adds to the
// page's prose.
size_t CollapsedCodePoints(std::string_view s) {
  size_t n = 0;
  ForEachCollapsedByte(s, [&](char c) { n += (c & 0xC0) != 0x80; });
  return n;
}

std::string Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a == nullptr ? "" : a->value;
}

bool IsSkipped(GumboTag tag) {
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_HEAD;
}

bool IsChromeElement(const GumboElement& e) {
  if (e.tag == GUMBO_TAG_NAV || e.tag == GUMBO_TAG_HEADER || e.tag == GUMBO_TAG_FOOTER) return true;
  if (e.attributes.length == 0) return false;  // no id, no class
  const GumboAttribute* id = gumbo_get_attribute(&e.attributes, "id");
  const GumboAttribute* cls = gumbo_get_attribute(&e.attributes, "class");
  if (id == nullptr && cls == nullptr) return false;
  std::string marks = id == nullptr ? "" : id->value;
  marks += ' ';
  if (cls != nullptr) marks += cls->value;
  std::transform(marks.begin(), marks.end(), marks.begin(), ::tolower);
  for (std::string_view mark : kChromeMarks) {
    size_t at = marks.find(mark);
    if (at == std::string::npos) continue;
    // "top"/"nav" as whole-word-ish fragments only: "stop", "tabs_top" count, "topic" does not.
    size_t end = at + mark.size();
    if (mark == "top" && end < marks.size() && std::isalpha(static_cast<unsigned char>(marks[end]))) {
      continue;
    }
    return true;
  }
  return false;
}

void CollectText(const GumboNode* node, std::string* out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
      node->type == GUMBO_NODE_CDATA) {
    *out += node->v.text.text;
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& e = node->v.element;
  if (IsSkipped(e.tag)) return;
  if (e.tag == GUMBO_TAG_BR || e.tag == GUMBO_TAG_P || e.tag == GUMBO_TAG_DIV || e.tag == GUMBO_TAG_TD)
    *out += ' ';
  for (unsigned i = 0; i < e.children.length; ++i)
    CollectText(static_cast<const GumboNode*>(e.children.data[i]), out);
}

std::string TextOf(const GumboNode* node) {
  std::string raw;
  CollectText(node, &raw);
  return Collapse(raw);
}

class Reader {
 public:
  Reader(std::string_view page_url, const std::vector<std::string>& box_headings)
      : base_(page_url), box_headings_(box_headings) {}

  PageStructure Read(const extract::HtmlPage& page) {
    query_charset_ = QueryCharsetOf(page.decoded().charset_used);
    const GumboOutput* output = page.tree();
    FindBase(output->root);
    Walk(output->root, false, false);
    title_anchors_before_.reserve(out_.anchors.size() + 1);
    title_anchors_before_.push_back(0);
    for (const StructAnchor& a : out_.anchors)
      title_anchors_before_.push_back(title_anchors_before_.back() + (IsTitleAnchor(a) ? 1 : 0));
    FindLists(output->root);
    std::stable_sort(out_.lists.begin(), out_.lists.end(),
                     [](const StructList& a, const StructList& b) { return a.score > b.score; });
    return std::move(out_);
  }

 private:
  // What Walk learnt of an element: its anchors [first, last), and whether it is in the chrome.
  struct Range {
    size_t first = 0, last = 0;
    bool chrome = false;
  };

  void FindBase(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_BASE) {
      std::string resolved = extract::ResolveUrl(base_, Trim(Attr(e, "href")));
      if (!resolved.empty()) base_ = resolved;
      return;
    }
    if (e.tag == GUMBO_TAG_BODY) return;
    for (unsigned i = 0; i < e.children.length; ++i)
      FindBase(static_cast<const GumboNode*>(e.children.data[i]));
  }

  // Anchors, prose, title/meta, and each element's anchor range.
  void Walk(const GumboNode* node, bool chrome, bool in_anchor) {
    if (node->type == GUMBO_NODE_TEXT) {
      if (!chrome && !in_anchor) {
        size_t n = CollapsedCodePoints(node->v.text.text);
        if (n >= kMinProseRunChars) out_.prose_chars += n;
      }
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_TITLE && out_.title.empty()) out_.title = TextOf(node);
    if (e.tag == GUMBO_TAG_META) {
      std::string name = Attr(e, "name");
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      if (name == "columnname") out_.column_meta = Collapse(Attr(e, "content"));
    }
    if (e.tag == GUMBO_TAG_HEAD) {  // only <title> and <meta> matter there
      for (unsigned i = 0; i < e.children.length; ++i) {
        const GumboNode* child = static_cast<const GumboNode*>(e.children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT &&
            (child->v.element.tag == GUMBO_TAG_TITLE || child->v.element.tag == GUMBO_TAG_META)) {
          Walk(child, true, true);
        }
      }
      return;
    }
    if (IsSkipped(e.tag)) return;
    chrome = chrome || IsChromeElement(e);
    Range range;
    range.first = out_.anchors.size();
    if (e.tag == GUMBO_TAG_A) AddAnchor(node, chrome);
    for (unsigned i = 0; i < e.children.length; ++i) {
      Walk(static_cast<const GumboNode*>(e.children.data[i]), chrome, in_anchor || e.tag == GUMBO_TAG_A);
    }
    range.last = out_.anchors.size();
    range.chrome = chrome;
    ranges_.emplace(node, range);
  }

  void AddAnchor(const GumboNode* node, bool chrome) {
    const GumboElement& e = node->v.element;
    std::string href = Trim(Attr(e, "href"));
    std::string lower = href.substr(0, 16);
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    StructAnchor anchor;
    if (!href.empty() && !lower.starts_with("javascript:") && !lower.starts_with("mailto:") &&
        !lower.starts_with("tel:") && !lower.starts_with("data:") && href[0] != '#') {
      anchor.url = extract::ResolveUrl(base_, href, query_charset_);
    }
    anchor.text = TextOf(node);
    anchor.title = Collapse(Attr(e, "title"));
    anchor.in_chrome = chrome;
    out_.anchors.push_back(std::move(anchor));
  }

  // How many of the anchors [first, last) are title anchors.
  size_t TitleAnchorsIn(size_t first, size_t last) const {
    return title_anchors_before_[last] - title_anchors_before_[first];
  }

  bool IsTitleAnchor(const StructAnchor& a) const {
    if (a.url.empty()) return false;
    if (a.text.empty() && a.title.empty()) return false;
    return !IsPagerText(a.text);
  }

  // One member of a sibling group: its single title link, or nothing.
  bool ReadMember(const GumboNode* member, StructItem* item) const {
    auto it = ranges_.find(member);
    if (it == ranges_.end()) return false;
    const std::string* url = nullptr;
    size_t best = 0;
    for (size_t i = it->second.first; i < it->second.last; ++i) {
      const StructAnchor& a = out_.anchors[i];
      if (!IsTitleAnchor(a)) continue;
      if (url != nullptr && a.url != *url) return false;  // two different links: not one item
      if (url == nullptr) best = i;
      url = &a.url;
      if (CodePoints(a.text) > CodePoints(out_.anchors[best].text)) best = i;
    }
    if (url == nullptr) return false;
    std::string text = TextOf(member);
    if (text.starts_with("上一篇") || text.starts_with("下一篇")) return false;
    const StructAnchor& a = out_.anchors[best];
    item->anchor = best;
    item->title = CodePoints(a.title) > CodePoints(a.text) ? a.title : a.text;
    // The date is outside the link (a dated title is not a dated item).
    std::string rest = text;
    if (!a.text.empty()) {
      size_t at = rest.find(a.text);
      if (at != std::string::npos) rest.erase(at, a.text.size());
    }
    item->date = FindDate(rest);
    return true;
  }

  std::string Signature(const GumboNode* node) const {
    const GumboElement& e = node->v.element;
    return std::string(gumbo_normalized_tagname(e.tag)) + "." + Attr(e, "class");
  }

  bool IsHeadingElement(const GumboNode* node) const {
    if (node->type != GUMBO_NODE_ELEMENT) return false;
    const GumboElement& e = node->v.element;
    if (e.tag >= GUMBO_TAG_H1 && e.tag <= GUMBO_TAG_H6) return true;
    std::string marks = Attr(e, "class") + " " + Attr(e, "id");
    std::transform(marks.begin(), marks.end(), marks.begin(), ::tolower);
    for (const char* mark : {"tit", "hd", "head", "bt", "lm_name", "name", "caption"}) {
      if (marks.find(mark) != std::string::npos) return true;
    }
    return false;
  }

  // The heading of the box holding `list_parent`: a heading just before it or first in a box
  // around it, up to three levels up.
  std::string BoxHeading(const GumboNode* list_parent) const {
    const GumboNode* node = list_parent;
    for (int level = 0; level < 3 && node != nullptr && node->type == GUMBO_NODE_ELEMENT; ++level) {
      const GumboNode* parent = node->parent;
      if (parent == nullptr || parent->type != GUMBO_NODE_ELEMENT) break;
      const GumboVector& siblings = parent->v.element.children;
      for (unsigned i = 0; i < siblings.length; ++i) {
        const GumboNode* sibling = static_cast<const GumboNode*>(siblings.data[i]);
        if (sibling == node) break;
        if (!IsHeadingElement(sibling)) continue;
        std::string text = TextOf(sibling);
        if (!text.empty() && CodePoints(text) <= kMaxHeadingChars) return text;
      }
      node = parent;
    }
    return "";
  }

  void FindLists(const GumboNode* node) {
    if (node->type != GUMBO_NODE_ELEMENT) return;
    const GumboElement& e = node->v.element;
    if (IsSkipped(e.tag) || e.children.length == 0) return;
    // A list item holds a title anchor (ReadMember): an element without one below it holds no
    // list, nor do its descendants. This passes over the tables and text of a report page.
    if (auto walked = ranges_.find(node);
        walked != ranges_.end() && TitleAnchorsIn(walked->second.first, walked->second.last) == 0)
      return;
    // Group element children by tag and class, in order of first appearance.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const GumboNode*>> groups;
    for (unsigned i = 0; i < e.children.length; ++i) {
      const GumboNode* child = static_cast<const GumboNode*>(e.children.data[i]);
      if (child->type != GUMBO_NODE_ELEMENT) continue;
      std::string signature = Signature(child);
      if (groups[signature].empty()) order.push_back(signature);
      groups[signature].push_back(child);
    }
    for (const auto& signature : order) EvaluateGroup(node, signature, groups[signature]);
    for (unsigned i = 0; i < e.children.length; ++i)
      FindLists(static_cast<const GumboNode*>(e.children.data[i]));
  }

  void EvaluateGroup(const GumboNode* parent, const std::string& signature,
                     const std::vector<const GumboNode*>& members) {
    // Bare anchor runs (<a>…</a><a>…</a>) are pagers and menus; a list wraps its items.
    const GumboTag member_tag = members.front()->v.element.tag;
    if (member_tag == GUMBO_TAG_A || member_tag == GUMBO_TAG_SPAN || member_tag == GUMBO_TAG_FONT) return;
    StructList list;
    for (const GumboNode* member : members) {
      StructItem item;
      if (ReadMember(member, &item)) list.items.push_back(std::move(item));
    }
    const size_t n = list.items.size();
    if (n == 0 || static_cast<double>(n) < kMinQualifyingShare * static_cast<double>(members.size())) return;
    for (const auto& item : list.items) {
      if (!item.date.empty()) ++list.dated;
      list.score += static_cast<double>(std::min(CodePoints(item.title), kMaxScoredTitleChars)) *
                    (item.date.empty() ? 1 : 2);
    }
    // A single member is a list only when it looks like one (a dated item of a one-report column).
    if (n == 1 && (list.dated == 0 || members.size() != 1)) return;
    auto walked = ranges_.find(parent);
    list.in_chrome = walked != ranges_.end() && walked->second.chrome;
    list.heading = BoxHeading(parent);
    for (const auto& box : box_headings_) {
      if (!box.empty() && list.heading.find(box) != std::string::npos) list.excluded = true;
    }
    list.excluded = list.excluded || list.in_chrome;
    list.signature = std::string(gumbo_normalized_tagname(parent->v.element.tag)) + ">" + signature;
    if (!list.signature.empty() && list.signature.back() == '.') list.signature.pop_back();
    out_.lists.push_back(std::move(list));
  }

  std::string base_;
  QueryCharset query_charset_ = QueryCharset::kUtf8;  // how the page's links encode query text
  const std::vector<std::string>& box_headings_;
  PageStructure out_;
  std::unordered_map<const GumboNode*, Range> ranges_;
  std::vector<size_t> title_anchors_before_;  // [i]: title anchors among out_.anchors[0, i)
};

bool IsDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

size_t Digits(std::string_view s, size_t at) {
  size_t n = 0;
  while (at + n < s.size() && IsDigit(s[at + n])) ++n;
  return n;
}

}  // namespace

bool IsPagerText(std::string_view raw_text) {
  // Asked of every anchor: no copies, and the length test before the search.
  const std::string_view text = TrimView(raw_text);
  if (text.empty()) return false;
  std::string_view digits = text;
  if (digits.size() > 2 && digits.front() == '[' && digits.back() == ']')
    digits = digits.substr(1, digits.size() - 2);
  if (!digits.empty() && digits.size() <= 4 && std::all_of(digits.begin(), digits.end(), ::isdigit))
    return true;
  for (std::string_view pager : kPagerTexts) {
    if (text.size() <= 4 * pager.size() && text.find(pager) != std::string_view::npos) return true;
  }
  return false;
}

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool HasYear(std::string_view text) {
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    if ((text.compare(i, 2, "19") == 0 && text[i + 2] == '9') || text.compare(i, 2, "20") == 0) {
      if (IsDigit(text[i + 2]) && IsDigit(text[i + 3]) && (i == 0 || !IsDigit(text[i - 1])) &&
          (i + 4 == text.size() || !IsDigit(text[i + 4]))) {
        return true;
      }
    }
  }
  return false;
}

std::string FindDate(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsDigit(s[i]) || (i > 0 && IsDigit(s[i - 1]))) continue;
    size_t year = Digits(s, i);
    if (year == 4) {
      // 2021-01-06, 2021/1/6, 2021.01.06, 2021年1月6日
      size_t p = i + 4;
      std::string_view seps[] = {"-", "/", ".", "年"};
      for (std::string_view sep : seps) {
        if (s.substr(p, sep.size()) != sep) continue;
        size_t month = Digits(s, p + sep.size());
        if (month < 1 || month > 2) break;
        size_t q = p + sep.size() + month;
        std::string_view sep2 = sep == "年" ? std::string_view("月") : sep;
        if (s.substr(q, sep2.size()) != sep2) break;
        size_t day = Digits(s, q + sep2.size());
        if (day < 1 || day > 2) break;
        return std::string(s.substr(i, q + sep2.size() + day - i));
      }
    } else if (year == 2 && i + 5 <= s.size() && s[i + 2] == '-' && Digits(s, i + 3) == 2) {
      return std::string(s.substr(i, 5));  // [01-06]
    }
  }
  return "";
}

PageStructure ReadPageStructure(const extract::HtmlPage& page, std::string_view page_url,
                                const std::vector<std::string>& box_headings) {
  Reader reader(page_url, box_headings);
  return reader.Read(page);
}

}  // namespace gongkai::crawler
