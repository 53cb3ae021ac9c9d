// Round trips of every record kind through the SQLite archive, dedup, the report index.
#include "storage/archive.h"

#include <gtest/gtest.h>

#include "storage/digest.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

using testing::MakeCapture;
using testing::MakeExtraction;

class ArchiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
    ASSERT_NE(archive_, nullptr);
    RunInfo info{"0.1.0", "cfgdigest", "[seeds]\nurl = \"http://a.test/\"", 1700000000000};
    ASSERT_TRUE(archive_->BeginRun(info, &run_).ok());
  }

  int64_t Record(const Capture& c, std::optional<std::string_view> body,
                 const ExtractionRecord* extraction = nullptr, std::vector<FrontierEntry> found = {}) {
    RecordedFetch recorded;
    Status status = archive_->RecordFetch(c, body, true, found, extraction, &recorded);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return recorded.capture_id;
  }

  int64_t BlobCount() {
    std::vector<SiteStats> stats;
    EXPECT_TRUE(archive_->Stats(&stats).ok());
    VerifyReport report;
    EXPECT_TRUE(archive_->Verify(&report).ok());
    return report.blobs_checked;
  }

  testing::TempDir dir_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
};

TEST_F(ArchiveTest, RunRoundTripAndResume) {
  EXPECT_EQ(archive_->FindUnfinishedRun(), run_);
  storage::Run run;
  ASSERT_TRUE(archive_->GetRun(run_, &run).ok());
  EXPECT_EQ(run.info.gongkai_version, "0.1.0");
  EXPECT_EQ(run.info.config_digest, "cfgdigest");
  EXPECT_EQ(run.info.seeds, "[seeds]\nurl = \"http://a.test/\"");
  EXPECT_EQ(run.ended_at_ms, 0);
  ASSERT_TRUE(archive_->FinishRun(run_, "{\"pages\":3}", 1700000009000).ok());
  EXPECT_EQ(archive_->FindUnfinishedRun(), std::nullopt);
  std::vector<storage::Run> runs;
  ASSERT_TRUE(archive_->ListRuns(&runs).ok());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].summary_json, "{\"pages\":3}");
  EXPECT_EQ(runs[0].ended_at_ms, 1700000009000);
  EXPECT_TRUE(archive_->FinishRun(999, "{}", 1).IsNotFound());
  EXPECT_TRUE(archive_->GetRun(999, &run).IsNotFound());
}

