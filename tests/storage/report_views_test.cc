// The read views the browser (serve/) needs: one report by its capture id (ReportFilter::capture_id,
// the JSONL object of one report) and reports per site and publication year (Archive::Coverage).
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

class ReportViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1700000000000}, &run_).ok());
  }

  int64_t AddReport(const std::string& url, const std::string& title, const std::string& published,
                    int64_t started_at_ms = 1700000000000) {
    Capture c = testing::MakeCapture(run_, url);
    c.started_at_ms = started_at_ms;
    ExtractionRecord e = testing::MakeExtraction(title, "正文 " + title);
    e.published = published;
    RecordedFetch recorded;
    Status status =
        archive_->RecordFetch(c, std::string_view("<html>" + title + "</html>"), true, {}, &e, &recorded);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return recorded.capture_id;
  }

  testing::TempDir dir_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
};

TEST_F(ReportViewsTest, CaptureIdFilterGivesExactlyThatReportsJsonlObject) {
  AddReport("http://a.test/1.html", "甲报告", "2022-03-01");
  int64_t second = AddReport("http://a.test/2.html", "乙报告", "2023-03-01");
  ExportOptions options;
  options.filter.capture_id = second;
  std::ostringstream out;
  ExportResult result;
  ASSERT_TRUE(ExportJsonl(*archive_, options, out, &result).ok());
  ASSERT_EQ(result.reports, 1);
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["title"], "乙报告");
  EXPECT_EQ(j["provenance"]["capture_id"], second);
}

TEST_F(ReportViewsTest, CaptureIdFilterIgnoresCapturesThatAreNotAReportsCurrentOne) {
  int64_t old_capture = AddReport("http://a.test/1.html", "旧版", "2022-03-01");
  AddReport("http://a.test/1.html", "新版", "2022-03-01", 1700000100000);
  ReportFilter filter;
  filter.capture_id = old_capture;
  int seen = 0;
  ASSERT_TRUE(archive_->ForEachReport(filter, [&](const Report&) { return ++seen, true; }).ok());
  EXPECT_EQ(seen, 0);
}

TEST_F(ReportViewsTest, CoverageCountsReportsPerHostSiteAndYear) {
  AddReport("http://a.test/1.html", "甲", "2022-03-01", 1700000000000);
  AddReport("http://a.test/2.html", "乙", "2022-05-01", 1700000500000);
  AddReport("http://a.test/3.html", "丙", "2023-01-10", 1700000200000);
  AddReport("http://b.test/1.html", "丁", "", 1700000300000);
  AddReport("http://a.test/1.html", "甲二", "2022-03-01", 1700000900000);  // a recapture: still one report
  std::vector<CoverageRow> rows;
  ASSERT_TRUE(archive_->Coverage(&rows).ok());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].host, "a.test");
  EXPECT_EQ(rows[0].year, 2022);
  EXPECT_EQ(rows[0].reports, 2);
  EXPECT_EQ(rows[0].last_capture_ms, 1700000900000);
  EXPECT_EQ(rows[1].year, 2023);
  EXPECT_EQ(rows[1].reports, 1);
  EXPECT_EQ(rows[2].host, "b.test");
  EXPECT_EQ(rows[2].year, 0);  // no publication date
  EXPECT_EQ(rows[2].site, "测试市人民政府");
}

}  // namespace
}  // namespace gongkai::storage
