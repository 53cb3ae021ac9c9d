// Exports read back by independent readers: WARC by tools/warc_check.py (Python standard library
// only, not our code path), JSONL by nlohmann::json, CSV by line; WARC import round trip.
#include "storage/export.h"

#include <fstream>
#include <iterator>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/digest.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Runs the independent checker; returns its exit code and leaves its output in *output.
int CheckWarc(const std::string& path, std::string* output, bool expect_empty = false) {
  std::string out_file = path + ".check.txt";
  std::string command = std::string("/usr/bin/python3 ") + GONGKAI_WARC_CHECK + " '" + path + "'" +
                        (expect_empty ? " --expect-empty" : "") + " > '" + out_file + "' 2>&1";
  int rc = std::system(command.c_str());
  *output = ReadFile(out_file);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1700000000000}, &run_).ok());
  }

  int64_t Record(Capture c, std::optional<std::string_view> body, const ExtractionRecord* e = nullptr) {
    RecordedFetch recorded;
    Status status = archive_->RecordFetch(c, body, true, {}, e, &recorded);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return recorded.capture_id;
  }

  // A small crawl: seed listing -> report (with extraction) -> its 304 revisit, the same body
  // under a second URL, a 404, a timeout and a truncated attachment.
  void Populate() {
    Capture seed = testing::MakeCapture(run_, "http://gov.test/xxgk/", 200, PageKind::kListing);
    seed.discovery = DiscoveryKind::kSeed;
    Record(seed, std::string_view("<html><a href=\"/r/1.html\">2022年报</a></html>"));
    Capture report = testing::MakeCapture(run_, "http://gov.test/r/1.html");
    report.discovered_from_url = "http://gov.test/xxgk/";
    report.response_headers.push_back({"Content-Encoding", "gzip"});  // stored decoded
    report.response_headers.push_back({"Transfer-Encoding", "chunked"});
    ExtractionRecord e = testing::MakeExtraction("2022年政府信息公开工作年度报告", "一、总体情况，\"引号\"");
    int64_t report_id = Record(report, std::string_view(kReportBody), &e);
    Capture revisit = testing::MakeCapture(run_, "http://gov.test/r/1.html", 304);
    revisit.revisit_of = report_id;
    revisit.started_at_ms += 60000;
    Record(revisit, std::nullopt);
    Record(testing::MakeCapture(run_, "http://gov.test/r/1-copy.html"), std::string_view(kReportBody));
    Record(testing::MakeCapture(run_, "http://gov.test/missing", 404, PageKind::kOther),
           std::string_view("not found"));
    Capture timeout = testing::MakeCapture(run_, "http://slow.test/", 0, PageKind::kOther);
    timeout.error_kind = "timeout";
    Record(timeout, std::nullopt);
    Capture pdf = testing::MakeCapture(run_, "http://gov.test/f/a.pdf", 200, PageKind::kAttachment);
    pdf.response_headers = {{"Content-Type", "application/pdf"}};
    pdf.truncated = true;
    static constexpr char kPdf[] = "%PDF-1.4 \x01\x02\x00\x03 cut";  // binary, with a NUL
    Record(pdf, std::string_view(kPdf, sizeof(kPdf) - 1));
  }

  ExportOptions Options() {
    ExportOptions options;
    options.software_version = "0.1.0";
    options.now_ms = 1700000100000;
    options.warc_filename = "test.warc.gz";
    return options;
  }

  static constexpr const char* kReportBody = "<html><title>2022年报</title><p>一、总体情况</p></html>";
  testing::TempDir dir_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
};

TEST_F(ExportTest, WarcIsAcceptedByAnIndependentReaderWithEveryDigestChecked) {
  Populate();
  std::string path = dir_.File("out.warc.gz");
  ExportResult result;
  {
    std::ofstream out(path, std::ios::binary);
    ASSERT_TRUE(ExportWarc(*archive_, Options(), out, &result).ok());
  }
  EXPECT_EQ(result.skipped, 1);  // the timeout has no response
  std::string output;
  EXPECT_EQ(CheckWarc(path, &output), 0) << output;
  EXPECT_NE(output.find("warcinfo=1"), std::string::npos) << output;
  EXPECT_NE(output.find("request=6"), std::string::npos) << output;
  EXPECT_NE(output.find("response=4"), std::string::npos) << output;
  EXPECT_NE(output.find("revisit=2"), std::string::npos) << output;  // 304 + identical payload
  EXPECT_NE(output.find("conversion=1"), std::string::npos) << output;
}

