// Archives written by earlier gongkai versions: data/archive-v2.sqlite was written by gongkai at
// schema version 2 (uncompressed extraction text, positional search index) by importing one
// handmade WARC record. Opening it read-write must migrate it without losing anything.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <map>

#include "passages.h"
#include "storage/archive.h"
#include "storage/digest.h"
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

// Schema 15 replaced the search index of one entry per extraction (report_fts) by the passage
// index (storage/src/passages.h), which the first writing open rebuilds from the extractions. An
// archive at version 14 is made here by taking a current one back: a fixed number, since later
// migrations are appended after this one.
constexpr int kVersionBeforePassageIndex = 14;
const char kBackToVersion14[] =
    "DROP TABLE report_fts_title; DROP TABLE report_fts_passage; DROP TABLE report_fts_passage_key; "
    "DROP TABLE report_fts_holding; DELETE FROM meta WHERE key IN ('next_passage_id', 'search_index_rebuild'); "
    "CREATE VIRTUAL TABLE report_fts USING fts5(title, text, content='', tokenize='ascii', columnsize=0);";

void TakeBack(const std::string& path, int version, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const std::string all =
      std::string(testing::kBackToVersion15) + sql + "PRAGMA user_version = " + std::to_string(version) + ";";
  EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// Every hit of every query, with its score and snippet, and the totals.
std::string SearchResults(Archive* archive) {
  std::string out;
  for (const char* text : {"年度报告", "信息公开 -行政复议", "title:通知", "本网站 申请", "植树 OR 复议",
                           "政", "\"工作 年度\"", "人民政府办公室"}) {
    std::vector<SearchHit> hits;
    int64_t total = 0;
    Status status = archive->Search(testing::Query(text), &hits, &total);
    EXPECT_TRUE(status.ok()) << status.ToString();
    out += std::string(text) + ": " + std::to_string(total) + "\n";
    for (const SearchHit& hit : hits) {
      char score[32];
      std::snprintf(score, sizeof(score), "%.9f", hit.score);
      out += "  " + hit.url + " " + score + " " + hit.snippet + "\n";
    }
  }
  return out;
}

TEST(PassageIndexMigrationTest, VersionFourteenIndexIsRebuiltAndSearchesAlike) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  std::string before;
  {
    auto archive = testing::OpenOrDie(options);
    int64_t run = 0;
    ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok());
    const std::string chrome = "本网站由某市人民政府办公室主办。\n";
    const char* const kReports[][3] = {
        {"http://a.gov.test/r/1.html", "某市2022年政府信息公开工作年度报告",
         "全年收到申请十件。\n行政复议两件。"},
        {"http://a.gov.test/r/2.html", "关于开展植树活动的通知", "各乡镇：植树活动通知如下。"},
        {"http://b.gov.test/r/3.html", "某县2021年政府信息公开工作年度报告", "信息公开工作年度报告全文。"},
    };
    for (const auto& r : kReports) {
      ExtractionRecord e = testing::MakeExtraction(r[1], chrome + r[2] + "\n" + chrome);
      Capture c = testing::MakeCapture(run, r[0]);
      const std::string body = std::string("<html>") + r[1] + r[2] + "</html>";
      ASSERT_TRUE(archive->RecordFetch(c, std::string_view(body), true, {}, &e, nullptr).ok());
    }
    before = SearchResults(archive.get());
  }
  TakeBack(options.path, kVersionBeforePassageIndex, kBackToVersion14);
  auto archive = testing::OpenOrDie(options);
  EXPECT_EQ(SearchResults(archive.get()), before);
  EXPECT_NE(before.find("人民政府办公室: 3"), std::string::npos) << before;
  std::string rebuild;
  EXPECT_TRUE(archive->GetMeta("search_index_rebuild", &rebuild).IsNotFound());
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

// Schema 16 stores a body's digest once, as 32 bytes, names bodies by blobs row id everywhere else
// (captures, extractions, redirect hops, chained frames) and keys a report by its capture. An
// archive of version 15 is made by taking a current one back (testing::kBackToVersion15, and its
// chained frames back to naming the previous body by digest); the first writing open migrates it,
// and every capture, body, extraction, redirect hop and report reads back as before. (Holdings of
// the search index go back to their schema-15 form too; search and verify read them.)
std::string Describe(const Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) out += name + ": " + value + "|";
  return out;
}

