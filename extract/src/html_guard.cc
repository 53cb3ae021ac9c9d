#include "html_guard.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace gongkai::extract {
namespace {

// A name of at most 8 characters as one integer (its bytes, zero-padded), so that names are told
// apart by one switch instead of string comparisons: this runs on every tag of every page.
constexpr std::uint64_t PackedName(std::string_view name) {
  std::uint64_t packed = 0;
  for (std::size_t i = 0; i < name.size(); ++i)
    packed |= std::uint64_t{static_cast<unsigned char>(name[i])} << 8 * i;
  return packed;
}

// Tag name characters, lower-cased; 0 for a byte that ends the name.
constexpr std::array<char, 256> kNameChar = [] {
  std::array<char, 256> table{};
  for (int c = 'a'; c <= 'z'; ++c) table[c] = static_cast<char>(c);
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = static_cast<char>(c - 'A' + 'a');
  for (int c = '0'; c <= '9'; ++c) table[c] = static_cast<char>(c);
  table['-'] = '-';
  table[':'] = ':';
  return table;
}();

// What a start tag's name means for the nesting count.
enum class Kind {
  kCounted,    // nests
  kUncounted,  // never nests: a void element, or one whose end tag is usually implied
  kRawText,    // its content is text up to its end tag (the elements whose end tag is searched for)
};

// `packed` is PackedName() of a lower-case name of `size` characters; `ninth` its ninth character.
Kind KindOf(std::uint64_t packed, std::size_t size, char ninth) {
  if (size == 9) return packed == PackedName("plaintex") && ninth == 't' ? Kind::kRawText : Kind::kCounted;
  if (size > 8) return Kind::kCounted;
  switch (packed) {
    case PackedName("script"):
    case PackedName("style"):
    case PackedName("textarea"):
    case PackedName("title"):
    case PackedName("xmp"):
      return Kind::kRawText;
    case PackedName("area"):
    case PackedName("base"):
    case PackedName("br"):
    case PackedName("col"):
    case PackedName("embed"):
    case PackedName("hr"):
    case PackedName("img"):
    case PackedName("input"):
    case PackedName("link"):
    case PackedName("meta"):
    case PackedName("param"):
    case PackedName("source"):
    case PackedName("track"):
    case PackedName("wbr"):
    case PackedName("p"):
    case PackedName("li"):
    case PackedName("td"):
    case PackedName("th"):
    case PackedName("tr"):
    case PackedName("option"):
    case PackedName("dt"):
    case PackedName("dd"):
    case PackedName("tbody"):
    case PackedName("thead"):
    case PackedName("tfoot"):
    case PackedName("colgroup"):
    case PackedName("optgroup"):
    case PackedName("rb"):
    case PackedName("rp"):
    case PackedName("rt"):
    case PackedName("keygen"):
      return Kind::kUncounted;
    default:
      return Kind::kCounted;
  }
}

// Where "</name" starts at or after `from`, letter case in `html` aside (`name` is lower-case).
std::size_t FindEndTag(std::string_view html, std::string_view name, std::size_t from) {
  for (std::size_t i = from; (i = html.find('<', i)) != std::string_view::npos; ++i) {
    if (i + 2 + name.size() > html.size()) break;
    if (html[i + 1] != '/') continue;
    std::size_t k = 0;
    while (k < name.size() && kNameChar[static_cast<unsigned char>(html[i + 2 + k])] == name[k]) ++k;
    if (k == name.size()) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::size_t SafeParseLength(std::string_view html, int max_open, int max_elements) {
  const std::size_t n = html.size();
  int depth = 0;
  int elements = 0;
  std::size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    const std::size_t tag_start = i++;
    if (i < n && html[i] == '!' && html.compare(tag_start, 4, "<!--") == 0) {
      const std::size_t end = html.find("-->", tag_start + 4);
      if (end == std::string_view::npos) return n;
      i = end + 3;
      continue;
    }
    const bool closing = i < n && html[i] == '/';
    if (closing) ++i;
    // The name, lower-cased: its length, its first eight characters packed and its ninth.
    const std::size_t name_begin = i;
    std::uint64_t packed = 0;
    char ninth = 0;
    for (char c; i < n && (c = kNameChar[static_cast<unsigned char>(html[i])]) != 0; ++i) {
      const std::size_t k = i - name_begin;
      if (k < 8)
        packed |= std::uint64_t{static_cast<unsigned char>(c)} << 8 * k;
      else if (k == 8)
        ninth = c;
    }
    const std::size_t name_size = i - name_begin;
    if (name_size == 0) continue;
    if (!closing && ++elements > max_elements) return tag_start;
    const std::size_t gt = i < n && html[i] == '>' ? i : html.find('>', i);
    if (gt == std::string_view::npos) return n;
    const bool self_closing = html[gt - 1] == '/';
    i = gt + 1;
    const Kind kind = KindOf(packed, name_size, ninth);
    if (!closing && kind == Kind::kRawText) {
      char name[9];
      for (std::size_t k = 0; k < name_size; ++k)
        name[k] = kNameChar[static_cast<unsigned char>(html[name_begin + k])];
      const std::size_t end = FindEndTag(html, std::string_view(name, name_size), i);
      if (end == std::string_view::npos) return n;
      i = end;
      continue;
    }
    if (self_closing || kind == Kind::kUncounted) continue;
    if (closing) {
      if (depth > 0) --depth;
    } else if (++depth > max_open) {
      return tag_start;
    }
  }
  return n;
}

}  // namespace gongkai::extract
