// Full-text search over the current extraction of each report: 2-, 3- and 10-character Chinese
// phrases, filters, ranking and snippets.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>

#include "storage/archive.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

// The one integer `sql` selects from the archive file at `path` (a connection of its own).
int64_t SelectInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  sqlite3_stmt* stmt = nullptr;
  int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW)
    value = sqlite3_column_int64(stmt, 0);
  EXPECT_NE(value, -1) << sql << ": " << sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1}, &run_).ok());
    Add("http://a.gov.test/r/1.html", "某市2022年政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》编制。全年主动公开政府信息一千二百条。", "2023-01-31");
    Add("http://b.gov.test/r/2.html", "某县2021年政府信息公开工作年度报告",
        "全年共收到政府信息公开申请三十件，行政复议两件。", "2022-01-20");
    Add("http://b.gov.test/r/3.html", "关于开展春季植树活动的通知",
        "各乡镇：为改善生态环境，现就植树活动通知如下。", "2022-03-01");
  }

  void Add(const std::string& url, const std::string& title, const std::string& text,
           const std::string& published) {
    ExtractionRecord e = testing::MakeExtraction(title, text);
    e.published = published;
    e.site = "";
    Capture c = testing::MakeCapture(run_, url);
    std::string body = "<html>" + title + text + "</html>";
    ASSERT_TRUE(archive_->RecordFetch(c, std::string_view(body), true, {}, &e, nullptr).ok());
  }

  std::vector<SearchHit> Find(const std::string& text, const std::string& site = "", int year = 0) {
    SearchQuery q = testing::Query(text);
    q.site = site;
    q.year = year;
    std::vector<SearchHit> hits;
    Status status = archive_->Search(q, &hits);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return hits;
  }

  std::vector<std::string> Urls(const SearchQuery& q, int64_t* total = nullptr) {
    std::vector<SearchHit> hits;
    Status status = archive_->Search(q, &hits, total);
    EXPECT_TRUE(status.ok()) << status.ToString();
    std::vector<std::string> urls;
    for (const auto& h : hits) urls.push_back(h.url);
    return urls;
  }

  testing::TempDir dir_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
};

TEST_F(SearchTest, TwoCharacterPhraseUsesLikeFallback) {
  auto hits = Find("复议");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].url, "http://b.gov.test/r/2.html");
  EXPECT_NE(hits[0].snippet.find("[复议]"), std::string::npos) << hits[0].snippet;
}

TEST_F(SearchTest, ThreeCharacterPhraseUsesTrigramIndex) {
  auto hits = Find("植树活");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].url, "http://b.gov.test/r/3.html");
  EXPECT_NE(hits[0].snippet.find("[植树活]"), std::string::npos) << hits[0].snippet;
}

TEST_F(SearchTest, TenCharacterPhrase) {
  auto hits = Find("政府信息公开工作年度");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_TRUE(Find("政府信息公开工作季度").empty());
}

TEST_F(SearchTest, TitleMatchesRankAboveTextMatches) {
  auto hits = Find("信息公开");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_LE(hits[0].score, hits[1].score);
}

TEST_F(SearchTest, SiteAndYearFilters) {
  EXPECT_EQ(Find("年度报告", "b.gov.test").size(), 1u);
  EXPECT_EQ(Find("年度报告", "", 2023).size(), 1u);
  EXPECT_EQ(Find("年度报告", "", 2020).size(), 0u);
  EXPECT_EQ(Find("通知", "a.gov.test").size(), 0u);
}

TEST_F(SearchTest, SeveralTermsAreAnded) {
  EXPECT_EQ(Find("年度报告 行政复议").size(), 1u);
  EXPECT_EQ(Find("年度报告 条例").size(), 1u);
}

TEST_F(SearchTest, QuotesInQueriesAreLiteral) {
  EXPECT_TRUE(Find("\"政府 OR").empty());
  EXPECT_EQ(Find("《中华人民共和国").size(), 1u);
}

