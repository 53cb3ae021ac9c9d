// Compact rows (schema "compact capture rows", docs/archive-format.md "captures", "extractions"): a
// final URL equal to the URL is stored as '' and read back as the URL by every reader; header blocks
// are packed against a built-in prefix (header_codec.h) and read back byte for byte; texts are
// stored against the built-in report template and their page (text_codec.h form 0x03); an archive
// written in the old forms is migrated and stays readable and clean under verify.
#include <sqlite3.h>

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "header_codec.h"
#include "storage/digest.h"
#include "text_codec.h"
#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

// ---- header_codec.h: the packed form is a BLOB 0x01 + zstd frame against kHeaderPrefixV1 ----

TEST(HeaderCodecTest, PackedBlockUnpacksByteForByte) {
  const std::string block =
      "Connection: close\r\nContent-Length: 6377\r\nContent-Type: text/html; charset=utf-8\r\n"
      "ETag: \"1ee1081281723e3c\"\r\nLast-Modified: Wed, 22 Mar 2023 03:26:00 GMT\r\n"
      "X-Odd:  two spaces, a tab\t and UTF-8 名称\r\n";
  std::string packed = PackHeaderBlock(block);
  ASSERT_FALSE(packed.empty());
  EXPECT_EQ(packed[0], '\x01');
  std::string back;
  ASSERT_TRUE(UnpackHeaderBlock(packed, &back).ok());
  EXPECT_EQ(back, block);
}

TEST(HeaderCodecTest, CommonFieldsTakeAFractionOfTheirSize) {
  const std::string block =
      "Connection: close\r\nContent-Length: 6377\r\nContent-Type: text/html; charset=utf-8\r\n"
      "ETag: \"1ee1081281723e3c\"\r\nLast-Modified: Wed, 22 Mar 2023 03:26:00 GMT\r\n";
  EXPECT_LT(PackHeaderBlock(block).size(), block.size() / 2);  // the prefix holds most of it
}

TEST(HeaderCodecTest, EmptyBlockPacksToEmpty) {
  EXPECT_EQ(PackHeaderBlock(""), "");
  std::string back = "x";
  ASSERT_TRUE(UnpackHeaderBlock("", &back).ok());
  EXPECT_EQ(back, "");
}

TEST(HeaderCodecTest, DamagedOrUnknownFormIsCorruption) {
  std::string packed = PackHeaderBlock("Content-Type: text/html\r\nContent-Length: 12\r\n");
  std::string back;
  std::string damaged = packed;
  damaged[damaged.size() - 2] ^= 0x55;
  EXPECT_TRUE(UnpackHeaderBlock(damaged, &back).IsCorruption());
  std::string unknown = packed;
  unknown[0] = '\x7f';
  EXPECT_TRUE(UnpackHeaderBlock(unknown, &back).IsCorruption());
}

// ---- text_codec.h form 0x03: a text against the built-in report template and its page ----

// One body, blobs row 7, and nothing else.
class OneBody : public DictionarySource {
 public:
  OneBody(std::string sha256, std::string body) : sha256_(std::move(sha256)), body_(std::move(body)) {}
  Status ForDecompression(uint32_t, const ZSTD_DDict**) override { return Status::Corruption("none"); }
  Status Body(const std::string& sha256, std::string* bytes) override {
    if (sha256 != sha256_) return Status::Corruption("body " + sha256 + " is missing");
    *bytes = body_;
    return Status::OK();
  }
  Status BodySha256OfId(int64_t blob_id, std::string* sha256) override {
    if (blob_id != 7) return Status::Corruption("body row " + std::to_string(blob_id) + " is missing");
    *sha256 = sha256_;
    return Status::OK();
  }
  Status StoredBody(const std::string&, std::string*, int64_t*, std::string*) override {
    return Status::Corruption("none");
  }
  DecodedBodyChain* LastChain() override { return &chain_; }

 private:
  std::string sha256_, body_;
  DecodedBodyChain chain_;
};

class TemplateCodecTest : public ::testing::Test {
 protected:
  // A page with a standard table, and the tables JSON the extractor makes of it.
  const std::string body_ =
      "<html><body><h1>某县2022年政府信息公开工作年度报告</h1><table>"
      "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
      "<tr><td>规章</td><td>4</td><td>1</td><td>43</td></tr>"
      "<tr><td>行政规范性文件</td><td>3</td><td>0</td><td>51</td></tr></table></body></html>";
  const std::string tables_ =
      R"([[["第二十条第（一）项","第二十条第（一）项","第二十条第（一）项","第二十条第（一）项"],)"
      R"(["信息内容","本年制发件数","本年废止件数","现行有效件数"],["规章","4","1","43"],)"
      R"(["行政规范性文件","3","0","51"]]])";
  const std::string sha256_ = Sha256Hex(body_);
  OneBody source_{sha256_, body_};
};