TEST_F(ArchiveTest, CaptureRoundTripKeepsEveryField) {
  Capture c = MakeCapture(run_, "http://a.test/r/1.html");
  c.final_url = "http://a.test/r/1b.html";
  c.redirect_chain = {"http://a.test/r/1.html", "http://a.test/r/1b.html"};
  c.charset_declared = "gb2312";
  c.charset_used = "gb18030";
  c.discovered_from_url = "http://a.test/list.html";
  c.truncated = true;
  c.http_version = "HTTP/1.0";
  int64_t id = Record(c, std::string_view("<html>正文</html>"));
  Capture back;
  ASSERT_TRUE(archive_->GetCapture(id, &back).ok());
  EXPECT_EQ(back.id, id);
  EXPECT_EQ(back.run_id, run_);
  EXPECT_EQ(back.url, c.url);
  EXPECT_EQ(back.final_url, c.final_url);
  EXPECT_EQ(back.redirect_chain, c.redirect_chain);
  EXPECT_EQ(back.method, "GET");
  EXPECT_EQ(back.status, 200);
  EXPECT_EQ(back.request_headers, c.request_headers);
  EXPECT_EQ(back.response_headers, c.response_headers);
  EXPECT_EQ(back.http_version, "HTTP/1.0");
  EXPECT_EQ(back.remote_ip, "127.0.0.1");
  EXPECT_EQ(back.started_at_ms, c.started_at_ms);
  EXPECT_EQ(back.duration_ms, 12);
  EXPECT_EQ(back.body_sha256, Sha256Hex("<html>正文</html>"));
  EXPECT_EQ(back.body_size, static_cast<int64_t>(std::string("<html>正文</html>").size()));
  EXPECT_TRUE(back.truncated);
  EXPECT_EQ(back.charset_declared, "gb2312");
  EXPECT_EQ(back.charset_used, "gb18030");
  EXPECT_EQ(back.discovered_from_url, "http://a.test/list.html");
  EXPECT_EQ(back.discovery, DiscoveryKind::kReport);
  EXPECT_EQ(back.page_kind, PageKind::kReport);
  EXPECT_EQ(back.origin, "crawl");
  EXPECT_EQ(back.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(back.host, "a.test");
  std::string body;
  ASSERT_TRUE(archive_->GetBody(back.body_sha256, &body).ok());
  EXPECT_EQ(body, "<html>正文</html>");
}

TEST_F(ArchiveTest, ErrorCaptureWithoutResponse) {
  Capture c = MakeCapture(run_, "http://down.test/", 0, PageKind::kOther);
  c.error_kind = "timeout";
  c.error_message = "no response within 15000 ms";
  c.response_headers.clear();
  int64_t id = Record(c, std::nullopt);
  Capture back;
  ASSERT_TRUE(archive_->GetCapture(id, &back).ok());
  EXPECT_EQ(back.status, 0);
  EXPECT_EQ(back.error_kind, "timeout");
  EXPECT_EQ(back.error_message, "no response within 15000 ms");
  EXPECT_EQ(back.body_sha256, "");
  Validators v;
  EXPECT_TRUE(archive_->LatestValidators("http://down.test/", &v).IsNotFound());
}

TEST_F(ArchiveTest, RobotsRefusalAndChallengeAreRecorded) {
  Capture refused = MakeCapture(run_, "http://a.test/private/x.html", 0, PageKind::kOther);
  refused.error_kind = "robots_disallowed";
  Capture challenge = MakeCapture(run_, "http://a.test/r/2.html", 202, PageKind::kChallenge);
  int64_t a = Record(refused, std::nullopt);
  int64_t b = Record(challenge, std::string_view("<script>challenge()</script>"));
  Capture back;
  ASSERT_TRUE(archive_->GetCapture(a, &back).ok());
  EXPECT_EQ(back.error_kind, "robots_disallowed");
  ASSERT_TRUE(archive_->GetCapture(b, &back).ok());
  EXPECT_EQ(back.page_kind, PageKind::kChallenge);
}

TEST_F(ArchiveTest, SameBodyTwiceIsOneBlob) {
  std::string page(5000, 'x');
  int64_t a = Record(MakeCapture(run_, "http://a.test/1"), std::string_view(page));
  int64_t b = Record(MakeCapture(run_, "http://b.test/2"), std::string_view(page));
  EXPECT_NE(a, b);
  EXPECT_EQ(BlobCount(), 1);
  std::vector<SiteStats> stats;
  ASSERT_TRUE(archive_->Stats(&stats).ok());
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_EQ(stats[0].raw_bytes + stats[1].raw_bytes, 10000);
  EXPECT_EQ(stats[0].unique_bytes + stats[1].unique_bytes, 5000);
  EXPECT_LT(stats[0].stored_bytes + stats[1].stored_bytes, 1000);  // compressed
}

TEST_F(ArchiveTest, RevisitAndValidators) {
  Capture first = MakeCapture(run_, "http://a.test/r/1.html");
  first.response_headers.push_back({"Last-Modified", "Tue, 31 Jan 2023 00:00:00 GMT"});
  int64_t id = Record(first, std::string_view("body v1"));
  Validators v;
  ASSERT_TRUE(archive_->LatestValidators("http://a.test/r/1.html", &v).ok());
  EXPECT_EQ(v.capture_id, id);
  EXPECT_EQ(v.etag, "\"v1\"");
  EXPECT_EQ(v.last_modified, "Tue, 31 Jan 2023 00:00:00 GMT");
  EXPECT_EQ(v.body_sha256, Sha256Hex("body v1"));
  Capture revisit = MakeCapture(run_, "http://a.test/r/1.html", 304);
  revisit.revisit_of = id;
  int64_t rid = Record(revisit, std::nullopt);
  Capture back;
  ASSERT_TRUE(archive_->GetCapture(rid, &back).ok());
  EXPECT_EQ(back.revisit_of, id);
  ASSERT_TRUE(archive_->LatestValidators("http://a.test/r/1.html", &v).ok());
  EXPECT_EQ(v.capture_id, id);  // a 304 has no body: the 200 still holds the validators
  std::vector<Capture> history;
  ASSERT_TRUE(archive_->History("http://a.test/r/1.html", &history).ok());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].id, rid);
  EXPECT_EQ(history[1].id, id);
}

