// robots.txt: one test per RFC 9309 rule (https://www.rfc-editor.org/rfc/rfc9309), named after it
// as google/robotstxt does; portal quirks get a `Portal_` prefix.
#include "crawler/robots.h"

#include <gtest/gtest.h>

namespace gongkai::crawler {
namespace {

bool Allowed(std::string_view robots, std::string_view path, std::string_view agent = "gongkai") {
  return ParseRobotsTxt(robots).Allowed(agent, path);
}

// 2.1: "the rules ... apply to the crawler whose product token matches"; 2.2.1 product token is
// case-insensitive and only [a-zA-Z_-]: "gongkai/0.1" names "gongkai".
TEST(RobotsTest, ID_UserAgentProductTokenCaseInsensitive) {
  const char* robots = "User-agent: GongKai/0.1\nDisallow: /x\n";
  EXPECT_FALSE(Allowed(robots, "/x"));
  EXPECT_TRUE(Allowed(robots, "/x", "otherbot"));
}

// 2.2.1: "If there is no group matching the user-agent, crawlers MUST obey the group with a
// user-agent line with the '*' value, if present."
TEST(RobotsTest, ID_GlobalGroupWhenNoSpecificGroup) {
  const char* robots = "User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n";
  EXPECT_FALSE(Allowed(robots, "/private/a.html"));
  EXPECT_TRUE(Allowed(robots, "/public/a.html"));
}

// 2.2.1: a specific group replaces the '*' group entirely.
TEST(RobotsTest, ID_SpecificGroupOverridesGlobal) {
  const char* robots = "User-agent: *\nDisallow: /\n\nUser-agent: gongkai\nDisallow: /tmp/\n";
  EXPECT_TRUE(Allowed(robots, "/xxgk/index.html"));
  EXPECT_FALSE(Allowed(robots, "/tmp/a"));
}

// 2.2.1: "If there are multiple groups with the same user-agent, the rules MUST be combined".
TEST(RobotsTest, ID_GroupsForSameAgentCombined) {
  const char* robots = "User-agent: gongkai\nDisallow: /a/\n\nUser-agent: gongkai\nDisallow: /b/\n";
  EXPECT_FALSE(Allowed(robots, "/a/1"));
  EXPECT_FALSE(Allowed(robots, "/b/1"));
}

// 2.1: several user-agent lines in a row start one group.
TEST(RobotsTest, ID_ConsecutiveUserAgentLinesShareAGroup) {
  const char* robots = "User-agent: a\nUser-agent: gongkai\nDisallow: /x\n";
  EXPECT_FALSE(Allowed(robots, "/x"));
  EXPECT_FALSE(Allowed(robots, "/x", "a"));
}

// 2.2.1: "If no group matches the product token and there is no group with a user-agent line with
// the '*' value, or there are no groups at all, no rules apply."
TEST(RobotsTest, ID_NoGroupsAllowsEverything) {
  EXPECT_TRUE(Allowed("", "/anything"));
  EXPECT_TRUE(Allowed("User-agent: otherbot\nDisallow: /\n", "/anything"));
}

// 2.2.2: "The most specific match found MUST be used. The most specific match is the match that
// has the most octets."
TEST(RobotsTest, ID_LongestMatch) {
  const char* robots = "User-agent: *\nDisallow: /xxgk/\nAllow: /xxgk/ndbg/\n";
  EXPECT_TRUE(Allowed(robots, "/xxgk/ndbg/index.html"));
  EXPECT_FALSE(Allowed(robots, "/xxgk/other.html"));
  const char* reversed = "User-agent: *\nAllow: /xxgk/\nDisallow: /xxgk/tmp/\n";
  EXPECT_FALSE(Allowed(reversed, "/xxgk/tmp/x"));
}

// 2.2.2: "If an allow rule and a disallow rule are equivalent, then the allow rule SHOULD be used."
TEST(RobotsTest, ID_AllowWinsOnEquivalentRules) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /page\nAllow: /page\n", "/page"));
  EXPECT_TRUE(Allowed("User-agent: *\nAllow: /page\nDisallow: /page\n", "/page"));
}

// 2.2.3: '*' matches any sequence of characters; '$' designates the end of the match pattern.
TEST(RobotsTest, ID_SpecialCharactersStarAndDollar) {
  const char* robots = "User-agent: *\nDisallow: /*.jsp$\nDisallow: /search*q=\n";
  EXPECT_FALSE(Allowed(robots, "/list.jsp"));
  EXPECT_TRUE(Allowed(robots, "/list.jsp?page=2"));
  EXPECT_FALSE(Allowed(robots, "/search/x?q=1"));
  EXPECT_TRUE(Allowed(robots, "/search/x"));
}

// 2.2.2: paths are matched case-sensitively.
TEST(RobotsTest, ID_PathsAreCaseSensitive) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /Admin\n", "/Admin/x"));
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /Admin\n", "/admin/x"));
}

