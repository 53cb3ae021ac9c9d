// verify finds damage and reports it; it never repairs. Also: SIGKILL during a write loop leaves
// an archive that verifies clean and resumes.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "storage/archive.h"
#include "storage/digest.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

// Runs SQL on the archive file behind the archive's back (foreign keys off), as damage would.
void Tamper(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

bool HasProblem(const VerifyReport& report, const std::string& fragment) {
  for (const auto& p : report.problems) {
    if (p.find(fragment) != std::string::npos) return true;
  }
  return false;
}

class VerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = testing::TestOptions(dir_);
    auto archive = testing::OpenOrDie(options_);
    ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run_).ok());
    ExtractionRecord e = testing::MakeExtraction("标题", "正文内容");
    RecordedFetch recorded;
    ASSERT_TRUE(archive
                    ->RecordFetch(testing::MakeCapture(run_, "http://a.test/1"),
                                  std::string_view(std::string(3000, 'a')), true, {}, &e, &recorded)
                    .ok());
    capture_ = recorded.capture_id;
  }

  VerifyReport VerifyNow() {
    VerifyReport report;
    std::unique_ptr<Archive> archive;
    Status status = Archive::Open(options_, &archive);
    if (!status.ok()) {
      report.problems.push_back(status.ToString());
      return report;
    }
    status = archive->Verify(&report);
    if (!status.ok()) report.problems.push_back(status.ToString());
    return report;
  }

  testing::TempDir dir_;
  Options options_;
  int64_t run_ = 0;
  int64_t capture_ = 0;
};

TEST_F(VerifyTest, CleanArchiveVerifies) {
  VerifyReport report = VerifyNow();
  EXPECT_TRUE(report.ok()) << report.problems[0];
  EXPECT_EQ(report.blobs_checked, 1);
  EXPECT_EQ(report.captures_checked, 1);
  EXPECT_EQ(report.extractions_checked, 1);
}

// The progress callback counts each body and each extraction text against a known total, plus
// one for the checks after them, never backwards, ending at the total.
TEST_F(VerifyTest, ProgressCountsBodiesAndTextsUpToTheTotal) {
  std::vector<std::pair<int64_t, int64_t>> calls;
  VerifyReport report;
  report.progress = [&calls](int64_t done, int64_t total) { calls.emplace_back(done, total); };
  std::unique_ptr<Archive> archive;
  ASSERT_TRUE(Archive::Open(options_, &archive).ok());
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok());
  ASSERT_EQ(calls.size(), 3u);  // the body, the text, the end
  for (size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i].second, 3);  // 1 body + 1 extraction + 1
    EXPECT_EQ(calls[i].first, static_cast<int64_t>(i) + 1);
  }
  EXPECT_TRUE(static_cast<bool>(report.progress));  // kept through Verify()
}

TEST_F(VerifyTest, AlteredBodyBytesAreReported) {
  Tamper(options_.path, "UPDATE blobs SET data = zeroblob(length(data))");
  VerifyReport report = VerifyNow();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.problems[0].find(Sha256Hex(std::string(3000, 'a'))), std::string::npos);
}

TEST_F(VerifyTest, BodyThatHashesWrongIsReported) {
  Tamper(options_.path,
         "UPDATE blobs SET compression = 'none', data = CAST(zeroblob(3000) AS BLOB), "
         "stored_size = 3000");
  VerifyReport report = VerifyNow();
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.problems[0].find("hashes to"), std::string::npos) << report.problems[0];
}

TEST_F(VerifyTest, MissingBodyIsReported) {
  Tamper(options_.path, "PRAGMA foreign_keys = OFF; DELETE FROM blobs");
  VerifyReport report = VerifyNow();
  ASSERT_FALSE(report.ok());
  bool named = false;
  for (const auto& p : report.problems) named |= p.find("is missing") != std::string::npos;
  EXPECT_TRUE(named);
}

// Schema 16 keeps each body once without a UNIQUE index of the digests (blobs_by_digest holds their
// first 8 bytes): verify finds a digest stored twice.
TEST_F(VerifyTest, BodyStoredTwiceIsReported) {
  Tamper(options_.path,
         "INSERT INTO blobs(sha256, size, compression, stored_size, data) "
         "SELECT sha256, size, compression, stored_size, data FROM blobs");
  VerifyReport report = VerifyNow();
  EXPECT_TRUE(HasProblem(report, Sha256Hex(std::string(3000, 'a')) + ": stored 2 times"))
      << (report.problems.empty() ? "no problems" : report.problems[0]);
}

