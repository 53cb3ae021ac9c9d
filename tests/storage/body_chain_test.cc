// Chained bodies (storage/src/blob_store.h): a text body stored against the run of its host's
// bodies stored before it. Round trip in any read order, the chain's bounds (frames and bytes),
// damage found by verify and refused on read, and bodies stored before chains still readable.
#include <sqlite3.h>
#include <zstd.h>

#include <algorithm>
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "blob_store.h"
#include "storage/archive.h"
#include "storage/digest.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

// Report page i of a portal: shared chrome, then paragraphs of numbers particular to the page;
// `filler` paragraphs more make it larger.
std::string Page(const std::string& host, int i, int filler = 0) {
  std::string page =
      "<html><head><meta charset=utf-8><title>" + host + " 政府信息公开</title></head><body><div class=nav>";
  for (int n = 0; n < 30; ++n)
    page += "<a href=/col/" + std::to_string(n) + "/>栏目" + std::to_string(n) + "</a>";
  page += "</div><h1>" + std::to_string(2000 + i) + "年政府信息公开工作年度报告</h1>";
  for (int p = 0; p < 20 + filler; ++p) {
    page += "<p>第" + std::to_string(p) + "段：本年度共收到申请" + std::to_string(i * 131 + p * 7) +
            "件，办结" + std::to_string(i * 17 + p * 3) + "件。</p>";
  }
  return page + "<div class=footer>主办单位：" + host + "人民政府办公室</div></body></html>";
}

struct Row {
  std::string previous;  // digest of the body it is chained to; "" when it starts a chain
  int64_t size = 0;
};

// Every blob row of the file, by digest. A chained row names the body before it by blobs row id
// (the byte 0x03, then the id as LEB128).
std::map<std::string, Row> Rows(const std::string& path) {
  std::map<std::string, Row> rows;
  std::map<int64_t, std::string> sha_of_id;
  std::map<std::string, int64_t> previous_id;
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT id, lower(hex(sha256)), compression, size, data FROM blobs", -1, &stmt,
                     nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    const std::string sha = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
    sha_of_id[sqlite3_column_int64(stmt, 0)] = sha;
    std::string compression = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
    std::string data(static_cast<const char*>(sqlite3_column_blob(stmt, 4)),
                     static_cast<size_t>(sqlite3_column_bytes(stmt, 4)));
    Row row;
    row.size = sqlite3_column_int64(stmt, 3);
    if (BlobStore::IsChained(compression, data)) {
      EXPECT_EQ(data[0], '\x03') << "chained rows name the previous body by row id";
      int64_t id = 0;
      for (size_t i = 1, shift = 0; i < data.size(); ++i, shift += 7) {
        id |= static_cast<int64_t>(static_cast<unsigned char>(data[i]) & 0x7f) << shift;
        if ((static_cast<unsigned char>(data[i]) & 0x80) == 0) break;
      }
      previous_id[sha] = id;
    }
    rows[sha] = row;
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  for (const auto& [sha, id] : previous_id) {
    EXPECT_EQ(sha_of_id.count(id), 1u) << "body " << sha << " is chained to a missing row " << id;
    rows[sha].previous = sha_of_id[id];
  }
  return rows;
}

// For each body: how many bodies its chain holds up to it, and their bytes.
struct ChainLength {
  size_t frames = 0;
  int64_t bytes = 0;
};
ChainLength LengthOf(const std::map<std::string, Row>& rows, std::string sha) {
  ChainLength length;
  while (!sha.empty() && length.frames <= kMaxBodyChainFrames + 1) {
    const Row& row = rows.at(sha);
    ++length.frames;
    length.bytes += row.size;
    sha = row.previous;
  }
  return length;
}

void Tamper(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

class BodyChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_ = testing::TestOptions(dir_);
    archive_ = testing::OpenOrDie(options_);
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1}, &run_).ok());
  }

  std::string Record(const std::string& host, int i, const std::string& body,
                     const std::string& type = "text/html; charset=utf-8") {
    Capture c = testing::MakeCapture(run_, "http://" + host + "/art/" + std::to_string(i) + ".html");
    c.response_headers = {{"Content-Type", type}};
    ExtractionRecord e = testing::MakeExtraction(std::to_string(2000 + i) + "年政府信息公开工作年度报告",
                                                 "第0段：本年度共收到申请" + std::to_string(i * 131) + "件");
    const bool report = type.find("html") != std::string::npos;
    EXPECT_TRUE(
        archive_->RecordFetch(c, std::string_view(body), true, {}, report ? &e : nullptr, nullptr).ok());
    bodies_.emplace_back(Sha256Hex(body), body);
    return bodies_.back().first;
  }

  // Every body reads back exactly from a fresh reader, in the order given.
  void ExpectBodiesReadBack(const std::vector<std::pair<std::string, std::string>>& order) {
    std::unique_ptr<Archive> reader;
    ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
    for (const auto& [sha, body] : order) {
      std::string back;
      Status status = reader->GetBody(sha, &back);
      ASSERT_TRUE(status.ok()) << status.ToString();
      EXPECT_EQ(back, body);
    }
  }

  VerifyReport VerifyNow() {
    std::unique_ptr<Archive> reader;
    VerifyReport report;
    EXPECT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
    EXPECT_TRUE(reader->Verify(&report).ok());
    return report;
  }

  testing::TempDir dir_;
  Options options_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
  std::vector<std::pair<std::string, std::string>> bodies_;
};

