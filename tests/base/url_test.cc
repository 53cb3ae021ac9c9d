// The URL toolkit. Resolution tests are named after the RFC 3986 section (5.4.1 normal and 5.4.2
// abnormal examples) or, for what browsers do before parsing, after the WHATWG URL rule;
// canonicalisation tests after the RFC 3986 section 6.2 normalisation they check.
#include "base/url.h"
#include "plain_url.h"
#include "url_internal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace gongkai {
namespace {

// RFC 3986 section 5.4: "Within a representation with a well defined base URI of
// http://a/b/c/d;p?q a relative reference is transformed to its target URI as follows."
constexpr char kBase[] = "http://a/b/c/d;p?q";

TEST(ResolveUrlTest, Rfc3986_5_4_1_NormalExamples) {
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
  EXPECT_EQ(ResolveUrl(kBase, "g?y#s"), "http://a/b/c/g?y#s");
  EXPECT_EQ(ResolveUrl(kBase, ";x"), "http://a/b/c/;x");
  EXPECT_EQ(ResolveUrl(kBase, "g;x"), "http://a/b/c/g;x");
  EXPECT_EQ(ResolveUrl(kBase, "g;x?y#s"), "http://a/b/c/g;x?y#s");
  EXPECT_EQ(ResolveUrl(kBase, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(ResolveUrl(kBase, "."), "http://a/b/c/");
  EXPECT_EQ(ResolveUrl(kBase, "./"), "http://a/b/c/");
  EXPECT_EQ(ResolveUrl(kBase, ".."), "http://a/b/");
  EXPECT_EQ(ResolveUrl(kBase, "../"), "http://a/b/");
  EXPECT_EQ(ResolveUrl(kBase, "../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(kBase, "../.."), "http://a/");
  EXPECT_EQ(ResolveUrl(kBase, "../../"), "http://a/");
  EXPECT_EQ(ResolveUrl(kBase, "../../g"), "http://a/g");
}

TEST(ResolveUrlTest, Rfc3986_5_4_2_AbnormalExamples) {
  EXPECT_EQ(ResolveUrl(kBase, "../../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "../../../../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "/./g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "/../g"), "http://a/g");
  EXPECT_EQ(ResolveUrl(kBase, "g."), "http://a/b/c/g.");
  EXPECT_EQ(ResolveUrl(kBase, ".g"), "http://a/b/c/.g");
  EXPECT_EQ(ResolveUrl(kBase, "g.."), "http://a/b/c/g..");
  EXPECT_EQ(ResolveUrl(kBase, "..g"), "http://a/b/c/..g");
  EXPECT_EQ(ResolveUrl(kBase, "./../g"), "http://a/b/g");
  EXPECT_EQ(ResolveUrl(kBase, "./g/."), "http://a/b/c/g/");
  EXPECT_EQ(ResolveUrl(kBase, "g/./h"), "http://a/b/c/g/h");
  EXPECT_EQ(ResolveUrl(kBase, "g/../h"), "http://a/b/c/h");
  EXPECT_EQ(ResolveUrl(kBase, "g;x=1/./y"), "http://a/b/c/g;x=1/y");
  EXPECT_EQ(ResolveUrl(kBase, "g;x=1/../y"), "http://a/b/c/y");
  EXPECT_EQ(ResolveUrl(kBase, "g?y/./x"), "http://a/b/c/g?y/./x");
  EXPECT_EQ(ResolveUrl(kBase, "g?y/../x"), "http://a/b/c/g?y/../x");
  EXPECT_EQ(ResolveUrl(kBase, "g#s/./x"), "http://a/b/c/g#s/./x");
  EXPECT_EQ(ResolveUrl(kBase, "g#s/../x"), "http://a/b/c/g#s/../x");
}

// RFC 3986 5.4.2 allows "http:g" to be read as "http:g" (strict) or "http://a/b/c/g" (for
// backward compatibility); browsers do the latter for a base of the same scheme, and so do we.
TEST(ResolveUrlTest, Whatwg_SameSchemeWithoutSlashesIsRelative) {
  EXPECT_EQ(ResolveUrl(kBase, "http:g"), "http://a/b/c/g");
  EXPECT_EQ(ResolveUrl(kBase, "https:g"), "https://g/");
}

TEST(ResolveUrlTest, Whatwg_SurroundingWhitespaceTrimmedTabsAndNewlinesRemoved) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "  ./202101/t1.html \n"), "http://a.gov.cn/x/202101/t1.html");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "t2021\n01\t26.html"), "http://a.gov.cn/x/t20210126.html");
  EXPECT_EQ(ResolveUrl(" http://a.gov.cn/x/ ", "a.html"), "http://a.gov.cn/x/a.html");
}

TEST(ResolveUrlTest, Whatwg_BackslashIsSlashInHttpUrls) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "..\\files\\2021.pdf"), "http://a.gov.cn/files/2021.pdf");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "\\\\b.gov.cn\\y.html"), "http://b.gov.cn/y.html");
  // Not in the query: there it is data, percent-encoded.
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "f.jsp?p=a\\b"), "http://a.gov.cn/x/f.jsp?p=a%5Cb");
}