// A report is keyed by its capture (schema 16), no longer by its URL: verify finds a second report
// of one URL.
TEST_F(VerifyTest, TwoReportsOfOneUrlAreReported) {
  {
    auto archive = testing::OpenOrDie(options_);
    Capture again = testing::MakeCapture(run_, "http://a.test/1");
    ASSERT_TRUE(
        archive->RecordFetch(again, std::string_view(std::string(3000, 'b')), true, {}, nullptr, nullptr)
            .ok());
  }
  Tamper(options_.path,
         "INSERT INTO reports(capture_id, extraction_id) VALUES(" + std::to_string(capture_) + ", NULL)");
  VerifyReport report = VerifyNow();
  EXPECT_TRUE(HasProblem(report, "report http://a.test/1: shown by 2 captures"))
      << (report.problems.empty() ? "no problems" : report.problems[0]);
}

// A capture that sent its run's request headers stores x'02' (schema 16): the run must hold them.
TEST_F(VerifyTest, RunRequestHeadersThatAreGoneAreReported) {
  Tamper(options_.path, "DELETE FROM run_request_headers");
  VerifyReport report = VerifyNow();
  EXPECT_TRUE(HasProblem(report, "capture " + std::to_string(capture_) + ": sent the request headers of run"))
      << (report.problems.empty() ? "no problems" : report.problems[0]);
}

TEST_F(VerifyTest, DamagedSearchIndexIsReported) {
  // The index holds the title as it was; the row now says something else.
  Tamper(options_.path, "UPDATE extractions SET title = '完全不同的内容'");
  VerifyReport report = VerifyNow();
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(HasProblem(report, "search index"));
}

TEST_F(VerifyTest, UndecompressableExtractionTextIsReported) {
  Tamper(options_.path, "UPDATE extractions SET text_zstd = x'28b52ffd0000ffff'");
  VerifyReport report = VerifyNow();
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(HasProblem(report, "text: compressed text"));
}

TEST_F(VerifyTest, TruncatedFileIsReportedNotRepaired) {
  {
    auto archive = testing::OpenOrDie(options_);
    for (int i = 0; i < 200; ++i) {  // enough pages that cutting the file loses some
      std::string body = "body " + std::to_string(i) + std::string(4000, static_cast<char>('a' + i % 26));
      ASSERT_TRUE(archive
                      ->RecordFetch(testing::MakeCapture(run_, "http://a.test/p" + std::to_string(i)),
                                    std::string_view(body), true, {}, nullptr, nullptr)
                      .ok());
    }
  }
  auto size = std::filesystem::file_size(options_.path);
  std::filesystem::resize_file(options_.path, size / 2);
  VerifyReport report = VerifyNow();
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(std::filesystem::file_size(options_.path), size / 2);  // nothing was "fixed"
}

// ---- SIGKILL during writes ----

// The child writes captures (each with a body, an extraction and discovered links) in a loop and
// reports each commit on `fd`; it never returns.
[[noreturn]] void WriteForever(const Options& options, int fd) {
  std::unique_ptr<Archive> archive;
  if (!Archive::Open(options, &archive).ok()) _exit(2);
  int64_t run = 0;
  if (!archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok()) _exit(3);
  if (!archive
           ->AddToFrontier(run, {{"http://k.test/0", "", DiscoveryKind::kSeed, 0, "k", false, false, ""}},
                           nullptr)
           .ok())
    _exit(3);
  for (int i = 0;; ++i) {
    std::string url = "http://k.test/" + std::to_string(i);
    Capture c = testing::MakeCapture(run, url);
    std::string body = "<html>第" + std::to_string(i) + "页" + std::string(2000 + i % 500, 'z') + "</html>";
    ExtractionRecord e = testing::MakeExtraction("报告" + std::to_string(i), "正文" + std::to_string(i));
    std::vector<FrontierEntry> next = {
        {"http://k.test/" + std::to_string(i + 1), url, DiscoveryKind::kReport, 1, "k", false, false, ""}};
    if (!archive->RecordFetch(c, std::string_view(body), true, next, &e, nullptr).ok()) _exit(4);
    char byte = 'x';
    if (write(fd, &byte, 1) != 1) _exit(5);
  }
}