TEST_F(ExportTest, DamagedWarcIsRejectedByTheChecker) {
  Populate();
  std::string path = dir_.File("bad.warc.gz");
  std::ostringstream buffer;
  ExportResult result;
  ASSERT_TRUE(ExportWarc(*archive_, Options(), buffer, &result).ok());
  // Cut the file in the middle of a record: the reader must notice.
  std::string warc = buffer.str();
  std::ofstream(path, std::ios::binary) << warc.substr(0, warc.size() / 2);
  std::string output;
  EXPECT_NE(CheckWarc(path, &output), 0) << output;
}

TEST_F(ExportTest, EmptyArchiveExportsAreValidAndEmpty) {
  std::ostringstream jsonl, csv;
  ExportResult result;
  ASSERT_TRUE(ExportJsonl(*archive_, Options(), jsonl, &result).ok());
  EXPECT_EQ(jsonl.str(), "");
  EXPECT_EQ(result.reports, 0);
  ASSERT_TRUE(ExportCsv(*archive_, Options(), csv, &result).ok());
  std::string csv_text = csv.str();
  EXPECT_EQ(std::count(csv_text.begin(), csv_text.end(), '\n'), 1);  // the header only
  std::string path = dir_.File("empty.warc.gz");
  {
    std::ofstream out(path, std::ios::binary);
    ASSERT_TRUE(ExportWarc(*archive_, Options(), out, &result).ok());
  }
  std::string output;
  EXPECT_EQ(CheckWarc(path, &output, /*expect_empty=*/true), 0) << output;
}

TEST_F(ExportTest, JsonlCarriesExtractionAndProvenance) {
  Populate();
  std::ostringstream out;
  ExportResult result;
  ASSERT_TRUE(ExportJsonl(*archive_, Options(), out, &result).ok());
  EXPECT_EQ(result.reports, 2);  // r/1.html and its copy share the extraction
  std::istringstream lines(out.str());
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["title"], "2022年政府信息公开工作年度报告");
  EXPECT_EQ(j["text"], "一、总体情况，\"引号\"");
  EXPECT_EQ(j["extractor_version"], "test-1");
  EXPECT_EQ(j["provenance"]["url"], "http://gov.test/r/1.html");
  EXPECT_EQ(j["provenance"]["body_sha256"], Sha256Hex(kReportBody));
  ASSERT_EQ(j["provenance"]["chain"].size(), 2u);
  EXPECT_EQ(j["provenance"]["chain"][0]["url"], "http://gov.test/xxgk/");
  EXPECT_EQ(j["provenance"]["chain"][0]["discovery"], "seed");
}

TEST_F(ExportTest, CsvQuotesFields) {
  Populate();
  std::ostringstream out;
  ExportResult result;
  ASSERT_TRUE(ExportCsv(*archive_, Options(), out, &result).ok());
  EXPECT_NE(out.str().find(",http://gov.test/r/1.html,2022年政府信息公开工作年度报告,2023-01-31,"),
            std::string::npos)
      << out.str();
}

TEST_F(ExportTest, SiteAndSinceFilters) {
  Populate();
  ExportOptions options = Options();
  options.filter.site = "other.test";
  std::ostringstream out;
  ExportResult result;
  ASSERT_TRUE(ExportJsonl(*archive_, options, out, &result).ok());
  EXPECT_EQ(result.reports, 0);
  options.filter.site = "gov.test";
  options.filter.since_ms = 1700000000000 + 1;
  ASSERT_TRUE(ExportJsonl(*archive_, options, out, &result).ok());
  EXPECT_EQ(result.reports, 0);
}

