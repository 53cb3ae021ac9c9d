// Archives written by earlier gongkai versions: data/archive-v2.sqlite was written by gongkai at
// schema version 2 (uncompressed extraction text, positional search index) by importing one
// handmade WARC record. Opening it read-write must migrate it without losing anything.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>

#include "storage/archive.h"
#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

class MigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = testing::TestOptions(dir_);
    std::filesystem::create_directories(std::filesystem::path(options_.path).parent_path());
    std::filesystem::copy_file(GONGKAI_STORAGE_TEST_DATA "/archive-v2.sqlite", options_.path);
  }

  testing::TempDir dir_;
  Options options_;
};

TEST_F(MigrationTest, ReadOnlyOpenOfAnOlderArchiveSaysHowToUpgrade) {
  std::unique_ptr<Archive> archive;
  Status status = Archive::OpenReadOnly(options_, &archive);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("schema version 2"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(options_.path), std::string::npos) << status.message();
}

TEST_F(MigrationTest, VersionTwoArchiveIsMigratedWithItsTextAndIndex) {
  auto archive = testing::OpenOrDie(options_);
  ASSERT_NE(archive, nullptr);
  std::vector<SearchHit> hits;
  ASSERT_TRUE(archive->Search(testing::Query("行政复议三件"), &hits).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].title, "迁移测试县2022年政府信息公开工作年度报告");
  EXPECT_NE(hits[0].snippet.find("[行政复议三件]"), std::string::npos) << hits[0].snippet;

  ExtractionRecord e;
  ASSERT_TRUE(archive->CurrentExtraction(hits[0].capture_id, &e).ok());
  EXPECT_NE(e.text.find("全县共收到政府信息公开申请四十二件"), std::string::npos) << e.text;
  EXPECT_NE(TablesJsonText(e).find("本年制发件数"), std::string::npos) << TablesJsonText(e);
  EXPECT_EQ(e.published, "2023-01-20T09:30:00");

  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
  EXPECT_EQ(report.extractions_checked, 1);
}

TEST_F(MigrationTest, MigratedArchiveOpensReadOnlyAfterwards) {
  testing::OpenOrDie(options_);
  std::unique_ptr<Archive> archive;
  Status status = Archive::OpenReadOnly(options_, &archive);
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::vector<SearchHit> hits;
  ASSERT_TRUE(archive->Search(testing::Query("四十二件"), &hits).ok());
  EXPECT_EQ(hits.size(), 1u);
}

// Schema 15 replaced the search index of one entry per extraction (report_fts) by the passage
// index (storage/src/passages.h), which the first writing open rebuilds from the extractions. An
// archive at version 14 is made here by taking a current one back: a fixed number, since later
// migrations are appended after this one.
constexpr int kVersionBeforePassageIndex = 14;
const char kBackToVersion14[] =
    "DROP TABLE report_fts_title; DROP TABLE report_fts_passage; DROP TABLE report_fts_passage_key; "
    "DROP TABLE report_fts_holding; DELETE FROM meta WHERE key IN ('next_passage_id', 'search_index_rebuild'); "
    "CREATE VIRTUAL TABLE report_fts USING fts5(title, text, content='', tokenize='ascii', columnsize=0);";

void TakeBack(const std::string& path, int version, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const std::string all = std::string(sql) + "PRAGMA user_version = " + std::to_string(version) + ";";
  EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// Every hit of every query, with its score and snippet, and the totals.
std::string SearchResults(Archive* archive) {
  std::string out;
  for (const char* text : {"年度报告", "信息公开 -行政复议", "title:通知", "本网站 申请", "植树 OR 复议",
                           "政", "\"工作 年度\"", "人民政府办公室"}) {
    std::vector<SearchHit> hits;
    int64_t total = 0;
    Status status = archive->Search(testing::Query(text), &hits, &total);
    EXPECT_TRUE(status.ok()) << status.ToString();
    out += std::string(text) + ": " + std::to_string(total) + "\n";
    for (const SearchHit& hit : hits) {
      char score[32];
      std::snprintf(score, sizeof(score), "%.9f", hit.score);
      out += "  " + hit.url + " " + score + " " + hit.snippet + "\n";
    }
  }
  return out;
}

TEST(PassageIndexMigrationTest, VersionFourteenIndexIsRebuiltAndSearchesAlike) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  std::string before;
  {
    auto archive = testing::OpenOrDie(options);
    int64_t run = 0;
    ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok());
    const std::string chrome = "本网站由某市人民政府办公室主办。\n";
    const char* const kReports[][3] = {
        {"http://a.gov.test/r/1.html", "某市2022年政府信息公开工作年度报告",
         "全年收到申请十件。\n行政复议两件。"},
        {"http://a.gov.test/r/2.html", "关于开展植树活动的通知", "各乡镇：植树活动通知如下。"},
        {"http://b.gov.test/r/3.html", "某县2021年政府信息公开工作年度报告", "信息公开工作年度报告全文。"},
    };
    for (const auto& r : kReports) {
      ExtractionRecord e = testing::MakeExtraction(r[1], chrome + r[2] + "\n" + chrome);
      Capture c = testing::MakeCapture(run, r[0]);
      const std::string body = std::string("<html>") + r[1] + r[2] + "</html>";
      ASSERT_TRUE(archive->RecordFetch(c, std::string_view(body), true, {}, &e, nullptr).ok());
    }
    before = SearchResults(archive.get());
  }
  TakeBack(options.path, kVersionBeforePassageIndex, kBackToVersion14);
  auto archive = testing::OpenOrDie(options);
  EXPECT_EQ(SearchResults(archive.get()), before);
  EXPECT_NE(before.find("人民政府办公室: 3"), std::string::npos) << before;
  std::string rebuild;
  EXPECT_TRUE(archive->GetMeta("search_index_rebuild", &rebuild).IsNotFound());
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

}  // namespace
}  // namespace gongkai::storage
