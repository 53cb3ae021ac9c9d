// Gumbo tree -> Page (see document.h).
#include "document.h"

#include <gumbo.h>

#include <strings.h>

#include <algorithm>
#include <string_view>

#include "hints.h"
#include "html_guard.h"
#include "parse_input.h"
#include "table_grid.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// Deeper elements are read as plain text of their ancestor at this depth: keeps recursion bounded
// on pathological nesting (real pages stay far below it).
constexpr int kMaxDepth = 200;
// An element named like chrome but holding more than this share of the page's text is a wrapper.
constexpr double kMaxChromeShareOfPage = 0.4;

bool IsBlockTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_UNKNOWN:
      return true;
    default:
      return false;
  }
}

bool IsSkippedTag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_HEAD:
      return true;
    default:
      return false;
  }
}

const char* AttrOr(const GumboElement& e, const char* name, const char* fallback = "") {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : fallback;
}

// The attributes the walk reads from every element, found in one pass over them instead of one
// gumbo_get_attribute pass per name. As gumbo_get_attribute: names compare case-insensitively and
// the first of each name wins; a missing one reads as "".
struct WalkAttrs {
  bool hidden = false;
  const char* style = "";
  const char* id = "";
  const char* klass = "";
  const char* href = "";
};

WalkAttrs ReadWalkAttrs(const GumboElement& e) {
  WalkAttrs w;
  bool style = false, id = false, klass = false, href = false;
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    // The first letter rules out all but one name, so most attributes cost one comparison.
    switch (a->name[0] | 0x20) {
      case 'h':
        if (!w.hidden && strcasecmp(a->name, "hidden") == 0) w.hidden = true;
        if (!href && strcasecmp(a->name, "href") == 0) w.href = a->value, href = true;
        break;
      case 's':
        if (!style && strcasecmp(a->name, "style") == 0) w.style = a->value, style = true;
        break;
      case 'i':
        if (!id && strcasecmp(a->name, "id") == 0) w.id = a->value, id = true;
        break;
      case 'c':
        if (!klass && strcasecmp(a->name, "class") == 0) w.klass = a->value, klass = true;
        break;
      default:
        break;
    }
  }
  return w;
}

bool IsHidden(const WalkAttrs& attrs) {
  if (attrs.hidden) return true;
  // Only display:none: some platforms (WeChat articles) ship the body with visibility:hidden and
  // reveal it by script.
  return StyleHidesElement(attrs.style);
}

void AppendAllText(const GumboNode* root, std::string* out) {
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
      out->append(n->v.text.text);
    } else if (n->type == GUMBO_NODE_ELEMENT && !IsSkippedTag(n->v.element.tag)) {
      if (n->v.element.tag == GUMBO_TAG_BR || IsBlockTag(n->v.element.tag)) out->push_back(' ');
      const GumboVector& c = n->v.element.children;
      for (unsigned i = c.length; i-- > 0;) stack.push_back(static_cast<const GumboNode*>(c.data[i]));
    }
  }
}

// A <figcaption> of at most this many characters (one or two sentences) is a photo caption and stays
// with the story it illustrates; a longer one is a gallery or quiz item's own text, and is skipped.
// Measured on magic-html and scrapinghub: 80 cuts captions both keep, 200 lets gallery text in.
constexpr std::size_t kMaxCaptionChars = 140;

bool IsShortCaption(const GumboNode* figcaption) {
  std::string flat;
  AppendAllText(figcaption, &flat);
  return text::Count(text::CollapseSpace(flat)).chars <= static_cast<int>(kMaxCaptionChars);
}

class Builder {
 public:
  explicit Builder(Page* page) : page_(page) {}

  void Run(const GumboNode* root) {
    page_->nodes.push_back(DomNode{});
    page_->nodes[0].tag = GUMBO_TAG_HTML;
    Walk(root, 0, 0);
    Flush();
    page_->nodes[0].block_end = static_cast<int>(page_->blocks.size());
    AssignRegions();
  }

  // Region of each node from the hints, parents first (nodes are in document order). A chrome name
  // on an element holding most of the page's text is a misleading wrapper name and is ignored;
  // strong chrome stays chrome for everything inside it ("content" inside a cookie dialog).
  void AssignRegions() {
    std::vector<long> prefix(page_->blocks.size() + 1, 0);
    for (std::size_t i = 0; i < page_->blocks.size(); ++i)
      prefix[i + 1] = prefix[i] + page_->blocks[i].tokens;
    const double total = static_cast<double>(prefix.back());
    for (std::size_t k = 1; k < page_->nodes.size(); ++k) {
      DomNode& n = page_->nodes[k];
      const DomNode& p = page_->nodes[n.parent];
      double tokens = static_cast<double>(prefix[n.block_end] - prefix[n.block_begin]);
      bool wrapper = tokens > kMaxChromeShareOfPage * total;
      if ((n.hint == Hint::kNegative || n.hint == Hint::kStrongNegative) && wrapper) n.hint = Hint::kNone;
      n.strong_negative =
          p.strong_negative || n.hint == Hint::kStrongNegative || n.hint == Hint::kAbsoluteNegative;
      if (n.hint == Hint::kStrongNegative || n.hint == Hint::kAbsoluteNegative) n.hint = Hint::kNegative;
      n.region = n.strong_negative                                          ? Hint::kNegative
                 : (n.hint == Hint::kPositive || n.hint == Hint::kNegative) ? n.hint
                                                                            : p.region;
    }
  }

