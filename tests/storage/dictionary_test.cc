// zstd dictionaries (issue 12.4; storage/src/dictionaries.h): trained per host once it has enough
// pages, referenced by every frame made with them (the frame header's dictionary id), retrained as
// the host grows with old frames keeping theirs, checked by verify, and never used for binary
// attachments.
#include <iconv.h>
#include <sqlite3.h>
#include <zstd.h>

#include <map>

#include <gtest/gtest.h>

#include "storage/archive.h"
#include "storage/digest.h"
#include "blob_store.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

// A page of one portal: the same chrome around each report, the report different.
std::string Page(const std::string& host, int i) {
  std::string chrome = "<html><head><meta charset=utf-8><title>" + host +
                       " 政府信息公开</title>"
                       "<link rel=stylesheet href=/css/main.css></head><body><div class=nav>";
  for (int n = 0; n < 40; ++n)
    chrome += "<a href=/col/col" + std::to_string(1000 + n) + "/index.html>栏目" + std::to_string(n) + "</a>";
  chrome += "</div><div class=content>";
  std::string body = "<h1>" + std::to_string(2000 + i) + "年政府信息公开工作年度报告</h1>";
  for (int p = 0; p < 30; ++p) {
    body += "<p>第" + std::to_string(p) + "段：本年度共收到申请" + std::to_string(i * 31 + p * 7) +
            "件，办结" + std::to_string(i * 17 + p) + "件。</p>";
  }
  std::string footer = "</div><div class=footer>主办单位：" + host +
                       "人民政府办公室 地址：某某路1号 电话：0000-1234567 "
                       "网站标识码 1234567890 备案号 京ICP备00000000号</div></body></html>";
  return chrome + body + footer;
}

// The dictionary id of each frame that starts a chain (blob_store.h); chained frames are left out
// (they are made against their host's earlier bodies, not a dictionary).
std::map<std::string, uint32_t> FrameDictionaries(const std::string& path) {
  std::map<std::string, uint32_t> ids;
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT lower(hex(sha256)), data FROM blobs WHERE compression = 'zstd'", -1, &stmt,
                     nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, 1));
    if (sqlite3_column_bytes(stmt, 1) > 0 && data[0] == 0x03) continue;  // chained
    ids[reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))] = ZSTD_getDictID_fromFrame(
        sqlite3_column_blob(stmt, 1), static_cast<size_t>(sqlite3_column_bytes(stmt, 1)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return ids;
}

int64_t QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  int64_t value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

class DictionaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = testing::TestOptions(dir_);
    archive_ = testing::OpenOrDie(options_);
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1}, &run_).ok());
  }

  // Records page i of `host` with an extraction; returns its body's digest. The extraction's
  // text is `text` when given (words of the page), else words that are not on the page (as the
  // text of a linked file would be).
  std::string Record(const std::string& host, int i, const std::string& type = "text/html; charset=utf-8",
                     const std::string& text = "", std::string body = "",
                     const std::string& charset = "utf-8") {
    Capture c = testing::MakeCapture(run_, "http://" + host + "/art/" + std::to_string(i) + ".html");
    c.response_headers = {{"Content-Type", type}};
    if (body.empty())
      body = type.find("pdf") != std::string::npos ? "%PDF-1.4 " + Page(host, i) : Page(host, i);
    ExtractionRecord e = testing::MakeExtraction(
        std::to_string(2000 + i) + "年政府信息公开工作年度报告",
        !text.empty() ? text
                      : "一、总体情况\n本年度共收到申请" + std::to_string(i * 31) +
                            "件。\n二、主动公开政府信息情况\n" + std::string(i % 5 + 1, '*'));
    e.charset = charset;
    const bool report = type.find("html") != std::string::npos;
    EXPECT_TRUE(
        archive_->RecordFetch(c, std::string_view(body), true, {}, report ? &e : nullptr, nullptr).ok());
    bodies_[Sha256Hex(body)] = body;
    return Sha256Hex(body);
  }

  void ExpectEveryBodyReadsBackAndVerifies() {
    std::unique_ptr<Archive> reader;
    ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
    for (const auto& [sha, body] : bodies_) {
      std::string back;
      Status status = reader->GetBody(sha, &back);
      ASSERT_TRUE(status.ok()) << status.ToString();
      EXPECT_EQ(back, body);
    }
    VerifyReport report;
    ASSERT_TRUE(reader->Verify(&report).ok());
    EXPECT_TRUE(report.ok()) << report.problems[0];
  }

  testing::TempDir dir_;
  Options options_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
  std::map<std::string, std::string> bodies_;
};

