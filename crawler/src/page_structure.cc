// Reading a page's structure with Gumbo (see page_structure.h).
#include "page_structure.h"

#include <gumbo.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

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

// Bytes that can start a whitespace run for Collapse: ASCII space and controls (below 0x21), and
// the lead bytes of &nbsp; (0xC2) and U+3000 (0xE3). Other bytes are copied as they are.
constexpr bool MayStartSpace(unsigned char c) {
  return c < 0x21 || c == 0xC2 || c == 0xE3;
}

constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;

// Whether any of the eight bytes of `w` MayStartSpace. Text is read eight bytes at a time between
// such bytes: a text node is mostly runs without them (Chinese text is 0xE4-0xE9 lead bytes), and
// this runs on every byte of it.
bool MayStartSpaceIn(std::uint64_t w) {
  const std::uint64_t below = (w - kOnes * 0x21) & ~w;
  const std::uint64_t c2 = w ^ (kOnes * 0xC2), e3 = w ^ (kOnes * 0xE3);
  return ((below | ((c2 - kOnes) & ~c2) | ((e3 - kOnes) & ~e3)) & kHighs) != 0;
}

std::uint64_t WordAt(std::string_view s, size_t at) {
  std::uint64_t w;
  std::memcpy(&w, s.data() + at, sizeof w);
  return w;
}

// Bytes of the space that starts at s[at]: 1 for ASCII whitespace, 2 for &nbsp;, 3 for U+3000
// (ideographic space); 0 when none does.
size_t SpaceAt(std::string_view s, size_t at) {
  const unsigned char c = static_cast<unsigned char>(s[at]);
  if (IsAsciiSpace(c)) return 1;
  if (c == 0xC2 && at + 1 < s.size() && static_cast<unsigned char>(s[at + 1]) == 0xA0) return 2;
  if (c == 0xE3 && at + 2 < s.size() && static_cast<unsigned char>(s[at + 1]) == 0x80 &&
      static_cast<unsigned char>(s[at + 2]) == 0x80) {
    return 3;
  }
  return 0;
}

// Calls emit(piece) for the pieces of `s` with its whitespace runs (and &nbsp;, U+3000) collapsed to
// one space, and none at either end: their concatenation is the collapsed text.
template <typename Emit>
void ForEachCollapsedPiece(std::string_view s, Emit emit) {
  bool any = false, space = false;
  for (size_t i = 0; i < s.size();) {
    size_t end = i;
    while (end + 8 <= s.size() && !MayStartSpaceIn(WordAt(s, end))) end += 8;
    while (end < s.size() && !MayStartSpace(static_cast<unsigned char>(s[end]))) ++end;
    const size_t space_bytes = end == i ? SpaceAt(s, i) : 0;
    if (space_bytes > 0) {
      space = any;
      i += space_bytes;
      continue;
    }
    if (end == i) ++end;  // a byte that MayStartSpace but starts none
    if (space) emit(std::string_view(" "));
    space = false;
    any = true;
    emit(s.substr(i, end - i));
    i = end;
  }
}

// Collapses whitespace runs (and &nbsp;) to one space.
std::string Collapse(std::string_view s) {
  std::string out;
  ForEachCollapsedPiece(s, [&](std::string_view piece) { out += piece; });
  return out;
}

