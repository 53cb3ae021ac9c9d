// Exports redact session cookies and credentials (issue 16, "redact_headers"): the archive keeps
// every header as received; a WARC export writes the named fields with the value "REDACTED".
#include <fstream>

#include <gtest/gtest.h>

#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

TEST(RedactHeadersTest, NamedFieldsAreBlankedCaseInsensitivelyAndKeptInPlace) {
  Headers in = {{"Content-Type", "text/html"}, {"set-cookie", "JSESSIONID=abc"}, {"Set-Cookie", "x=1"}};
  Headers out = RedactHeaders(in, {"Set-Cookie"});
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (std::pair<std::string, std::string>{"Content-Type", "text/html"}));
  EXPECT_EQ(out[1], (std::pair<std::string, std::string>{"set-cookie", "REDACTED"}));
  EXPECT_EQ(out[2].second, "REDACTED");
  EXPECT_EQ(RedactHeaders(in, {}), in);
}

TEST(RedactHeadersTest, DefaultOptionsRedactCookiesAndCredentials) {
  Options defaults;
  Headers out = RedactHeaders({{"Cookie", "a"}, {"Authorization", "Basic x"}, {"ETag", "\"1\""}},
                              defaults.redact_headers);
  EXPECT_EQ(out[0].second, "REDACTED");
  EXPECT_EQ(out[1].second, "REDACTED");
  EXPECT_EQ(out[2].second, "\"1\"");
}

// Export with `redact`, import the WARC into a fresh archive, return the capture's headers.
Capture RoundTrip(const std::vector<std::string>& redact) {
  testing::TempDir dir;
  auto archive = testing::OpenOrDie(testing::TestOptions(dir));
  int64_t run = 0;
  EXPECT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok());
  Capture c = testing::MakeCapture(run, "http://gov.test/r/1.html");
  c.request_headers.push_back({"Cookie", "JSESSIONID=secret-session"});
  c.response_headers.push_back({"Set-Cookie", "JSESSIONID=secret-session; Path=/"});
  EXPECT_TRUE(
      archive->RecordFetch(c, std::string_view("<html>报告</html>"), true, {}, nullptr, nullptr).ok());
  std::string path = dir.File("out.warc.gz");
  {
    ExportOptions options;
    options.redact_headers = redact;
    ExportResult result;
    std::ofstream out(path, std::ios::binary);
    EXPECT_TRUE(ExportWarc(*archive, options, out, &result).ok());
  }
  Capture stored;
  EXPECT_TRUE(archive->FindLatestCapture(c.url, &stored).ok());
  EXPECT_EQ(HeaderValue(stored.response_headers, "Set-Cookie"), "JSESSIONID=secret-session; Path=/")
      << "the archive keeps what was received";
  testing::TempDir other_dir;
  auto other = testing::OpenOrDie(testing::TestOptions(other_dir));
  EXPECT_TRUE(other->BeginRun({"0.1.0", "import", path, 1}, &run).ok());
  ImportResult imported;
  EXPECT_TRUE(ImportWarc(*other, path, run, &imported).ok());
  Capture back;
  EXPECT_TRUE(other->FindLatestCapture(c.url, &back).ok());
  return back;
}

TEST(RedactHeadersTest, WarcExportWritesRedactedCookiesAndTheRecordStillChecks) {
  Capture back = RoundTrip(Options().redact_headers);
  EXPECT_EQ(HeaderValue(back.response_headers, "Set-Cookie"), "REDACTED");
  EXPECT_EQ(HeaderValue(back.request_headers, "Cookie"), "REDACTED");
  EXPECT_EQ(HeaderValue(back.request_headers, "User-Agent"), "gongkai-test");
}

TEST(RedactHeadersTest, AnEmptyListExportsHeadersAsReceived) {
  Capture back = RoundTrip({});
  EXPECT_EQ(HeaderValue(back.response_headers, "Set-Cookie"), "JSESSIONID=secret-session; Path=/");
}

}  // namespace
}  // namespace gongkai::storage