TEST_F(SearchTest, EmptyQueryIsInvalid) {
  std::vector<SearchHit> hits;
  EXPECT_TRUE(archive_->Search(testing::Query("  "), &hits).IsInvalidArgument());
}

TEST_F(SearchTest, NewCaptureOfAReportReplacesItsIndexedText) {
  Add("http://b.gov.test/r/3.html", "关于开展秋季植树活动的通知", "秋季植树。", "2022-09-01");
  auto hits = Find("植树活动");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].title, "关于开展秋季植树活动的通知");
  EXPECT_TRUE(Find("改善生态").empty());
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST_F(SearchTest, ReportsShowingTheSameBodyAreIndexedOnce) {
  Capture c = testing::MakeCapture(run_, "http://a.gov.test/r/1-copy.html");
  std::string body = std::string("<html>") + "某市2022年政府信息公开工作年度报告" +
                     "本报告根据《中华人民共和国政府信息公开条例》编制。全年主动公开政府信息一千二百条。" +
                     "</html>";
  ASSERT_TRUE(archive_->RecordFetch(c, std::string_view(body), true, {}, nullptr, nullptr).ok());
  EXPECT_EQ(Find("一千二百条").size(), 1u);
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST_F(SearchTest, AllCharactersOfAPhraseAreNotThePhrase) {
  // This text holds every character (and every trigram) of "公开工作年度", never the phrase. The
  // index offers the report as a candidate; the check must drop it.
  Add("http://c.gov.test/r/4.html", "杂记", "公开工场；开工作业；工作年限；写作年度计划。", "2022-05-01");
  auto hits = Find("公开工作年度");
  ASSERT_EQ(hits.size(), 2u);
  for (const auto& hit : hits) EXPECT_NE(hit.url, "http://c.gov.test/r/4.html");
}

TEST_F(SearchTest, LatinTermsMatchEitherCase) {
  Add("http://c.gov.test/r/5.html", "附件说明", "年度报告全文见附件PDF文件。", "2022-05-01");
  auto hits = Find("pdf文件");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[PDF文件]"), std::string::npos) << hits[0].snippet;
}

TEST_F(SearchTest, ShortAndLongTermsTogether) {
  auto hits = Find("复议 政府信息公开");  // a 2-character term and a long one, both narrow
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].url, "http://b.gov.test/r/2.html");
  EXPECT_NE(hits[0].snippet.find("[复议]"), std::string::npos) << hits[0].snippet;
  EXPECT_NE(hits[0].snippet.find("[政府信息公开]"), std::string::npos) << hits[0].snippet;
}

TEST_F(SearchTest, LimitCutsTheRankedList) {
  SearchQuery q = testing::Query("政府信息公开");
  q.limit = 1;
  std::vector<SearchHit> hits;
  ASSERT_TRUE(archive_->Search(q, &hits).ok());
  EXPECT_EQ(hits.size(), 1u);
}

TEST_F(SearchTest, TooManyTermsAreRefusedWithAReason) {
  std::string query;
  for (int i = 0; i < 40; ++i) query += "词" + std::to_string(i) + " ";
  std::vector<SearchHit> hits;
  Status status = archive_->Search(testing::Query(query), &hits);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("40 terms"), std::string::npos) << status.message();
}

