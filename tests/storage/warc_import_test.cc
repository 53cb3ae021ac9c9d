// import-warc against hostile and damaged input: every Content-Encoding the web uses (gzip, deflate
// zlib and raw, br, zstd, chunked), damage in the middle of a per-record gzip file, truncation,
// negative Content-Length, a chunk size that wraps, a gzip bomb, a second import of the same records,
// control bytes in a target URI, and the import run kind that a crawl never resumes.
#include <brotli/encode.h>
#include <zlib.h>
#include <zstd.h>

#include <sstream>

#include <gtest/gtest.h>

#include "storage/digest.h"
#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

const char kPage[] =
    "<html><head><title>2023年政府信息公开工作年度报告</title></head><body><p>一、总体情况</p></body></html>";

std::string Deflate(std::string_view data, int window_bits) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}
std::string Gzip(std::string_view data) {
  return Deflate(data, 15 + 16);
}

std::string Brotli(std::string_view data) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                        reinterpret_cast<const uint8_t*>(data.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

std::string Zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
  return out;
}

// One WARC response record; `length` overrides the Content-Length field when not empty.
std::string Response(const std::string& uri, const std::string& http_headers, const std::string& body,
                     const std::string& id, const std::string& length = "") {
  std::string block =
      "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n" + http_headers + "\r\n" + body;
  return "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:" + id +
         ">\r\nWARC-Target-URI: " + uri +
         "\r\nWARC-Date: 2024-05-01T10:00:00Z\r\nContent-Type: application/http;msgtype=response\r\n"
         "Content-Length: " +
         (length.empty() ? std::to_string(block.size()) : length) + "\r\n\r\n" + block + "\r\n\r\n";
}

class WarcImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
    RunInfo info{"0.1.0", "d", "import-warc", 1700000000000};
    info.kind = kRunKindImport;
    ASSERT_TRUE(archive_->BeginRun(info, &run_).ok());
  }

  Status Import(const std::string& warc, ImportResult* result, int64_t max_body_bytes = 50 << 20) {
    std::istringstream in(warc);
    ImportOptions options;
    options.max_body_bytes = max_body_bytes;
    return ImportWarcStream(*archive_, in, "test.warc", run_, options, result);
  }

  std::string BodyOf(const std::string& url) {
    Capture c;
    EXPECT_TRUE(archive_->FindLatestCapture(url, &c).ok()) << url;
    std::string body;
    EXPECT_TRUE(archive_->GetBody(c.body_sha256, &body).ok());
    return body;
  }

  int64_t Captures() {
    int64_t n = 0;
    EXPECT_TRUE(archive_->ForEachCapture({}, [&](const Capture&) { return ++n, true; }).ok());
    return n;
  }

  testing::TempDir dir_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
};

TEST_F(WarcImportTest, EveryContentEncodingIsDecoded) {
  struct Case {
    const char* name;
    std::string headers;
    std::string body;
  } cases[] = {
      {"gzip", "Content-Encoding: gzip\r\n", Gzip(kPage)},
      {"x-gzip", "Content-Encoding: x-gzip\r\n", Gzip(kPage)},
      {"deflate-zlib", "Content-Encoding: deflate\r\n", Deflate(kPage, 15)},
      {"deflate-raw", "Content-Encoding: deflate\r\n", Deflate(kPage, -15)},
      {"br", "Content-Encoding: br\r\n", Brotli(kPage)},
      {"zstd", "Content-Encoding: zstd\r\n", Zstd(kPage)},
      {"gzip-then-br", "Content-Encoding: gzip, br\r\n", Brotli(Gzip(kPage))},
      {"chunked-gzip", "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", ""},
  };
  std::string gz = Gzip(kPage);
  std::ostringstream chunked;
  chunked << std::hex << 10 << "\r\n"
          << gz.substr(0, 10) << "\r\n"
          << (gz.size() - 10) << "\r\n"
          << gz.substr(10) << "\r\n0\r\n\r\n";
  cases[7].body = chunked.str();
  std::string warc;
  for (const auto& c : cases)
    warc += Response(std::string("http://gov.test/") + c.name, c.headers, c.body, c.name);
  ImportResult result;
  ASSERT_TRUE(Import(warc, &result).ok());
  EXPECT_EQ(result.damaged, 0);
  EXPECT_EQ(result.captures, 8);
  for (const auto& c : cases) EXPECT_EQ(BodyOf(std::string("http://gov.test/") + c.name), kPage) << c.name;
}

TEST_F(WarcImportTest, DamageInTheMiddleKeepsTheRecordsAfterIt) {
  std::string one = Gzip(Response("http://gov.test/1", "", kPage, "1"));
  std::string two = Gzip(Response("http://gov.test/2", "", kPage, "2"));
  std::string three = Gzip(Response("http://gov.test/3", "", "<html>3</html>", "3"));
  for (size_t i = two.size() / 3; i < two.size() / 3 + 8; ++i) two[i] = static_cast<char>(two[i] ^ 0x5a);
  ImportResult result;
  ASSERT_TRUE(Import(one + two + three, &result).ok());
  EXPECT_EQ(result.damaged, 1);
  EXPECT_EQ(result.captures, 2);
  EXPECT_EQ(BodyOf("http://gov.test/3"), "<html>3</html>");
}