TEST_F(ArchiveTest, RecordFetchSaysHowTheBodyComparesWithTheUrlsPreviousOne) {
  const std::string url = "http://a.test/r/2.html";
  auto record = [&](int status, std::optional<std::string_view> body) {
    RecordedFetch recorded;
    Status s = archive_->RecordFetch(MakeCapture(run_, url, status), body, true, {}, nullptr, &recorded);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return recorded;
  };
  RecordedFetch first = record(200, std::string_view("v1"));
  EXPECT_EQ(first.change, BodyChange::kNew);
  EXPECT_GT(first.capture_id, 0);
  EXPECT_EQ(record(200, std::string_view("v1")).change, BodyChange::kUnchanged);
  EXPECT_EQ(record(404, std::string_view("gone")).change, BodyChange::kNone);  // not compared
  EXPECT_EQ(record(200, std::string_view("v2")).change, BodyChange::kChanged);
  EXPECT_EQ(record(0, std::nullopt).change, BodyChange::kNone);  // no response
  RecordedFetch revisit = record(304, std::nullopt);
  EXPECT_EQ(revisit.change, BodyChange::kRevisit);
  Capture back;
  ASSERT_TRUE(archive_->GetCapture(revisit.capture_id, &back).ok());
  Validators v;
  ASSERT_TRUE(archive_->LatestValidators(url, &v).ok());
  EXPECT_EQ(back.revisit_of, v.capture_id);  // the 304 confirms the newest 2xx body ("v2")
  EXPECT_EQ(v.body_sha256, Sha256Hex("v2"));
}

TEST_F(ArchiveTest, RecordFetchOfAFirst304IsARevisitOfNothing) {
  RecordedFetch recorded;
  ASSERT_TRUE(archive_
                  ->RecordFetch(MakeCapture(run_, "http://a.test/never-stored", 304), std::nullopt, true, {},
                                nullptr, &recorded)
                  .ok());
  EXPECT_EQ(recorded.change, BodyChange::kRevisit);
  Capture back;
  ASSERT_TRUE(archive_->GetCapture(recorded.capture_id, &back).ok());
  EXPECT_EQ(back.revisit_of, 0);
}

TEST_F(ArchiveTest, FrontierIsTheSeenSetAndTracksDone) {
  std::vector<FrontierEntry> seeds = {{"http://a.test/", "", DiscoveryKind::kSeed, 0, "a", false, false, {}},
                                      {"http://b.test/", "", DiscoveryKind::kSeed, 0, "b", false, false, {}},
                                      {"http://a.test/", "", DiscoveryKind::kSeed, 0, "a", false, false, {}}};
  int added = 0;
  ASSERT_TRUE(archive_->AddToFrontier(run_, seeds, &added).ok());
  EXPECT_EQ(added, 2);
  Capture c = MakeCapture(run_, "http://a.test/", 200, PageKind::kListing);
  std::vector<FrontierEntry> found = {
      {"http://a.test/r/1.html", "http://a.test/", DiscoveryKind::kReport, 1, "a", false, false, {}},
      {"http://b.test/", "http://a.test/", DiscoveryKind::kListing, 1, "a", false, false, {}}};  // already
                                                                                                 // seen
  Record(c, std::string_view("<a href=r/1.html>"), nullptr, found);
  std::vector<FrontierEntry> pending;
  ASSERT_TRUE(archive_->PendingFrontier(run_, &pending).ok());
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].url, "http://b.test/");
  EXPECT_EQ(pending[0].seed_name, "b");
  EXPECT_EQ(pending[1].url, "http://a.test/r/1.html");
  EXPECT_EQ(pending[1].discovered_from_url, "http://a.test/");
  EXPECT_EQ(pending[1].discovery, DiscoveryKind::kReport);
  EXPECT_EQ(pending[1].depth, 1);
  std::vector<FrontierEntry> all;
  ASSERT_TRUE(archive_->ListFrontier(run_, &all).ok());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[0].done);
  ASSERT_TRUE(archive_->MarkFrontierDone(run_, "http://b.test/").ok());
  ASSERT_TRUE(archive_->PendingFrontier(run_, &pending).ok());
  EXPECT_EQ(pending.size(), 1u);
  EXPECT_TRUE(archive_->AddToFrontier(999, seeds, &added).IsNotFound());
}