TEST(ResolveUrlTest, Whatwg_RawSpacesAndNonAsciiPercentEncodedInUtf8) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "年报 1.html"), "http://a.gov.cn/x/%E5%B9%B4%E6%8A%A5%201.html");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "a.jsp?q=年报 1"),
            "http://a.gov.cn/x/a.jsp?q=%E5%B9%B4%E6%8A%A5%201");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "a<b>.html"), "http://a.gov.cn/x/a%3Cb%3E.html");
  // Existing escapes stay as written.
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "%e5%b9%b4.html"), "http://a.gov.cn/x/%e5%b9%b4.html");
}

// Browsers submit a GBK page's query text in GBK: 年 is C4 EA, 报 is B1 A8 in GBK/GB18030.
TEST(ResolveUrlTest, Whatwg_QueryEncodedInThePageCharset) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "down.jsp?name=年报.pdf", QueryCharset::kGb18030),
            "http://a.gov.cn/x/down.jsp?name=%C4%EA%B1%A8.pdf");
  // The path is always UTF-8.
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "年.pdf", QueryCharset::kGb18030),
            "http://a.gov.cn/x/%E5%B9%B4.pdf");
  EXPECT_EQ(QueryCharsetOf("GBK"), QueryCharset::kGb18030);
  EXPECT_EQ(QueryCharsetOf("gb2312"), QueryCharset::kGb18030);
  EXPECT_EQ(QueryCharsetOf("GB18030"), QueryCharset::kGb18030);
  EXPECT_EQ(QueryCharsetOf("UTF-8"), QueryCharset::kUtf8);
  EXPECT_EQ(QueryCharsetOf(""), QueryCharset::kUtf8);
}

// Each thread remembers the answers for its last base: asking again, in the other charset, or
// against another base and back, answers as the first time.
TEST(ResolveUrlTest, RememberedAnswersAreTheSame) {
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "down.jsp?name=年报.pdf", QueryCharset::kUtf8),
              "http://a.gov.cn/x/down.jsp?name=%E5%B9%B4%E6%8A%A5.pdf");
    EXPECT_EQ(ResolveUrl("http://a.gov.cn/x/", "down.jsp?name=年报.pdf", QueryCharset::kGb18030),
              "http://a.gov.cn/x/down.jsp?name=%C4%EA%B1%A8.pdf");
    EXPECT_EQ(ResolveUrl("http://b.gov.cn/y/z.html", "down.jsp?name=年报.pdf", QueryCharset::kUtf8),
              "http://b.gov.cn/y/down.jsp?name=%E5%B9%B4%E6%8A%A5.pdf");
    EXPECT_EQ(ResolveUrl("not a url", "a.html"), "");
  }
}

TEST(CanonicalUrlTest, RememberedAnswersFollowTheSessionParameters) {
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(CanonicalUrl("http://A.gov.cn/x/../y.html?sid=1&p=2#top"), "http://a.gov.cn/y.html?sid=1&p=2");
    EXPECT_EQ(CanonicalUrl("http://A.gov.cn/x/../y.html?sid=1&p=2#top", {"SID"}),
              "http://a.gov.cn/y.html?p=2");
    EXPECT_EQ(CanonicalUrl("http://A.gov.cn/x/../y.html?sid=1&p=2#top"), "http://a.gov.cn/y.html?sid=1&p=2");
    EXPECT_EQ(CanonicalUrl("not a url"), "");
  }
}

TEST(ResolveUrlTest, PortsKeptAndHostLowerCased) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn:8080/x/", "y.html"), "http://a.gov.cn:8080/x/y.html");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn:8080/x/", "/y"), "http://a.gov.cn:8080/y");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x", "//b.gov.cn:8080"), "http://b.gov.cn:8080/");
  EXPECT_EQ(ResolveUrl("http://WWW.Gov.CN", "a.html"), "http://www.gov.cn/a.html");
  EXPECT_EQ(ResolveUrl("http://127.0.0.1:18080/a/b.html", "../c.html"), "http://127.0.0.1:18080/c.html");
}