TEST_F(SearchTest, ReextractBatchKeepsTheIndexInStepWithTheText) {
  // One transaction: report 1 re-extracted by the same version with new text, report 2 by the
  // same version with the same text, report 3 by a new version with new text.
  std::vector<ExtractionRecord> batch;
  for (const char* url :
       {"http://a.gov.test/r/1.html", "http://b.gov.test/r/2.html", "http://b.gov.test/r/3.html"}) {
    Capture c;
    ASSERT_TRUE(archive_->FindLatestCapture(url, &c).ok());
    ExtractionRecord current;
    ASSERT_TRUE(archive_->CurrentExtraction(c.id, &current).ok());
    current.capture_id = c.id;
    current.extracted_at_ms += 1000;
    if (std::string(url).find("/1.html") != std::string::npos)
      current.text = "第一份报告的新正文：依申请公开八十件。";
    if (std::string(url).find("/3.html") != std::string::npos) {
      current.extractor_version = "test-2";
      current.text = "第三份报告的新正文：秋季造林。";
    }
    batch.push_back(current);
  }
  int64_t changed = 0;
  ASSERT_TRUE(archive_->PutExtractions(batch, &changed).ok());
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(Find("依申请公开八十件").size(), 1u);
  EXPECT_TRUE(Find("一千二百条").empty());     // report 1's old text left the index
  EXPECT_EQ(Find("行政复议两件").size(), 1u);  // report 2 unchanged, still found
  EXPECT_EQ(Find("秋季造林").size(), 1u);
  EXPECT_TRUE(Find("改善生态环境").empty());  // report 3's old version left the index
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST_F(SearchTest, ReportNamingNoSiteShowsItsSeedsName) {
  int added = 0;
  FrontierEntry entry;
  entry.url = "http://b.gov.test/r/2.html";
  entry.seed_name = "某县人民政府";
  ASSERT_TRUE(archive_->AddToFrontier(run_, {entry}, &added).ok());
  auto hits = Find("行政复议");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].site, "某县人民政府");
  EXPECT_EQ(Find("行政复议", "某县人民政府").size(), 1u);  // --site takes the name shown
  EXPECT_EQ(Find("植树活动")[0].site, "b.gov.test");       // no seed known: the host
  std::string seed_of_2;
  ASSERT_TRUE(archive_
                  ->ForEachReport({},
                                  [&](const Report& r) {
                                    if (r.capture.url == entry.url) seed_of_2 = r.seed;
                                    return true;
                                  })
                  .ok());
  EXPECT_EQ(seed_of_2, "某县人民政府");
}

// Issue 15: the total counts every match, not the page; paging reaches every match (no cap).
TEST_F(SearchTest, TotalCountsAllMatchesAndPagingReachesEveryOne) {
  for (int i = 0; i < 620; ++i) {
    Add("http://d.gov.test/r/" + std::to_string(i) + ".html", "第" + std::to_string(i) + "号公告",
        "本公告事项编号" + std::to_string(i) + "，特此公告。", "2021-06-01");
  }
  SearchQuery q = testing::Query("特此公告");
  q.limit = 20;
  int64_t total = 0;
  EXPECT_EQ(Urls(q, &total).size(), 20u);
  EXPECT_EQ(total, 620);
  std::set<std::string> seen;
  q.limit = 150;
  for (q.offset = 0; q.offset < 700; q.offset += 150) {
    for (const auto& url : Urls(q)) EXPECT_TRUE(seen.insert(url).second) << url << " twice";
  }
  EXPECT_EQ(seen.size(), 620u);
  q.offset = 0;
  q.limit = 0;  // all
  EXPECT_EQ(Urls(q).size(), 620u);
}

// Issue 15: full-width and half-width forms, and letter case, are the same (NFKC_Casefold).
TEST_F(SearchTest, FullWidthAndHalfWidthFormsMatchEachOther) {
  Add("http://c.gov.test/r/6.html", "（二）部分公开",
      "２０２２年依申请公开（二）部分公开１２件，ＰＤＦ附件。", "2022-02-01");
  Add("http://c.gov.test/r/7.html", "(二)部分公开", "2022年依申请公开(二)部分公开3件。", "2022-02-02");
  EXPECT_EQ(Find("(二)部分公开").size(), 2u);
  EXPECT_EQ(Find("（二）部分公开").size(), 2u);
  EXPECT_EQ(Find("2022年依申请").size(), 2u);
  EXPECT_EQ(Find("２０２２年依申请").size(), 2u);
  auto hits = Find("pdf附件");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[ＰＤＦ附件]"), std::string::npos) << hits[0].snippet;  // the original form
}

