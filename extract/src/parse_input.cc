// The text Gumbo is given (see parse_input.h). The states named below are the HTML tokenizer's
// (WHATWG HTML, 13.2.5), which Gumbo 0.10.1 implements.
#include "parse_input.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>

namespace gongkai::extract {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// The bytes that end a tag name, an attribute name or an unquoted value, as bit flags: one table
// load per byte on every tag of every page.
enum : unsigned char { kSpace = 1, kSlash = 2, kGreater = 4, kEquals = 8 };
constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> table{};
  for (unsigned char c : {' ', '\t', '\n', '\r', '\f'}) table[c] = kSpace;
  table['/'] = kSlash;
  table['>'] = kGreater;
  table['='] = kEquals;
  return table;
}();

bool Is(char c, unsigned char classes) {
  return (kByteClass[static_cast<unsigned char>(c)] & classes) != 0;
}

bool IsHtmlSpace(char c) {
  return Is(c, kSpace);
}

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Every byte lower-cased (ASCII letters only): one load for each character of every tag name.
constexpr std::array<char, 256> kLowerAscii = [] {
  std::array<char, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return table;
}();

char LowerAscii(char c) {
  return kLowerAscii[static_cast<unsigned char>(c)];
}

bool EqualsLowerCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (LowerAscii(text[i]) != lower[i]) return false;
  return true;
}

bool StartsWithLowerCase(std::string_view text, std::size_t at, std::string_view lower) {
  return at <= text.size() && EqualsLowerCase(text.substr(at, lower.size()), lower);
}

std::size_t FindLowerCase(std::string_view text, std::string_view lower, std::size_t from) {
  for (std::size_t i = from; (i = text.find('<', i)) != kNpos; ++i)
    if (StartsWithLowerCase(text, i, lower)) return i;
  return kNpos;
}