TEST_F(BodyChainTest, PagesOfAHostChainAndReadBackInAnyOrder) {
  for (int i = 0; i < 12; ++i) Record("a.test", i, Page("a.test", i));
  for (int i = 0; i < 12; ++i) Record("b.test", i, Page("b.test", i));
  auto rows = Rows(options_.path);
  int chained = 0;
  for (const auto& [sha, row] : rows) chained += row.previous.empty() ? 0 : 1;
  EXPECT_EQ(chained, 22);  // all but the first page of each host
  // Chains stay within their host.
  for (const auto& [sha, body] : bodies_) {
    const std::string& previous = rows.at(sha).previous;
    if (previous.empty()) continue;
    auto it =
        std::find_if(bodies_.begin(), bodies_.end(), [&](const auto& b) { return b.first == previous; });
    ASSERT_NE(it, bodies_.end());
    EXPECT_EQ(it->second.find("b.test") != std::string::npos, body.find("b.test") != std::string::npos);
  }
  ExpectBodiesReadBack(bodies_);
  auto reversed = bodies_;
  std::reverse(reversed.begin(), reversed.end());
  ExpectBodiesReadBack(reversed);
  std::unique_ptr<Archive> reader;
  ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
  std::vector<SearchHit> hits;
  ASSERT_TRUE(reader->Search(testing::Query("申请917件"), &hits).ok());  // text of page 7 of a and b
  EXPECT_EQ(hits.size(), 2u);
  VerifyReport report = VerifyNow();
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST_F(BodyChainTest, ChainedPagesTakeLessThanEachPageAlone) {
  for (int i = 0; i < 40; ++i) Record("a.test", i, Page("a.test", i));
  sqlite3* db = nullptr;
  sqlite3_open_v2(options_.path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "SELECT sum(stored_size), sum(size) FROM blobs", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const int64_t stored = sqlite3_column_int64(stmt, 0), raw = sqlite3_column_int64(stmt, 1);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  int64_t alone = 0;
  for (const auto& [sha, body] : bodies_) {
    std::string out(ZSTD_compressBound(body.size()), '\0');
    alone += static_cast<int64_t>(ZSTD_compress(out.data(), out.size(), body.data(), body.size(), 3));
  }
  EXPECT_LT(stored * 3, alone * 2) << "stored " << stored << " of " << raw << ", each page alone " << alone;
}

TEST_F(BodyChainTest, AChainHoldsAtMostItsFramesAndBytes) {
  for (int i = 0; i < 150; ++i) Record("a.test", i, Page("a.test", i));           // ~2.5 KB each
  for (int i = 0; i < 30; ++i) Record("big.test", i, Page("big.test", i, 1500));  // ~100 KB each
  auto rows = Rows(options_.path);
  size_t starts = 0, longest = 0;
  int64_t most_bytes = 0;
  for (const auto& [sha, row] : rows) {
    starts += row.previous.empty() ? 1 : 0;
    ChainLength length = LengthOf(rows, sha);
    longest = std::max(longest, length.frames);
    most_bytes = std::max(most_bytes, length.bytes);
  }
  EXPECT_EQ(longest, kMaxBodyChainFrames);
  EXPECT_LE(most_bytes, static_cast<int64_t>(kMaxBodyChainBytes));
  EXPECT_GE(most_bytes, static_cast<int64_t>(kMaxBodyChainBytes) * 8 / 10);
  EXPECT_GE(starts, 3u + 3u);  // a.test: 150 / 64 frames; big.test: 3 MB / 1 MiB
  ExpectBodiesReadBack(bodies_);
}

TEST_F(BodyChainTest, AttachmentsAndTinyBodiesAreNeverChained) {
  for (int i = 0; i < 5; ++i) Record("a.test", i, Page("a.test", i));
  const std::string pdf = Record("a.test", 100, "%PDF-1.4 " + Page("a.test", 100), "application/pdf");
  const std::string tiny = Record("a.test", 101, "<html>short</html>");
  auto rows = Rows(options_.path);
  EXPECT_TRUE(rows.at(pdf).previous.empty());
  EXPECT_TRUE(rows.at(tiny).previous.empty());
  ExpectBodiesReadBack(bodies_);
}

// Damage to one frame of a chain: verify names it (and the bodies chained after it, which cannot
// be read either); reads of it are refused; bodies before it still read.
TEST_F(BodyChainTest, DamagedChainedFrameIsFoundByVerifyAndRefusedOnRead) {
  for (int i = 0; i < 6; ++i) Record("a.test", i, Page("a.test", i));
  archive_.reset();
  const std::string& damaged = bodies_[3].first;
  Tamper(options_.path,
         "UPDATE blobs SET data = substr(data, 1, length(data) - 6) || x'00' || "
         "substr(data, length(data) - 4) WHERE lower(hex(sha256)) = '" +
             damaged + "'");
  std::unique_ptr<Archive> reader;
  ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
  std::string body;
  EXPECT_TRUE(reader->GetBody(damaged, &body).IsCorruption());
  EXPECT_TRUE(reader->GetBody(bodies_[5].first, &body).IsCorruption());
  ASSERT_TRUE(reader->GetBody(bodies_[2].first, &body).ok());
  EXPECT_EQ(body, bodies_[2].second);
  reader.reset();
  VerifyReport report = VerifyNow();
  ASSERT_FALSE(report.ok());
  bool named = false;
  for (const auto& p : report.problems) named |= p.find("body " + damaged) != std::string::npos;
  EXPECT_TRUE(named) << report.problems[0];
}

// A chained frame that names a body that is not there: verify reports it, reads refuse it.
TEST_F(BodyChainTest, ChainToAMissingBodyIsFoundByVerify) {
  for (int i = 0; i < 3; ++i) Record("a.test", i, Page("a.test", i));
  archive_.reset();
  // Row 127 does not exist (a one-byte id: the frame still starts at byte 3).
  Tamper(options_.path, "UPDATE blobs SET data = x'037f' || substr(data, 3) WHERE lower(hex(sha256)) = '" +
                            bodies_[2].first + "'");
  std::unique_ptr<Archive> reader;
  ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
  std::string body;
  EXPECT_TRUE(reader->GetBody(bodies_[2].first, &body).IsCorruption());
  reader.reset();
  VerifyReport report = VerifyNow();
  bool named = false;
  for (const auto& p : report.problems) named |= p.find("body " + bodies_[2].first) != std::string::npos;
  EXPECT_TRUE(named) << (report.problems.empty() ? "no problems" : report.problems[0]);
}

// The chained form of archives before schema 16 names the previous body by its SHA-256 (0x02, 32
// bytes, the frame): such rows still read and verify, and one naming a missing digest is damage.
TEST_F(BodyChainTest, ChainedFramesNamingTheirPreviousBodyByDigestStillRead) {
  for (int i = 0; i < 3; ++i) Record("a.test", i, Page("a.test", i));
  archive_.reset();
  auto rows = Rows(options_.path);
  ASSERT_EQ(rows.at(bodies_[1].first).previous, bodies_[0].first);
  ASSERT_EQ(rows.at(bodies_[2].first).previous, bodies_[1].first);
  // Rows 2 and 3 name rows 1 and 2 by a one-byte id: their frames start at byte 3.
  Tamper(
      options_.path,
      "UPDATE blobs SET data = x'02' || (SELECT p.sha256 FROM blobs p WHERE p.id = blobs.id - 1) || substr(data, 3), "
      "stored_size = stored_size + 31 WHERE id IN (2, 3)");
  ExpectBodiesReadBack({bodies_[2], bodies_[0], bodies_[1]});
  VerifyReport report = VerifyNow();
  EXPECT_TRUE(report.ok()) << report.problems[0];
  Tamper(options_.path, "UPDATE blobs SET data = x'02' || zeroblob(32) || substr(data, 34) WHERE id = 3");
  std::unique_ptr<Archive> reader;
  ASSERT_TRUE(Archive::OpenReadOnly(options_, &reader).ok());
  std::string body;
  EXPECT_TRUE(reader->GetBody(bodies_[2].first, &body).IsCorruption());
  reader.reset();
  report = VerifyNow();
  bool named = false;
  for (const auto& p : report.problems) named |= p.find("body " + bodies_[2].first) != std::string::npos;
  EXPECT_TRUE(named) << (report.problems.empty() ? "no problems" : report.problems[0]);
}

// Frames written before chains (each body alone, or against a dictionary) still read: a body stored
// as a plain zstd frame, as older versions wrote it, sits among chained ones.
TEST_F(BodyChainTest, FramesWrittenBeforeChainsStillRead) {
  const std::string old_body = Page("old.test", 1);
  std::string frame(ZSTD_compressBound(old_body.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), old_body.data(), old_body.size(), 3));
  for (int i = 0; i < 3; ++i) Record("a.test", i, Page("a.test", i));
  archive_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(options_.path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "INSERT INTO blobs(sha256, size, compression, stored_size, data) "
                               "VALUES(?1, ?2, 'zstd', ?3, ?4)",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  const std::string sha = Sha256Hex(old_body);
  const std::string digest = DigestFromHex(sha);  // blobs.sha256 holds the 32 bytes
  sqlite3_bind_blob(stmt, 1, digest.data(), static_cast<int>(digest.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 2, static_cast<int64_t>(old_body.size()));
  sqlite3_bind_int64(stmt, 3, static_cast<int64_t>(frame.size()));
  sqlite3_bind_blob(stmt, 4, frame.data(), static_cast<int>(frame.size()), SQLITE_TRANSIENT);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  bodies_.emplace_back(sha, old_body);
  ExpectBodiesReadBack(bodies_);
  VerifyReport report = VerifyNow();
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

}  // namespace
}  // namespace gongkai::storage
