// Faults asserted from the portal's log and the archive: a failing host is parked, the calendar trap
// and the redirect loop are capped, resets/short bodies are retried a bounded number of times, an
// oversized page is cut and marked truncated, an anti-bot challenge is recorded, never archived.
#include <gtest/gtest.h>

#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

using portal::LoggedRequest;
using portal::SiteSpec;

int CountPrefix(const std::vector<LoggedRequest>& log, const std::string& host, const std::string& prefix) {
  int n = 0;
  for (const auto& r : log) n += r.host == host && r.target.rfind(prefix, 0) == 0;
  return n;
}

class FaultsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SiteSpec failing;
    failing.name = "故障市人民政府";
    failing.ip = "127.0.4.1";
    failing.tmpl = portal::Template::kPlain;
    failing.faults.burst_503_after = 1;  // robots.txt answers; everything after is 503
    failing.faults.burst_503_length = 1000000;
    failing.faults.retry_after_s = 1;
    SiteSpec faulty;
    faulty.name = "测试县人民政府";
    faulty.ip = "127.0.4.2";
    faulty.report_count = 4;
    faulty.faults.connection_reset = true;
    faulty.faults.truncated_body = true;
    faulty.faults.redirect_loop = true;
    faulty.faults.redirects = true;
    faulty.faults.slow_drip_ms = 2;
    faulty.faults.oversized_bytes = 3 << 20;
    faulty.faults.crawler_trap = true;
    SiteSpec walled;
    walled.name = "防护市人民政府";
    walled.ip = "127.0.4.3";
    walled.tmpl = portal::Template::kPlain;
    walled.faults.anti_bot_challenge = true;
    bed_ = new CrawlBed({failing, faulty, walled});
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
  const portal::SiteInfo& site(int i) { return bed_->portal().sites()[i]; }

  static CrawlBed* bed_;
  static crawler::Options* options_;
  static crawler::RunSummary* summary_;
  static std::vector<LoggedRequest>* log_;
  static int exit_code_;
};

CrawlBed* FaultsTest::bed_ = nullptr;
crawler::Options* FaultsTest::options_ = nullptr;
crawler::RunSummary* FaultsTest::summary_ = nullptr;
std::vector<LoggedRequest>* FaultsTest::log_ = nullptr;
int FaultsTest::exit_code_ = -1;

TEST_F(FaultsTest, FailingHostIsParkedAndReported) {
  EXPECT_EQ(exit_code_, 5);  // kExitPartial
  EXPECT_EQ(summary_->ParkedHosts(), std::vector<std::string>{site(0).host});
  // robots.txt, then park_host_after_failures failures, then nothing more.
  int requests = static_cast<int>(CrawlBed::ForHost(*log_, site(0).host).size());
  EXPECT_LE(requests, 1 + options_->park_host_after_failures);
}

TEST_F(FaultsTest, BackoffHonoursRetryAfterOnTheFailingHost) {
  auto requests = CrawlBed::ForHost(*log_, site(0).host);
  for (size_t i = 1; i + 1 < requests.size(); ++i) {
    EXPECT_GE(requests[i + 1].start_us - requests[i].end_us + kServerStampToleranceUs, 1000 * 1000);
  }
}

TEST_F(FaultsTest, CalendarTrapIsCapped) {
  EXPECT_LE(CountPrefix(*log_, site(1).host, "/calendar/"), options_->max_depth);
}

TEST_F(FaultsTest, RedirectLoopIsCappedAndRecorded) {
  EXPECT_LE(CountPrefix(*log_, site(1).host, "/loop/"), options_->max_redirects + 1);
  EXPECT_GE(summary_->errors_by_kind.count("redirect_loop"), 1u);
}

TEST_F(FaultsTest, ResetsAndShortBodiesRetriedBoundedly) {
  for (const char* path : {"/reset/", "/truncated/"}) {
    int n = CountPrefix(*log_, site(1).host, path);
    EXPECT_GE(n, 1) << path;
    EXPECT_LE(n, options_->max_retries + 1) << path;
  }
}

TEST_F(FaultsTest, RedirectedReportArchivedWithItsChain) {
  auto archive = bed_->OpenArchive();
  ASSERT_TRUE(archive);
  bool found = false;
  EXPECT_TRUE(archive
                  ->ForEachCapture({},
                                   [&](const storage::Capture& c) {
                                     if (c.url.find("/go/report/") != std::string::npos) {
                                       found = true;
                                       EXPECT_EQ(c.status, 200);
                                       EXPECT_GE(c.redirect_chain.size(), 2u);
                                       EXPECT_NE(c.final_url, c.url);
                                     }
                                     return true;
                                   })
                  .ok());
  EXPECT_TRUE(found);
}

TEST_F(FaultsTest, OversizedPageCutAndMarkedTruncated) {
  auto archive = bed_->OpenArchive();
  ASSERT_TRUE(archive);
  bool found = false;
  EXPECT_TRUE(archive
                  ->ForEachCapture({},
                                   [&](const storage::Capture& c) {
                                     if (c.url.find("/big/") != std::string::npos) {
                                       found = true;
                                       EXPECT_TRUE(c.truncated);
                                       EXPECT_LE(c.body_size, options_->max_body_bytes);
                                       EXPECT_NE(c.page_kind, storage::PageKind::kReport)
                                           << "half a page is not a report";
                                     }
                                     return true;
                                   })
                  .ok());
  EXPECT_TRUE(found);
}

TEST_F(FaultsTest, TruncatedPageIsNeitherReportNorSearchable) {
  for (const auto& [url, digest] : bed_->ArchivedReports())
    EXPECT_EQ(url.find("/big/"), std::string::npos) << url;
}

TEST_F(FaultsTest, EveryReportOfTheFaultySiteStillFound) {
  auto archived = bed_->ArchivedReports();
  for (const auto& url : site(1).report_urls) EXPECT_EQ(archived.count(url), 1u) << url;
  EXPECT_FALSE(summary_->hosts.empty());
}

TEST_F(FaultsTest, ChallengeRecordedPerHostAndNeverArchivedAsReport) {
  EXPECT_EQ(summary_->ChallengedHosts(), std::vector<std::string>{site(2).host});
  auto archive = bed_->OpenArchive();
  ASSERT_TRUE(archive);
  int challenges = 0;
  EXPECT_TRUE(archive
                  ->ForEachCapture({},
                                   [&](const storage::Capture& c) {
                                     if (c.url.find(site(2).host) == std::string::npos) return true;
                                     EXPECT_NE(c.page_kind, storage::PageKind::kReport) << c.url;
                                     if (c.page_kind == storage::PageKind::kChallenge) {
                                       ++challenges;
                                       EXPECT_TRUE(c.body_sha256.empty())
                                           << "challenge body archived: " << c.url;
                                       EXPECT_EQ(c.status, 521);
                                     }
                                     return true;
                                   })
                  .ok());
  EXPECT_GE(challenges, 1);
}

}  // namespace
}  // namespace gongkai::testing
