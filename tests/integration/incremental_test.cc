// The nightly re-crawl: a second crawl of an unchanged portal sends conditional requests, gets
// 304s and stores no new blob; a changed report is fetched and counted as changed; with a recrawl
// interval, known reports and attachments are not asked at all until it has passed.
#include <gtest/gtest.h>

#include <set>

#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

std::set<std::string> BodyDigestsOfRun(storage::Archive* archive, int64_t run_id) {
  std::set<std::string> out;
  EXPECT_TRUE(archive
                  ->ForEachCapture({},
                                   [&](const storage::Capture& c) {
                                     if (c.run_id == run_id && !c.body_sha256.empty())
                                       out.insert(c.body_sha256);
                                     return true;
                                   })
                  .ok());
  return out;
}

TEST(IncrementalTest, SecondCrawlIsConditionalAndStoresNothingNew) {
  portal::SiteSpec trs;
  trs.name = "甲区人民政府";
  trs.ip = "127.0.5.1";
  trs.report_count = 4;
  trs.attachments = true;
  portal::SiteSpec hanweb;
  hanweb.name = "丙市人民政府";
  hanweb.ip = "127.0.5.2";
  hanweb.tmpl = portal::Template::kHanwebJcms;
  hanweb.robots = portal::Robots::kNone;
  hanweb.report_count = 4;
  CrawlBed bed({trs, hanweb});
  crawler::Options options = FastOptions();

  app::CrawlRunOutcome first;
  ASSERT_EQ(bed.Crawl(options, &first), 0);
  ASSERT_TRUE(first.finished);
  EXPECT_EQ(first.summary.reports_new, 8);
  size_t first_log = bed.portal().RequestLog().size();

  app::CrawlRunOutcome second;
  ASSERT_EQ(bed.Crawl(options, &second), 0);
  EXPECT_NE(second.run_id, first.run_id);
  EXPECT_EQ(second.summary.reports_new, 0);
  EXPECT_EQ(second.summary.reports_changed, 0);
  EXPECT_GE(second.summary.not_modified, 8);

  auto log = bed.portal().RequestLog();
  int conditional = 0, not_modified = 0;
  for (size_t i = first_log; i < log.size(); ++i) {
    conditional += !log[i].if_none_match.empty() || !log[i].if_modified_since.empty();
    not_modified += log[i].status == 304;
  }
  EXPECT_GE(conditional, 8);
  EXPECT_EQ(not_modified, conditional);

  auto archive = bed.OpenArchive();
  ASSERT_TRUE(archive);
  auto before = BodyDigestsOfRun(archive.get(), first.run_id);
  for (const auto& digest : BodyDigestsOfRun(archive.get(), second.run_id)) {
    EXPECT_EQ(before.count(digest), 1u) << "new blob in the second crawl: " << digest;
  }
}

TEST(IncrementalTest, ChangedReportIsRefetchedAndCountedAsChanged) {
  portal::SiteSpec trs;
  trs.name = "乙区人民政府";
  trs.ip = "127.0.5.3";
  trs.report_count = 3;
  CrawlBed bed({trs});
  crawler::Options options = FastOptions();
  app::CrawlRunOutcome first, second;
  ASSERT_EQ(bed.Crawl(options, &first), 0);
  ASSERT_TRUE(bed.portal().ModifyReport(0, 1));
  ASSERT_EQ(bed.Crawl(options, &second), 0);
  EXPECT_EQ(second.summary.reports_changed, 1);
  EXPECT_EQ(second.summary.not_modified, 2);
}

TEST(IncrementalTest, RecrawlIntervalSkipsKnownReportsAndAttachmentsUntilItPasses) {
  portal::SiteSpec trs;
  trs.name = "丁区人民政府";
  trs.ip = "127.0.5.4";
  trs.report_count = 3;
  trs.attachments = true;
  CrawlBed bed({trs});
  const portal::SiteInfo& site = bed.portal().sites()[0];
  ASSERT_FALSE(site.attachment_urls.empty());
  crawler::Options options = FastOptions();
  app::CrawlRunOutcome first, within, after;
  ASSERT_EQ(bed.Crawl(options, &first), 0);
  size_t first_end = bed.portal().RequestLog().size();

  options.recrawl_interval_ms = 3600 * 1000;  // an hour: the first crawl is seconds old
  ASSERT_EQ(bed.Crawl(options, &within), 0);
  auto log = bed.portal().RequestLog();
  size_t within_end = log.size();
  std::vector<portal::LoggedRequest> second(log.begin() + static_cast<long>(first_end), log.end());
  auto counts = CrawlBed::RequestCounts(second);
  for (const auto& url : site.report_urls) EXPECT_EQ(counts.count(url), 0u) << url;
  for (const auto& url : site.attachment_urls) EXPECT_EQ(counts.count(url), 0u) << url;
  EXPECT_EQ(counts[site.listing_urls[0]], 1) << "listing pages are always refetched";
  EXPECT_EQ(within.summary.skipped_recent, static_cast<int64_t>(site.report_urls.size()));
  EXPECT_EQ(within.summary.not_modified, 0);

  options.recrawl_interval_ms = 1;  // passed: revalidate everything again
  ASSERT_EQ(bed.Crawl(options, &after), 0);
  log = bed.portal().RequestLog();
  int conditional = 0;
  for (size_t i = within_end; i < log.size(); ++i) {
    conditional += !log[i].if_none_match.empty() || !log[i].if_modified_since.empty();
  }
  EXPECT_GE(conditional, static_cast<int>(site.report_urls.size() + site.attachment_urls.size()));
  EXPECT_EQ(after.summary.skipped_recent, 0);
}

}  // namespace
}  // namespace gongkai::testing