TEST_F(SearchTest, OrJoinsTermsAndBindsTighterThanAnd) {
  EXPECT_EQ(Find("行政复议 OR 植树活动").size(), 2u);
  EXPECT_EQ(Find("年度报告 行政复议 OR 一千二百条").size(), 2u);
  EXPECT_EQ(Find("年度报告 行政复议 OR 植树活动").size(), 1u);
  EXPECT_EQ(Find("复议 OR 植树").size(), 2u);  // short terms: a scan
}

TEST_F(SearchTest, MinusExcludesReports) {
  auto hits = Find("信息公开 -行政复议");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].url, "http://a.gov.test/r/1.html");
  EXPECT_EQ(Find("-年度报告").size(), 1u);  // only an exclusion: every other report
}

TEST_F(SearchTest, QuotedPhraseKeepsItsSpaces) {
  Add("http://c.gov.test/r/8.html", "English page", "The annual report on open government information.",
      "2022-04-01");
  EXPECT_EQ(Find("\"annual report\"").size(), 1u);
  EXPECT_EQ(Find("\"report annual\"").size(), 0u);
  EXPECT_EQ(Find("report annual").size(), 1u);    // two terms, any order
  EXPECT_EQ(Find("“ANNUAL REPORT”").size(), 1u);  // curly quotes of Chinese input methods
}

TEST_F(SearchTest, TitlePrefixLooksInTheTitleOnly) {
  EXPECT_EQ(Find("政府信息公开条例").size(), 1u);
  EXPECT_EQ(Find("title:政府信息公开条例").size(), 0u);
  EXPECT_EQ(Find("title:年度报告").size(), 2u);
  EXPECT_EQ(Find("title:\"植树活动\"").size(), 1u);
}

TEST_F(SearchTest, SortByDateIsNewestFirst) {
  SearchQuery q = testing::Query("政府信息公开 OR 植树");
  q.sort = SearchSort::kDate;
  EXPECT_EQ(Urls(q), (std::vector<std::string>{"http://a.gov.test/r/1.html", "http://b.gov.test/r/3.html",
                                               "http://b.gov.test/r/2.html"}));
}

// A query of whole terms is answered by the index's phrases (storage/src/index_terms.h): it must
// find, count and rank exactly as checking the text does.
TEST_F(SearchTest, APhraseOfTheIndexDoesNotJoinTwoRuns) {
  Add("http://e.gov.test/r/1.html", "通知", "甲乙 乙丙丁", "2022-05-01");
  EXPECT_EQ(Find("甲乙丙").size(), 0u);  // its phrase "甲乙 乙丙" would join the two runs without the break
  EXPECT_EQ(Find("乙丙丁").size(), 1u);
}

TEST_F(SearchTest, OverlappingOccurrencesCountOnceAsInTheText) {
  Add("http://e.gov.test/r/2.html", "通知", "哈哈 哈哈", "2022-05-01");  // two occurrences
  Add("http://e.gov.test/r/3.html", "通知", "哈哈哈", "2022-05-02");     // one, as find() counts
  EXPECT_EQ(Urls(testing::Query("哈哈")),
            (std::vector<std::string>{"http://e.gov.test/r/2.html", "http://e.gov.test/r/3.html"}));
}

TEST_F(SearchTest, ExcludedAndTitleTermsOfTheIndexQuery) {
  EXPECT_EQ(Find("信息公开 -行政复议 title:年度报告").size(), 1u);
  EXPECT_EQ(Find("title:植树 -title:通知").size(), 0u);
  EXPECT_EQ(Find("植树 -title:年度").size(), 1u);
}

TEST_F(SearchTest, MalformedQueriesSayWhatIsWrong) {
  std::vector<SearchHit> hits;
  for (const char* text : {"OR 年度报告", "年度报告 OR", "年度 OR OR 报告", "年度 OR -报告"}) {
    Status status = archive_->Search(testing::Query(text), &hits);
    EXPECT_TRUE(status.IsInvalidArgument()) << text;
    EXPECT_NE(status.message().find("OR"), std::string::npos) << status.message();
  }
}

