// Corruption is always found (issue 17, "corruption always found"; issue 16, "read commands check
// what they read"): one byte flipped in any column that matters is reported by verify and refused
// (Corruption, never a silent hole or a wrong value) by the reads behind show, export and runs.
#include <sqlite3.h>

#include <sstream>

#include <gtest/gtest.h>

#include "storage/archive.h"
#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

// Flips one bit in the middle byte of `column` of the rows matching `where`, keeping its type,
// behind the archive's back (a plain connection: no seal triggers), as a bad disk would.
void FlipByte(const std::string& path, const std::string& table, const std::string& column,
              const std::string& where) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  // Rows are found again by their old value (WITHOUT ROWID tables have no rowid).
  std::string select = "SELECT DISTINCT typeof(" + column + "), CAST(" + column + " AS BLOB) FROM " + table +
                       " WHERE " + where;
  sqlite3_stmt* read = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, select.c_str(), -1, &read, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  std::vector<std::pair<std::string, std::string>> rows;
  while (sqlite3_step(read) == SQLITE_ROW) {
    auto* p = static_cast<const char*>(sqlite3_column_blob(read, 1));
    rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(read, 0)),
                      std::string(p == nullptr ? "" : p, static_cast<size_t>(sqlite3_column_bytes(read, 1))));
  }
  sqlite3_finalize(read);
  ASSERT_FALSE(rows.empty()) << "no row of " << table << " where " << where;
  std::string update = "UPDATE " + table + " SET " + column + " = ?1 WHERE (" + where + ") AND CAST(" +
                       column + " AS BLOB) = ?2";
  for (auto& [type, bytes] : rows) {
    ASSERT_FALSE(bytes.empty()) << table << "." << column << " is empty";
    std::string old_bytes = bytes;
    bytes[bytes.size() / 2] ^= 0x01;
    sqlite3_stmt* write = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, update.c_str(), -1, &write, nullptr), SQLITE_OK);
    if (type == "blob") {
      sqlite3_bind_blob(write, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_text(write, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    }
    sqlite3_bind_blob(write, 2, old_bytes.data(), static_cast<int>(old_bytes.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(write), SQLITE_DONE) << sqlite3_errmsg(db);
    EXPECT_GT(sqlite3_changes(db), 0) << "nothing flipped in " << table << "." << column;
    sqlite3_finalize(write);
  }
  sqlite3_close(db);
}

// Which reads must refuse the damage.
enum Reader : unsigned {
  kShow = 1,         // GetCapture + CurrentExtraction (gongkai show)
  kRaw = 2,          // GetBody (gongkai show --raw)
  kJsonl = 4,        // ExportJsonl (gongkai export)
  kWarc = 8,         // ExportWarc (gongkai export --format warc)
  kRuns = 16,        // ListRuns (gongkai runs)
  kSearch = 32,      // Search (gongkai search)
  kPoliteness = 64,  // ListPoliteness (a crawl's politeness restore)
  kHops = 128,       // RedirectHops (the WARC export's redirect pairs)
  kImported = 256,   // FindImported (a WARC import's duplicate check)
};

struct Flip {
  const char* table;
  const char* column;
  unsigned readers;
};

std::ostream& operator<<(std::ostream& out, const Flip& f) {
  return out << f.table << "." << f.column;
}

class SealTest : public ::testing::TestWithParam<Flip> {
 protected:
  void SetUp() override {
    options_ = testing::TestOptions(dir_);
    auto archive = testing::OpenOrDie(options_);
    ASSERT_TRUE(archive->BeginRun({"0.1.0", "digest", "[[seed]] name = \"测试\"", 1}, &run_).ok());
    FrontierEntry seed{"http://a.test/0", "", DiscoveryKind::kSeed, 0, "测试门户", false, false, {}};
    seed.navigation = true;
    seed.agency = "测试局";
    ASSERT_TRUE(archive->AddToFrontier(run_, {seed}, nullptr).ok());
    ExtractionRecord e = testing::MakeExtraction("二〇二三年政府信息公开工作年度报告",
                                                 "一、总体情况。本年度共收到申请一百件。");
    e.tables = {{{"项目", "数量"}, {"申请", "100"}}};
    e.attachments = {AttachmentLink("附件", "http://a.test/f.pdf")};
    Capture c = testing::MakeCapture(run_, "http://a.test/0");
    c.final_url = "http://a.test/1";  // redirected: a final URL equal to the URL is stored as ''
    c.redirect_chain = {"http://a.test/0", "http://a.test/1"};
    std::string body = "<html><title>年度报告</title>" + std::string(2000, 'x') + "</html>";
    RedirectHop hop;
    hop.url = "http://a.test/0";
    hop.status = 302;
    hop.response_headers = {{"Location", "http://a.test/1"}};
    hop.remote_ip = "127.0.0.1";
    c.redirect_hops = {hop};
    c.warc_record_id = kRecordId;
    e.report_year = 2023;
    e.agency = "测试局";
    e.agency_source = "column";
    e.statistics_edition = "2021";
    e.statistic_cells = {{"t3.new.natural", "number", 100, "100"}};
    e.statistic_checks = {{"t3.balance.natural", "PASS", "100 = 100", {"t3.new.natural"}}};
    RecordedFetch recorded;
    ASSERT_TRUE(archive->RecordFetch(c, std::string_view(body), true, {}, &e, &recorded).ok());
    capture_ = recorded.capture_id;
    PolitenessRow politeness;
    politeness.scope = "host";
    politeness.key = "a.test";
    politeness.run_id = run_;
    politeness.gap_ms = 1000;
    politeness.next_start_ms = 1'700'000'000'000;
    ASSERT_TRUE(archive->PutPoliteness({politeness}).ok());
    ASSERT_TRUE(archive->FinishRun(run_, "{\"pages\":1}", 2).ok());
  }

  std::unique_ptr<Archive> Reader() {
    std::unique_ptr<Archive> archive;
    Status status = Archive::OpenReadOnly(options_, &archive);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return archive;
  }

  // Corruption from each reader in `readers`.
  void ExpectRefused(unsigned readers) {
    auto archive = Reader();
    ASSERT_NE(archive, nullptr);
    if (readers & kShow) {
      Capture c;
      ExtractionRecord e;
      Status a = archive->GetCapture(capture_, &c);
      Status b = archive->CurrentExtraction(capture_, &e);
      EXPECT_TRUE(a.IsCorruption() || b.IsCorruption()) << "show: " << a.ToString() << " / " << b.ToString();
    }
    if (readers & kRaw) {
      std::string body;
      EXPECT_TRUE(archive->GetBody(body_sha256(), &body).IsCorruption()) << "show --raw";
    }
    if (readers & kPoliteness) {
      std::vector<PolitenessRow> rows;
      Status s = archive->ListPoliteness(&rows);
      EXPECT_TRUE(s.IsCorruption()) << "politeness: " << s.ToString();
    }
    if (readers & kHops) {
      std::vector<RedirectHop> hops;
      Status s = archive->RedirectHops(capture_, &hops);
      EXPECT_TRUE(s.IsCorruption()) << "redirect hops: " << s.ToString();
    }
    if (readers & kImported) {
      int64_t capture = 0;
      Status s = archive->FindImported(kRecordId, "http://a.test/1", 0, "", &capture);
      EXPECT_TRUE(s.IsCorruption()) << "imported: " << s.ToString();
    }
    ExportOptions options;
    ExportResult result;
    std::ostringstream out;
    if (readers & kJsonl) {
      Status s = ExportJsonl(*archive, options, out, &result);
      EXPECT_TRUE(s.IsCorruption()) << "export jsonl: " << s.ToString();
    }
    if (readers & kWarc) {
      Status s = ExportWarc(*archive, options, out, &result);
      EXPECT_TRUE(s.IsCorruption()) << "export warc: " << s.ToString();
    }
    if (readers & kRuns) {
      std::vector<storage::Run> runs;
      Status s = archive->ListRuns(&runs);
      EXPECT_TRUE(s.IsCorruption()) << "runs: " << s.ToString();
    }
    if (readers & kSearch) {
      std::vector<SearchHit> hits;
      Status s = archive->Search(testing::Query("年度报告"), &hits);
      EXPECT_TRUE(s.IsCorruption()) << "search: " << s.ToString();
    }
  }

  std::string body_sha256() {
    Capture c;
    auto archive = Reader();
    EXPECT_TRUE(archive->GetCapture(capture_, &c).ok());
    return c.body_sha256;
  }

  static constexpr char kRecordId[] = "<urn:uuid:00000000-0000-4000-8000-000000000001>";
  testing::TempDir dir_;
  Options options_;
  int64_t run_ = 0;
  int64_t capture_ = 0;
};

TEST_F(SealTest, IntactArchiveReadsAndVerifiesClean) {
  ExpectRefused(0);
  auto archive = Reader();
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
  std::ostringstream out;
  ExportResult result;
  EXPECT_TRUE(ExportJsonl(*archive, ExportOptions(), out, &result).ok());
  EXPECT_EQ(result.reports, 1);
  std::vector<PolitenessRow> politeness;
  ASSERT_TRUE(archive->ListPoliteness(&politeness).ok());
  ASSERT_EQ(politeness.size(), 1u);
  EXPECT_EQ(politeness[0].gap_ms, 1000);
  std::vector<RedirectHop> hops;
  ASSERT_TRUE(archive->RedirectHops(capture_, &hops).ok());
  ASSERT_EQ(hops.size(), 1u);
  EXPECT_EQ(hops[0].url, "http://a.test/0");
  int64_t imported = 0;
  ASSERT_TRUE(archive->FindImported(kRecordId, "http://a.test/1", 0, "", &imported).ok());
  EXPECT_EQ(imported, capture_);
  ExtractionRecord e;
  ASSERT_TRUE(archive->CurrentExtraction(capture_, &e).ok());
  EXPECT_EQ(e.agency, "测试局");
  ASSERT_EQ(e.statistic_cells.size(), 1u);
  EXPECT_EQ(e.statistic_cells[0].raw, "100");
}

TEST_P(SealTest, FlippedByteIsFoundByVerifyAndRefusedByReads) {
  const Flip& flip = GetParam();
  FlipByte(options_.path, flip.table, flip.column, "1");
  auto archive = Reader();
  VerifyReport report;
  ASSERT_TRUE(archive->Verify(&report).ok());
  EXPECT_FALSE(report.ok()) << flip << " passed verify";
  ExpectRefused(flip.readers);
}

INSTANTIATE_TEST_SUITE_P(
    EveryColumnThatMatters, SealTest,
    ::testing::Values(
        // A report's URL and host are its capture's (schema 16): search reads them there.
        Flip{"captures", "url", kShow | kJsonl | kWarc | kSearch}, Flip{"captures", "host", kShow | kSearch},
        Flip{"captures", "body_id", kShow | kJsonl | kWarc},
        Flip{"captures", "final_url", kShow | kJsonl | kWarc},
        Flip{"captures", "redirect_chain", kShow | kJsonl | kWarc},
        Flip{"captures", "request_headers", kShow | kJsonl | kWarc},
        Flip{"captures", "response_headers", kShow | kJsonl | kWarc},
        Flip{"captures", "remote_ip", kShow | kJsonl | kWarc},
        Flip{"captures", "content_type", kShow | kJsonl | kWarc},
        Flip{"extractions", "title", kShow | kJsonl | kWarc | kSearch},
        Flip{"extractions", "published", kShow | kJsonl | kWarc | kSearch},
        Flip{"extractions", "source", kShow | kJsonl | kWarc | kSearch},
        Flip{"extractions", "text_zstd", kShow | kJsonl | kWarc | kSearch},
        Flip{"extractions", "tables_zstd", kShow | kJsonl | kWarc | kSearch},
        Flip{"extractions", "attachments_json", kShow | kJsonl | kWarc | kSearch},
        Flip{"extractions", "body_id", kJsonl | kSearch}, Flip{"reports", "extraction_id", 0},
        Flip{"runs", "seeds", kRuns}, Flip{"run_request_headers", "block", kShow | kJsonl | kWarc},
        Flip{"runs", "summary_json", kRuns}, Flip{"frontier", "seed_name", kJsonl},
        Flip{"blobs", "data", kRaw | kWarc}, Flip{"politeness", "gap_ms", kPoliteness},
        Flip{"politeness", "next_start_ms", kPoliteness}, Flip{"capture_hops", "url", kHops | kWarc},
        Flip{"capture_hops", "response_headers", kHops | kWarc},
        Flip{"imported_records", "capture_id", kImported}, Flip{"report_facts", "agency", kShow | kJsonl},
        Flip{"report_facts", "agency_source", kShow | kJsonl}, Flip{"frontier", "agency", kJsonl},
        Flip{"frontier", "navigation", kJsonl}, Flip{"report_facts", "report_year", kShow | kJsonl},
        Flip{"statistic_cells", "raw", kShow | kJsonl}, Flip{"statistic_cells", "value", kShow | kJsonl}),
    [](const ::testing::TestParamInfo<Flip>& info) {
      return std::string(info.param.table) + "_" + info.param.column;
    });

}  // namespace
}  // namespace gongkai::storage
