// Politeness and completeness asserted from the simulated portal's request log: robots.txt first,
// no Disallowed URL, gaps and Crawl-delay per host and per IP, Retry-After honoured, every report
// and attachment found across the TRS, Hanweb and plain pagination styles.
#include <gtest/gtest.h>

#include <algorithm>

#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

using portal::LoggedRequest;
using portal::SiteSpec;

SiteSpec Site(const std::string& name, const std::string& ip, portal::Template tmpl, portal::Robots robots) {
  SiteSpec s;
  s.name = name;
  s.ip = ip;
  s.tmpl = tmpl;
  s.robots = robots;
  s.report_count = 5;
  s.per_page = 2;
  return s;
}

class PolitenessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<SiteSpec> sites;
    SiteSpec trs =
        Site("甲区人民政府", "127.0.3.1", portal::Template::kTrsWcm, portal::Robots::kRulesWithCrawlDelay);
    trs.crawl_delay_s = 1;
    trs.report_count = 3;
    trs.attachments = true;
    trs.sitemap = true;
    sites.push_back(trs);
    SiteSpec plain = Site("乙县人民政府", "127.0.3.2", portal::Template::kPlain, portal::Robots::kRules);
    plain.faults.rate_limit_every_n = 4;
    plain.faults.retry_after_s = 1;
    sites.push_back(plain);
    // Two Hanweb hostnames on one platform IP.
    SiteSpec hanweb = Site("丙市人民政府", "127.0.3.3", portal::Template::kHanwebJcms, portal::Robots::kNone);
    hanweb.report_count = 8;
    sites.push_back(hanweb);
    SiteSpec hanweb2 =
        Site("丁镇人民政府", "127.0.3.3", portal::Template::kHanwebJcms, portal::Robots::kNotFound);
    hanweb2.attachments = true;
    hanweb2.report_count = 4;
    sites.push_back(hanweb2);
    SiteSpec page_num = Site("戊市人民政府", "127.0.3.4", portal::Template::kPlain, portal::Robots::kRules);
    page_num.plain_page_num = true;
    page_num.faults.burst_503_after = 3;
    page_num.faults.burst_503_length = 2;
    sites.push_back(page_num);
    bed_ = new CrawlBed(sites);
    options_ = new crawler::Options(FastOptions());
    app::CrawlRunOutcome outcome;
    exit_code_ = bed_->Crawl(*options_, &outcome);
    summary_ = new crawler::RunSummary(outcome.summary);
    log_ = new std::vector<LoggedRequest>(bed_->portal().RequestLog());
  }
  static void TearDownTestSuite() {
    delete log_;
    delete summary_;
    delete options_;
    delete bed_;
  }

  static CrawlBed* bed_;
  static crawler::Options* options_;
  static crawler::RunSummary* summary_;
  static std::vector<LoggedRequest>* log_;
  static int exit_code_;
};

CrawlBed* PolitenessTest::bed_ = nullptr;
crawler::Options* PolitenessTest::options_ = nullptr;
crawler::RunSummary* PolitenessTest::summary_ = nullptr;
std::vector<LoggedRequest>* PolitenessTest::log_ = nullptr;
int PolitenessTest::exit_code_ = -1;

TEST_F(PolitenessTest, CrawlCompletes) {
  EXPECT_EQ(exit_code_, 0);
  EXPECT_EQ(summary_->stop_reason, crawler::StopReason::kDone);
  EXPECT_EQ(summary_->pending, 0);
  EXPECT_TRUE(summary_->ParkedHosts().empty());
}

TEST_F(PolitenessTest, RobotsTxtIsTheFirstRequestToEveryHost) {
  for (const auto& site : bed_->portal().sites()) {
    auto requests = CrawlBed::ForHost(*log_, site.host);
    ASSERT_FALSE(requests.empty()) << site.host;
    EXPECT_EQ(requests.front().target, "/robots.txt") << site.host;
  }
}

TEST_F(PolitenessTest, NoDisallowedUrlIsEverRequested) {
  auto counts = CrawlBed::RequestCounts(*log_);
  int disallowed_linked = 0;
  for (const auto& site : bed_->portal().sites()) {
    for (const auto& url : site.disallowed_urls) {
      ++disallowed_linked;
      EXPECT_EQ(counts.count(url), 0u) << url;
    }
  }
  EXPECT_GT(disallowed_linked, 0);  // the bed does link Disallowed pages
}