TEST(CrashTest, SigkillDuringWritesLeavesAConsistentResumableArchive) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  options.durable_commits = true;
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    WriteForever(options, fds[1]);
  }
  close(fds[1]);
  char buffer[64];
  int commits = 0;
  while (commits < 40) {
    ssize_t n = read(fds[0], buffer, sizeof(buffer));
    ASSERT_GT(n, 0) << "writer died early";
    commits += static_cast<int>(n);
  }
  kill(child, SIGKILL);  // mid-write: the child never stops between commits
  int wstatus = 0;
  waitpid(child, &wstatus, 0);
  close(fds[0]);
  ASSERT_TRUE(WIFSIGNALED(wstatus));

  auto archive = testing::OpenOrDie(options);
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
  auto run = archive->FindUnfinishedRun();
  ASSERT_TRUE(run.has_value());
  std::vector<FrontierEntry> all, pending;
  ASSERT_TRUE(archive->ListFrontier(*run, &all).ok());
  ASSERT_TRUE(archive->PendingFrontier(*run, &pending).ok());
  // Every done entry has its capture; exactly the one link found last is pending.
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_GE(all.size(), 41u);
  for (const FrontierEntry& e : all) {
    std::vector<Capture> history;
    ASSERT_TRUE(archive->History(e.url, &history).ok());
    EXPECT_EQ(history.size(), e.done ? 1u : 0u) << e.url;
  }
  // Resume: fetch the pending URL and finish the run.
  Capture c = testing::MakeCapture(*run, pending[0].url);
  ASSERT_TRUE(archive->RecordFetch(c, std::string_view("resumed"), true, {}, nullptr, nullptr).ok());
  ASSERT_TRUE(archive->PendingFrontier(*run, &pending).ok());
  EXPECT_TRUE(pending.empty());
  ASSERT_TRUE(archive->FinishRun(*run, "{}", 2).ok());
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

// The child re-extracts every listed body (as `gongkai reextract` does), reporting each commit.
[[noreturn]] void ReextractForever(const Options& options, int fd) {
  std::unique_ptr<Archive> archive;
  if (!Archive::Open(options, &archive).ok()) _exit(2);
  std::vector<ExtractTask> tasks;
  if (!archive->ListExtractTasks("v2", false, 0, &tasks).ok()) _exit(3);
  for (const ExtractTask& task : tasks) {
    ExtractionRecord e = testing::MakeExtraction("新版标题", "新版正文 " + task.url, "v2");
    e.capture_id = task.capture_id;
    if (!archive->PutExtraction(e, nullptr).ok()) _exit(4);
    char byte = 'x';
    if (write(fd, &byte, 1) != 1) _exit(5);
  }
  for (;;) pause();  // done before the kill: the test then has nothing to resume (it fails)
}

TEST(CrashTest, SigkillDuringReextractLeavesAConsistentResumableArchive) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  constexpr int kReports = 400;
  {
    auto archive = testing::OpenOrDie(options);
    int64_t run = 0;
    ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok());
    for (int i = 0; i < kReports; ++i) {
      std::string url = "http://r.test/" + std::to_string(i);
      ExtractionRecord e = testing::MakeExtraction("旧版标题", "旧版正文 " + url, "v1");
      ASSERT_TRUE(
          archive->RecordFetch(testing::MakeCapture(run, url), std::string_view(url), true, {}, &e, nullptr)
              .ok());
    }
  }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    ReextractForever(options, fds[1]);
  }
  close(fds[1]);
  char buffer[64];
  int commits = 0;
  while (commits < 40) {
    ssize_t n = read(fds[0], buffer, sizeof(buffer));
    ASSERT_GT(n, 0) << "re-extractor died early";
    commits += static_cast<int>(n);
  }
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(fds[0]);

  auto archive = testing::OpenOrDie(options);
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
  std::vector<ExtractTask> remaining;
  ASSERT_TRUE(archive->ListExtractTasks("v2", false, 0, &remaining).ok());
  EXPECT_LT(remaining.size(), static_cast<size_t>(kReports - 39));
  EXPECT_GT(remaining.size(), 0u);
  for (const ExtractTask& task : remaining) {  // resume
    ExtractionRecord e = testing::MakeExtraction("新版标题", "新版正文 " + task.url, "v2");
    e.capture_id = task.capture_id;
    ASSERT_TRUE(archive->PutExtraction(e, nullptr).ok());
  }
  ASSERT_TRUE(archive->ListExtractTasks("v2", false, 0, &remaining).ok());
  EXPECT_TRUE(remaining.empty());
  std::vector<SearchHit> hits;
  SearchQuery query = testing::Query("新版正文");
  query.limit = 1000;
  ASSERT_TRUE(archive->Search(query, &hits).ok());
  EXPECT_EQ(hits.size(), static_cast<size_t>(kReports));
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

}  // namespace
}  // namespace gongkai::storage
