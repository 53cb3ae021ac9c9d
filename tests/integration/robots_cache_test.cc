// The robots.txt cache across runs (Options::robots_cache_ms, default 24 h; RFC 9309 section
// 2.4: "crawlers SHOULD NOT use a cached version for more than 24 hours"): a crawl started within
// the TTL of the last robots.txt fetch reuses the archived answer -- its rules, Crawl-delay and
// Sitemap lines -- and asks the server nothing; past the TTL, or after a 5xx, it asks again.
#include <gtest/gtest.h>

#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

// robots.txt requests to `host` among log[from, to).
int RobotsRequests(const std::vector<portal::LoggedRequest>& log, size_t from, size_t to,
                   const std::string& host) {
  int n = 0;
  for (size_t i = from; i < to && i < log.size(); ++i)
    n += log[i].host == host && log[i].target == "/robots.txt";
  return n;
}

portal::SiteSpec DelayedSite(const char* ip) {
  portal::SiteSpec s;
  s.name = "缓存区人民政府";
  s.ip = ip;
  s.report_count = 3;
  s.robots = portal::Robots::kRulesWithCrawlDelay;
  s.crawl_delay_s = 1;
  s.sitemap = true;
  return s;
}

struct TwoRuns {
  std::vector<portal::LoggedRequest> log;
  size_t first_run_requests = 0;
  app::CrawlRunOutcome second;
};

TwoRuns CrawlTwice(CrawlBed& bed, const crawler::Options& second_options) {
  TwoRuns runs;
  app::CrawlRunOutcome first;
  EXPECT_EQ(bed.Crawl(FastOptions(), &first), 0);
  runs.first_run_requests = bed.portal().RequestLog().size();
  EXPECT_EQ(bed.Crawl(second_options, &runs.second), 0);
  runs.log = bed.portal().RequestLog();
  return runs;
}

TEST(RobotsCacheTest, RunWithinTtlReusesStoredRobotsAndAsksNothing) {
  CrawlBed bed({DelayedSite("127.0.7.1")});
  const portal::SiteInfo& site = bed.portal().sites()[0];
  TwoRuns runs = CrawlTwice(bed, FastOptions());  // default TTL: 24 h
  ASSERT_EQ(RobotsRequests(runs.log, 0, runs.first_run_requests, site.host), 1);
  EXPECT_EQ(RobotsRequests(runs.log, runs.first_run_requests, runs.log.size(), site.host), 0);
  ASSERT_GT(runs.log.size(), runs.first_run_requests) << "the second run fetched nothing";

  // The stored rules still hold: nothing Disallowed, Crawl-delay between every pair, sitemap read.
  std::vector<portal::LoggedRequest> second(runs.log.begin() + static_cast<long>(runs.first_run_requests),
                                            runs.log.end());
  auto counts = CrawlBed::RequestCounts(second);
  for (const auto& url : site.disallowed_urls) EXPECT_EQ(counts.count(url), 0u) << url;
  ASSERT_FALSE(site.sitemap_urls.empty());
  EXPECT_EQ(counts[site.sitemap_urls[0]], 1);
  auto requests = CrawlBed::ForHost(second, site.host);
  for (size_t i = 1; i < requests.size(); ++i) {
    // The server's stamps, with the tests' tolerance for them (crawl_bed.h).
    EXPECT_GE(requests[i].start_us - requests[i - 1].end_us + kServerStampToleranceUs,
              site.crawl_delay_ms * 1000)
        << requests[i].target;
  }
  bool stored_noted = false;
  for (const auto& host : runs.second.summary.hosts) {
    stored_noted |= host.robots.find("stored") != std::string::npos;
  }
  EXPECT_TRUE(stored_noted);
}

TEST(RobotsCacheTest, ExpiredTtlFetchesRobotsFirstAgain) {
  CrawlBed bed({DelayedSite("127.0.7.2")});
  const portal::SiteInfo& site = bed.portal().sites()[0];
  crawler::Options expired = FastOptions();
  expired.robots_cache_ms = 1;  // the first run's answer is older than this
  TwoRuns runs = CrawlTwice(bed, expired);
  EXPECT_EQ(RobotsRequests(runs.log, runs.first_run_requests, runs.log.size(), site.host), 1);
  ASSERT_GT(runs.log.size(), runs.first_run_requests);
  EXPECT_EQ(runs.log[runs.first_run_requests].target, "/robots.txt");
}

TEST(RobotsCacheTest, ZeroTtlNeverReuses) {
  CrawlBed bed({DelayedSite("127.0.7.3")});
  crawler::Options no_cache = FastOptions();
  no_cache.robots_cache_ms = 0;
  TwoRuns runs = CrawlTwice(bed, no_cache);
  EXPECT_EQ(RobotsRequests(runs.log, runs.first_run_requests, runs.log.size(), bed.portal().sites()[0].host),
            1);
}

TEST(RobotsCacheTest, ServerErrorIsNeverReused) {
  portal::SiteSpec s;
  s.name = "故障缓存区人民政府";
  s.ip = "127.0.7.4";
  s.robots = portal::Robots::kServerError;  // 500 forever: nothing else may be fetched
  CrawlBed bed({s});
  const std::string& host = bed.portal().sites()[0].host;
  crawler::Options options = FastOptions();
  options.max_retries = 0;  // one robots.txt request per run
  app::CrawlRunOutcome first, second;
  EXPECT_EQ(bed.Crawl(options, &first), 5);  // robots.txt unresolved: not done
  size_t first_run_requests = bed.portal().RequestLog().size();
  EXPECT_EQ(bed.Crawl(options, &second), 5);
  auto log = bed.portal().RequestLog();
  EXPECT_EQ(RobotsRequests(log, 0, first_run_requests, host), 1);
  EXPECT_EQ(RobotsRequests(log, first_run_requests, log.size(), host), 1);
  EXPECT_EQ(log.size(), first_run_requests + 1) << "only robots.txt may be asked";
}

}  // namespace
}  // namespace gongkai::testing