TEST_F(PolitenessTest, OneRequestAtATimeAndMinimumGapPerHost) {
  for (const auto& site : bed_->portal().sites()) {
    auto requests = CrawlBed::ForHost(*log_, site.host);
    int64_t required_us = std::max<int64_t>(options_->min_delay_ms, site.crawl_delay_ms) * 1000;
    for (size_t i = 1; i < requests.size(); ++i) {
      int64_t gap = requests[i].start_us - requests[i - 1].end_us;
      EXPECT_GE(gap + kServerStampToleranceUs, required_us)
          << site.host << " " << requests[i - 1].target << " -> " << requests[i].target;
    }
  }
}

TEST_F(PolitenessTest, CrawlDelayHoldsFromTheFirstRequestAfterRobots) {
  const auto& site = bed_->portal().sites()[0];
  ASSERT_EQ(site.crawl_delay_ms, 1000);
  auto requests = CrawlBed::ForHost(*log_, site.host);
  ASSERT_GE(requests.size(), 2u);
  EXPECT_GE(requests[1].start_us - requests[0].end_us + kServerStampToleranceUs, 1000 * 1000);
}

TEST_F(PolitenessTest, SitemapNamedInRobotsTxtIsRead) {
  const auto& site = bed_->portal().sites()[0];
  ASSERT_FALSE(site.sitemap_urls.empty());
  auto counts = CrawlBed::RequestCounts(*log_);
  EXPECT_EQ(counts[site.sitemap_urls[0]], 1);
}

TEST_F(PolitenessTest, HostsOnOneIpShareOneBudget) {
  std::vector<LoggedRequest> same_ip;
  for (const auto& r : *log_) {
    if (r.ip == "127.0.3.3") same_ip.push_back(r);
  }
  std::sort(same_ip.begin(), same_ip.end(),
            [](const auto& a, const auto& b) { return a.start_us < b.start_us; });
  ASSERT_GT(same_ip.size(), 10u);
  std::set<std::string> hosts;
  for (size_t i = 1; i < same_ip.size(); ++i) {
    hosts.insert(same_ip[i].host);
    EXPECT_GE(same_ip[i].start_us - same_ip[i - 1].end_us + kServerStampToleranceUs,
              options_->min_delay_ms * 1000)
        << same_ip[i - 1].host << same_ip[i - 1].target << " -> " << same_ip[i].host << same_ip[i].target;
  }
  EXPECT_EQ(hosts.size(), 2u);
}

TEST_F(PolitenessTest, RetryAfterHonoured) {
  int answered_429 = 0;
  for (const auto& site : bed_->portal().sites()) {
    auto requests = CrawlBed::ForHost(*log_, site.host);
    for (size_t i = 0; i + 1 < requests.size(); ++i) {
      if (requests[i].status != 429 && requests[i].status != 503) continue;
      ++answered_429;
      EXPECT_GE(requests[i + 1].start_us - requests[i].end_us + kServerStampToleranceUs, 1000 * 1000)
          << site.host << requests[i].target;
    }
  }
  EXPECT_GT(answered_429, 0);
}

TEST_F(PolitenessTest, EveryReportAndAttachmentFoundAcrossPaginationStyles) {
  auto counts = CrawlBed::RequestCounts(*log_);
  auto archived = bed_->ArchivedReports();
  for (const auto& site : bed_->portal().sites()) {
    ASSERT_FALSE(site.report_urls.empty());
    for (const auto& url : site.report_urls) {
      EXPECT_EQ(archived.count(url), 1u) << "report not archived: " << url;
    }
    for (const auto& url : site.attachment_urls)
      EXPECT_GE(counts[url], 1) << "attachment not fetched: " << url;
    for (const auto& url : site.all_listing_urls)
      EXPECT_GE(counts[url], 1) << "listing page not fetched: " << url;
  }
}

TEST_F(PolitenessTest, NoUrlFetchedTwiceExceptRetries) {
  for (const auto& [url, n] : CrawlBed::RequestCounts(*log_)) {
    bool retried = false;
    for (const auto& r : *log_) retried |= CrawlBed::UrlOf(r) == url && (r.status == 429 || r.status >= 500);
    if (!retried) {
      EXPECT_EQ(n, 1) << url;
    }
  }
}

}  // namespace
}  // namespace gongkai::testing