// The index stores each distinct passage (line) of the texts once (storage/src/passages.h): pages
// of one portal share boilerplate paragraphs, and successive captures of a page repeat them.
TEST_F(SearchTest, APassageSharedByReportsIsStoredOnce) {
  const std::string path = testing::TestOptions(dir_).path;
  const int64_t passages_before = SelectInt(path, "SELECT count(*) FROM report_fts_passage_key");
  const std::string boilerplate = "本网站由某市人民政府办公室主办，联系电话一二三四五。";
  Add("http://d.gov.test/r/1.html", "甲报告", boilerplate + "\n甲单位全年收到申请十件。", "2022-01-01");
  Add("http://d.gov.test/r/2.html", "乙报告", boilerplate + "\n乙单位全年收到申请九件。\n" + boilerplate,
      "2022-01-02");
  EXPECT_EQ(SelectInt(path, "SELECT count(*) FROM report_fts_passage_key"), passages_before + 3);
  EXPECT_EQ(SelectInt(path, "SELECT max(holders) FROM report_fts_passage_key"), 2);
  EXPECT_EQ(Find("人民政府办公室").size(), 2u);
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

TEST_F(SearchTest, APassageNoReportHoldsAnyMoreLeavesTheIndex) {
  const std::string path = testing::TestOptions(dir_).path;
  const std::string shared = "本网站由某市人民政府办公室主办。";
  Add("http://d.gov.test/r/1.html", "甲报告", shared + "\n甲单位独有的段落。", "2022-01-01");
  Add("http://d.gov.test/r/2.html", "乙报告", shared, "2022-01-02");
  const int64_t passages = SelectInt(path, "SELECT count(*) FROM report_fts_passage_key");
  Add("http://d.gov.test/r/1.html", "甲报告", shared + "\n甲单位改写的段落。", "2022-02-01");
  EXPECT_EQ(SelectInt(path, "SELECT count(*) FROM report_fts_passage_key"), passages);  // one out, one in
  EXPECT_TRUE(Find("独有的段落").empty());
  EXPECT_EQ(Find("改写的段落").size(), 1u);
  EXPECT_EQ(SelectInt(path, "SELECT holders FROM report_fts_passage_key WHERE holders > 1"), 2);
  Add("http://d.gov.test/r/2.html", "乙报告", "乙单位另起炉灶。", "2022-02-02");
  EXPECT_EQ(SelectInt(path, "SELECT max(holders) FROM report_fts_passage_key"), 1);
  EXPECT_EQ(Find("人民政府办公室").size(), 1u);
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  EXPECT_TRUE(report.ok()) << report.problems[0];
}

// A line break is a separator, as before passages: a term never spans two passages, and a term
// in several passages counts every occurrence.
TEST_F(SearchTest, ATermAcrossAPassageBoundaryIsNotFoundAsBefore) {
  Add("http://e.gov.test/r/4.html", "通知", "第一段甲乙\n丙丁第二段\n甲乙", "2022-05-01");
  EXPECT_EQ(Find("甲乙丙丁").size(), 0u);
  EXPECT_EQ(Find("乙丙").size(), 0u);
  EXPECT_EQ(Find("\"甲乙 丙丁\"").size(), 0u);
  EXPECT_EQ(Find("甲乙 丙丁").size(), 1u);
  Add("http://e.gov.test/r/5.html", "通知", "第一段甲乙丙", "2022-05-02");
  EXPECT_EQ(Urls(testing::Query("甲乙")),
            (std::vector<std::string>{"http://e.gov.test/r/4.html", "http://e.gov.test/r/5.html"}));
}

TEST_F(SearchTest, VerifyFindsAPassageHolderCountThatDisagrees) {
  const std::string path = testing::TestOptions(dir_).path;
  SelectInt(path,
            "UPDATE report_fts_passage_key SET holders = holders + 1 "
            "WHERE key = (SELECT min(key) FROM report_fts_passage_key) RETURNING 0");
  VerifyReport report;
  ASSERT_TRUE(archive_->Verify(&report).ok());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.problems[0].find("holders"), std::string::npos) << report.problems[0];
}

}  // namespace
}  // namespace gongkai::storage