// 2.2.2: octets outside US-ASCII in rules are compared percent-encoded.
TEST(RobotsTest, ID_PercentEncodedAndRawUtf8RulesAreEquivalent) {
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /年报/\n", "/%E5%B9%B4%E6%8A%A5/1.html"));
  EXPECT_FALSE(Allowed("User-agent: *\nDisallow: /%e5%b9%b4/\n", "/%E5%B9%B4/1.html"));
}

// 2.2.2: "Disallow:" with an empty value is no rule.
TEST(RobotsTest, ID_EmptyDisallowAllowsAll) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow:\n", "/x"));
}

// 2.2.4 / 2.3: the /robots.txt URL itself is implicitly allowed.
TEST(RobotsTest, ID_RobotsTxtAlwaysAllowed) {
  EXPECT_TRUE(Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
  EXPECT_TRUE(RobotsRules::DisallowAll().Allowed("gongkai", "/robots.txt"));
}

// 2.2: lines that cannot be parsed are ignored; comments start with '#'; CR, LF and CRLF end lines.
TEST(RobotsTest, ID_CommentsLineEndingsAndGarbage) {
  const char* robots = "\xEF\xBB\xBFUser-agent: * # everyone\r\nthis is not a rule\rDisallow: /x # no\r\n";
  EXPECT_FALSE(Allowed(robots, "/x"));
  EXPECT_TRUE(Allowed(robots, "/y"));
}

// 2.3.1.3: "If the server status code indicates that the robots.txt file is unavailable to the
// crawler [4xx], then the crawler MAY access any resources on the server."
TEST(RobotsTest, ID_UnavailableMeansAllowAll) {
  EXPECT_TRUE(RobotsRules::AllowAll().Allowed("gongkai", "/anything"));
}

// 2.3.1.4: "If the robots.txt file is unreachable due to server or network errors, ... the
// crawler MUST assume complete disallow."
TEST(RobotsTest, ID_UnreachableMeansDisallowAll) {
  EXPECT_FALSE(RobotsRules::DisallowAll().Allowed("gongkai", "/xxgk/index.html"));
}

// 2.3.1.1: "If the crawler successfully downloads the robots.txt file, the crawler MUST follow the
// parseable rules."
TEST(RobotsTest, ID_SuccessfulDownloadRulesFollowed) {
  RobotsRules rules = RobotsRules::ForStatus(200, "User-agent: *\nDisallow: /private/\n");
  EXPECT_FALSE(rules.Allowed("gongkai", "/private/x"));
  EXPECT_TRUE(rules.Allowed("gongkai", "/public/x"));
  EXPECT_EQ(ClassifyRobotsStatus(204), RobotsStatus::kSuccessful);
}

// 2.3.1.2: redirects are followed (up to five hops, across authorities) before the status decides.
TEST(RobotsTest, ID_RedirectsAreNotAFinalStatus) {
  for (int status : {301, 302, 307, 308})
    EXPECT_EQ(ClassifyRobotsStatus(status), RobotsStatus::kRedirect) << status;
  EXPECT_FALSE(RobotsRules::ForStatus(302, "").Allowed("gongkai", "/x"));  // one that could not be followed
}

// 2.3.1.3: 400-499 = unavailable: "the crawler MAY access any resources on the server".
TEST(RobotsTest, ID_Status4xxMeansAllowAll) {
  for (int status : {400, 401, 403, 404, 410, 451}) {
    EXPECT_EQ(ClassifyRobotsStatus(status), RobotsStatus::kUnavailable) << status;
    EXPECT_TRUE(RobotsRules::ForStatus(status, "User-agent: *\nDisallow: /\n").Allowed("gongkai", "/x"))
        << status;
  }
}

// 2.3.1.4: 500-599 and network errors = unreachable: complete disallow.
TEST(RobotsTest, ID_Status5xxAndNoAnswerMeanDisallowAll) {
  for (int status : {0, 500, 502, 503, 504}) {
    EXPECT_EQ(ClassifyRobotsStatus(status), RobotsStatus::kUnreachable) << status;
    EXPECT_FALSE(RobotsRules::ForStatus(status, "").Allowed("gongkai", "/x")) << status;
  }
}

// 429 Too Many Requests is a 4xx, but the server is asking us to slow down, not saying there is no
// robots.txt: treated as unreachable (as Google does), never as "allow all".
TEST(RobotsTest, GoogleOnly_Status429MeansDisallowAll) {
  EXPECT_EQ(ClassifyRobotsStatus(429), RobotsStatus::kUnreachable);
  EXPECT_FALSE(RobotsRules::ForStatus(429, "").Allowed("gongkai", "/x"));
}

// 2.5: crawlers must parse at least 500 KiB; we stop there.
TEST(RobotsTest, ID_ParseLimit500KiB) {
  std::string robots = "User-agent: *\n";
  while (robots.size() < kRobotsMaxParseBytes) robots += "# padding padding padding padding\n";
  robots += "Disallow: /late\n";
  EXPECT_TRUE(Allowed(robots, "/late"));
}

// Not in RFC 9309 (section 2.2.4 allows other records): Crawl-delay per group, Sitemap global.
TEST(RobotsTest, Extension_CrawlDelayOfTheMatchingGroup) {
  auto rules = ParseRobotsTxt("User-agent: *\nCrawl-delay: 2.5\n\nUser-agent: gongkai\nCrawl-delay: 1\n");
  EXPECT_EQ(rules.CrawlDelaySeconds("gongkai"), 1.0);
  EXPECT_EQ(rules.CrawlDelaySeconds("otherbot"), 2.5);
  EXPECT_FALSE(ParseRobotsTxt("User-agent: *\nDisallow: /\n").CrawlDelaySeconds("gongkai"));
}

TEST(RobotsTest, Extension_SitemapLinesKeptAndDoNotSplitGroups) {
  auto rules = ParseRobotsTxt(
      "User-agent: *\nSitemap: http://a.gov.cn/sitemap.xml\nDisallow: /x\nsitemap: http://a.gov.cn/s2.xml\n");
  ASSERT_EQ(rules.sitemaps().size(), 2u);
  EXPECT_EQ(rules.sitemaps()[0], "http://a.gov.cn/sitemap.xml");
  EXPECT_FALSE(rules.Allowed("gongkai", "/x"));
}

// Lenient parsing as google/robotstxt does: common misspellings of directives.
TEST(RobotsTest, Lenient_MisspelledDisallowAccepted) {
  EXPECT_FALSE(Allowed("User-agent: *\nDissallow: /x\n", "/x"));
}

TEST(RobotsTest, Portal_GovernmentDisallowPatterns) {
  // As served by TRS/Hanweb portals: search, member areas, JS-built pages.
  const char* robots =
      "User-agent: *\nDisallow: /module/search/\nDisallow: /member/\nDisallow: /*?keywords=\n"
      "Allow: /module/web/jpage/dataproxy.jsp\n";
  EXPECT_FALSE(Allowed(robots, "/module/search/index.jsp"));
  EXPECT_FALSE(Allowed(robots, "/col/col1/index.html?keywords=a"));
  EXPECT_TRUE(Allowed(robots, "/module/web/jpage/dataproxy.jsp?startrecord=1"));
}

TEST(RobotsTest, PatternMatcherBacktracks) {
  EXPECT_TRUE(RobotsPatternMatches("/a*b*c$", "/axxbyyc"));
  EXPECT_FALSE(RobotsPatternMatches("/a*b*c$", "/axxbyycd"));
  EXPECT_TRUE(RobotsPatternMatches("*", "/anything"));
  EXPECT_TRUE(RobotsPatternMatches("/$", "/"));
  EXPECT_FALSE(RobotsPatternMatches("/$", "/a"));
}

}  // namespace
}  // namespace gongkai::crawler