// Elements whose content the tokenizer reads as text up to their end tag (RCDATA, RAWTEXT and
// script data), when the tree builder sees them in HTML content. Treating one as raw text where
// Gumbo does not (inside <svg>, say) only leaves its content unfiltered.
constexpr std::array<std::string_view, 10> kRawTextElements = {
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"};

// One of kRawTextElements, told by length first: this runs on every start tag.
constexpr bool IsRawText(std::string_view name) {
  switch (name.size()) {
    case 3:
      return name == "xmp";
    case 5:
      return name == "style" || name == "title";
    case 6:
      return name == "script" || name == "iframe";
    case 7:
      return name == "noembed";
    case 8:
      return name == "textarea" || name == "noframes" || name == "noscript";
    case 9:
      return name == "plaintext";
    default:
      return false;
  }
}
static_assert(std::all_of(kRawTextElements.begin(), kRawTextElements.end(), IsRawText));
static_assert(!IsRawText("div") && !IsRawText("scripts") && !IsRawText("svg"));

// True when `body`, read as markup, could leave the tokenizer out of its data state at its end:
// it holds a comment, CDATA, a DOCTYPE, a raw-text element or foreign content.
bool MayChangeTokenizerState(std::string_view body) {
  for (std::size_t i = 0; (i = body.find('<', i)) != kNpos; ++i) {
    if (i + 1 < body.size() && body[i + 1] == '!') return true;
    for (std::string_view raw : kRawTextElements)
      if (StartsWithLowerCase(body, i + 1, raw)) return true;
    if (StartsWithLowerCase(body, i + 1, "svg") || StartsWithLowerCase(body, i + 1, "math")) return true;
  }
  return false;
}

// The first end tag "</name" that closes raw text: followed by a space, '/' or '>' (any case).
std::size_t FindEndTag(std::string_view html, std::string_view name, std::size_t from) {
  for (std::size_t i = from; (i = html.find("</", i)) != kNpos; i += 2) {
    const std::size_t after = i + 2 + name.size();
    if (after < html.size() && StartsWithLowerCase(html, i + 2, name) &&
        (IsHtmlSpace(html[after]) || html[after] == '/' || html[after] == '>'))
      return i;
  }
  return kNpos;
}

enum class Decision { kKeep, kDrop };

// Lower-cases `text` into `buffer` when it fits; else returns an empty view.
template <std::size_t N>
std::string_view LowerInto(std::string_view text, char (&buffer)[N]) {
  if (text.size() > N) return {};
  for (std::size_t i = 0; i < text.size(); ++i) buffer[i] = LowerAscii(text[i]);
  return std::string_view(buffer, text.size());
}

constexpr std::size_t kLongestUnread = [] {
  std::size_t longest = 0;
  for (std::string_view name : kUnreadAttributes) longest = std::max(longest, name.size());
  return longest;
}();

// One of kUnreadAttributes (`name` lower-case), told by length first: this runs on every attribute.
constexpr bool IsUnread(std::string_view name) {
  switch (name.size()) {
    case 4:
      return name == "lang";
    case 5:
      return name == "align" || name == "width" || name == "x:str" || name == "x:num";
    case 6:
      return name == "valign" || name == "height" || name == "border" || name == "nowrap";
    case 7:
      return name == "bgcolor";
    case 8:
      return name == "xml:lang";
    case 11:
      return name == "cellpadding" || name == "cellspacing";
    default:
      return false;
  }
}
static_assert(std::all_of(std::begin(kUnreadAttributes), std::end(kUnreadAttributes), IsUnread));
static_assert(!IsUnread("class") && !IsUnread("style") && !IsUnread("cellpaddings"));

Decision Judge(std::string_view name, std::string_view value, bool* style_seen) {
  if (name.size() < 4 || name.size() > kLongestUnread) return Decision::kKeep;  // "lang" is the shortest
  char buffer[kLongestUnread];
  const std::string_view lower = LowerInto(name, buffer);
  if (lower == "style") {
    // Gumbo keeps the first of duplicate attributes: once the first style is judged, later
    // ones are dropped, whatever they say.
    if (*style_seen) return Decision::kDrop;
    *style_seen = true;
    // A character reference could spell "display:none" once Gumbo decodes it.
    if (value.find('&') != std::string_view::npos) return Decision::kKeep;
    return StyleHidesElement(value) ? Decision::kKeep : Decision::kDrop;
  }
  return IsUnread(lower) ? Decision::kDrop : Decision::kKeep;
}

// Copies `html` into *storage, leaving out the ranges passed to Drop().
class Filtered {
 public:
  Filtered(std::string_view html, std::string* storage) : html_(html), storage_(storage) {}

  void Drop(std::size_t from, std::size_t to) {
    if (!changed_) {
      storage_->clear();
      storage_->reserve(html_.size());
      changed_ = true;
    }
    storage_->append(html_.substr(copied_, from - copied_));
    copied_ = to;
  }

  std::string_view Finish() {
    if (!changed_) return html_;
    storage_->append(html_.substr(copied_));
    return *storage_;
  }

 private:
  std::string_view html_;
  std::string* storage_;
  std::size_t copied_ = 0;  // html_[0, copied_) is settled
  bool changed_ = false;
};

// A tag name lower-cased, as far as the names this pass acts on go (the longest is "plaintext").
struct TagName {
  char buffer[12];
  std::size_t size = 0;
  std::string_view view() const { return std::string_view(buffer, size); }
  bool operator==(std::string_view other) const { return view() == other; }
};

// Reads the tag that starts at `i` (the tag name's first character, after "<" or "</"): its name
// into *name unless that is null (cut to TagName's buffer, so a longer name matches none), and its
// attributes, passing those to leave out to *out when `filter` is set. Returns the index of the '>'
// that ends the tag, or npos when the input ends inside it (Gumbo then drops the tag).
std::size_t ReadTag(std::string_view html, std::size_t i, bool filter, int max_attributes, TagName* name,
                    Filtered* out) {
  const std::size_t n = html.size();
  const std::size_t name_begin = i;
  if (name != nullptr) {
    for (; i < n && !Is(html[i], kSpace | kSlash | kGreater); ++i)  // tag name state
      if (i - name_begin < sizeof(name->buffer)) name->buffer[i - name_begin] = LowerAscii(html[i]);
    name->size = i - name_begin <= sizeof(name->buffer) ? i - name_begin : 0;
  } else {
    while (i < n && !Is(html[i], kSpace | kSlash | kGreater)) ++i;
  }
  int count = 0;
  bool style_seen = false;
  while (true) {
    // Before attribute name (a '/' not followed by '>' is passed over by the self-closing state).
    while (i < n && Is(html[i], kSpace | kSlash)) ++i;
    if (i >= n) return kNpos;
    if (html[i] == '>') return i;
    // Attribute name: its first character may be anything, '=' included.
    const std::size_t attribute_begin = i++;
    while (i < n && !Is(html[i], kSpace | kSlash | kGreater | kEquals)) ++i;
    const std::string_view attribute = html.substr(attribute_begin, i - attribute_begin);
    std::size_t end = i;  // the attribute ends after its name, or after its value
    std::string_view value;
    std::size_t j = i;  // after attribute name
    while (j < n && IsHtmlSpace(html[j])) ++j;
    if (j < n && html[j] == '=') {
      ++j;  // before attribute value
      while (j < n && IsHtmlSpace(html[j])) ++j;
      if (j < n && (html[j] == '"' || html[j] == '\'')) {
        const std::size_t close = html.find(html[j], j + 1);
        if (close == kNpos) return kNpos;
        value = html.substr(j + 1, close - j - 1);
        end = close + 1;
      } else {
        const std::size_t begin = j;  // unquoted: up to a space or '>' ('/' included)
        while (j < n && !Is(html[j], kSpace | kGreater)) ++j;
        value = html.substr(begin, j - begin);
        end = j;
      }
      i = end;
    }
    if (!filter) continue;
    if (++count > max_attributes || Judge(attribute, value, &style_seen) == Decision::kDrop)
      out->Drop(attribute_begin, end);
  }
}

}  // namespace

