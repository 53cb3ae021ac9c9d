// Helpers shared by the storage tests: unique temp directories and record builders.
#pragma once

#include <unistd.h>

#include <algorithm>
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
    // A parameterised test's name holds '/' ("Test/param"): one directory level, not two, so that
    // the destructor's remove_all leaves nothing behind.
    std::replace(name.begin(), name.end(), '/', '_');
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

// SQL taking an archive written by this gongkai back to the rows of schema 15 (schema.cc: 15 -> 16
// made body references row ids, reports rows of their capture and request headers the run's), for
// the tests that migrate an
// archive of version 15 or older; run on a connection without foreign keys, then set user_version.
inline constexpr char kBackToVersion15[] = R"sql(
UPDATE captures SET request_headers = (SELECT h.block FROM run_request_headers h WHERE h.run_id = captures.run_id)
  WHERE request_headers = x'02';
DROP TABLE run_request_headers;
CREATE TABLE blobs_v15(
  id          INTEGER PRIMARY KEY,
  sha256      TEXT NOT NULL UNIQUE,
  size        INTEGER NOT NULL,
  compression TEXT NOT NULL CHECK (compression IN ('zstd', 'none')),
  stored_size INTEGER NOT NULL,
  data        BLOB NOT NULL
);
INSERT INTO blobs_v15 SELECT id, lower(hex(sha256)), size, compression, stored_size, data FROM blobs;
DROP TABLE blobs;
ALTER TABLE blobs_v15 RENAME TO blobs;
ALTER TABLE captures ADD COLUMN body_sha256 TEXT REFERENCES blobs(sha256);
UPDATE captures SET body_sha256 = (SELECT b.sha256 FROM blobs b WHERE b.id = captures.body_id);
DROP INDEX captures_by_body;
ALTER TABLE captures DROP COLUMN body_id;
CREATE INDEX captures_by_body ON captures(body_sha256);
ALTER TABLE capture_hops ADD COLUMN body_sha256 TEXT REFERENCES blobs(sha256);
UPDATE capture_hops SET body_sha256 = (SELECT b.sha256 FROM blobs b WHERE b.id = capture_hops.body_id);
ALTER TABLE capture_hops DROP COLUMN body_id;
CREATE TABLE extractions_v15(
  id                INTEGER PRIMARY KEY,
  body_sha256       TEXT NOT NULL REFERENCES blobs(sha256),
  capture_id        INTEGER NOT NULL REFERENCES captures(id),
  extractor_version TEXT NOT NULL,
  extracted_at_ms   INTEGER NOT NULL,
  title             TEXT NOT NULL,
  published         TEXT NOT NULL,
  source            TEXT NOT NULL,
  site              TEXT NOT NULL,
  column_name       TEXT NOT NULL,
  attachments_json  TEXT NOT NULL,
  charset           TEXT NOT NULL, text_zstd BLOB NOT NULL DEFAULT x'', tables_zstd BLOB NOT NULL DEFAULT x'', seal BLOB,
  UNIQUE (body_sha256, extractor_version)
);
INSERT INTO extractions_v15
  SELECT e.id, (SELECT b.sha256 FROM blobs b WHERE b.id = e.body_id), e.capture_id, e.extractor_version,
         e.extracted_at_ms, e.title, e.published, e.source, e.site, e.column_name, e.attachments_json, e.charset,
         e.text_zstd, e.tables_zstd, e.seal
  FROM extractions e;
DROP TABLE extractions;
ALTER TABLE extractions_v15 RENAME TO extractions;
CREATE INDEX extractions_by_capture ON extractions(capture_id);
CREATE TABLE reports_v15(
  url           TEXT PRIMARY KEY,
  capture_id    INTEGER NOT NULL REFERENCES captures(id),
  extraction_id INTEGER REFERENCES extractions(id),
  host          TEXT NOT NULL
, seal BLOB);
INSERT INTO reports_v15 SELECT c.url, r.capture_id, r.extraction_id, c.host, r.seal
  FROM reports r JOIN captures c ON c.id = r.capture_id;
DROP TABLE reports;
ALTER TABLE reports_v15 RENAME TO reports;
CREATE INDEX reports_by_extraction ON reports(extraction_id);
CREATE INDEX reports_by_capture ON reports(capture_id);
)sql";

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