// v12: how an entry was reached and the agency whose column listed it come back to a resumed crawl.
TEST_F(ArchiveTest, FrontierKeepsNavigationAndAgency) {
  FrontierEntry column{
      "http://a.test/xxgk/index.html", "http://a.test/", DiscoveryKind::kListing, 1, "a", false, false, {}};
  column.navigation = true;
  FrontierEntry report{
      "http://a.test/d3/1.html", "http://a.test/d3/", DiscoveryKind::kReport, 3, "a", false, false, {}};
  report.agency = "财政局";
  FrontierEntry plain{
      "http://a.test/r/2.html", "http://a.test/", DiscoveryKind::kReport, 1, "a", false, false, {}};
  ASSERT_TRUE(archive_->AddToFrontier(run_, {column, report, plain}, nullptr).ok());
  std::vector<FrontierEntry> pending;
  ASSERT_TRUE(archive_->PendingFrontier(run_, &pending).ok());
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_TRUE(pending[0].navigation);
  EXPECT_EQ(pending[0].agency, "");
  EXPECT_FALSE(pending[1].navigation);
  EXPECT_EQ(pending[1].agency, "财政局");
  EXPECT_FALSE(pending[2].navigation);
  EXPECT_EQ(pending[2].agency, "");
}

TEST_F(ArchiveTest, RecordFetchRejectsUnknownRunAndWritesNothing) {
  Capture c = MakeCapture(999, "http://a.test/x");
  RecordedFetch recorded{-1, BodyChange::kNone};
  Status status = archive_->RecordFetch(c, std::string_view("bytes"), true, {}, nullptr, &recorded);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(recorded.capture_id, -1);
  EXPECT_FALSE(archive_->HasBody(Sha256Hex("bytes")));
}

