// Helpers shared by the storage tests: unique temp directories and record builders.
#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "storage/archive.h"
#include "storage/records.h"

namespace gongkai::storage::testing {

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = "gongkai-storage-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                       "-" + (info ? info->name() : "x");
    path_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline Options TestOptions(const TempDir& dir) {
  Options options;
  options.path = dir.File("archive/test.sqlite");
  options.zstd_level = 3;  // fast; compression level does not change behaviour
  options.durable_commits = false;
  return options;
}

inline std::unique_ptr<Archive> OpenOrDie(const Options& options) {
  std::unique_ptr<Archive> archive;
  Status status = Archive::Open(options, &archive);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return archive;
}

inline Capture MakeCapture(int64_t run_id, const std::string& url, int status = 200,
                           PageKind kind = PageKind::kReport) {
  Capture c;
  c.run_id = run_id;
  c.url = url;
  c.final_url = url;
  c.status = status;
  c.request_headers = {{"User-Agent", "gongkai-test"}, {"Accept", "*/*"}};
  c.response_headers = {{"Content-Type", "text/html; charset=utf-8"}, {"ETag", "\"v1\""}};
  c.remote_ip = "127.0.0.1";
  c.started_at_ms = 1700000000000;
  c.duration_ms = 12;
  c.page_kind = kind;
  c.discovery = kind == PageKind::kReport ? DiscoveryKind::kReport : DiscoveryKind::kSeed;
  return c;
}

inline ExtractionRecord MakeExtraction(const std::string& title, const std::string& text,
                                       const std::string& version = "test-1") {
  ExtractionRecord e;
  e.title = title;
  e.text = text;
  e.published = "2023-01-31";
  e.site = "测试市人民政府";
  e.source = "测试市统计局";
  e.column = "年度报告";
  e.charset = "utf-8";
  e.extractor_version = version;
  e.extracted_at_ms = 1700000001000;
  return e;
}

inline SearchQuery Query(const std::string& text) {
  SearchQuery query;
  query.text = text;
  return query;
}

}  // namespace gongkai::storage::testing