std::string Describe(const Capture& c) {
  std::string out = std::to_string(c.id) + " run " + std::to_string(c.run_id) + " " + c.url + " -> " +
                    c.final_url + " " + c.method + " " + std::to_string(c.status) + " " + c.error_kind + " " +
                    c.error_message + " req[" + Describe(c.request_headers) + "] resp[" +
                    Describe(c.response_headers) + "] " + c.http_version + " " + c.remote_ip + " " +
                    std::to_string(c.started_at_ms) + "+" + std::to_string(c.duration_ms) + " body " +
                    c.body_sha256 + " " + std::to_string(c.body_size) + (c.truncated ? " truncated" : "") +
                    " " + c.charset_declared + "/" + c.charset_used + " from " + c.discovered_from_url + " " +
                    ToString(c.discovery) + " " + ToString(c.page_kind) + " revisit_of " +
                    std::to_string(c.revisit_of) + " " + c.origin + " " + c.content_type + " " + c.host;
  for (const std::string& hop : c.redirect_chain) out += " chain " + hop;
  return out;
}

std::string Describe(const ExtractionRecord& e) {
  std::string out = "extraction " + std::to_string(e.id) + " of capture " + std::to_string(e.capture_id) +
                    " body " + e.body_sha256 + " " + e.title + "|" + e.published + "|" + e.source + "|" +
                    e.site + "|" + e.column + "|" + e.text + "|" + e.charset + "|" + e.extractor_version +
                    "|" + std::to_string(e.extracted_at_ms) + "|" + e.agency + "|" +
                    std::to_string(e.report_year);
  for (const auto& table : e.tables) {
    for (const auto& row : table) {
      for (const std::string& cell : row) out += "[" + cell + "]";
    }
  }
  for (const auto& a : e.attachments) out += " attachment " + a.name + " " + a.url;
  return out;
}