 private:
  void Walk(const GumboNode* node, int parent, int depth) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        AddText(node->v.text.text);
        return;
      case GUMBO_NODE_COMMENT:
        Comment(node->v.text.text);
        return;
      case GUMBO_NODE_DOCUMENT:
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
    }
    const GumboVector* children =
        node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    if (node->type == GUMBO_NODE_DOCUMENT) {
      for (unsigned i = 0; i < children->length; ++i)
        Walk(static_cast<const GumboNode*>(children->data[i]), parent, depth);
      return;
    }
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_HEAD || e.tag == GUMBO_TAG_META || e.tag == GUMBO_TAG_TITLE ||
        e.tag == GUMBO_TAG_BASE || e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_TIME) {
      HeadElement(node);
      if (e.tag != GUMBO_TAG_TIME) return;
    }
    if (IsSkippedTag(e.tag)) return;
    const WalkAttrs attrs = ReadWalkAttrs(e);
    if (IsHidden(attrs)) return;
    if (e.tag == GUMBO_TAG_FIGCAPTION && !IsShortCaption(node)) return;
    if (e.tag == GUMBO_TAG_BR) {
      Flush();
      return;
    }
    if (e.tag == GUMBO_TAG_IMG) return;
    if (depth >= kMaxDepth) {
      std::string flat;
      AppendAllText(node, &flat);
      AddText(flat.c_str());
      return;
    }
    if (e.tag == GUMBO_TAG_TABLE && DataTable(node, attrs, parent, depth)) return;
    bool block = IsBlockTag(e.tag);
    int self = parent;
    if (block) {
      Flush();
      self = NewNode(e, attrs, parent, depth);
    }
    bool is_anchor = e.tag == GUMBO_TAG_A;
    std::size_t anchor_start = 0;
    if (is_anchor) {
      ++in_anchor_;
      anchor_start = line_.size();
    }
    int saved_heading = heading_;
    bool saved_li = in_li_;
    if (e.tag >= GUMBO_TAG_H1 && e.tag <= GUMBO_TAG_H6) heading_ = 1 + (e.tag - GUMBO_TAG_H1);
    if (e.tag == GUMBO_TAG_LI) in_li_ = true;
    for (unsigned i = 0; i < children->length; ++i)
      Walk(static_cast<const GumboNode*>(children->data[i]), self, depth + 1);
    if (is_anchor) {
      --in_anchor_;
      if (*attrs.href != '\0') {
        std::string_view anchor_text =
            line_.size() >= anchor_start ? std::string_view(line_).substr(anchor_start) : std::string_view();
        page_->anchors.push_back(Anchor{attrs.href, text::CollapseSpace(anchor_text), current_node_,
                                        static_cast<int>(page_->blocks.size())});
      }
    }
    if (block) {
      Flush();  // before the heading/list state is restored: the line belongs to this element
      page_->nodes[self].block_end = static_cast<int>(page_->blocks.size());
      current_node_ = parent;
    }
    heading_ = saved_heading;
    in_li_ = saved_li;
  }

  int NewNode(const GumboElement& e, const WalkAttrs& attrs, int parent, int depth) {
    DomNode n;
    n.parent = parent;
    n.depth = depth;
    n.tag = e.tag;
    id_class_.assign(attrs.id).append(1, ' ').append(attrs.klass);
    n.id_class = text::ToLowerAscii(id_class_);
    n.hint = ClassifyHint(n.id_class, static_cast<GumboTag>(e.tag));
    if (e.tag == GUMBO_TAG_BODY || e.tag == GUMBO_TAG_HTML) n.hint = Hint::kNone;
    n.block_begin = static_cast<int>(page_->blocks.size());
    page_->nodes.push_back(std::move(n));
    current_node_ = static_cast<int>(page_->nodes.size()) - 1;
    return current_node_;
  }

  void AddText(const char* s) {
    line_ += s;
    if (in_anchor_) link_text_ += s, link_text_ += ' ';
  }

  void Comment(std::string_view c) {
    std::string t = text::ToLowerAscii(text::TrimAscii(c));
    if (t == "contentstart") {
      Flush();
      in_markers_ = true;
      page_->has_markers = true;
    } else if (t == "contentend") {
      Flush();
      in_markers_ = false;
    }
  }

  void Flush() {
    if (line_.empty()) return;
    text::Counts c;
    std::string collapsed = text::CollapseSpace(line_, &c);
    line_.clear();
    if (collapsed.empty()) {
      link_text_.clear();
      return;
    }
    Block b;
    b.text = std::move(collapsed);
    b.node = current_node_;
    b.tokens = c.tokens;
    b.link_tokens = std::min(c.tokens, text::Count(link_text_).tokens);
    link_text_.clear();  // kept, with its capacity, for the next line
    b.punct = c.punct;
    b.chars = c.chars;
    b.ends_sentence = c.ends_sentence;
    b.heading = heading_;
    b.list_item = in_li_;
    b.in_markers = in_markers_;
    b.title_like = page_->nodes[current_node_].hint == Hint::kTitle;
    page_->blocks.push_back(std::move(b));
  }

  bool DataTable(const GumboNode* table, const WalkAttrs& attrs, int parent, int depth) {
    TableGrid grid;
    if (!ReadDataTable(table, &grid)) return false;
    Flush();
    int self = NewNode(table->v.element, attrs, parent, depth);
    int index = static_cast<int>(page_->tables.size());
    for (std::size_t r = 0; r < grid.row_texts.size(); ++r) {
      std::string& row = grid.row_texts[r];
      if (row.empty()) continue;
      Block b;
      const text::Counts& c = grid.row_counts[r];
      b.text = std::move(row);
      b.node = self;
      b.tokens = c.tokens;
      b.link_tokens = std::min(c.tokens, grid.row_link_tokens[r]);
      b.punct = c.punct;
      b.chars = c.chars;
      b.table = index;
      b.in_markers = in_markers_;
      page_->blocks.push_back(std::move(b));
    }
    for (auto& a : grid.anchors)
      page_->anchors.push_back(
          Anchor{std::move(a.first), std::move(a.second), self, static_cast<int>(page_->blocks.size()) - 1});
    page_->tables.push_back(std::move(grid.cells));
    page_->table_nodes.push_back(self);
    page_->nodes[self].block_end = static_cast<int>(page_->blocks.size());
    current_node_ = parent;
    return true;
  }

  void HeadElement(const GumboNode* node) {
    const GumboElement& e = node->v.element;
    if (e.tag == GUMBO_TAG_HEAD) {
      for (unsigned i = 0; i < e.children.length; ++i) {
        auto* child = static_cast<const GumboNode*>(e.children.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT) HeadElement(child);
      }
    } else if (e.tag == GUMBO_TAG_META) {
      std::string key = AttrOr(e, "name");
      if (key.empty()) key = AttrOr(e, "property");
      if (key.empty()) key = AttrOr(e, "itemprop");
      if (key.empty()) key = AttrOr(e, "http-equiv");
      key = text::ToLowerAscii(text::TrimAscii(key));
      const GumboAttribute* content = gumbo_get_attribute(&e.attributes, "content");
      if (!key.empty() && content) page_->metas.emplace(key, text::CollapseSpace(content->value));
    } else if (e.tag == GUMBO_TAG_TITLE) {
      if (page_->title.empty()) {
        std::string t;
        AppendAllText(node, &t);
        page_->title = text::CollapseSpace(t);
      }
    } else if (e.tag == GUMBO_TAG_BASE) {
      if (page_->base_href.empty()) page_->base_href = AttrOr(e, "href");
    } else if (e.tag == GUMBO_TAG_SCRIPT) {
      if (text::ToLowerAscii(AttrOr(e, "type")) == "application/ld+json" && e.children.length > 0) {
        auto* child = static_cast<const GumboNode*>(e.children.data[0]);
        if (child->type == GUMBO_NODE_TEXT) page_->json_ld.emplace_back(child->v.text.text);
      }
    } else if (e.tag == GUMBO_TAG_TIME) {
      std::string dt = AttrOr(e, "datetime");
      if (!dt.empty()) page_->time_datetimes.push_back(dt);
    }
  }

  Page* page_;
  std::string line_;
  std::string link_text_;
  std::string id_class_;  // NewNode's scratch: "id class" before lowering, reused across nodes
  int current_node_ = 0;
  int in_anchor_ = 0;
  int heading_ = 0;
  bool in_li_ = false;
  bool in_markers_ = false;
};

}  // namespace

Page BuildPage(std::string_view utf8_html) {
  return BuildPage(HtmlPage::FromUtf8(utf8_html));
}

Page BuildPage(const HtmlPage& html) {
  Page page;
  Builder(&page).Run(html.tree()->document);
  return page;
}

}  // namespace gongkai::extract