TEST(ResolveUrlTest, FragmentsKeptAsWritten) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x.html#top", "y.html#p2"), "http://a.gov.cn/y.html#p2");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x.html#top", ""), "http://a.gov.cn/x.html");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/x.html?a=1", "#p3"), "http://a.gov.cn/x.html?a=1#p3");
}

// IDN host names stay as written (UTF-8), never turned into punycode: the archive keys on what the
// page linked to.
TEST(ResolveUrlTest, IdnHostKeptAsWritten) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/", "http://政府.中国/nb/"), "http://政府.中国/nb/");
  EXPECT_EQ(CanonicalUrl("http://政府.中国/"), "http://政府.中国/");
  EXPECT_EQ(HostPortOf("http://政府.中国:8080/"), "政府.中国:8080");
}

TEST(ResolveUrlTest, NonWebSchemesReturnedAndUnresolvableGiveEmpty) {
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/", " mailto:x@a.gov.cn "), "mailto:x@a.gov.cn");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/", "javascript:void(0)"), "javascript:void(0)");
  EXPECT_EQ(ResolveUrl("", "a.html"), "");
  EXPECT_EQ(ResolveUrl("/relative/base", "a.html"), "");
  EXPECT_EQ(ResolveUrl("http://a.gov.cn/", "http://a.gov.cn:99999/"), "");
  EXPECT_EQ(ResolveUrl("", "http://b.gov.cn/x"), "http://b.gov.cn/x");
}

TEST(CanonicalUrlTest, Rfc3986_6_2_2_1_CaseNormalization) {
  EXPECT_EQ(CanonicalUrl("HTTP://WWW.Jinan.GOV.cn/Xxgk/"), "http://www.jinan.gov.cn/Xxgk/");
}

TEST(CanonicalUrlTest, Rfc3986_6_2_2_2_PercentEncodingNormalization) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/%7Euser/%e5%b9%b4"), "http://a.gov.cn/~user/%E5%B9%B4");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/年报 1.html"), "http://a.gov.cn/%E5%B9%B4%E6%8A%A5%201.html");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/100%.html"), "http://a.gov.cn/100%25.html");
}

TEST(CanonicalUrlTest, Rfc3986_6_2_2_3_PathSegmentNormalization) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/a/./b/../c/index.html"), "http://a.gov.cn/a/c/index.html");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/a/%2E%2E/c"), "http://a.gov.cn/c");
}

TEST(CanonicalUrlTest, Rfc3986_6_2_3_SchemeBasedNormalization) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn:80/x"), "http://a.gov.cn/x");
  EXPECT_EQ(CanonicalUrl("https://a.gov.cn:443/x"), "https://a.gov.cn/x");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn:8080/x"), "http://a.gov.cn:8080/x");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn"), "http://a.gov.cn/");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn?x=1"), "http://a.gov.cn/?x=1");
}

TEST(CanonicalUrlTest, FragmentUserinfoAndTrailingDotDropped) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/x.html#top"), "http://a.gov.cn/x.html");
  EXPECT_EQ(CanonicalUrl("http://user:pw@a.gov.cn./x"), "http://a.gov.cn/x");
}

TEST(CanonicalUrlTest, SessionParametersDropped) {
  const std::vector<std::string> session = {"jsessionid", "sid"};
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/l.jsp?page=2&JSESSIONID=abc&sid=9", session),
            "http://a.gov.cn/l.jsp?page=2");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/l.jsp;jsessionid=ABC?page=2", session),
            "http://a.gov.cn/l.jsp?page=2");
}

TEST(CanonicalUrlTest, ResolvedLinksCanonicaliseToTheSameUrl) {
  // What extract reports as an attachment and what the crawler archives are one URL.
  std::string resolved = ResolveUrl("http://a.gov.cn:8080/x/", " ..\\files\\年报 2021.pdf ");
  EXPECT_EQ(CanonicalUrl(resolved), "http://a.gov.cn:8080/files/%E5%B9%B4%E6%8A%A5%202021.pdf");
  EXPECT_EQ(CanonicalUrl(resolved), CanonicalUrl(CanonicalUrl(resolved)));
}