// CodePoints(Collapse(s)), without building the collapsed string: what a text node adds to the
// page's prose. The bytes that are not UTF-8 continuation bytes (10xxxxxx), counted eight at a
// time, plus one for each space kept.
size_t CollapsedCodePoints(std::string_view s) {
  size_t n = 0;
  bool any = false, space = false;
  for (size_t i = 0; i < s.size();) {
    for (; i + 8 <= s.size(); i += 8) {
      const std::uint64_t w = WordAt(s, i);
      if (MayStartSpaceIn(w)) break;
      n += (space ? 1 : 0) + 8 - static_cast<size_t>(std::popcount(w & ~(w << 1) & kHighs));
      space = false;
      any = true;
    }
    // Byte by byte through the word that held a byte that MayStartSpace (or the last bytes).
    for (const size_t word_end = std::min(s.size(), i + 8); i < word_end;) {
      if (size_t space_bytes = SpaceAt(s, i); space_bytes > 0) {
        space = any;
        i += space_bytes;
        continue;
      }
      n += (space ? 1 : 0) + ((s[i] & 0xC0) != 0x80 ? 1 : 0);
      space = false;
      any = true;
      ++i;
    }
  }
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
    title_anchors_before_.push_back(0);
    Walk(output->root, false, false);
    // Walk finds lists after their elements' children (post-order); candidates keep the document
    // order of their parents (pre-order), then their group's order, before the sort by score.
    std::sort(found_.begin(), found_.end(),
              [](const FoundList& a, const FoundList& b) { return a.order < b.order; });
    out_.lists.reserve(found_.size());
    for (FoundList& found : found_) out_.lists.push_back(std::move(found.list));
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
  struct Walked {
    const GumboNode* node;
    Range range;
  };
  // An element child of a list's parent, in a group of children with its tag and class.
  struct Member {
    GumboTag tag;
    std::string_view cls;
    size_t position;  // among the parent's children
    const GumboNode* node;
    const Range* range;  // nullptr for an element Walk passed over
  };
  struct FoundList {
    std::pair<size_t, size_t> order;  // (parent's pre-order number, group's first member)
    StructList list;
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

  // Anchors, prose, title/meta, and the candidate lists among each element's children. Each walked
  // element leaves its Range on walked_ for its parent's FindLists, which the parent then drops.
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
      const size_t mark = walked_.size();
      for (unsigned i = 0; i < e.children.length; ++i) {
        const GumboNode* child = static_cast<const GumboNode*>(e.children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT &&
            (child->v.element.tag == GUMBO_TAG_TITLE || child->v.element.tag == GUMBO_TAG_META)) {
          Walk(child, true, true);
        }
      }
      walked_.resize(mark);
      return;
    }
    if (IsSkipped(e.tag)) return;
    chrome = chrome || IsChromeElement(e);
    const size_t preorder = elements_walked_++;
    Range range;
    range.first = out_.anchors.size();
    if (e.tag == GUMBO_TAG_A) AddAnchor(node, chrome);
    const size_t mark = walked_.size();
    for (unsigned i = 0; i < e.children.length; ++i) {
      Walk(static_cast<const GumboNode*>(e.children.data[i]), chrome, in_anchor || e.tag == GUMBO_TAG_A);
    }
    range.last = out_.anchors.size();
    range.chrome = chrome;
    // A list item holds a title anchor (ReadMember): an element without one below it holds no
    // list. This passes over the tables and text of a report page.
    if (TitleAnchorsIn(range.first, range.last) > 0) FindLists(node, preorder, chrome, mark);
    walked_.resize(mark);
    walked_.push_back({node, range});
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
    title_anchors_before_.push_back(title_anchors_before_.back() + (IsTitleAnchor(anchor) ? 1 : 0));
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
  bool ReadMember(const Member& member, StructItem* item) const {
    if (member.range == nullptr || TitleAnchorsIn(member.range->first, member.range->last) == 0) return false;
    const std::string* url = nullptr;
    size_t best = 0;
    for (size_t i = member.range->first; i < member.range->last; ++i) {
      if (TitleAnchorsIn(i, i + 1) == 0) continue;
      const StructAnchor& a = out_.anchors[i];
      if (url != nullptr && a.url != *url) return false;  // two different links: not one item
      if (url == nullptr) best = i;
      url = &a.url;
      if (CodePoints(a.text) > CodePoints(out_.anchors[best].text)) best = i;
    }
    std::string text = TextOf(member.node);
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

  // Groups the element children of `node` by tag and class ("ul>li.item") and evaluates each group
  // as a list, in order of first appearance. walked_[mark, end) are the Ranges of its walked children.
  void FindLists(const GumboNode* node, size_t preorder, bool chrome, size_t mark) {
    const GumboElement& e = node->v.element;
    members_.clear();
    size_t next_walked = mark;
    for (unsigned i = 0; i < e.children.length; ++i) {
      const GumboNode* child = static_cast<const GumboNode*>(e.children.data[i]);
      if (child->type != GUMBO_NODE_ELEMENT) continue;
      const Range* range = nullptr;
      if (next_walked < walked_.size() && walked_[next_walked].node == child)
        range = &walked_[next_walked++].range;
      const GumboTag tag = child->v.element.tag;
      // Bare anchor runs (<a>…</a><a>…</a>) are pagers and menus; a list wraps its items.
      if (tag == GUMBO_TAG_A || tag == GUMBO_TAG_SPAN || tag == GUMBO_TAG_FONT) continue;
      const GumboAttribute* cls = gumbo_get_attribute(&child->v.element.attributes, "class");
      members_.push_back({tag, cls == nullptr ? std::string_view() : cls->value, i, child, range});
    }
    // Groups are runs of one tag and class, each in document order; then ordered by first member.
    std::sort(members_.begin(), members_.end(), [](const Member& a, const Member& b) {
      if (a.tag != b.tag) return a.tag < b.tag;
      return a.cls != b.cls ? a.cls < b.cls : a.position < b.position;
    });
    groups_.clear();
    for (size_t begin = 0, end; begin < members_.size(); begin = end) {
      end = begin + 1;
      while (end < members_.size() && members_[end].tag == members_[begin].tag &&
             members_[end].cls == members_[begin].cls) {
        ++end;
      }
      groups_.emplace_back(begin, end);
    }
    std::sort(groups_.begin(), groups_.end(), [&](const auto& a, const auto& b) {
      return members_[a.first].position < members_[b.first].position;
    });
    for (const auto& [begin, end] : groups_) {
      EvaluateGroup(node, chrome, {preorder, members_[begin].position},
                    std::span<const Member>(members_.data() + begin, end - begin));
    }
  }

  void EvaluateGroup(const GumboNode* parent, bool parent_chrome, std::pair<size_t, size_t> order,
                     std::span<const Member> members) {
    StructList list;
    for (const Member& member : members) {
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
    list.in_chrome = parent_chrome;
    list.heading = BoxHeading(parent);
    for (const auto& box : box_headings_) {
      if (!box.empty() && list.heading.find(box) != std::string::npos) list.excluded = true;
    }
    list.excluded = list.excluded || list.in_chrome;
    const Member& first = members.front();
    list.signature = std::string(gumbo_normalized_tagname(parent->v.element.tag)) + ">" +
                     gumbo_normalized_tagname(first.tag) + "." + std::string(first.cls);
    if (!list.signature.empty() && list.signature.back() == '.') list.signature.pop_back();
    found_.push_back({order, std::move(list)});
  }

  std::string base_;
  QueryCharset query_charset_ = QueryCharset::kUtf8;  // how the page's links encode query text
  const std::vector<std::string>& box_headings_;
  PageStructure out_;
  std::vector<size_t> title_anchors_before_;       // [i]: title anchors among out_.anchors[0, i)
  size_t elements_walked_ = 0;                     // the next walked element's pre-order number
  std::vector<Walked> walked_;                     // a stack: the walked children of each element Walk is in
  std::vector<Member> members_;                    // FindLists' scratch
  std::vector<std::pair<size_t, size_t>> groups_;  // FindLists' scratch: [begin, end) in members_
  std::vector<FoundList> found_;                   // in the order Walk found them (post-order)
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
    // Byte tests, not compare(): this runs at every position of every anchor text.
    if ((text[i] == '1' && text[i + 1] == '9' && text[i + 2] == '9') ||
        (text[i] == '2' && text[i + 1] == '0')) {
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
