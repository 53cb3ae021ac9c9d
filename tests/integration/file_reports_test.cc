// Reports published as files: a site whose every fourth report page is only a link to the report as a
// real PDF, DOCX or DOC file. After a crawl each such report has the file's text (the page's own title
// and date win), is found by search, lists the file with its text as primary in the JSONL export, has
// provenance listing -> page -> file -> extraction, and keeps its text through `reextract`.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "crawl_bed.h"  // first: app/progress.h (via reextract.h) declares a function named ProgressMode
#include "adapters/reextract.h"

namespace gongkai::testing {
namespace {

std::string NoSpace(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t') out += c;
  return out;
}

// A sentence only the jinning file holds, and one only the alashankou file holds.
const char* const kJinningSentence = "晋宁区专门成立由区长任组长、常务副区长任副组长";
const char* const kAlashankouSentence = "阿拉山口市政务公开工作领导小组召开专题会议研究部署政务公开工作";

class FileReportsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    portal::SiteSpec site;
    site.name = "福州市晋安区人民政府";
    site.ip = "127.0.4.9";
    site.tmpl = portal::Template::kTrsWcm;
    site.report_count = 12;
    site.attachments = true;
    site.file_reports = true;
    bed_ = new CrawlBed({site});
    app::CrawlRunOutcome outcome;
    exit_code_ = bed_->Crawl(FastOptions(), &outcome);
  }
  static void TearDownTestSuite() { delete bed_; }

  // url -> report, from the archive.
  static std::map<std::string, storage::Report> Reports() {
    std::map<std::string, storage::Report> out;
    auto archive = bed_->OpenArchive();
    EXPECT_TRUE(archive
                    ->ForEachReport({},
                                    [&](const storage::Report& r) {
                                      out[r.capture.url] = r;
                                      return true;
                                    })
                    .ok());
    return out;
  }

  // Reports whose text came from a file (an attachment marked primary).
  static std::vector<storage::Report> FileOnly() {
    std::vector<storage::Report> out;
    for (auto& [url, r] : Reports()) {
      for (const auto& f : r.extraction.attachments)
        if (f.primary) out.push_back(r);
    }
    return out;
  }

  static CrawlBed* bed_;
  static int exit_code_;
};

CrawlBed* FileReportsTest::bed_ = nullptr;
int FileReportsTest::exit_code_ = -1;

TEST_F(FileReportsTest, EveryReportHasItsTextFileOnlyOnesIncluded) {
  EXPECT_EQ(exit_code_, 0);
  auto reports = Reports();
  auto truths = bed_->portal().Truths();
  ASSERT_EQ(truths.size(), 12u);
  for (const auto& t : truths) {
    ASSERT_TRUE(reports.count(t.url)) << t.url;
    const std::string text = NoSpace(reports[t.url].extraction.text);
    EXPECT_FALSE(text.empty()) << t.url;
    for (const auto& s : t.body_snippets)
      EXPECT_NE(text.find(NoSpace(s)), std::string::npos) << t.url << ": " << s;
  }
}

TEST_F(FileReportsTest, FileOnlyReportTakesTextAndTablesFromTheFileTitleAndDateFromThePage) {
  auto file_only = FileOnly();
  ASSERT_EQ(file_only.size(), 3u);  // reports 2, 6 and 10: PDF, DOCX, DOC
  std::set<std::string> formats;
  for (const auto& r : file_only) {
    auto t = bed_->portal().TruthFor(r.capture.url);
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(r.extraction.title, t->title);  // the page's own title wins over the file's
    EXPECT_EQ(r.extraction.published.substr(0, 10), t->published);
    const std::string text = NoSpace(r.extraction.text);
    EXPECT_TRUE(text.find(kJinningSentence) != std::string::npos ||
                text.find(kAlashankouSentence) != std::string::npos);
    EXPECT_EQ(text.find("-1-"), std::string::npos);
    for (const auto& f : r.extraction.attachments)
      if (f.primary) {
        formats.insert(f.format);
        EXPECT_EQ(NoSpace(f.text), text);
        if (text.find(kJinningSentence) != std::string::npos && f.format != "doc") {
          EXPECT_EQ(r.extraction.tables.size(), 3u) << f.format;
        }
      }
  }
  EXPECT_EQ(formats, (std::set<std::string>{"pdf", "docx", "doc"}));
}

