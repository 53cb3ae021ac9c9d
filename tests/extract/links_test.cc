// RFC 3986 section 5.4 reference resolution, and link discovery.
#include <gtest/gtest.h>

#include "extract/links.h"

namespace gongkai::extract {
namespace {

constexpr const char* kBase = "http://a/b/c/d;p?q";

TEST(ResolveUrlTest, Rfc3986NormalExamples) {
  EXPECT_EQ(ResolveUrl(kBase, "g:h"), "g:h");
  EXPECT_EQ(ResolveUrl(kBase, "g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(kBase, "./g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(kBase, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(ResolveUrl(kBase, "/g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "//g"), "http://g/");
  EXPECT_EQ(ResolveUrl(kBase, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(ResolveUrl(kBase, "g?y"), "http://a/b/c/g?y");
  EXPECT_EQ(ResolveUrl(kBase, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(ResolveUrl(kBase, "g#s"), "http://a/b/c/g#s");
  EXPECT_EQ(ResolveUrl(kBase, ";x"), "http://a/b/c/;x");
  EXPECT_EQ(ResolveUrl(kBase, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(ResolveUrl(kBase, "."), "http://a/b/c/");
  EXPECT_EQ(ResolveUrl(kBase, ".."), "http://a/b/");
  EXPECT_EQ(ResolveUrl(kBase, "../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(kBase, "../.."), "http://a/");
  EXPECT_EQ(ResolveUrl(kBase, "../../g"), "http://a/g");
}

TEST(ResolveUrlTest, Rfc3986AbnormalExamples) {
  EXPECT_EQ(ResolveUrl(kBase, "../../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "/./g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "/../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "g."), "http://a/b/c/g.");
  EXPECT_EQ(ResolveUrl(kBase, "./g/."), "http://a/b/c/g/");
  EXPECT_EQ(ResolveUrl(kBase, "g;x=1/../y"), "http://a/b/c/y");
}

TEST(ResolveUrlTest, PortalShapes) {
  EXPECT_EQ(ResolveUrl("http://www.gov.cn/zwgk/nb/", "./202101/t20210126_1.html"),
            "http://www.gov.cn/zwgk/nb/202101/t20210126_1.html");
  EXPECT_EQ(ResolveUrl("http://WWW.Gov.CN", "a.html"), "http://www.gov.cn/a.html");
  EXPECT_EQ(ResolveUrl("", "a.html"), "");
}

TEST(FindLinksTest, SkipsScriptLinksAndHonoursBase) {
  std::string html =
      "<html><head><base href=\"http://x.gov.cn/col/\"></head><body>"
      "<a href=\"a.html\" title=\"T\"> 第一  篇 </a><a href=\"javascript:void(0)\">js</a>"
      "<a href=\"mailto:a@b\">m</a><a href=\"/b.pdf\">附件</a></body></html>";
  std::vector<Link> links = FindLinks(html, "http://other/");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].url, "http://x.gov.cn/col/a.html");
  EXPECT_EQ(links[0].text, "第一篇");  // no space between Han characters
  EXPECT_EQ(links[0].title, "T");
  EXPECT_EQ(links[1].url, "http://x.gov.cn/b.pdf");
}

}  // namespace
}  // namespace gongkai::extract