// Everything the archive answers about its captures, bodies, extractions, hops and reports.
std::string Everything(Archive* archive) {
  std::string out;
  Status status = archive->ForEachCapture(ReportFilter(), [&](const Capture& c) {
    out += Describe(c) + "\n";
    std::string body;
    if (!c.body_sha256.empty()) {
      EXPECT_TRUE(archive->GetBody(c.body_sha256, &body).ok()) << c.body_sha256;
      out += "  body " + std::to_string(body.size()) + " " + Sha256Hex(body) + "\n";
    }
    std::vector<ExtractionRecord> extractions;
    EXPECT_TRUE(archive->ListExtractions(c.id, &extractions).ok());
    for (const ExtractionRecord& e : extractions) out += "  " + Describe(e) + "\n";
    std::vector<RedirectHop> hops;
    EXPECT_TRUE(archive->RedirectHops(c.id, &hops).ok());
    for (const RedirectHop& h : hops) {
      out += "  hop " + h.url + " " + std::to_string(h.status) + " " + Describe(h.request_headers) + " " +
             Describe(h.response_headers) + " body " + h.body_sha256 + " " + std::to_string(h.body_size) +
             "\n";
      if (!h.body_sha256.empty()) {
        EXPECT_TRUE(archive->GetBody(h.body_sha256, &body).ok()) << h.body_sha256;
        out += "  hop body " + body + "\n";
      }
    }
    Validators v;
    if (archive->LatestValidators(c.url, &v).ok())
      out += "  validators " + std::to_string(v.capture_id) + " " + v.etag + " " + v.body_sha256 + "\n";
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  status = archive->ForEachReport(ReportFilter(), [&](const Report& r) {
    out += "report " + r.capture.url + " " + r.capture.host + " capture " + std::to_string(r.capture.id) +
           " " + Describe(r.extraction) + " seed " + r.seed + "\n";
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::vector<SiteStats> sites;
  EXPECT_TRUE(archive->Stats(&sites).ok());
  for (const SiteStats& s : sites) {
    out += "site " + s.host + " " + std::to_string(s.captures) + " " + std::to_string(s.reports) + " " +
           std::to_string(s.raw_bytes) + " " + std::to_string(s.unique_bytes) +
           "\n";  // (stored: the forms differ)
  }
  std::vector<ExtractTask> tasks;
  EXPECT_TRUE(archive->ListExtractTasks("test-2", false, 0, &tasks).ok());
  for (const ExtractTask& t : tasks)
    out += "task " + std::to_string(t.capture_id) + " " + t.body_sha256 + "\n";
  return out + SearchResults(archive);
}

// Chained frames as schema 15 wrote them: 0x02 and the previous body's digest, not its row id.
void ChainByDigest(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::map<int64_t, std::string> data_of, digest_of;
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT id, sha256, data FROM blobs", -1, &read, nullptr), SQLITE_OK);
  while (sqlite3_step(read) == SQLITE_ROW) {
    const int64_t id = sqlite3_column_int64(read, 0);
    const std::string hex = reinterpret_cast<const char*>(sqlite3_column_text(read, 1));
    digest_of[id] = DigestFromHex(hex);
    data_of[id].assign(static_cast<const char*>(sqlite3_column_blob(read, 2)),
                       static_cast<size_t>(sqlite3_column_bytes(read, 2)));
  }
  sqlite3_finalize(read);
  int chained = 0;
  for (const auto& [id, data] : data_of) {
    if (data.empty() || data[0] != '\x03') continue;
    int64_t previous = 0;
    size_t at = 1;
    for (int shift = 0; at < data.size(); shift += 7) {
      const auto byte = static_cast<unsigned char>(data[at++]);
      previous |= static_cast<int64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) break;
    }
    const std::string old_form = "\x02" + digest_of.at(previous) + data.substr(at);
    sqlite3_stmt* write = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE blobs SET data = ?1, stored_size = ?2 WHERE id = ?3", -1, &write,
                                 nullptr),
              SQLITE_OK);
    sqlite3_bind_blob(write, 1, old_form.data(), static_cast<int>(old_form.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(write, 2, static_cast<int64_t>(old_form.size()));
    sqlite3_bind_int64(write, 3, id);
    EXPECT_EQ(sqlite3_step(write), SQLITE_DONE);
    sqlite3_finalize(write);
    ++chained;
  }
  EXPECT_GT(chained, 0) << "no chained body to take back";
  sqlite3_close(db);
}

// Holdings as schema 15 wrote them: each passage id itself (not its difference), then its count.
void HoldingsAsSchema15(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::map<int64_t, std::string> holdings;
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "SELECT extraction_id, passages FROM report_fts_holding", -1, &read, nullptr),
      SQLITE_OK);
  while (sqlite3_step(read) == SQLITE_ROW) {
    holdings[sqlite3_column_int64(read, 0)].assign(static_cast<const char*>(sqlite3_column_blob(read, 1)),
                                                   static_cast<size_t>(sqlite3_column_bytes(read, 1)));
  }
  sqlite3_finalize(read);
  auto write_varint = [](uint64_t value, std::string* out) {
    do {
      const auto low = static_cast<unsigned char>(value & 0x7F);
      value >>= 7;
      out->push_back(static_cast<char>(value != 0 ? (low | 0x80) : low));
    } while (value != 0);
  };
  int differ = 0;
  for (const auto& [extraction, holding] : holdings) {
    std::vector<HeldPassage> held;
    ASSERT_TRUE(DecodeHolding(holding, &held));
    std::string old_form;
    for (auto h = held.rbegin(); h != held.rend(); ++h) {  // an order of first occurrence
      write_varint(static_cast<uint64_t>(h->passage_id), &old_form);
      write_varint(static_cast<uint64_t>(h->count), &old_form);
    }
    differ += old_form != holding ? 1 : 0;
    sqlite3_stmt* write = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "UPDATE report_fts_holding SET passages = ?1 WHERE extraction_id = ?2",
                                 -1, &write, nullptr),
              SQLITE_OK);
    sqlite3_bind_blob(write, 1, old_form.data(), static_cast<int>(old_form.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int64(write, 2, extraction);
    EXPECT_EQ(sqlite3_step(write), SQLITE_DONE);
    sqlite3_finalize(write);
  }
  EXPECT_GT(differ, 0) << "no holding to take back";
  sqlite3_close(db);
}

std::string RawValue(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr)
    value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

constexpr int kVersionBeforeCompactReferences = 15;

TEST(CompactReferencesMigrationTest, VersionFifteenArchiveReadsBackTheSameAndVerifies) {
  testing::TempDir dir;
  Options options = testing::TestOptions(dir);
  std::string before;
  {
    auto archive = testing::OpenOrDie(options);
    int64_t run = 0;
    ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok());
    auto page = [](int i, int version) {
      std::string body =
          "<html><title>某市" + std::to_string(2000 + i) + "年政府信息公开工作年度报告</title>";
      for (int p = 0; p < 30; ++p)
        body += "<p>第" + std::to_string(p) + "段：收到申请" + std::to_string(i * 7 + p) + "件。</p>";
      return body + "<p>版本" + std::to_string(version) + "</p></html>";
    };
    for (int version = 1; version <= 2; ++version) {  // the second crawl changes two pages: reports move
      for (int i = 0; i < 6; ++i) {
        if (version == 2 && i % 3 != 0) continue;
        Capture c = testing::MakeCapture(run, "http://a.gov.test/r/" + std::to_string(i) + ".html");
        c.started_at_ms += version * 1000 + i;
        c.discovered_from_url = "http://a.gov.test/list.html";
        if (i == 4) {  // redirected, with a 3xx body
          c.final_url = "http://a.gov.test/r/moved.html";
          c.redirect_chain = {c.url, c.final_url};
          RedirectHop hop;
          hop.url = c.url;
          hop.status = 301;
          hop.response_headers = {{"Location", c.final_url}};
          hop.body = "<html>moved</html>";
          c.redirect_hops = {hop};
        }
        ExtractionRecord e =
            testing::MakeExtraction("某市" + std::to_string(2000 + i) + "年政府信息公开工作年度报告",
                                    "本网站由某市人民政府办公室主办。\n收到申请" + std::to_string(i * 7) +
                                        "件。\n版本" + std::to_string(version));
        e.tables = {{{"项目", "数量"}, {"申请", std::to_string(i)}}};
        e.attachments = {AttachmentLink("附件", "http://a.gov.test/f" + std::to_string(i) + ".pdf")};
        const std::string body = page(i, version);
        ASSERT_TRUE(archive->RecordFetch(c, std::string_view(body), true, {}, &e, nullptr).ok());
      }
    }
    // The same body under a second URL, an attachment, a 304 and a capture with no response.
    Capture copy = testing::MakeCapture(run, "http://b.gov.test/r/0.html");
    const std::string body0 = page(0, 2);
    ExtractionRecord e0 = testing::MakeExtraction("某市2000年政府信息公开工作年度报告", "副本");
    ASSERT_TRUE(archive->RecordFetch(copy, std::string_view(body0), true, {}, &e0, nullptr).ok());
    Capture pdf = testing::MakeCapture(run, "http://a.gov.test/f1.pdf", 200, PageKind::kAttachment);
    pdf.response_headers = {{"Content-Type", "application/pdf"}};
    ASSERT_TRUE(archive->RecordFetch(pdf, std::string_view("%PDF-1.4 ..."), true, {}, nullptr, nullptr).ok());
    Capture not_modified = testing::MakeCapture(run, "http://a.gov.test/r/1.html", 304);
    ASSERT_TRUE(archive->RecordFetch(not_modified, std::nullopt, true, {}, nullptr, nullptr).ok());
    Capture failed = testing::MakeCapture(run, "http://a.gov.test/r/9.html", 0);
    failed.error_kind = "timeout";
    failed.response_headers.clear();
    ASSERT_TRUE(archive->RecordFetch(failed, std::nullopt, true, {}, nullptr, nullptr).ok());
    before = Everything(archive.get());
  }
  TakeBack(options.path, kVersionBeforeCompactReferences, "");
  ChainByDigest(options.path);
  HoldingsAsSchema15(options.path);
  EXPECT_EQ(RawValue(options.path, "SELECT typeof(sha256) FROM blobs LIMIT 1"), "text");
  auto archive = testing::OpenOrDie(options);
  ASSERT_NE(archive, nullptr);
  EXPECT_EQ(Everything(archive.get()), before);
  EXPECT_NE(before.find("hop body <html>moved</html>"), std::string::npos) << before;
  EXPECT_NE(before.find("report http://b.gov.test/r/0.html"), std::string::npos) << before;
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
  EXPECT_EQ(RawValue(options.path,
                     "SELECT count(*) FROM blobs WHERE typeof(sha256) <> 'blob' OR length(sha256) <> 32"),
            "0");
  EXPECT_EQ(
      RawValue(options.path, "SELECT count(*) FROM pragma_table_info('captures') WHERE name = 'body_sha256'"),
      "0");
  EXPECT_EQ(RawValue(options.path, "SELECT count(*) FROM pragma_table_info('reports') WHERE name = 'url'"),
            "0");
  // Bodies stored after the migration chain to the old ones by row id and read back too.
  int64_t run = 0;
  ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 2}, &run).ok());
  Capture next = testing::MakeCapture(run, "http://a.gov.test/r/7.html");
  const std::string body7 =
      "<html><title>某市2007年政府信息公开工作年度报告</title>" + std::string(400, 'p') + "</html>";
  ASSERT_TRUE(archive->RecordFetch(next, std::string_view(body7), true, {}, nullptr, nullptr).ok());
  std::string back;
  ASSERT_TRUE(archive->GetBody(Sha256Hex(body7), &back).ok());
  EXPECT_EQ(back, body7);
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

}  // namespace
}  // namespace gongkai::storage