bool StyleHidesElement(std::string_view style) {
  static constexpr std::string_view kHidden = "display:none";
  for (std::size_t start = 0; start < style.size(); ++start) {
    if (LowerAscii(style[start]) != 'd') continue;
    std::size_t k = 0;
    for (std::size_t i = start; i < style.size() && k < kHidden.size(); ++i) {
      if (style[i] == ' ') continue;
      if (LowerAscii(style[i]) != kHidden[k]) break;
      ++k;
    }
    if (k == kHidden.size()) return true;
  }
  return false;
}

std::string_view ParseInput(std::string_view html, std::string* storage, int max_attributes) {
  Filtered out(html, storage);
  TagName name;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != kNpos) {
    const std::size_t open = i++;
    if (i >= html.size()) break;
    const char c = html[i];
    if (IsAsciiLetter(c)) {  // a start tag
      const std::size_t gt = ReadTag(html, i, /*filter=*/true, max_attributes, &name, &out);
      if (gt == kNpos) break;
      i = gt + 1;
      if (name.size < 3) continue;  // none of the names below: the common case (p, a, td, tr, li, br)
      if (name == "plaintext" || name == "frameset") break;  // the rest is text, or no content
      if (IsRawText(name.view())) {
        const std::size_t end = FindEndTag(html, name.view(), i);
        if (end == kNpos) break;
        const std::string_view body = html.substr(i, end - i);
        // "<!--" then "<script" in a script may start the double-escaped state, where "</script>"
        // does not end the script.
        if (name == "script" && body.find("<!--") != kNpos && FindLowerCase(body, "<script", 0) != kNpos)
          break;
        // Gumbo, without scripting, reads a <noscript> as markup.
        if (name == "noscript" && MayChangeTokenizerState(body)) break;
        i = end;
      } else if (name == "math") {
        break;  // MathML's text integration points mix HTML into it: rare, and not worth following
      } else if (name == "svg" || name == "select") {
        // Foreign content, where CDATA is text and <style> is not raw text; and <select>, where
        // most raw-text elements are ignored. Copied as they are when they hold nothing that
        // could change the tokenizer's state, and no HTML integration point (which could keep
        // Gumbo inside the <svg> past its end tag).
        const std::size_t end = FindEndTag(html, name.view(), i);
        if (end == kNpos) break;
        const std::string_view body = html.substr(i, end - i);
        if (MayChangeTokenizerState(body) || FindLowerCase(body, "<foreignobject", 0) != kNpos ||
            FindLowerCase(body, "<desc", 0) != kNpos)
          break;
        i = end;
      }
    } else if (c == '/') {  // an end tag: its attributes are read (and ignored) like a start tag's
      if (i + 1 < html.size() && IsAsciiLetter(html[i + 1])) {
        const std::size_t gt = ReadTag(html, i + 1, /*filter=*/false, max_attributes, nullptr, &out);
        if (gt == kNpos) break;
        i = gt + 1;
      } else {  // "</>" is dropped, "</…" else is a bogus comment: both end at the first '>'
        const std::size_t gt = html.find('>', i);
        if (gt == kNpos) break;
        i = gt + 1;
      }
    } else if (c == '!') {
      if (html.compare(i, 3, "!--") == 0) {
        // A comment ends at the first "-->" or "--!>"; searching from the "--" that opens it
        // also ends "<!-->" and "<!--->" where the tokenizer does.
        const std::size_t end = std::min(html.find("-->", open + 2), html.find("--!>", open + 4));
        if (end == kNpos) break;
        i = html.find('>', end) + 1;
      } else {  // DOCTYPE, or a bogus comment (CDATA outside foreign content): both end at the first '>'
        const std::size_t gt = html.find('>', i);
        if (gt == kNpos) break;
        i = gt + 1;
      }
    } else if (c == '?') {  // a bogus comment
      const std::size_t gt = html.find('>', i);
      if (gt == kNpos) break;
      i = gt + 1;
    }
    // Anything else after '<' is text.
  }
  return out.Finish();
}

}  // namespace gongkai::extract