TEST_F(WarcImportTest, TruncatedGzipFileIsDamage) {
  std::string warc = Gzip(Response("http://gov.test/1", "", kPage, "1")) +
                     Gzip(Response("http://gov.test/2", "", kPage, "2"));
  ImportResult result;
  ASSERT_TRUE(Import(warc.substr(0, warc.size() - 20), &result).ok());
  EXPECT_EQ(result.captures, 1);
  EXPECT_EQ(result.damaged, 1);
}

TEST_F(WarcImportTest, NegativeContentLengthIsDamageNotALoop) {
  std::string warc = Response("http://gov.test/neg", "", kPage, "neg", "-681") +
                     Response("http://gov.test/ok", "", kPage, "ok");
  ImportResult result;
  ASSERT_TRUE(Import(warc, &result).ok());
  EXPECT_EQ(result.damaged, 1);
  EXPECT_EQ(result.captures, 1);
  EXPECT_EQ(Captures(), 1);
}

TEST_F(WarcImportTest, OverflowingContentLengthIsDamage) {
  std::string warc = Response("http://gov.test/big", "", kPage, "big", "18446744073709551615") +
                     Response("http://gov.test/ok", "", kPage, "ok");
  ImportResult result;
  ASSERT_TRUE(Import(warc, &result).ok());
  EXPECT_EQ(result.damaged, 1);
  EXPECT_EQ(result.captures, 1);
}

TEST_F(WarcImportTest, WrappingChunkSizeKeepsWhatCameBeforeIt) {
  std::string body = "5\r\nhello\r\nffffffffffffffff\r\nworld\r\n0\r\n\r\n";
  ImportResult result;
  ASSERT_TRUE(
      Import(Response("http://gov.test/wrap", "Transfer-Encoding: chunked\r\n", body, "wrap"), &result).ok());
  Capture c;
  ASSERT_TRUE(archive_->FindLatestCapture("http://gov.test/wrap", &c).ok());
  EXPECT_TRUE(c.truncated);
  EXPECT_LE(c.body_size, static_cast<int64_t>(body.size()));
}

TEST_F(WarcImportTest, GzipBombIsCutAtMaxBodyBytes) {
  std::string zeros(64 << 20, '\0');  // 64 MiB of zeros: ~64 KB compressed
  std::string bomb = Gzip(zeros);
  zeros.clear();
  zeros.shrink_to_fit();
  ImportResult result;
  ASSERT_TRUE(
      Import(Response("http://gov.test/bomb", "Content-Encoding: gzip\r\n", bomb, "bomb"), &result, 1 << 20)
          .ok());
  Capture c;
  ASSERT_TRUE(archive_->FindLatestCapture("http://gov.test/bomb", &c).ok());
  EXPECT_TRUE(c.truncated);
  EXPECT_EQ(c.body_size, 1 << 20);
  ASSERT_FALSE(result.warnings.empty());
  EXPECT_NE(result.warnings[0].find("max_body_bytes"), std::string::npos) << result.warnings[0];
}

TEST_F(WarcImportTest, ImportingTheSameRecordsTwiceIsANoOp) {
  std::string warc =
      Response("http://gov.test/1", "", kPage, "1") + Response("http://gov.test/2", "", "<p>2</p>", "2");
  ImportResult first, second;
  ASSERT_TRUE(Import(warc, &first).ok());
  ASSERT_TRUE(Import(warc, &second).ok());
  EXPECT_EQ(first.captures, 2);
  EXPECT_EQ(second.captures, 0);
  EXPECT_EQ(second.duplicates, 2);
  // Another file holding the same exchange (same URI, date and digest) under a new record id.
  ImportResult third;
  ASSERT_TRUE(Import(Response("http://gov.test/1", "", kPage, "another-id"), &third).ok());
  EXPECT_EQ(third.duplicates, 1);
  EXPECT_EQ(Captures(), 2);
}

TEST_F(WarcImportTest, ControlBytesInTheTargetUriArePercentEncoded) {
  ImportResult result;
  ASSERT_TRUE(Import(Response("http://gov.test/a\x1b]0;owned\x07", "", kPage, "esc"), &result).ok());
  Capture c;
  ASSERT_TRUE(archive_->FindLatestCapture("http://gov.test/a%1B]0;owned%07", &c).ok());
  for (char ch : c.url) EXPECT_FALSE(static_cast<unsigned char>(ch) < 0x20) << c.url;
}

TEST_F(WarcImportTest, NotAWarcAtAllIsCorruption) {
  ImportResult result;
  EXPECT_TRUE(Import("just some text\nno warc here\n", &result).IsCorruption());
  EXPECT_EQ(Captures(), 0);
}

TEST_F(WarcImportTest, AnUnfinishedImportIsNeverResumedByACrawl) {
  EXPECT_FALSE(archive_->FindUnfinishedRun().has_value());  // the import run of SetUp is unfinished
  int64_t crawl = 0;
  ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "seeds", 1700000000001}, &crawl).ok());
  RunInfo import{"0.1.0", "d", "import-warc", 1700000000002};
  import.kind = kRunKindImport;
  int64_t later_import = 0;
  ASSERT_TRUE(archive_->BeginRun(import, &later_import).ok());
  ASSERT_TRUE(archive_->FindUnfinishedRun().has_value());
  EXPECT_EQ(*archive_->FindUnfinishedRun(), crawl);
}

}  // namespace
}  // namespace gongkai::storage