TEST_F(TemplateCodecTest, TablesAgainstTemplateAndPageRoundTripAndAreSmaller) {
  std::string stored = CompressTextOfBody(tables_, 3, nullptr, sha256_, body_, "", /*body_id=*/7);
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(stored[0], '\x03');
  const std::string body_only = CompressTextOfBody(tables_, 3, nullptr, sha256_, body_, "");
  EXPECT_NE(body_only[0], '\x03');  // without a row id, no form 0x03
  EXPECT_LT(stored.size(), body_only.size());
  std::string back;
  ASSERT_TRUE(DecompressText(stored, &back, &source_).ok());
  EXPECT_EQ(back, tables_);
}

TEST_F(TemplateCodecTest, TemplateFormNamingAMissingBodyRowIsCorruption) {
  std::string stored = CompressTextOfBody(tables_, 3, nullptr, sha256_, body_, "", /*body_id=*/7);
  ASSERT_EQ(stored[0], '\x03');
  stored[1] = 8;  // row 8: no such body
  std::string back;
  EXPECT_TRUE(DecompressText(stored, &back, &source_).IsCorruption());
  EXPECT_TRUE(DecompressText(stored.substr(0, 1), &back, &source_).IsCorruption());  // cut short
}

// ---- captures: final_url '' and packed headers in the archive ----

class CompactRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = testing::TestOptions(dir_);
    archive_ = testing::OpenOrDie(options_);
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1700000000000}, &run_).ok());
  }

  int64_t Record(const Capture& c, std::string_view body) {
    RecordedFetch recorded;
    Status status = archive_->RecordFetch(c, body, true, {}, nullptr, &recorded);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return recorded.capture_id;
  }

  // Records a capture without a redirect and one redirected elsewhere.
  void Populate() {
    Capture plain = testing::MakeCapture(run_, "http://gov.test/r/1.html");
    plain.response_headers = {{"Content-Type", "text/html; charset=utf-8"}, {"ETag", "\"a1\""}};
    plain_id_ = Record(plain, "<html><p>一</p></html>");
    Capture moved = testing::MakeCapture(run_, "http://gov.test/old.html");
    moved.final_url = "http://gov.test/new.html";
    moved.redirect_chain = {moved.url, moved.final_url};
    moved_id_ = Record(moved, "<html><p>二</p></html>");
  }

  // One value of the archive file, read with plain SQLite (no gongkai functions).
  std::string RawValue(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(options_.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  testing::TempDir dir_;
  Options options_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0, plain_id_ = 0, moved_id_ = 0;
};

TEST_F(CompactRowsTest, FinalUrlEqualToUrlIsStoredEmptyAndReadAsTheUrl) {
  Populate();
  EXPECT_EQ(RawValue("SELECT final_url FROM captures WHERE id = " + std::to_string(plain_id_)), "");
  EXPECT_EQ(RawValue("SELECT final_url FROM captures WHERE id = " + std::to_string(moved_id_)),
            "http://gov.test/new.html");
  Capture c;
  ASSERT_TRUE(archive_->GetCapture(plain_id_, &c).ok());
  EXPECT_EQ(c.final_url, "http://gov.test/r/1.html");
  ASSERT_TRUE(archive_->FindLatestCapture("http://gov.test/new.html", &c).ok());  // by final URL
  EXPECT_EQ(c.id, moved_id_);
  ASSERT_TRUE(archive_->FindLatestCapture("http://gov.test/r/1.html", &c).ok());
  EXPECT_EQ(c.id, plain_id_);
}

TEST_F(CompactRowsTest, HeadersAreStoredPackedAndReadBackInOrder) {
  Populate();
  EXPECT_EQ(RawValue("SELECT typeof(response_headers) FROM captures WHERE id = " + std::to_string(plain_id_)),
            "blob");
  Capture c;
  ASSERT_TRUE(archive_->GetCapture(plain_id_, &c).ok());
  ASSERT_EQ(c.response_headers.size(), 2u);
  EXPECT_EQ(c.response_headers[0],
            (std::pair<std::string, std::string>("Content-Type", "text/html; charset=utf-8")));
  EXPECT_EQ(c.response_headers[1], (std::pair<std::string, std::string>("ETag", "\"a1\"")));
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST_F(CompactRowsTest, WarcTargetUriOfACaptureWithoutRedirectIsItsArchivedUrl) {
  Populate();
  ExportOptions options;
  options.software_version = "0.1.0";
  options.now_ms = 1700000100000;
  options.warc_filename = "test.warc";
  options.gzip = false;
  std::ostringstream out;
  ExportResult result;
  ASSERT_TRUE(ExportWarc(*archive_, options, out, &result).ok());
  const std::string warc = out.str();
  EXPECT_NE(warc.find("WARC-Target-URI: http://gov.test/r/1.html\r\n"), std::string::npos);
  EXPECT_NE(warc.find("WARC-Target-URI: http://gov.test/new.html\r\n"), std::string::npos);
  EXPECT_EQ(warc.find("WARC-Target-URI: \r\n"), std::string::npos);
}

class MemorySink : public WarcFileSink {
 public:
  Status Open(int index, std::ostream** out, std::string* filename) override {
    *out = &out_;
    *filename = "data-" + std::to_string(index) + ".warc";
    return Status::OK();
  }
  Status Close() override { return Status::OK(); }

 private:
  std::ostringstream out_;
};

TEST_F(CompactRowsTest, CdxjUrlOfACaptureWithoutRedirectIsItsArchivedUrl) {
  Populate();
  ExportOptions options;
  options.software_version = "0.1.0";
  options.now_ms = 1700000100000;
  options.gzip = false;
  MemorySink sink;
  CdxjIndex index(dir_.File(""), CdxjIndex::kDefaultRunBytes);
  ExportResult result;
  ASSERT_TRUE(ExportWarcFiles(*archive_, options, sink, &index, &result).ok());
  std::ostringstream cdxj;
  ASSERT_TRUE(index.Write(cdxj).ok());
  EXPECT_NE(cdxj.str().find("\"url\":\"http://gov.test/r/1.html\""), std::string::npos) << cdxj.str();
  EXPECT_EQ(cdxj.str().find("\"url\":\"\""), std::string::npos) << cdxj.str();
}

// An archive in the forms written before: final_url equal to url, header blocks as TEXT, the full
// final_url index, schema version 13 (the version before compact capture rows, whatever number
// they end up with). Opening it read-write migrates it; readers and verify see the same captures.
TEST_F(CompactRowsTest, ArchiveInTheOldFormsIsMigratedAndReadsTheSame) {
  Populate();
  archive_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
  const std::string downgrade =
      std::string(testing::kBackToVersion15) +
      "UPDATE captures SET final_url = url WHERE final_url = '';"
      "UPDATE captures SET request_headers = 'User-Agent: old/1.0\r\n',"
      "  response_headers = 'Content-Type: text/html; charset=utf-8\r\nETag: \"a1\"\r\n';"
      "DROP INDEX captures_by_final_url;"
      "CREATE INDEX captures_by_final_url ON captures(final_url, id);"
      // Version 13 also had the search index of one entry per extraction (the passage index came later).
      "DROP TABLE report_fts_title; DROP TABLE report_fts_passage; DROP TABLE report_fts_passage_key;"
      "DROP TABLE report_fts_holding; DELETE FROM meta WHERE key IN ('next_passage_id', 'search_index_rebuild');"
      "CREATE VIRTUAL TABLE report_fts USING fts5(title, text, content='', tokenize='ascii', columnsize=0);"
      "PRAGMA user_version = 13;";
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, downgrade.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_close(db);

  archive_ = testing::OpenOrDie(options_);
  ASSERT_NE(archive_, nullptr);
  EXPECT_EQ(RawValue("SELECT final_url FROM captures WHERE id = " + std::to_string(plain_id_)), "");
  EXPECT_EQ(RawValue("SELECT count(*) FROM captures WHERE typeof(request_headers) <> 'blob'"), "0");
  Capture c;
  ASSERT_TRUE(archive_->GetCapture(plain_id_, &c).ok());
  EXPECT_EQ(c.final_url, c.url);
  ASSERT_EQ(c.request_headers.size(), 1u);
  EXPECT_EQ(c.request_headers[0].second, "old/1.0");
  ASSERT_TRUE(archive_->GetCapture(moved_id_, &c).ok());
  EXPECT_EQ(c.final_url, "http://gov.test/new.html");
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

}  // namespace
}  // namespace gongkai::storage
