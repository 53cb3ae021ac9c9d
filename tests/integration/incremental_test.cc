// The nightly re-crawl: a second crawl of an unchanged portal sends conditional requests, gets
// 304s and stores no new blob; a changed report is fetched and counted as changed.
#include <gtest/gtest.h>

#include <set>

#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

std::set<std::string> BodyDigestsOfRun(storage::Archive* archive, int64_t run_id) {
  std::set<std::string> out;
  archive->ForEachCapture({}, [&](const storage::Capture& c) {
    if (c.run_id == run_id && !c.body_sha256.empty()) out.insert(c.body_sha256);
    return true;
  });
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

}  // namespace
}  // namespace gongkai::testing
