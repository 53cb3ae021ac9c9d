// The guard's byte scan (extract/src/html_guard.h): where it cuts a page, checked against the plain
// scan it replaced (kept below as the reference) over random and adversarial markup.
#include "html_guard.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace gongkai::extract {
namespace {

// SafeParseLength() as it was before names were packed and switched on: string comparisons and a
// naive case-insensitive search. The reference for what the guard cuts.
namespace reference {

constexpr std::array<std::string_view, 31> kUncounted = {
    "area",   "base",  "br",    "col",      "embed",    "hr", "img", "input", "link",   "meta", "param",
    "source", "track", "wbr",   "p",        "li",       "td", "th",  "tr",    "option", "dt",   "dd",
    "tbody",  "thead", "tfoot", "colgroup", "optgroup", "rb", "rp",  "rt",    "keygen"};

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

std::string_view LowerName(std::string_view html, std::size_t* i, char (&buf)[16]) {
  std::size_t n = 0;
  while (*i < html.size() && IsNameChar(html[*i])) {
    char c = html[(*i)++];
    if (n < sizeof(buf)) buf[n++] = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return std::string_view(buf, n);
}

bool IsUncounted(std::string_view name) {
  for (std::string_view u : kUncounted)
    if (u == name) return true;
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

}  // namespace reference

// Markup made of the pieces the scan reacts to: tag openers and closers, every name it knows (in
// mixed case, and one character longer), comments, quotes, names it must not take for tags.
std::string RandomMarkup(std::mt19937* random, int pieces) {
  static constexpr std::array<std::string_view, 58> kPieces = {
      "<",         "</",        ">",      "/>",        "/",         "<!--",     "-->",        "--!>",
      "<!",        "<?",        "=",      "\"",        "'",         " ",        "\n",         "text",
      "字",        "a=\"x>y\"", "script", "SCRIPT",    "Script",    "style",    "sTyLe",      "textarea",
      "title",     "TITLE",     "xmp",    "plaintext", "PLAINTEXT", "plaintex", "plaintextx", "div",
      "DIV",       "span",      "p",      "P",         "br",        "td",       "tr",         "colgroup",
      "colgroupx", "optgroup",  "keygen", "option",    "li",        "svg",      "math",       "select",
      "a1",        "1a",        "-x",     "x:y",       "tbody",     "img",      "scripts",    "\t",
      "<scr",      "</scr"};
  std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string html;
  for (int k = 0; k < pieces; ++k) {
    if (pick(*random) == 0)
      html += static_cast<char>(byte(*random));
    else
      html += kPieces[pick(*random)];
  }
  return html;
}

TEST(HtmlGuardTest, CutsWhereTheReferenceScanCutsOnRandomMarkup) {
  std::mt19937 random(20261207);
  std::uniform_int_distribution<int> pieces(0, 400);
  constexpr std::array<std::pair<int, int>, 5> kLimits = {
      {{1, 1}, {2, 5}, {3, 40}, {8, 10}, {kMaxOpenElements, kMaxElements}}};
  for (int round = 0; round < 20000; ++round) {
    const std::string html = RandomMarkup(&random, pieces(random));
    for (auto [max_open, max_elements] : kLimits)
      ASSERT_EQ(SafeParseLength(html, max_open, max_elements),
                reference::SafeParseLength(html, max_open, max_elements))
          << "limits " << max_open << "/" << max_elements << " on: " << html;
  }
}

TEST(HtmlGuardTest, CutsDeepNestingAndRunsOfStartTagsLikeTheReference) {
  std::string nested;
  for (int k = 0; k < 3000; ++k)
    nested += k % 3 == 0 ? "<DIV class=x>" : (k % 3 == 1 ? "<span>" : "<td><p>t");
  EXPECT_LT(SafeParseLength(nested), nested.size());
  EXPECT_EQ(SafeParseLength(nested), reference::SafeParseLength(nested, kMaxOpenElements, kMaxElements));
  EXPECT_EQ(SafeParseLength(nested, 10, 50), reference::SafeParseLength(nested, 10, 50));
  // Raw text hides its markup up to its end tag, in any letter case, whatever follows the name.
  const std::string raw = "<Script><div><div><div></SCRIPTx><div><PlainText><div></plaintext><div>";
  for (int max_open = 0; max_open < 5; ++max_open)
    EXPECT_EQ(SafeParseLength(raw, max_open, 100), reference::SafeParseLength(raw, max_open, 100))
        << max_open;
}

}  // namespace
}  // namespace gongkai::extract