TEST_F(FileReportsTest, ProvenanceRunsListingPageFileExtraction) {
  auto archive = bed_->OpenArchive();
  for (const auto& r : FileOnly()) {
    for (const auto& f : r.extraction.attachments) {
      if (!f.primary) continue;
      storage::Capture file;
      ASSERT_TRUE(archive->FindLatestCapture(f.url, &file).ok());
      EXPECT_EQ(file.page_kind, storage::PageKind::kAttachment);
      EXPECT_EQ(file.discovered_from_url, r.capture.url);
      std::vector<storage::ExtractionRecord> own;
      ASSERT_TRUE(archive->ListExtractions(file.id, &own).ok());
      ASSERT_FALSE(own.empty());  // the file's own extraction, made from the file capture
      EXPECT_EQ(own[0].capture_id, file.id);
      std::vector<storage::Capture> chain;
      ASSERT_TRUE(archive->Provenance(file.id, &chain).ok());
      ASSERT_GE(chain.size(), 3u);  // listing, page, file
      EXPECT_EQ(chain[chain.size() - 2].url, r.capture.url);
      EXPECT_EQ(chain.front().page_kind, storage::PageKind::kListing);
    }
  }
}

TEST_F(FileReportsTest, SearchFindsTheFileOnlyReports) {
  auto archive = bed_->OpenArchive();
  storage::SearchQuery q;
  q.text = kJinningSentence;
  std::vector<storage::SearchHit> hits;
  ASSERT_TRUE(archive->Search(q, &hits).ok());
  std::set<std::string> found;
  for (const auto& h : hits) found.insert(h.url);
  for (const auto& r : FileOnly())
    if (NoSpace(r.extraction.text).find(kJinningSentence) != std::string::npos) {
      EXPECT_TRUE(found.count(r.capture.url)) << r.capture.url;
    }
}

TEST_F(FileReportsTest, JsonlExportCarriesTheFileTextAndWhichIsPrimary) {
  const std::string out = bed_->dir() + "/reports.jsonl";
  std::string cmd = std::string(GONGKAI_BINARY) + " --quiet export --format jsonl --archive " +
                    bed_->archive_path() + " --out " + out + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(out);
  std::string line;
  int primary = 0;
  while (std::getline(in, line)) {
    nlohmann::json j = nlohmann::json::parse(line);
    for (const auto& a : j["attachments"])
      if (a.value("primary", false)) {
        ++primary;
        EXPECT_FALSE(a.value("text", "").empty());
        EXPECT_EQ(a["text"], j["text"]);
      }
  }
  EXPECT_EQ(primary, 3);
}

TEST_F(FileReportsTest, WarcHasAConversionRecordOfEachFileReferringToItsResponse) {
  const std::string out = bed_->dir() + "/archive.warc";
  std::string cmd = std::string(GONGKAI_BINARY) + " --quiet export --format warc --archive " +
                    bed_->archive_path() + " --out " + out + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  // Each record is its own gzip member: zcat reads them all.
  ASSERT_EQ(std::system(("zcat " + out + " > " + out + ".raw").c_str()), 0);
  std::ifstream in(out + ".raw", std::ios::binary);
  std::string warc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& r : FileOnly())
    for (const auto& f : r.extraction.attachments) {
      if (!f.primary) continue;
      // WARC-Type: conversion ... WARC-Target-URI: <file url> ... WARC-Refers-To: <its response record>
      std::string target = "WARC-Target-URI: " + f.url;
      bool found = false;
      for (std::size_t at = warc.find(target); at != std::string::npos; at = warc.find(target, at + 1)) {
        std::size_t head = warc.rfind("WARC/1", at);
        std::size_t end = warc.find("\r\n\r\n", at);
        std::string header = warc.substr(head, end - head);
        if (header.find("WARC-Type: conversion") != std::string::npos &&
            header.find("WARC-Refers-To: ") != std::string::npos)
          found = true;
      }
      EXPECT_TRUE(found) << f.url;
    }
}

TEST_F(FileReportsTest, ReextractKeepsTheFileText) {
  storage::Options options;
  options.path = bed_->archive_path();
  app::ReextractOptions ro;
  ro.all = true;
  ro.jobs = 1;
  app::ReextractStats stats;
  ASSERT_TRUE(app::Reextract(options, extract::Options(), ro, &stats).ok());
  EXPECT_GT(stats.extracted, 0);
  auto file_only = FileOnly();
  EXPECT_EQ(file_only.size(), 3u);
  for (const auto& r : file_only) EXPECT_GT(r.extraction.text.size(), 1000u) << r.capture.url;
}

}  // namespace
}  // namespace gongkai::testing
