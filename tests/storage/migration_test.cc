// Archives written by earlier gongkai versions: data/archive-v2.sqlite was written by gongkai at
// schema version 2 (uncompressed extraction text, positional search index) by importing one
// handmade WARC record. Opening it read-write must migrate it without losing anything.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace gongkai::storage