TEST_F(DictionaryTest, FewPagesGoWithoutADictionary) {
  for (int i = 0; i < kFirstBodyTrainingSamples - 1; ++i) Record("a.test", i);
  for (const auto& [sha, id] : FrameDictionaries(options_.path)) EXPECT_EQ(id, 0u) << sha;
  EXPECT_EQ(QueryInt(options_.path, "SELECT count(*) FROM zstd_dictionaries WHERE kind = 'body'"), 0);
  ExpectEveryBodyReadsBackAndVerifies();
}

TEST_F(DictionaryTest, EnoughPagesOfAHostTrainItsDictionaryAndFramesThatStartAChainNameIt) {
  for (int i = 0; i < kFirstBodyTrainingSamples; ++i) Record("a.test", i);
  ASSERT_EQ(QueryInt(options_.path,
                     "SELECT count(*) FROM zstd_dictionaries WHERE kind = 'body' AND scope = 'a.test'"),
            1);
  uint32_t id =
      static_cast<uint32_t>(QueryInt(options_.path, "SELECT id FROM zstd_dictionaries WHERE kind = 'body'"));
  EXPECT_GE(id, 32768u);
  // The first page of each chain was stored before the dictionary existed and was recompressed
  // with it (the other pages are chained).
  auto ids = FrameDictionaries(options_.path);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kFirstBodyTrainingSamples) / kMaxBodyChainFrames);
  for (const auto& [sha, frame_id] : ids) EXPECT_EQ(frame_id, id) << sha;
  ExpectEveryBodyReadsBackAndVerifies();
}

TEST_F(DictionaryTest, DictionaryMakesSmallPagesOfOneSiteSmaller) {
  for (int i = 0; i < kFirstBodyTrainingSamples; ++i) Record("a.test", i);
  int64_t stored = QueryInt(options_.path, "SELECT sum(stored_size) FROM blobs");
  int64_t alone = 0;
  for (const auto& [sha, body] : bodies_) {
    std::string out(ZSTD_compressBound(body.size()), '\0');
    alone += static_cast<int64_t>(
        ZSTD_compress(out.data(), out.size(), body.data(), body.size(), options_.zstd_level));
  }
  EXPECT_LT(stored, alone * 3 / 4) << "with dictionary " << stored << " bytes, each page alone " << alone;
}

TEST_F(DictionaryTest, RetrainingAddsADictionaryAndOldFramesKeepTheirs) {
  std::vector<std::string> early;
  for (int i = 0; i < kFirstBodyTrainingSamples; ++i) early.push_back(Record("a.test", i));
  uint32_t first =
      static_cast<uint32_t>(QueryInt(options_.path, "SELECT id FROM zstd_dictionaries WHERE kind = 'body'"));
  for (int i = kFirstBodyTrainingSamples; i < kFirstBodyTrainingSamples * kRetrainGrowth; ++i)
    Record("a.test", i);
  EXPECT_EQ(QueryInt(options_.path, "SELECT count(*) FROM zstd_dictionaries WHERE kind = 'body'"), 2);
  uint32_t second = static_cast<uint32_t>(QueryInt(
      options_.path, "SELECT id FROM zstd_dictionaries WHERE kind = 'body' ORDER BY samples DESC LIMIT 1"));
  EXPECT_NE(first, second);
  // A page too large to join its host's chain (blob_store.h: kMaxBodyChainBytes) starts one,
  // against the newest dictionary.
  std::string large = Page("a.test", 10000);
  for (int k = 0; large.size() < (1 << 20) + 1000; ++k)
    large += "<p>" + std::to_string(k * 7919 % 100003) + "</p>";
  std::string later = Record("a.test", 10000, "text/html; charset=utf-8", "", large);
  auto ids = FrameDictionaries(options_.path);
  ASSERT_TRUE(ids.count(early[0]));
  for (const std::string& sha : early) {
    if (ids.count(sha)) {
      EXPECT_EQ(ids[sha], first);
    }
  }
  ASSERT_TRUE(ids.count(later));
  EXPECT_EQ(ids[later], second);
  ExpectEveryBodyReadsBackAndVerifies();
}

