// A site is host plus non-default port (base/url.h HostPortOf): `stats` lists 127.0.0.1 and
// 127.0.0.1:8080 apart, and --site 127.0.0.1:8080 selects only that port's reports and captures.
// Archives written before the port was kept filed every capture under the bare host; --site with a
// port still finds their rows (by each row's own URL), and never a port-80 row of the same host.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include "seal.h"
#include "sqlite_util.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

class SitePortTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1700000000000}, &run_).ok());
    AddReport("http://127.0.0.1:8080/ndbg/2022.html", "八〇八〇年报");
    AddReport("http://127.0.0.1/ndbg/2022.html", "八十端口年报");
  }

  void AddReport(const std::string& url, const std::string& title) {
    Capture c = testing::MakeCapture(run_, url);
    ExtractionRecord e = testing::MakeExtraction(title, "正文 " + title);
    RecordedFetch recorded;
    Status status =
        archive_->RecordFetch(c, std::string_view("<html>" + title + "</html>"), true, {}, &e, &recorded);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  std::vector<std::string> ReportUrls(const std::string& site) {
    ReportFilter filter;
    filter.site = site;
    std::vector<std::string> urls;
    Status status = archive_->ForEachReport(filter, [&](const Report& r) {
      urls.push_back(r.capture.url);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return urls;
  }

  std::vector<std::string> CaptureUrls(const std::string& site) {
    ReportFilter filter;
    filter.site = site;
    std::vector<std::string> urls;
    Status status = archive_->ForEachCapture(filter, [&](const Capture& c) {
      urls.push_back(c.url);
      return true;
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return urls;
  }

  size_t SearchHits(const std::string& site) {
    SearchQuery query = testing::Query("年报");
    query.site = site;
    std::vector<SearchHit> hits;
    Status status = archive_->Search(query, &hits);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return hits.size();
  }

  // Rewrites every host column to the bare host, as gongkai wrote it before the port was kept (the
  // rows are resealed, as that gongkai sealed them).
  void MakeOldStyleArchive() {
    archive_.reset();
    {
      Db db;
      ASSERT_TRUE(db.Open(testing::TestOptions(dir_).path, SQLITE_OPEN_READWRITE).ok());
      ASSERT_TRUE(RegisterSealFunctions(db.raw()).ok());
      ASSERT_TRUE(CreateSealTriggers(&db).ok());
      ASSERT_TRUE(db.Exec("UPDATE captures SET host = '127.0.0.1';", "strip the ports").ok());
    }
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
  }

  testing::TempDir dir_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
};

TEST_F(SitePortTest, StatsListANonDefaultPortAsItsOwnSite) {
  std::vector<SiteStats> sites;
  ASSERT_TRUE(archive_->Stats(&sites).ok());
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[0].host, "127.0.0.1");
  EXPECT_EQ(sites[0].reports, 1);
  EXPECT_EQ(sites[1].host, "127.0.0.1:8080");
  EXPECT_EQ(sites[1].reports, 1);
  EXPECT_EQ(sites[1].captures, 1);
}

TEST_F(SitePortTest, SiteWithPortSelectsOnlyThatPort) {
  EXPECT_EQ(ReportUrls("127.0.0.1:8080"), std::vector<std::string>{"http://127.0.0.1:8080/ndbg/2022.html"});
  EXPECT_EQ(ReportUrls("127.0.0.1"), std::vector<std::string>{"http://127.0.0.1/ndbg/2022.html"});
  EXPECT_EQ(CaptureUrls("127.0.0.1:8080"), std::vector<std::string>{"http://127.0.0.1:8080/ndbg/2022.html"});
  EXPECT_EQ(SearchHits("127.0.0.1:8080"), 1u);
  EXPECT_EQ(SearchHits("127.0.0.1:9090"), 0u);
}

TEST_F(SitePortTest, OldArchivesRowsWithoutThePortStillMatchBySiteWithPort) {
  MakeOldStyleArchive();
  // The trap: the port-80 report of the same host must not come along.
  EXPECT_EQ(ReportUrls("127.0.0.1:8080"), std::vector<std::string>{"http://127.0.0.1:8080/ndbg/2022.html"});
  EXPECT_EQ(CaptureUrls("127.0.0.1:8080"), std::vector<std::string>{"http://127.0.0.1:8080/ndbg/2022.html"});
  EXPECT_EQ(SearchHits("127.0.0.1:8080"), 1u);
  // The bare host keeps its old meaning there: every port.
  EXPECT_EQ(ReportUrls("127.0.0.1").size(), 2u);
  std::vector<SiteStats> sites;
  ASSERT_TRUE(archive_->Stats(&sites).ok());
  ASSERT_EQ(sites.size(), 1u);
  EXPECT_EQ(sites[0].host, "127.0.0.1");
}

}  // namespace
}  // namespace gongkai::storage
