// robots.txt variants: rules, Crawl-delay, empty, 404, 5xx (and recovery), and the Disallowed links.
#include "portal_fixture.h"

namespace gongkai::portal::testing {
namespace {

SiteSpec WithRobots(Robots robots) {
  SiteSpec s = TestSite(Template::kTrsWcm);
  s.robots = robots;
  s.crawl_delay_s = 2;
  return s;
}

TEST(PortalRobots, RulesDisallowLinkedPages) {
  auto portal = StartSites({WithRobots(Robots::kRules)});
  const SiteInfo& site = portal->sites()[0];
  Fetched robots = Get(site.base_url + "/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_TRUE(Contains(robots.body, "User-agent: *\nDisallow: /private/\nDisallow: /search/\n"));
  EXPECT_FALSE(Contains(robots.body, "Crawl-delay"));
  EXPECT_EQ(site.crawl_delay_ms, 0);
  ASSERT_EQ(site.disallowed_urls.size(), 2u);
  const std::string listing = Get(site.listing_urls[0]).body;
  for (const auto& url : site.disallowed_urls) {
    EXPECT_TRUE(Contains(listing, url.substr(site.base_url.size()))) << url;
  }
}

TEST(PortalRobots, SitemapNamedInRobotsListsEveryReport) {
  SiteSpec spec = WithRobots(Robots::kRules);
  spec.sitemap = true;
  auto portal = StartSites({spec});
  const SiteInfo& site = portal->sites()[0];
  ASSERT_EQ(site.sitemap_urls.size(), 1u);
  EXPECT_TRUE(Contains(Get(site.base_url + "/robots.txt").body, "Sitemap: " + site.sitemap_urls[0] + "\n"));
  Fetched xml = Get(site.sitemap_urls[0]);
  ASSERT_EQ(xml.status, 200);
  EXPECT_TRUE(Contains(xml.body, "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
  for (const auto& url : site.report_urls) EXPECT_TRUE(Contains(xml.body, "<loc>" + url + "</loc>")) << url;
}

TEST(PortalRobots, CrawlDelay) {
  auto portal = StartSites({WithRobots(Robots::kRulesWithCrawlDelay)});
  const SiteInfo& site = portal->sites()[0];
  EXPECT_TRUE(Contains(Get(site.base_url + "/robots.txt").body, "Crawl-delay: 2\n"));
  EXPECT_EQ(site.crawl_delay_ms, 2000);
}

TEST(PortalRobots, NoneIsAnEmpty200) {
  auto portal = StartSites({WithRobots(Robots::kNone)});
  const SiteInfo& site = portal->sites()[0];
  Fetched robots = Get(site.base_url + "/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_EQ(robots.body, "");
  EXPECT_TRUE(site.disallowed_urls.empty());
  EXPECT_FALSE(Contains(Get(site.listing_urls[0]).body, "/private/"));
}

TEST(PortalRobots, NotFound) {
  auto portal = StartSites({WithRobots(Robots::kNotFound)});
  EXPECT_EQ(Get(portal->sites()[0].base_url + "/robots.txt").status, 404);
  EXPECT_FALSE(portal->sites()[0].report_urls.empty());
}

TEST(PortalRobots, ServerErrorForeverMeansNothingReachable) {
  auto portal = StartSites({WithRobots(Robots::kServerError)});
  const SiteInfo& site = portal->sites()[0];
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get(site.base_url + "/robots.txt").status, 500);
  EXPECT_TRUE(site.report_urls.empty());
}

TEST(PortalRobots, ServerErrorThenRecovers) {
  SiteSpec spec = WithRobots(Robots::kServerError);
  spec.robots_errors = 2;
  auto portal = StartSites({spec});
  const SiteInfo& site = portal->sites()[0];
  EXPECT_EQ(Get(site.base_url + "/robots.txt").status, 500);
  EXPECT_EQ(Get(site.base_url + "/robots.txt").status, 500);
  Fetched third = Get(site.base_url + "/robots.txt");
  EXPECT_EQ(third.status, 200);
  EXPECT_TRUE(Contains(third.body, "Disallow: /private/"));
  EXPECT_FALSE(site.report_urls.empty());
  EXPECT_EQ(site.disallowed_urls.size(), 2u);
}

}  // namespace
}  // namespace gongkai::portal::testing
