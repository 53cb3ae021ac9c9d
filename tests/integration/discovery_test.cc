// Finding every report from a portal's front door (issue 9), asserted against the portal's own
// truth and request log: seeds naming only home pages find exactly report_urls on every site (the
// demo set, plus sites that reach their 年报 column only through navigation and a 集约化 platform
// with 24 department sub-columns whose items lack keywords), politely. Pager traps are bounded
// (issue 16.2), through the binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

using portal::LoggedRequest;
using portal::SiteSpec;

std::vector<SiteSpec> FrontDoorSites() {
  std::vector<SiteSpec> sites = portal::DefaultSites();
  for (const auto& s : portal::StructureSites()) sites.push_back(s);
  for (auto& s : sites) {
    s.port = 0;
    s.ip = "127.0.7." + s.ip.substr(s.ip.rfind('.') + 1);
  }
  return sites;
}

class FrontDoorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bed_ = new CrawlBed(FrontDoorSites());
    options_ = new crawler::Options(FastOptions());
    app::CrawlRunOutcome outcome;
    exit_code_ = bed_->CrawlSeeds(*options_, bed_->HomeSeeds(options_->min_delay_ms), &outcome);
    summary_ = new crawler::RunSummary(outcome.summary);
    log_ = new std::vector<LoggedRequest>(bed_->portal().RequestLog());
    archived_ = new std::map<std::string, std::string>(bed_->ArchivedReports());
  }
  static void TearDownTestSuite() {
    delete archived_;
    delete log_;
    delete summary_;
    delete options_;
    delete bed_;
  }

  static CrawlBed* bed_;
  static crawler::Options* options_;
  static crawler::RunSummary* summary_;
  static std::vector<LoggedRequest>* log_;
  static std::map<std::string, std::string>* archived_;
  static int exit_code_;
};

CrawlBed* FrontDoorTest::bed_ = nullptr;
crawler::Options* FrontDoorTest::options_ = nullptr;
crawler::RunSummary* FrontDoorTest::summary_ = nullptr;
std::vector<LoggedRequest>* FrontDoorTest::log_ = nullptr;
std::map<std::string, std::string>* FrontDoorTest::archived_ = nullptr;
int FrontDoorTest::exit_code_ = -1;

TEST_F(FrontDoorTest, HomeSeedsFindEveryReportAndNothingElse) {
  EXPECT_TRUE(summary_->complete()) << crawler::ToString(summary_->stop_reason);
  size_t expected_total = 0;
  for (const auto& site : bed_->portal().sites()) {
    SCOPED_TRACE(site.name);
    std::set<std::string> expected(site.report_urls.begin(), site.report_urls.end());
    std::set<std::string> found;
    for (const auto& [url, digest] : *archived_) {
      if (url.rfind(site.base_url + "/", 0) == 0) found.insert(url);
    }
    EXPECT_EQ(found, expected);  // recall and precision, per site
    expected_total += expected.size();
  }
  EXPECT_EQ(archived_->size(), expected_total);
  EXPECT_GE(expected_total, 150u);
}

TEST_F(FrontDoorTest, DepartmentReportsWithoutKeywordsAreFound) {
  const auto& platform = bed_->portal().sites()[8];  // StructureSites()[0]: 24 departments
  ASSERT_EQ(platform.spec.departments, 24);
  int keywordless = 0;
  for (const auto& url : platform.report_urls) {
    if (url.find("/xxgk/bmnb/") == std::string::npos) continue;
    EXPECT_EQ(archived_->count(url), 1u) << url;
    ++keywordless;
  }
  EXPECT_GE(keywordless, 60);
}

TEST_F(FrontDoorTest, RobotsFirstNoDisallowedUrlAndTheGapHeldPerHost) {
  auto counts = CrawlBed::RequestCounts(*log_);
  for (const auto& site : bed_->portal().sites()) {
    auto requests = CrawlBed::ForHost(*log_, site.host);
    ASSERT_FALSE(requests.empty()) << site.host;
    EXPECT_EQ(requests[0].target, "/robots.txt") << site.host;
    for (const auto& url : site.disallowed_urls) EXPECT_EQ(counts.count(url), 0u) << url;
    int64_t required_us = std::max<int64_t>(options_->min_delay_ms, site.crawl_delay_ms) * 1000;
    for (size_t i = 1; i < requests.size(); ++i) {
      EXPECT_GE(requests[i].start_us - requests[i - 1].end_us + kServerStampToleranceUs, required_us)
          << site.host << " " << requests[i - 1].target << " -> " << requests[i].target;
    }
  }
}

TEST_F(FrontDoorTest, SidebarKeywordLinksAreNeverFetched) {
  for (const auto& r : *log_)
    EXPECT_EQ(r.target.rfind("/xxgk/hot/", 0), std::string::npos) << r.host << r.target;
}

TEST_F(FrontDoorTest, RedirectAliasCountsOnce) {
  for (const auto& [url, digest] : *archived_) EXPECT_EQ(url.find("/go/report/"), std::string::npos) << url;
}

// Issue 16.2: a 下一页 chain to new pages forever stops at max_listing_pages; a pager whose pages
// repeat their items stops at the first repeat. Through the binary, with the trap named in its output.
TEST(PagerTrapTest, PlainNextChainsAndRepeatingListsAreBoundedThroughTheBinary) {
  SiteSpec spec;
  spec.name = "陷阱县人民政府";
  spec.ip = "127.0.7.40";
  spec.report_count = 4;
  spec.faults.pager_traps = true;
  CrawlBed bed({spec});
  crawler::Options options = FastOptions();
  options.min_delay_ms = 20;
  std::string config = bed.WriteConfig(options);
  std::string text;
  {
    std::ifstream in(config);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  text.insert(text.find("[archive]"), "max_listing_pages = 5\n");  // a [crawler] key
  std::ofstream(config) << text;
  const auto& site = bed.portal().sites()[0];
  std::string command = std::string(GONGKAI_BINARY) + " --config " + config + " crawl --url " +
                        site.home_url + " --progress none 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  int status = pclose(pipe);
  ASSERT_TRUE(WIFEXITED(status)) << output;
  EXPECT_TRUE(WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 5) << output;
  int chain = 0, repeating = 0;
  for (const auto& r : bed.portal().RequestLog()) {
    chain += r.target.rfind("/trap/b/list.jsp", 0) == 0;
    repeating += r.target.rfind("/trap/a/list.jsp", 0) == 0;
  }
  EXPECT_GE(chain, 2);
  EXPECT_LE(chain, 1 + 5) << "the 下一页 chain went past max_listing_pages";
  EXPECT_EQ(repeating, 2) << "a page repeating its predecessor's items must stop the pager";
  EXPECT_NE(output.find("pager does not converge"), std::string::npos) << output;
  EXPECT_NE(output.find("pager trap"), std::string::npos) << output;
  // Every real report of the site is still found.
  auto archived = bed.ArchivedReports();
  for (const auto& url : site.report_urls) EXPECT_EQ(archived.count(url), 1u) << url;
}

}  // namespace
}  // namespace gongkai::testing