TEST(ParseUrlTest, RejectsNonHttpRelativeEmptyHostAndBadPort) {
  EXPECT_FALSE(ParseUrl("ftp://a.gov.cn/x"));
  EXPECT_FALSE(ParseUrl("/x/y.html"));
  EXPECT_FALSE(ParseUrl("javascript:void(0)"));
  EXPECT_FALSE(ParseUrl("http://:80/x"));
  EXPECT_FALSE(ParseUrl("http://a.gov.cn:99999/"));
}

TEST(ParseUrlTest, PartsAndPolitenessKey) {
  auto parsed = ParseUrl("HTTP://A.gov.cn:8080/p?x=1#f");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->scheme, "http");
  EXPECT_EQ(parsed->host, "a.gov.cn");
  EXPECT_EQ(parsed->port, 8080);
  EXPECT_EQ(parsed->PathAndQuery(), "/p?x=1");
  EXPECT_EQ(parsed->Origin(), "http://a.gov.cn:8080");
  auto ipv6 = ParseUrl("http://[::1]:8080/x");
  ASSERT_TRUE(ipv6);
  EXPECT_EQ(ipv6->Authority(), "[::1]:8080");
}

TEST(HostPortOfTest, NonDefaultPortKept) {
  EXPECT_EQ(HostPortOf("http://127.0.1.2:8080/a"), "127.0.1.2:8080");
  EXPECT_EQ(HostPortOf("http://127.0.1.2:80/a"), "127.0.1.2");
  EXPECT_EQ(HostPortOf("https://WWW.gov.cn:443/a"), "www.gov.cn");
  EXPECT_EQ(HostPortOf("https://www.gov.cn:80/a"), "www.gov.cn:80");
  EXPECT_EQ(HostPortOf("not a url"), "");
}

TEST(SameSiteTest, HostAndPortDecide) {
  EXPECT_TRUE(SameSite("http://a.gov.cn/x", "https://A.gov.cn/y"));
  EXPECT_TRUE(SameSite("http://a.gov.cn:8080/x", "http://a.gov.cn:8080/y"));
  EXPECT_FALSE(SameSite("http://a.gov.cn:8080/x", "http://a.gov.cn:8081/x"));
  EXPECT_FALSE(SameSite("http://a.gov.cn/x", "http://b.gov.cn/x"));
  EXPECT_FALSE(SameSite("", ""));
}

TEST(SplitQueryTest, PairsInOrderEmptyOnesIncluded) {
  auto params = SplitQuery("b=1&&a=x=y&flag");
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0].name, "b");
  EXPECT_EQ(params[0].value, "1");
  EXPECT_TRUE(params[1].pair.empty());
  EXPECT_EQ(params[2].name, "a");
  EXPECT_EQ(params[2].value, "x=y");
  EXPECT_EQ(params[3].name, "flag");
  EXPECT_FALSE(params[3].has_value);
  EXPECT_EQ(SplitQuery("").size(), 1u);
}