TEST_F(DictionaryTest, EachHostHasItsOwnAndAttachmentsTakeNone) {
  for (int i = 0; i < kFirstBodyTrainingSamples; ++i) Record("a.test", i);
  for (int i = 0; i < kFirstBodyTrainingSamples; ++i) Record("b.test", i);
  std::vector<std::string> pdfs;
  for (int i = 0; i < 10; ++i) pdfs.push_back(Record("a.test", 100 + i, "application/pdf"));
  EXPECT_EQ(
      QueryInt(options_.path, "SELECT count(DISTINCT scope) FROM zstd_dictionaries WHERE kind = 'body'"), 2);
  auto ids = FrameDictionaries(options_.path);
  for (const std::string& sha : pdfs) EXPECT_EQ(ids[sha], 0u);
  ExpectEveryBodyReadsBackAndVerifies();
}

// The words of page i as an extractor gives them (each paragraph on its own line).
std::string PageText(int i) {
  std::string text = std::to_string(2000 + i) + "年政府信息公开工作年度报告\n";
  for (int p = 0; p < 30; ++p) {
    text += "第" + std::to_string(p) + "段：本年度共收到申请" + std::to_string(i * 31 + p * 7) + "件，办结" +
            std::to_string(i * 17 + p) + "件。\n";
  }
  return text;
}

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// Text and tables are mostly the page's own words: they are stored against the page's body (for a
// GBK page, the body decoded to UTF-8), read back exactly, searched, and verified.
TEST_F(DictionaryTest, ExtractionTextsAreStoredAgainstTheirPage) {
  for (int i = 0; i < 4; ++i) Record("a.test", i, "text/html; charset=utf-8", PageText(i));
  for (int i = 4; i < 8; ++i) {
    Record("g.test", i, "text/html; charset=GBK", PageText(i), ToGbk(Page("g.test", i)), "GBK");
  }
  // Form 0x01 (the body's digest) or 0x03 (its blobs row id, one varint byte here, and the template).
  EXPECT_EQ(QueryInt(options_.path,
                     "SELECT count(*) FROM extractions WHERE substr(text_zstd, 1, 1) IN (x'01', x'03')"),
            8);
  EXPECT_EQ(QueryInt(options_.path,
                     "SELECT count(*) FROM extractions WHERE (substr(text_zstd, 1, 1) = x'01' AND "
                     "substr(text_zstd, 35, 3) = CAST('GBK' AS BLOB)) OR (substr(text_zstd, 1, 1) = x'03' "
                     "AND substr(text_zstd, 4, 3) = CAST('GBK' AS BLOB))"),
            4);
  // Against the page, a text of ~1.8 KB takes less than a fifth of its size.
  EXPECT_LT(QueryInt(options_.path, "SELECT max(length(text_zstd)) FROM extractions"),
            static_cast<int64_t>(PageText(0).size() / 5));
  EXPECT_EQ(QueryInt(options_.path, "SELECT count(*) FROM zstd_dictionaries WHERE kind = 'text'"), 0);
  std::unique_ptr<Archive> reader;
  ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
  for (int i : {1, 6}) {
    Capture c;
    ASSERT_TRUE(
        reader
            ->FindLatestCapture(
                std::string("http://") + (i < 4 ? "a" : "g") + ".test/art/" + std::to_string(i) + ".html", &c)
            .ok());
    ExtractionRecord e;
    ASSERT_TRUE(reader->CurrentExtraction(c.id, &e).ok());
    EXPECT_EQ(e.text, PageText(i));
  }
  std::vector<SearchHit> hits;
  ASSERT_TRUE(reader->Search(testing::Query("申请186件，办结102件"), &hits).ok());  // page 6, paragraph 0
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].title, "2006年政府信息公开工作年度报告");
  ExpectEveryBodyReadsBackAndVerifies();  // also rebuilds the search index from the texts
}

