#include "html_guard.h"

#include <array>
#include <cstdint>
#include <string>

namespace gongkai::extract {
namespace {

// Elements that never nest: void elements and those whose end tag is usually implied.
constexpr std::array<std::string_view, 31> kUncounted = {
    "area",   "base",  "br",    "col",      "embed",    "hr", "img", "input", "link",   "meta", "param",
    "source", "track", "wbr",   "p",        "li",       "td", "th",  "tr",    "option", "dt",   "dd",
    "tbody",  "thead", "tfoot", "colgroup", "optgroup", "rb", "rp",  "rt",    "keygen"};

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

// Reads a tag name into `buf` (lower-cased, at most 15 characters kept) and returns it.
std::string_view LowerName(std::string_view html, std::size_t* i, char (&buf)[16]) {
  std::size_t n = 0;
  while (*i < html.size() && IsNameChar(html[*i])) {
    char c = html[(*i)++];
    if (n < sizeof(buf)) buf[n++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(buf, n);
}

// A name of at most 8 characters as one integer (its bytes, zero-padded), so that the uncounted
// names are compared as integers: this runs on every tag of every page.
constexpr std::uint64_t PackedName(std::string_view name) {
  std::uint64_t packed = 0;
  for (std::size_t i = 0; i < name.size(); ++i)
    packed |= std::uint64_t{static_cast<unsigned char>(name[i])} << 8 * i;
  return packed;
}

constexpr std::array<std::uint64_t, kUncounted.size()> kUncountedPacked = [] {
  std::array<std::uint64_t, kUncounted.size()> packed{};
  for (std::size_t i = 0; i < kUncounted.size(); ++i) packed[i] = PackedName(kUncounted[i]);
  return packed;
}();

bool IsUncounted(std::string_view name) {
  if (name.empty() || name.size() > 8) return false;
  const std::uint64_t packed = PackedName(name);
  for (std::uint64_t u : kUncountedPacked)
    if (u == packed) return true;
  return false;
}

std::size_t FindCaseInsensitive(std::string_view hay, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size()) {
      char c = hay[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != needle[k]) break;
      ++k;
    }
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

namespace {

bool IsSpace(char ch) {
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}
bool IsAsciiLetter(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

// Scans the start tag whose name begins at `i` (after '<'). Returns the index of its closing '>'
// (npos when the input ends first); *cut_from is where the attribute past `max` starts (npos if none).
std::size_t ScanStartTag(std::string_view html, std::size_t i, int max, std::size_t* cut_from) {
  *cut_from = std::string_view::npos;
  while (i < html.size() && !IsSpace(html[i]) && html[i] != '>' && html[i] != '/') ++i;  // the name
  int count = 0;
  while (i < html.size()) {
    while (i < html.size() && (IsSpace(html[i]) || html[i] == '/')) ++i;
    if (i >= html.size()) break;
    if (html[i] == '>') return i;
    if (++count > max && *cut_from == std::string_view::npos) *cut_from = i;
    while (i < html.size() && !IsSpace(html[i]) && html[i] != '>' && html[i] != '/' && html[i] != '=') ++i;
    while (i < html.size() && IsSpace(html[i])) ++i;
    if (i < html.size() && html[i] == '=') {
      ++i;
      while (i < html.size() && IsSpace(html[i])) ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        std::size_t close = html.find(html[i], i + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        i = close + 1;
      } else {
        while (i < html.size() && !IsSpace(html[i]) && html[i] != '>') ++i;
      }
    }
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view CapAttributes(std::string_view html, std::string* storage, int max_attributes) {
  std::size_t copied = 0;  // html[0, copied) is in *storage (when anything was cut)
  bool cut_any = false;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    if (i >= html.size() || !IsAsciiLetter(html[i])) continue;
    std::size_t cut_from = std::string_view::npos;
    std::size_t gt = ScanStartTag(html, i, max_attributes, &cut_from);
    if (gt == std::string_view::npos) break;
    if (cut_from != std::string_view::npos) {
      if (!cut_any) storage->clear();
      cut_any = true;
      storage->append(html.substr(copied, cut_from - copied));
      copied = gt;  // the '>' (and what follows) is copied later
    }
    i = gt + 1;
  }
  if (!cut_any) return html;
  storage->append(html.substr(copied));
  return *storage;
}

std::size_t SafeParseLength(std::string_view html, int max_open, int max_elements) {
  int depth = 0;
  int elements = 0;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    std::size_t tag_start = i++;
    if (html.substr(tag_start, 4) == "<!--") {
      std::size_t end = html.find("-->", tag_start + 4);
      if (end == std::string_view::npos) return html.size();
      i = end + 3;
      continue;
    }
    bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    char buf[16];
    std::string_view name = LowerName(html, &i, buf);
    if (name.empty()) continue;
    if (!closing && ++elements > max_elements) return tag_start;
    std::size_t gt = html.find('>', i);
    if (gt == std::string_view::npos) return html.size();
    bool self_closing = gt > 0 && html[gt - 1] == '/';
    i = gt + 1;
    if (!closing && (name == "script" || name == "style" || name == "textarea" || name == "title" ||
                     name == "xmp" || name == "plaintext")) {
      std::size_t end = FindCaseInsensitive(html, "</" + std::string(name), i);
      if (end == std::string_view::npos) return html.size();
      i = end;
      continue;
    }
    if (self_closing || IsUncounted(name)) continue;
    if (closing) {
      if (depth > 0) --depth;
    } else if (++depth > max_open) {
      return tag_start;
    }
  }
  return html.size();
}

}  // namespace gongkai::extract
