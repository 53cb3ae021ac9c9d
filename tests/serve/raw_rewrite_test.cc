// The raw view's rewriting (raw_rewrite.h): what may run or reach outside is removed, archived
// links and assets point into the archive, the rest of the page stays as captured.
#include "raw_rewrite.h"

#include <gtest/gtest.h>

namespace gongkai::serve {
namespace {

// Archived: everything under http://a.test/kept/.
std::string Map(const std::string& url) {
  const std::string prefix = "http://a.test/kept/";
  return url.rfind(prefix, 0) == 0 ? "/raw/" + url.substr(prefix.size()) : "";
}

std::string Rewrite(const std::string& html) {
  return RewriteHtml(html, "http://a.test/dir/page.html", Map);
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(RawRewrite, ScriptElementsAreRemovedWithTheirContent) {
  std::string out =
      Rewrite("<p>a</p><script>fetch('x')</script><SCRIPT src=y></SCRIPT><svg><script>z()</script></svg>b");
  EXPECT_FALSE(Has(out, "script")) << out;
  EXPECT_FALSE(Has(out, "fetch")) << out;
  EXPECT_TRUE(Has(out, "<p>a</p>"));
  EXPECT_TRUE(Has(out, "b"));
}

TEST(RawRewrite, EventHandlersSrcdocAndPingAreDropped) {
  std::string out = Rewrite(
      "<body onload=\"x()\"><img src=/kept/i.png OnError='y()'><iframe srcdoc=\"<script>1</script>\">"
      "<a href=/kept/p ping=http://evil/>p</a>");
  EXPECT_FALSE(Has(out, "onload")) << out;
  EXPECT_FALSE(Has(out, "onerror")) << out;
  EXPECT_FALSE(Has(out, "srcdoc")) << out;
  EXPECT_FALSE(Has(out, "ping")) << out;
  EXPECT_TRUE(Has(out, "<img src=\"/raw/i.png\">")) << out;
}

TEST(RawRewrite, MetaRefreshSetCookieAndBaseAreRemovedButBaseStillResolves) {
  std::string out = Rewrite(
      "<meta http-equiv=\"refresh\" content=\"0;url=http://evil/\"><meta HTTP-EQUIV=Set-Cookie content=a=1>"
      "<meta charset=gbk><base href=\"http://a.test/kept/sub/\"><img src=\"x.png\">");
  EXPECT_FALSE(Has(out, "refresh")) << out;
  EXPECT_FALSE(Has(out, "Set-Cookie")) << out;
  EXPECT_FALSE(Has(out, "<base")) << out;
  EXPECT_TRUE(Has(out, "<meta charset=\"gbk\">")) << out;
  EXPECT_TRUE(Has(out, "src=\"/raw/sub/x.png\"")) << out;
}

TEST(RawRewrite, RelativeLinksResolveAgainstThePageAndUnarchivedOnesAreRemoved) {
  std::string out = Rewrite(
      "<a href=\"../kept/r.html#s2\">in</a><a href=\"other.html\">out</a><a href=\"#top\">top</a>"
      "<a href=\"javascript:alert(1)\">js</a><form action=\"http://evil/post\"></form>");
  EXPECT_TRUE(Has(out, "<a href=\"/raw/r.html#s2\">in</a>")) << out;
  EXPECT_TRUE(Has(out, "<a data-gongkai-removed-href>out</a>")) << out;
  EXPECT_TRUE(Has(out, "<a href=\"#top\">top</a>")) << out;
  EXPECT_FALSE(Has(out, "javascript")) << out;
  EXPECT_FALSE(Has(out, "evil")) << out;
}

TEST(RawRewrite, SrcsetKeepsOnlyArchivedCandidates) {
  std::string out = Rewrite("<img srcset=\"/kept/a.png 1x, http://evil/b.png 2x\">");
  EXPECT_TRUE(Has(out, "srcset=\"/raw/a.png 1x\"")) << out;
}

TEST(RawRewrite, CssUrlsAndImportsAreMappedOrInvalidated) {
  std::string out = Rewrite(
      "<style>@import \"http://evil/i.css\"; @import url(/kept/c.css); "
      "body{background:url( '/kept/bg.png' )} p{background:url(http://evil/x.png)}</style>"
      "<div style=\"background:url(&quot;http://evil/y.png&quot;)\">d</div>");
  EXPECT_TRUE(Has(out, "@import \"about:invalid\"")) << out;
  EXPECT_TRUE(Has(out, "url(\"/raw/c.css\")")) << out;
  EXPECT_TRUE(Has(out, "url(\"/raw/bg.png\")")) << out;
  EXPECT_FALSE(Has(out, "evil")) << out;
}

TEST(RawRewrite, CommentEndingsFollowTheHtmlParser) {
  // "<!-->" is a whole (empty) comment for a browser: what follows is markup and must be rewritten.
  std::string out =
      Rewrite("<!--><script>a()</script>--><!--->x<script>b()</script>--><!-- c --!><script>d()</script>");
  EXPECT_FALSE(Has(out, "<script")) << out;
  std::string kept = Rewrite("<!-- <script>inside a comment</script> -->");
  EXPECT_EQ(kept, "<!-- <script>inside a comment</script> -->");
}

TEST(RawRewrite, AttributesAreReQuotedSoNothingEscapesATag) {
  std::string out = Rewrite("<div title='a\"><script>x()</script>'>t</div><p class=x\"y>u</p>");
  EXPECT_FALSE(Has(out, "<script")) << out;
  EXPECT_TRUE(Has(out, "title=\"a&quot;&gt;&lt;script&gt;x()&lt;/script&gt;\"")) << out;
}

TEST(RawRewrite, TextAndNonAsciiBytesPassUnchanged) {
  const std::string gbk = "\xd5\xfe\xb8\xae\xd0\xc5\xcf\xa2";  // 政府信息 in GBK
  std::string out = Rewrite("<p>" + gbk + " 1 < 2 &amp; 3</p>");
  EXPECT_EQ(out, "<p>" + gbk + " 1 &lt; 2 &amp; 3</p>");
}

TEST(RawRewrite, CollectFindsEveryAbsoluteUrlOnce) {
  auto urls = CollectHtmlUrls(
      "<a href=a.html></a><img src=a.html><link href=/s.css><div style=\"background:url(b.png)\">"
      "<a href=\"mailto:x@y\"></a>",
      "http://a.test/d/p.html");
  ASSERT_EQ(urls.size(), 3u);
  EXPECT_EQ(urls[0], "http://a.test/d/a.html");
  EXPECT_EQ(urls[1], "http://a.test/s.css");
  EXPECT_EQ(urls[2], "http://a.test/d/b.png");
}

}  // namespace
}  // namespace gongkai::serve