// Words that are not on the page (the text of a linked file) go against the host's text
// dictionary instead.
// These texts' headings are in the built-in report template (text_template.h), so each goes to
// form 0x03 (template and page) or, when smaller, to its host's "text" dictionary.
TEST_F(DictionaryTest, ExtractionTextsNotOnThePageUseTheTemplateOrTheirHostsTextDictionaryAndStaySearchable) {
  for (int i = 0; i < 10; ++i)
    Record("a.test", i, "text/html; charset=utf-8", "", "<html>" + std::to_string(i) + "</html>");
  EXPECT_EQ(QueryInt(options_.path,
                     "SELECT count(*) FROM extractions WHERE substr(text_zstd, 1, 1) = x'03' OR "
                     "(SELECT count(*) FROM zstd_dictionaries WHERE kind = 'text') = 1"),
            10);
  EXPECT_EQ(QueryInt(options_.path, "SELECT count(*) FROM extractions WHERE text_zstd = x''"), 0);
  std::unique_ptr<Archive> reader;
  ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
  std::vector<SearchHit> hits;
  ASSERT_TRUE(reader->Search(testing::Query("本年度共收到申请93件"), &hits).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].title, "2003年政府信息公开工作年度报告");
  Capture c;
  ASSERT_TRUE(reader->FindLatestCapture("http://a.test/art/3.html", &c).ok());
  ExtractionRecord e;
  ASSERT_TRUE(reader->CurrentExtraction(c.id, &e).ok());
  EXPECT_EQ(e.text, "一、总体情况\n本年度共收到申请93件。\n二、主动公开政府信息情况\n****");
  ExpectEveryBodyReadsBackAndVerifies();  // also rebuilds the search index from the texts
}

// More hosts than a connection keeps dictionaries loaded (kMaxLoadedDictionaries): the least
// recently used are dropped and loaded again when needed, for writing and for reading.
TEST_F(DictionaryTest, MoreHostsThanLoadedDictionariesStillReadBack) {
  const int hosts = 66;
  for (int h = 0; h < hosts; ++h) {
    for (int i = 0; i < kFirstBodyTrainingSamples; ++i) Record("h" + std::to_string(h) + ".test", i);
  }
  Record("h0.test", kFirstBodyTrainingSamples);  // h0's compression dictionary was dropped: loaded again
  EXPECT_EQ(
      QueryInt(options_.path, "SELECT count(DISTINCT scope) FROM zstd_dictionaries WHERE kind = 'body'"),
      hosts);
  ExpectEveryBodyReadsBackAndVerifies();
}

TEST_F(DictionaryTest, DamagedDictionaryIsFoundByVerifyAndRefusedOnRead) {
  std::string sha;
  for (int i = 0; i < kFirstBodyTrainingSamples; ++i) sha = Record("a.test", i);
  archive_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "UPDATE zstd_dictionaries SET data = substr(data, 1, length(data) / 2) || "
                         "x'00' || substr(data, length(data) / 2 + 2) WHERE kind = 'body'",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  std::unique_ptr<Archive> reader;
  ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
  std::string body;
  EXPECT_TRUE(reader->GetBody(sha, &body).IsCorruption());
  VerifyReport report;
  ASSERT_TRUE(reader->Verify(&report).ok());
  bool named = false;
  for (const auto& p : report.problems) named |= p.find("zstd dictionary") != std::string::npos;
  EXPECT_TRUE(named) << (report.problems.empty() ? "no problems" : report.problems[0]);
}

}  // namespace
}  // namespace gongkai::storage
