// What Gumbo is given (extract/src/parse_input.h): the same tree, without the attributes no reader
// uses. Checked by parsing pages both ways and comparing the trees node by node.
#include "parse_input.h"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "extract/html_page.h"

namespace gongkai::extract {
namespace {

bool LeftOut(const GumboAttribute& a) {
  const std::string_view name = a.name;
  if (name == "style") return !StyleHidesElement(a.value);
  return std::find(std::begin(kUnreadAttributes), std::end(kUnreadAttributes), name) !=
         std::end(kUnreadAttributes);
}

std::string Describe(const GumboNode* n) {
  if (n->type != GUMBO_NODE_ELEMENT)
    return std::string("text \"") + std::string(n->v.text.text).substr(0, 60) + "\"";
  return std::string("<") + gumbo_normalized_tagname(n->v.element.tag) + ">";
}

// Empty when `filtered` is `original` without the left-out attributes; else where they differ.
std::string Difference(const GumboNode* original, const GumboNode* filtered) {
  if (original->type != filtered->type) return Describe(original) + " became " + Describe(filtered);
  if (original->type == GUMBO_NODE_DOCUMENT) {
    const GumboVector& a = original->v.document.children;
    const GumboVector& b = filtered->v.document.children;
    if (a.length != b.length) return "document children differ";
    for (unsigned i = 0; i < a.length; ++i) {
      std::string d =
          Difference(static_cast<const GumboNode*>(a.data[i]), static_cast<const GumboNode*>(b.data[i]));
      if (!d.empty()) return d;
    }
    return "";
  }
  if (original->type != GUMBO_NODE_ELEMENT && original->type != GUMBO_NODE_TEMPLATE) {
    if (std::string_view(original->v.text.text) != filtered->v.text.text)
      return Describe(original) + " became " + Describe(filtered);
    return "";
  }
  const GumboElement& a = original->v.element;
  const GumboElement& b = filtered->v.element;
  if (a.tag != b.tag || a.tag_namespace != b.tag_namespace)
    return Describe(original) + " became " + Describe(filtered);
  // Each attribute of the original is in the filtered tree, in order, or is one left out (the
  // pass may keep a left-out one where it was unsure of the tokenizer's state). An element with
  // very many (a broken quote turns JSON into attributes) may also lose those past the cap.
  const bool capped = a.attributes.length > kMaxAttributesPerElement / 2;
  unsigned j = 0;
  for (unsigned i = 0; i < a.attributes.length; ++i) {
    const auto* mine = static_cast<const GumboAttribute*>(a.attributes.data[i]);
    const auto* theirs =
        j < b.attributes.length ? static_cast<const GumboAttribute*>(b.attributes.data[j]) : nullptr;
    if (theirs != nullptr && std::string_view(mine->name) == theirs->name &&
        std::string_view(mine->value) == theirs->value) {
      ++j;
    } else if (!LeftOut(*mine) && !capped) {
      return Describe(original) + ": attribute " + mine->name + " is missing";
    }
  }
  if (j != b.attributes.length) return Describe(original) + ": attributes differ";
  if (a.children.length != b.children.length) return Describe(original) + ": children differ";
  for (unsigned i = 0; i < a.children.length; ++i) {
    std::string d = Difference(static_cast<const GumboNode*>(a.children.data[i]),
                               static_cast<const GumboNode*>(b.children.data[i]));
    if (!d.empty()) return Describe(original) + " > " + d;
  }
  return "";
}

std::string TreeDifference(const std::string& html) {
  std::string storage;
  const std::string filtered(ParseInput(html, &storage));
  GumboOutput* a = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  GumboOutput* b = gumbo_parse_with_options(&kGumboDefaultOptions, filtered.data(), filtered.size());
  std::string d = Difference(a->document, b->document);
  gumbo_destroy_output(&kGumboDefaultOptions, a);
  gumbo_destroy_output(&kGumboDefaultOptions, b);
  return d;
}

std::string Filtered(std::string_view html) {
  std::string storage;
  return std::string(ParseInput(html, &storage));
}

TEST(ParseInputTest, LeavesOutPresentationAndKeepsWhatReadersUse) {
  EXPECT_EQ(Filtered("<td valign=\"center\" class=\"x\" width=5 colspan=2>a</td>"),
            "<td  class=\"x\"  colspan=2>a</td>");
  EXPECT_EQ(Filtered("<p align=center style=\"font-family:仿宋\"><span lang=EN-US>1</span></p>"),
            "<p  ><span >1</span></p>");
  EXPECT_EQ(Filtered("<a href=\"/a.pdf\" title=\"t\" target=_blank>a</a>"),
            "<a href=\"/a.pdf\" title=\"t\" target=_blank>a</a>");
  EXPECT_EQ(Filtered("<TD VALIGN=top NoWrap>a</TD>"), "<TD  >a</TD>") << "names in any letter case";
}

TEST(ParseInputTest, KeepsAStyleThatHidesItsElement) {
  EXPECT_EQ(Filtered("<div style=\"DISPLAY: none\">x</div>"), "<div style=\"DISPLAY: none\">x</div>");
  EXPECT_EQ(Filtered("<div style=\"color:red\">x</div>"), "<div >x</div>");
  EXPECT_TRUE(StyleHidesElement("width:1px; display : none"));
  EXPECT_FALSE(StyleHidesElement("visibility:hidden"));
  EXPECT_FALSE(StyleHidesElement("display:block"));
  // Gumbo keeps the first of two style attributes; so must the filtered tag.
  EXPECT_EQ(TreeDifference("<div style=\"color:red\" style=\"display:none\">x</div>"), "");
  EXPECT_EQ(TreeDifference("<div style=\"display:none\" style=\"color:red\">x</div>"), "");
  // A value with a character reference is kept: only Gumbo decodes it.
  EXPECT_EQ(TreeDifference("<div style=\"display&#58;none\">x</div>"), "");
}

TEST(ParseInputTest, CopiesTextThatOnlyLooksLikeTags) {
  for (const char* html : {
           "<script>var s = '<td align=x>';</script><td align=y>",
           "<style>td[align=x] {}</style>",
           "<textarea><p align=x></textarea>",
           "<title><p align=x></title>",
           "<!-- <p align=x> --><p align=y>",
           "<!--> <p align=x> -->",
           "<p title='a align=b'>x</p>",
           "<p title=\"a >align=b\" align=c>x</p>",
           "<p\nalign=c/>x</p>",
           "<p align=c/ >x",
           "<p =align=c>x",
           "<p align",
           "<p align=\"c",
           "<script><!-- <script></script><p align=x></script>",
           "<script><!-- x --></script><p align=x>",
           "<svg><![CDATA[<p align=x>]]></svg><p align=y>",
           "<svg><style><!-- </svg> <p align=x> --></style></svg>",
           "<select><option>a<style></select><p align=x></style>",
           "<noscript><!-- </noscript><p align=x> --></noscript>",
           "<plaintext><p align=x>",
           "<frameset><p align=x>",
           "</p align=x><p align=y>",
           "<?php <p align=x> ?><p align=y>",
           "<!DOCTYPE html><p align=y>",
           "<![CDATA[ x > <script> ]]><p align=x></script>",
           "<!-- x --!> <script> --><p align=x></script>",
           "<svg><foreignObject><p></svg><![CDATA[ <p align=x> ]]></foreignObject></svg>",
           "<math><mi><p align=x></mi></math>",
       }) {
    EXPECT_EQ(TreeDifference(html), "") << html;
  }
  EXPECT_EQ(Filtered("<script>var s = '<td align=x>';</script><td align=y>"),
            "<script>var s = '<td align=x>';</script><td >");
  EXPECT_EQ(Filtered("<!-- <p align=x> --><p align=y>"), "<!-- <p align=x> --><p >");
}

// The gold pages (real report texts in real portal templates) and every page mutated at random:
// bytes of markup inserted anywhere, the way broken CMS output looks.
TEST(ParseInputTest, GivesTheSameTreeOnRealAndBrokenPages) {
  std::vector<std::string> pages;
  for (const auto& entry : std::filesystem::directory_iterator(GONGKAI_EXTRACT_GOLD_DIR)) {
    if (entry.path().extension() != ".html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    pages.push_back(HtmlPage::Decode(bytes.str(), "", 64 << 20).decoded().utf8);
  }
  ASSERT_GE(pages.size(), 10u);
  std::size_t before = 0, after = 0;
  for (const std::string& page : pages) {
    EXPECT_EQ(TreeDifference(page), "");
    std::string storage;
    before += page.size();
    after += ParseInput(page, &storage).size();
  }
  EXPECT_LT(after, before * 3 / 4)
      << "Word's styles and table attributes are a quarter of these pages at least";

  const std::vector<std::string> pieces = {"<",       ">",          "\"",        "'",          "<!--",
                                           "-->",     "<script>",   "</script>", "<style>",    "</style>",
                                           "<svg>",   "</svg>",     "<select>",  "</select>",  "<![CDATA[",
                                           "]]>",     "<p align=",  "/",         "=",          " ",
                                           "<title>", "<noscript>", "<!",        "<td style=", "--!>",
                                           "<math>",  "<textarea>", "<iframe>",  "</p>",       "<svg/>"};
  std::mt19937 random(14);
  for (int round = 0; round < 300; ++round) {
    std::string page = pages[round % pages.size()];
    for (int k = 0; k < 6; ++k) {
      const std::size_t at = random() % page.size();
      page.insert(at, pieces[random() % pieces.size()]);
    }
    const std::string difference = TreeDifference(page);
    EXPECT_EQ(difference, "") << "round " << round;
    if (!difference.empty()) break;
  }
}

// No reader of the tree asks for an attribute that is left out: no line that reads attributes in
// extract/ or crawler/ names one.
TEST(ParseInputTest, NoReaderAsksForALeftOutAttribute) {
  int files = 0;
  for (const char* dir : {"extract/src", "crawler/src"}) {
    for (const auto& entry :
         std::filesystem::directory_iterator(std::string(GONGKAI_SOURCE_DIR) + "/" + dir)) {
      const std::string file = entry.path().filename().string();
      // parse_input.cc holds the list; doc_wv.cc reads wvWare's HTML with a parse of its own.
      if (entry.path().extension() != ".cc" || file == "parse_input.cc" || file == "doc_wv.cc") continue;
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        if (line.find("ttr") == std::string::npos && line.find("attribute") == std::string::npos) continue;
        for (std::string_view name : kUnreadAttributes) {
          EXPECT_EQ(line.find("\"" + std::string(name) + "\""), std::string::npos)
              << file << ":" << number << ": " << line;
        }
        if (line.find("\"style\"") != std::string::npos) {
          EXPECT_NE(line.find("StyleHidesElement"), std::string::npos)
              << file << ":" << number << ": " << line;
        }
      }
    }
  }
  EXPECT_GT(files, 20);
}

}  // namespace
}  // namespace gongkai::extract
