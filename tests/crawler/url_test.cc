// URL canonicalisation: each test names the RFC 3986 section 6.2 normalisation it checks.
#include "crawler/url.h"

#include <gtest/gtest.h>

namespace gongkai::crawler {
namespace {

const std::vector<std::string> kSession = {"jsessionid", "sid"};

TEST(UrlTest, CaseNormalization_SchemeAndHostLowerCased) {
  EXPECT_EQ(CanonicalUrl("HTTP://WWW.Jinan.GOV.cn/Xxgk/"), "http://www.jinan.gov.cn/Xxgk/");
}

TEST(UrlTest, SchemeBased_DefaultPortRemoved) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn:80/x"), "http://a.gov.cn/x");
  EXPECT_EQ(CanonicalUrl("https://a.gov.cn:443/x"), "https://a.gov.cn/x");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn:8080/x"), "http://a.gov.cn:8080/x");
}

TEST(UrlTest, SchemeBased_EmptyPathIsSlash) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn"), "http://a.gov.cn/");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn?x=1"), "http://a.gov.cn/?x=1");
}

TEST(UrlTest, PathSegmentNormalization_DotSegmentsRemoved) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/a/./b/../c/index.html"), "http://a.gov.cn/a/c/index.html");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/../../x"), "http://a.gov.cn/x");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/a/b/.."), "http://a.gov.cn/a/");
}

TEST(UrlTest, PercentEncodingNormalization_UnreservedDecodedHexUpperCased) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/%7Euser/%e5%b9%b4"), "http://a.gov.cn/~user/%E5%B9%B4");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/%41"), "http://a.gov.cn/A");
}

TEST(UrlTest, PercentEncodingNormalization_RawNonAsciiAndSpacesEncoded) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/年报 1.html"), "http://a.gov.cn/%E5%B9%B4%E6%8A%A5%201.html");
}

TEST(UrlTest, FragmentDropped) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/x.html#top"), "http://a.gov.cn/x.html");
}

TEST(UrlTest, SessionParametersDroppedFromQueryAndPath) {
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/list.jsp?page=2&JSESSIONID=abc&sid=9", kSession),
            "http://a.gov.cn/list.jsp?page=2");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/list.jsp;jsessionid=ABC?page=2", kSession),
            "http://a.gov.cn/list.jsp?page=2");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/list.jsp?sid=1", kSession), "http://a.gov.cn/list.jsp");
}

TEST(UrlTest, QueryOrderKept) {
  // Parameter order can matter to JSP servers; only session parameters are touched.
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn/p?b=1&a=2"), "http://a.gov.cn/p?b=1&a=2");
}

TEST(UrlTest, NonHttpAndRelativeRejected) {
  EXPECT_EQ(CanonicalUrl("ftp://a.gov.cn/x"), "");
  EXPECT_EQ(CanonicalUrl("/x/y.html"), "");
  EXPECT_EQ(CanonicalUrl("javascript:void(0)"), "");
  EXPECT_EQ(CanonicalUrl("http://:80/x"), "");
  EXPECT_EQ(CanonicalUrl("http://a.gov.cn:99999/"), "");
}

TEST(UrlTest, UserinfoDroppedAndTrailingDotHost) {
  EXPECT_EQ(CanonicalUrl("http://user:pw@a.gov.cn./x"), "http://a.gov.cn/x");
}

TEST(UrlTest, AuthorityIsThePolitenessKey) {
  EXPECT_EQ(HostKeyOf("http://127.0.1.2:8080/a"), "127.0.1.2:8080");
  EXPECT_EQ(HostKeyOf("https://www.gov.cn/a"), "www.gov.cn");
  auto parsed = ParseUrl("http://a.gov.cn/p?x=1");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->PathAndQuery(), "/p?x=1");
}

}  // namespace
}  // namespace gongkai::crawler
