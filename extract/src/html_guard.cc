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