TEST_F(ExportTest, WarcRoundTripThroughImport) {
  Populate();
  std::string path = dir_.File("round.warc.gz");
  ExportResult exported;
  {
    std::ofstream out(path, std::ios::binary);
    ASSERT_TRUE(ExportWarc(*archive_, Options(), out, &exported).ok());
  }
  testing::TempDir other_dir;
  auto other = testing::OpenOrDie(testing::TestOptions(other_dir));
  int64_t run = 0;
  ASSERT_TRUE(other->BeginRun({"0.1.0", "import", path, 1}, &run).ok());
  ImportResult imported;
  Status status = ImportWarc(*other, path, run, &imported);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_TRUE(imported.warnings.empty()) << imported.warnings[0];
  EXPECT_EQ(imported.captures, 6);  // 4 responses + 2 revisits
  Capture back;
  ASSERT_TRUE(other->FindLatestCapture("http://gov.test/r/1.html", &back).ok());
  EXPECT_EQ(back.body_sha256, Sha256Hex(kReportBody));
  EXPECT_EQ(back.origin, "warc:round.warc.gz");
  EXPECT_EQ(back.page_kind, PageKind::kReport);
  EXPECT_EQ(back.remote_ip, "127.0.0.1");
  EXPECT_EQ(HeaderValue(back.request_headers, "User-Agent"), "gongkai-test");
  std::vector<Capture> history;
  ASSERT_TRUE(other->History("http://gov.test/r/1.html", &history).ok());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].status, 304);
  EXPECT_EQ(history[0].revisit_of, history[1].id);
}

// A revisit's original comes from the archive, not from a map of the bodies an export wrote: the
// first complete capture of the body that passes the export's filter, before the one written.
TEST_F(ExportTest, FirstExportedCaptureOfABodyHonoursFilterOrderAndCompleteness) {
  Populate();  // ids: 1 seed, 2 report, 3 its 304, 4 the same body elsewhere, 5 404, 6 timeout, 7 cut pdf
  const std::string report = Sha256Hex(kReportBody);
  Capture first;
  ASSERT_TRUE(archive_->FirstExportedCaptureOfBody(report, {}, INT64_MAX, &first).ok());
  EXPECT_EQ(first.id, 2);
  ASSERT_TRUE(archive_->FirstExportedCaptureOfBody(report, {}, 4, &first).ok());
  EXPECT_EQ(first.id, 2);
  EXPECT_TRUE(archive_->FirstExportedCaptureOfBody(report, {}, 2, &first).IsNotFound());  // itself: not yet
  ReportFilter other;
  other.site = "other.test";
  EXPECT_TRUE(archive_->FirstExportedCaptureOfBody(report, other, INT64_MAX, &first).IsNotFound());
  ReportFilter later;
  later.since_ms = first.started_at_ms + 1;
  EXPECT_TRUE(archive_->FirstExportedCaptureOfBody(report, later, INT64_MAX, &first).IsNotFound());
  static constexpr char kPdf[] = "%PDF-1.4 \x01\x02\x00\x03 cut";
  const std::string pdf = Sha256Hex(std::string_view(kPdf, sizeof(kPdf) - 1));
  EXPECT_TRUE(archive_->FirstExportedCaptureOfBody(pdf, {}, INT64_MAX, &first).IsNotFound());  // truncated
}

TEST_F(ExportTest, CountForExportCountsWhatTheExportsGoThrough) {
  Populate();
  ExportCounts counts;
  ASSERT_TRUE(archive_->CountForExport({}, &counts).ok());
  EXPECT_EQ(counts.captures, 7);
  EXPECT_EQ(counts.extractions, 1);
  EXPECT_EQ(counts.reports, 2);  // the report and its copy under a second URL share the extraction
  ReportFilter other;
  other.site = "other.test";
  ASSERT_TRUE(archive_->CountForExport(other, &counts).ok());
  EXPECT_EQ(counts.captures + counts.extractions + counts.reports, 0);
  // ExportResult::done reaches the count: the progress line ends at its total.
  std::ostringstream out;
  ExportResult result;
  ASSERT_TRUE(ExportWarc(*archive_, Options(), out, &result).ok());
  EXPECT_EQ(result.done, 7 + 1);
  ASSERT_TRUE(ExportJsonl(*archive_, Options(), out, &result).ok());
  EXPECT_EQ(result.done, 2);
}

TEST_F(ExportTest, ImportOfANonWarcFileIsRejected) {
  std::string path = dir_.File("not.warc");
  std::ofstream(path) << "hello";
  ImportResult result;
  EXPECT_TRUE(ImportWarc(*archive_, path, run_, &result).IsCorruption());
  EXPECT_TRUE(ImportWarc(*archive_, dir_.File("missing.warc"), run_, &result).IsNotFound());
}

}  // namespace
}  // namespace gongkai::storage