TEST_F(ArchiveTest, ExtractionRoundTripAndVersions) {
  ExtractionRecord e = MakeExtraction("2022年政府信息公开工作年度报告", "一、总体情况\n二、主动公开");
  e.tables = {{{"a", "b"}, {"1", "2"}}};
  e.attachments = {AttachmentLink("附件", "http://a.test/f.pdf")};
  int64_t id = Record(MakeCapture(run_, "http://a.test/r/1.html"), std::string_view("<html>1</html>"), &e);
  ExtractionRecord back;
  ASSERT_TRUE(archive_->CurrentExtraction(id, &back).ok());
  EXPECT_EQ(back.capture_id, id);
  EXPECT_EQ(back.body_sha256, Sha256Hex("<html>1</html>"));
  EXPECT_EQ(back.title, e.title);
  EXPECT_EQ(back.published, e.published);
  EXPECT_EQ(back.source, e.source);
  EXPECT_EQ(back.site, e.site);
  EXPECT_EQ(back.column, e.column);
  EXPECT_EQ(back.text, e.text);
  EXPECT_EQ(back.tables, e.tables);
  EXPECT_EQ(back.attachments, e.attachments);
  EXPECT_EQ(back.extractor_version, "test-1");
  EXPECT_EQ(back.extracted_at_ms, e.extracted_at_ms);

  ExtractionRecord v2 = MakeExtraction("新标题", "新正文内容", "test-2");
  v2.capture_id = id;
  v2.extracted_at_ms += 1000;
  bool changed = false;
  ASSERT_TRUE(archive_->PutExtraction(v2, &changed).ok());
  EXPECT_TRUE(changed);
  ASSERT_TRUE(archive_->CurrentExtraction(id, &back).ok());
  EXPECT_EQ(back.extractor_version, "test-2");
  std::vector<ExtractionRecord> all;
  ASSERT_TRUE(archive_->ListExtractions(id, &all).ok());
  EXPECT_EQ(all.size(), 2u);  // old extractions stay

  v2.extracted_at_ms += 1000;  // same version, same content: replaced, unchanged
  ASSERT_TRUE(archive_->PutExtraction(v2, &changed).ok());
  EXPECT_FALSE(changed);
  ASSERT_TRUE(archive_->ListExtractions(id, &all).ok());
  EXPECT_EQ(all.size(), 2u);
  std::vector<SearchHit> hits;
  ASSERT_TRUE(archive_->Search(testing::Query("新正文"), &hits).ok());
  EXPECT_EQ(hits.size(), 1u);
  ASSERT_TRUE(archive_->Search(testing::Query("总体情况"), &hits).ok());
  EXPECT_EQ(hits.size(), 0u);  // only the current extraction is indexed
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST_F(ArchiveTest, PutExtractionsIsOneTransaction) {
  int64_t a = Record(MakeCapture(run_, "http://a.test/r/1.html"), std::string_view("one"));
  int64_t b = Record(MakeCapture(run_, "http://a.test/r/2.html"), std::string_view("two"));
  ExtractionRecord ea = MakeExtraction("甲", "甲的正文内容", "v9");
  ea.capture_id = a;
  ExtractionRecord eb = MakeExtraction("乙", "乙的正文内容", "v9");
  eb.capture_id = 999;  // unknown: the whole batch must fail
  int64_t changed = -1;
  EXPECT_TRUE(archive_->PutExtractions({ea, eb}, &changed).IsNotFound());
  ExtractionRecord back;
  EXPECT_TRUE(archive_->CurrentExtraction(a, &back).IsNotFound());
  eb.capture_id = b;
  ASSERT_TRUE(archive_->PutExtractions({ea, eb}, &changed).ok());
  EXPECT_EQ(changed, 2);
  std::vector<SearchHit> hits;
  ASSERT_TRUE(archive_->Search(testing::Query("的正文内"), &hits).ok());
  EXPECT_EQ(hits.size(), 2u);
}

TEST_F(ArchiveTest, ExtractTasksListOutdatedAndResumableAll) {
  int64_t a = Record(MakeCapture(run_, "http://a.test/r/1.html"), std::string_view("one"));
  ExtractionRecord e = MakeExtraction("t", "text", "v1");
  int64_t b = Record(MakeCapture(run_, "http://a.test/r/2.html"), std::string_view("two"), &e);
  Record(MakeCapture(run_, "http://a.test/list", 200, PageKind::kListing), std::string_view("list"));
  std::vector<ExtractTask> tasks;
  ASSERT_TRUE(archive_->ListExtractTasks("v1", false, 0, &tasks).ok());
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_EQ(tasks[0].capture_id, a);
  EXPECT_EQ(tasks[0].content_type, "text/html; charset=utf-8");
  ASSERT_TRUE(archive_->ListExtractTasks("v2", false, 0, &tasks).ok());
  EXPECT_EQ(tasks.size(), 2u);
  ASSERT_TRUE(archive_->ListExtractTasks("v1", true, e.extracted_at_ms + 1, &tasks).ok());
  EXPECT_EQ(tasks.size(), 2u);  // b's v1 extraction predates the --all run
  ASSERT_TRUE(archive_->ListExtractTasks("v1", true, e.extracted_at_ms, &tasks).ok());
  ASSERT_EQ(tasks.size(), 1u);
  EXPECT_NE(tasks[0].capture_id, b);
}

TEST_F(ArchiveTest, ProvenanceFollowsDiscoveredFromToTheSeed) {
  Capture seed = MakeCapture(run_, "http://a.test/xxgk/", 200, PageKind::kListing);
  seed.discovery = DiscoveryKind::kSeed;
  int64_t s = Record(seed, std::string_view("seed"));
  Capture page2 = MakeCapture(run_, "http://a.test/xxgk/index_1.html", 200, PageKind::kListing);
  page2.discovery = DiscoveryKind::kPagination;
  page2.discovered_from_url = "http://a.test/xxgk/";
  int64_t p = Record(page2, std::string_view("page 2"));
  Capture report = MakeCapture(run_, "http://a.test/r/9.html");
  report.discovered_from_url = "http://a.test/xxgk/index_1.html";
  int64_t r = Record(report, std::string_view("report"));
  std::vector<Capture> chain;
  ASSERT_TRUE(archive_->Provenance(r, &chain).ok());
  ASSERT_EQ(chain.size(), 3u);
  EXPECT_EQ(chain[0].id, s);
  EXPECT_EQ(chain[1].id, p);
  EXPECT_EQ(chain[2].id, r);
}

TEST_F(ArchiveTest, ProvenanceStopsOnCycles) {
  Capture a = MakeCapture(run_, "http://a.test/a", 200, PageKind::kListing);
  a.discovered_from_url = "http://a.test/b";
  Capture b = MakeCapture(run_, "http://a.test/b", 200, PageKind::kListing);
  b.discovered_from_url = "http://a.test/a";
  Record(a, std::string_view("a"));
  int64_t id = Record(b, std::string_view("b"));
  std::vector<Capture> chain;
  ASSERT_TRUE(archive_->Provenance(id, &chain).ok());
  EXPECT_EQ(chain.size(), 2u);
}

TEST_F(ArchiveTest, MetaKeyValues) {
  std::string value;
  EXPECT_TRUE(archive_->GetMeta("k", &value).IsNotFound());
  ASSERT_TRUE(archive_->SetMeta("k", "v").ok());
  ASSERT_TRUE(archive_->GetMeta("k", &value).ok());
  EXPECT_EQ(value, "v");
}

TEST(ArchiveOpenTest, ReopenKeepsDataAndSchemaVersion) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  int64_t run = 0;
  {
    auto archive = testing::OpenOrDie(options);
    ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok());
  }
  auto archive = testing::OpenOrDie(options);
  storage::Run back;
  EXPECT_TRUE(archive->GetRun(run, &back).ok());
  EXPECT_GE(Archive::SchemaVersion(), 1);
}

TEST(ArchiveOpenTest, NotADatabaseIsCorruption) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  options.path = dir.File("junk.sqlite");
  FILE* f = fopen(options.path.c_str(), "wb");
  std::string junk(8192, 'j');
  fwrite(junk.data(), 1, junk.size(), f);
  fclose(f);
  std::unique_ptr<Archive> archive;
  Status status = Archive::Open(options, &archive);
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("junk.sqlite"), std::string::npos);
}

TEST(ArchiveOpenTest, ReadOnlyOpenOfMissingFileIsNotFound) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  std::unique_ptr<Archive> archive;
  EXPECT_TRUE(Archive::OpenReadOnly(options, &archive).IsNotFound());
}

TEST(ArchiveLockTest, SecondCrawlIsRefusedWithTheHoldersPid) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  auto first = testing::OpenOrDie(options);
  auto second = testing::OpenOrDie(options);
  ASSERT_TRUE(first->TryLockForCrawl(nullptr));
  int holder = -1;
  EXPECT_FALSE(second->TryLockForCrawl(&holder));
  EXPECT_EQ(holder, ::getpid());
  first->UnlockCrawl();
  EXPECT_TRUE(second->TryLockForCrawl(&holder));
}

}  // namespace
}  // namespace gongkai::storage
