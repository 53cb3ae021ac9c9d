// Each fault knob fires, as the server log and the client both see it.
#include "portal_fixture.h"

namespace gongkai::portal::testing {
namespace {

std::unique_ptr<Portal> StartWith(Faults faults) {
  SiteSpec spec = TestSite(Template::kTrsWcm);
  spec.robots = Robots::kNone;
  spec.faults = faults;
  return StartSites({spec});
}

LoggedRequest LastLogged(const Portal& portal) {
  auto log = portal.RequestLog();
  return log.empty() ? LoggedRequest{} : log.back();
}

TEST(PortalFaults, LatencyDelaysEveryAnswer) {
  Faults f;
  f.latency_ms = 30;
  auto portal = StartWith(f);
  ASSERT_EQ(Get(portal->sites()[0].listing_urls[0]).status, 200);
  const LoggedRequest e = LastLogged(*portal);
  EXPECT_GE(e.end_us - e.start_us, 30 * 1000);  // a lower bound only: never flaky
}

TEST(PortalFaults, RateLimitEveryNthWithRetryAfter) {
  Faults f;
  f.rate_limit_every_n = 3;
  f.retry_after_s = 7;
  auto portal = StartWith(f);
  const std::string url = portal->sites()[0].listing_urls[0];
  EXPECT_EQ(Get(url).status, 200);
  EXPECT_EQ(Get(url).status, 200);
  Fetched third = Get(url);
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(third.Header("Retry-After"), "7");
  EXPECT_EQ(Get(url).status, 200);
  EXPECT_EQ(Get(portal->sites()[0].base_url + "/robots.txt").status, 200);  // robots.txt is exempt
  EXPECT_EQ(Get(url).status, 429);
}

TEST(PortalFaults, BurstOf503) {
  Faults f;
  f.burst_503_after = 1;
  f.burst_503_length = 2;
  f.retry_after_s = 3;
  auto portal = StartWith(f);
  const std::string url = portal->sites()[0].listing_urls[0];
  EXPECT_EQ(Get(url).status, 200);
  Fetched second = Get(url);
  EXPECT_EQ(second.status, 503);
  EXPECT_EQ(second.Header("Retry-After"), "3");
  EXPECT_EQ(Get(url).status, 503);
  EXPECT_EQ(Get(url).status, 200);
}

TEST(PortalFaults, ConnectionReset) {
  Faults f;
  f.connection_reset = true;
  auto portal = StartWith(f);
  ASSERT_EQ(portal->sites()[0].fault_urls.size(), 1u);
  Fetched r = Get(portal->sites()[0].fault_urls[0]);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(LastLogged(*portal).status, 0);
  EXPECT_EQ(Get(portal->sites()[0].listing_urls[0]).status, 200);  // the server lives on
}

TEST(PortalFaults, TruncatedBody) {
  Faults f;
  f.truncated_body = true;
  auto portal = StartWith(f);
  Fetched r = Get(portal->sites()[0].fault_urls[0]);
  EXPECT_FALSE(r.ok);  // Content-Length promised more than arrived
  const LoggedRequest e = LastLogged(*portal);
  EXPECT_EQ(e.status, 200);
  EXPECT_GT(e.bytes, 0);
}

TEST(PortalFaults, RedirectLoop) {
  Faults f;
  f.redirect_loop = true;
  auto portal = StartWith(f);
  const std::string base = portal->sites()[0].base_url;
  Fetched a = Get(portal->sites()[0].fault_urls[0]);
  EXPECT_EQ(a.status, 302);
  EXPECT_EQ(a.Header("Location"), "/loop/b.html");
  EXPECT_EQ(Get(base + "/loop/b.html").Header("Location"), "/loop/a.html");
}

TEST(PortalFaults, SlowDripDeliversEverythingSlowly) {
  Faults f;
  f.slow_drip_ms = 2;
  auto portal = StartWith(f);
  Fetched r = Get(portal->sites()[0].fault_urls[0]);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Contains(r.body, "</html>"));
  const LoggedRequest e = LastLogged(*portal);
  EXPECT_EQ(e.bytes, static_cast<int64_t>(r.body.size()));
  const int64_t chunks = (e.bytes + 63) / 64;
  EXPECT_GE(e.end_us - e.start_us, chunks * 2 * 1000);
}

TEST(PortalFaults, OversizedPage) {
  Faults f;
  f.oversized_bytes = 3 * 1024 * 1024 + 17;
  auto portal = StartWith(f);
  Fetched r = Get(portal->sites()[0].fault_urls[0]);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), static_cast<size_t>(f.oversized_bytes));
  EXPECT_EQ(LastLogged(*portal).bytes, f.oversized_bytes);
}

TEST(PortalFaults, CalendarTrapIsEndless) {
  Faults f;
  f.crawler_trap = true;
  auto portal = StartWith(f);
  const SiteInfo& site = portal->sites()[0];
  ASSERT_EQ(site.trap_urls.size(), 1u);
  EXPECT_TRUE(Contains(Get(site.listing_urls[0]).body, site.trap_urls[0].substr(site.base_url.size())));
  std::string url = site.trap_urls[0];
  for (int i = 0; i < 30; ++i) {
    Fetched page = Get(url);
    ASSERT_EQ(page.status, 200) << url;
    const size_t next = page.body.find("下月：");
    ASSERT_NE(next, std::string::npos);
    const size_t href = page.body.rfind("href=\"", next);
    url = site.base_url + page.body.substr(href + 6, page.body.find('"', href + 6) - href - 6);
  }
  EXPECT_TRUE(Contains(url, "/calendar/2023-07.html"));
}

TEST(PortalFaults, AntiBotChallenge) {
  Faults f;
  f.anti_bot_challenge = true;
  auto portal = StartWith(f);
  const SiteInfo& site = portal->sites()[0];
  EXPECT_TRUE(site.report_urls.empty());
  Fetched wall = Get(site.listing_urls[0]);
  EXPECT_EQ(wall.status, 521);
  EXPECT_TRUE(Contains(wall.body, "document.cookie="));
  EXPECT_TRUE(Contains(wall.body, "location.href=location.pathname+location.search"));
  EXPECT_TRUE(Contains(wall.Header("Set-Cookie"), "__jsluid_h="));
  EXPECT_EQ(Get(site.base_url + "/robots.txt").status, 200);
  EXPECT_EQ(Get(site.listing_urls[0], {{"Cookie", "__jsl_clearance_s=1688848381.114|-1|x"}}).status, 200);
}

TEST(PortalFaults, AllOffByDefault) {
  auto portal = StartSites({TestSite(Template::kTrsWcm)});
  const SiteInfo& site = portal->sites()[0];
  EXPECT_TRUE(site.fault_urls.empty());
  EXPECT_TRUE(site.trap_urls.empty());
  for (int i = 0; i < 12; ++i) EXPECT_EQ(Get(site.listing_urls[0]).status, 200);
}

}  // namespace
}  // namespace gongkai::portal::testing