// The plain-shape reading (base/src/plain_url.h) answers without CURLU: wherever it answers, it must
// give what CURLU gives. Checked on every link of the gold pages and on references at its edges,
// against bases of every shape, in both query charsets.
TEST(PlainUrlTest, AgreesWithCurluOnRealAndEdgeLinks) {
  std::vector<std::string> refs = {"g",
                                   "./g",
                                   "../g",
                                   "../../g",
                                   "../../../../g",
                                   "/g",
                                   "/./g",
                                   "/../g",
                                   "g/",
                                   "g/.",
                                   "g/..",
                                   "./",
                                   "../",
                                   ".",
                                   "..",
                                   "g?y",
                                   "g#s",
                                   "g?y#s",
                                   "?y",
                                   "#s",
                                   "",
                                   "//g",
                                   "//g:81/x",
                                   "g;x",
                                   "g;x?y#s",
                                   "a//b",
                                   "/a//b",
                                   "g?",
                                   "g#",
                                   "g?#",
                                   "g?y#",
                                   "http://a.gov.cn",
                                   "http://a.gov.cn/",
                                   "HTTP://A.GOV.CN/X",
                                   "http://a.gov.cn:80/x",
                                   "https://a.gov.cn:443/x",
                                   "http://a.gov.cn:8080/x",
                                   "http://a.gov.cn:08080/x",
                                   "http://a.gov.cn:99999/x",
                                   "http://a.gov.cn:/x",
                                   "http://127.0.0.1/x",
                                   "http://127.1/x",
                                   "http://0x7f.0.0.1/",
                                   "http://256.1.1.1/",
                                   "http://1.2.3.4.5/",
                                   "http://[::1]:8080/x",
                                   "http://user:pw@a.gov.cn/x",
                                   "http://a_b.gov.cn/x",
                                   "http://a.gov.cn./x",
                                   "http://-a.gov.cn/",
                                   "http://a.gov.cn/%7Euser/%e4%b8%ad",
                                   "http://a.gov.cn/a b",
                                   "http://a.gov.cn/中文?q=中文",
                                   "中文.html",
                                   "t2023 01.html",
                                   "a\\b.html",
                                   "http:g",
                                   "https:g",
                                   "http://a.gov.cn/x?y=1&z=2#f",
                                   "x.html?id=1&p=%20",
                                   "./202301/t20230115_123.html",
                                   "../../xxgk/index.html",
                                   "javascript:void(0)",
                                   "mailto:a@b",
                                   "1a:b/c",
                                   "a:b",
                                   "./a:b",
                                   "g...h",
                                   "/.hidden",
                                   "..g",
                                   "g..",
                                   "%2e%2e/g",
                                   ".%2e/g",
                                   "http://a.gov.cn/a/./b/../c",
                                   "http://a.gov.cn/a/%2E%2E/c",
                                   "http://a.gov.cn?x=1",
                                   "http://a.gov.cn#f",
                                   "g?a=/../b",
                                   "g#/../b",
                                   "http://WWW.Example.GOV.cn:8080/A/B.HTML?X=Y#Z",
                                   "/g?x=中文",
                                   "g%zz",
                                   "g%",
                                   "http://a.gov.cn/%",
                                   "http://xn--fiqs8s.gov.cn/x",
                                   "http://中国.gov.cn/x",
                                   "http://a.gov.cn:8080",
                                   "http://a.gov.cn:65535/",
                                   "http://a.gov.cn:65536/",
                                   "https://a.gov.cn:80/x",
                                   "http://a.gov.cn/x;jsessionid=1?a=b"};
  // Every href and src of the gold pages (real report pages in real portal templates).
  const std::regex link(R"re((?:href|src)\s*=\s*["']([^"']*)["'])re", std::regex::icase);
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(GONGKAI_SOURCE_DIR) + "/tests/extract/gold")) {
    if (entry.path().extension() != ".html") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    const std::string page = bytes.str();
    for (std::sregex_iterator it(page.begin(), page.end(), link), end; it != end; ++it)
      refs.push_back((*it)[1]);
  }
  ASSERT_GT(refs.size(), 300u);
  const std::vector<std::string> bases = {"http://a.gov.cn/xxgk/ndbg/index.html",
                                          "http://127.0.0.1:8080/a/b/c.html?x=1#f",
                                          "https://www.example.gov.cn/col/col123/index.html",
                                          "http://a.gov.cn",
                                          "http://A.Gov.CN:8080/",
                                          "http://a.gov.cn/x/y/",
                                          "http://a.gov.cn/x/./y/../z.html",
                                          "http://user@a.gov.cn/x/y.html",
                                          "http://[::1]:8080/x/y.html",
                                          "http://a.gov.cn:80/x/y.html",
                                          "http://a.gov.cn/a//b/c.html",
                                          "ftp://a.gov.cn/x",
                                          ""};
  int plain = 0, checked = 0;
  for (const std::string& base : bases) {
    for (const std::string& ref : refs) {
      for (QueryCharset charset : {QueryCharset::kUtf8, QueryCharset::kGb18030}) {
        const std::string resolved = ResolveUrl(base, ref, charset);
        ASSERT_EQ(resolved, url_internal::ResolveWithCurlu(base, ref, charset)) << base << " + " << ref;
        ++checked;
        if (plain_url::Read(resolved)) ++plain;
        const auto parsed = ParseUrl(resolved);
        const auto curlu = url_internal::ParseWithCurlu(resolved);
        ASSERT_EQ(parsed.has_value(), curlu.has_value()) << resolved;
        if (!parsed) continue;
        EXPECT_EQ(parsed->scheme, curlu->scheme) << resolved;
        EXPECT_EQ(parsed->host, curlu->host) << resolved;
        EXPECT_EQ(parsed->port, curlu->port) << resolved;
        EXPECT_EQ(parsed->path, curlu->path) << resolved;
        EXPECT_EQ(parsed->query, curlu->query) << resolved;
        EXPECT_EQ(parsed->has_query, curlu->has_query) << resolved;
      }
    }
  }
  EXPECT_GT(plain, checked / 3) << "most links of the plain bases have the plain shape";
}

}  // namespace
}  // namespace gongkai
