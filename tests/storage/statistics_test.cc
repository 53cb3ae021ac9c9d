// Report facts and statistics cells in the archive: stored per extraction (versioned like the
// text), read back, filtered on (--report-year, --agency), exported (JSONL, stats-csv, stats-long)
// and summed up per agency and year (AgencyCoverage).
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/agency_coverage.h"
#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

class StatisticsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    archive_ = testing::OpenOrDie(testing::TestOptions(dir_));
    ASSERT_TRUE(archive_->BeginRun({"0.1.0", "d", "", 1700000000000}, &run_).ok());
  }

  // A report of `agency` covering `year`; with tables when `cells` is not empty.
  int64_t Report(const std::string& url, const std::string& agency, int year,
                 std::vector<StatisticCellRecord> cells, std::vector<StatisticCheckRecord> checks = {},
                 const std::string& version = "v1") {
    ExtractionRecord e = testing::MakeExtraction(agency + std::to_string(year) + "年政府信息公开工作年度报告",
                                                 "正文" + url, version);
    e.report_year = year;
    e.agency = agency;
    if (!cells.empty()) e.statistics_edition = "2021";
    e.statistic_cells = std::move(cells);
    e.statistic_checks = std::move(checks);
    RecordedFetch recorded;
    Status s = archive_->RecordFetch(testing::MakeCapture(run_, url),
                                     std::string_view("<html>" + url + "</html>"), true, {}, &e, &recorded);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return recorded.capture_id;
  }

  testing::TempDir dir_;
  std::unique_ptr<Archive> archive_;
  int64_t run_ = 0;
};

const std::vector<StatisticCellRecord> kCells = {
    {"t3.new.total", "number", 3119, "3,119"},
    {"t3.new.natural", "na", 0, "/"},
    {"t3.new.business", "empty", 0, ""},
    {"t2.fees.amount_10k_yuan", "number", 610.6988, "610.6988万元"}};

TEST_F(StatisticsStoreTest, CellsAndFactsRoundTrip) {
  int64_t id = Report("http://a.test/1", "甲县人民政府", 2022, kCells,
                      {{"t3.balance.total", "FAIL", "1 + 2 = 3 != 4", {"t3.new.total", "t3.total.total"}}});
  ExtractionRecord e;
  ASSERT_TRUE(archive_->CurrentExtraction(id, &e).ok());
  EXPECT_EQ(e.report_year, 2022);
  EXPECT_EQ(e.agency, "甲县人民政府");
  EXPECT_EQ(e.statistics_edition, "2021");
  ASSERT_EQ(e.statistic_cells.size(), 4u);
  std::map<std::string, StatisticCellRecord> by;
  for (const auto& c : e.statistic_cells) by[c.field] = c;
  EXPECT_EQ(by["t3.new.total"].value, 3119);
  EXPECT_EQ(by["t3.new.total"].raw, "3,119");
  EXPECT_EQ(by["t3.new.natural"].state, "na");
  EXPECT_EQ(by["t3.new.business"].state, "empty");
  EXPECT_DOUBLE_EQ(by["t2.fees.amount_10k_yuan"].value, 610.6988);
  ASSERT_EQ(e.statistic_checks.size(), 1u);
  EXPECT_EQ(e.statistic_checks[0].status, "FAIL");
  EXPECT_EQ(e.statistic_checks[0].cells, (std::vector<std::string>{"t3.new.total", "t3.total.total"}));
}

// Where the agency was read is kept with it (v12): the crawl's column agency is told apart from one
// the page names; no agency, no source.
TEST_F(StatisticsStoreTest, AgencySourceRoundTrips) {
  ExtractionRecord e = testing::MakeExtraction("2023年", "正文");
  e.agency = "东湖区人民政府教育局";
  e.agency_source = "column";
  RecordedFetch recorded;
  ASSERT_TRUE(archive_
                  ->RecordFetch(testing::MakeCapture(run_, "http://a.test/d0/1.html"),
                                std::string_view("<html>1</html>"), true, {}, &e, &recorded)
                  .ok());
  ExtractionRecord back;
  ASSERT_TRUE(archive_->CurrentExtraction(recorded.capture_id, &back).ok());
  EXPECT_EQ(back.agency, "东湖区人民政府教育局");
  EXPECT_EQ(back.agency_source, "column");

  ExtractionRecord none = testing::MakeExtraction("2022年", "正文二");
  none.agency_source = "title";  // a source without an agency is not stored
  ASSERT_TRUE(archive_
                  ->RecordFetch(testing::MakeCapture(run_, "http://a.test/d0/2.html"),
                                std::string_view("<html>2</html>"), true, {}, &none, &recorded)
                  .ok());
  ASSERT_TRUE(archive_->CurrentExtraction(recorded.capture_id, &back).ok());
  EXPECT_EQ(back.agency, "");
  EXPECT_EQ(back.agency_source, "");
}

TEST_F(StatisticsStoreTest, VersionedLikeTheText) {
  int64_t id = Report("http://a.test/1", "甲县人民政府", 2022, kCells, {}, "v1");
  ExtractionRecord v2 =
      testing::MakeExtraction("甲县人民政府2022年政府信息公开工作年度报告", "正文http://a.test/1", "v2");
  v2.capture_id = id;
  v2.extracted_at_ms = 1800000000000;
  v2.report_year = 2022;
  v2.statistics_edition = "2021";
  v2.statistic_cells = {{"t3.new.total", "number", 12, "12"}};
  ASSERT_TRUE(archive_->PutExtraction(v2, nullptr).ok());
  std::vector<ExtractionRecord> all;
  ASSERT_TRUE(archive_->ListExtractions(id, &all).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].extractor_version, "v2");
  EXPECT_EQ(all[0].statistic_cells.size(), 1u);
  EXPECT_EQ(all[1].statistic_cells.size(), 4u);  // the older version keeps its own cells
  // Re-extraction by the same version replaces that version's cells.
  v2.statistic_cells = {{"t3.new.total", "number", 13, "13"}, {"t3.total.total", "number", 13, "13"}};
  v2.text += "。";
  ASSERT_TRUE(archive_->PutExtraction(v2, nullptr).ok());
  ExtractionRecord now;
  ASSERT_TRUE(archive_->CurrentExtraction(id, &now).ok());
  ASSERT_EQ(now.statistic_cells.size(), 2u);
  EXPECT_EQ(now.statistic_cells[0].value, 13);
}

TEST_F(StatisticsStoreTest, ReportYearAndAgencyFilterSearchAndListing) {
  Report("http://a.test/1", "甲县人民政府", 2021, {});
  Report("http://a.test/2", "甲县教育局", 2022, {});
  Report("http://b.test/3", "乙市人民政府", 2022, {});
  auto urls = [&](ReportFilter f) {
    std::vector<std::string> out;
    EXPECT_TRUE(archive_
                    ->ForEachReport(f,
                                    [&](const storage::Report& r) {
                                      out.push_back(r.capture.url);
                                      return true;
                                    })
                    .ok());
    return out;
  };
  ReportFilter f;
  f.report_year = 2022;
  EXPECT_EQ(urls(f), (std::vector<std::string>{"http://a.test/2", "http://b.test/3"}));
  f.agency = "甲县";
  EXPECT_EQ(urls(f), (std::vector<std::string>{"http://a.test/2"}));
  SearchQuery q;
  q.text = "年度报告";
  q.report_year = 2021;
  std::vector<SearchHit> hits;
  ASSERT_TRUE(archive_->Search(q, &hits, nullptr).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].url, "http://a.test/1");
  q.report_year = 0;
  q.agency = "乙市";
  ASSERT_TRUE(archive_->Search(q, &hits, nullptr).ok());
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].url, "http://b.test/3");
}

TEST_F(StatisticsStoreTest, ExportsCarryTheStatistics) {
  Report("http://a.test/1", "甲县人民政府", 2022, kCells,
         {{"t3.balance.total", "FAIL", "d", {}}, {"t4.sum.review", "PASS", "d", {}}});
  Report("http://a.test/2", "甲县教育局", 2021, {});
  ExportOptions options;
  std::ostringstream jsonl;
  ExportResult result;
  ASSERT_TRUE(ExportJsonl(*archive_, options, jsonl, &result).ok());
  std::istringstream lines(jsonl.str());
  std::string line;
  std::getline(lines, line);
  nlohmann::json j = nlohmann::json::parse(line);
  EXPECT_EQ(j["report_year"], 2022);
  EXPECT_EQ(j["agency"], "甲县人民政府");
  EXPECT_EQ(j["statistics"]["edition"], "2021");
  EXPECT_EQ(j["statistics"]["cells"]["t3.new.total"], 3119);
  EXPECT_TRUE(j["statistics"]["cells"]["t3.new.natural"].is_null());
  EXPECT_EQ(j["statistics"]["empty"], nlohmann::json::array({"t3.new.business"}));
  EXPECT_EQ(j["statistics"]["checks"][0]["status"], "FAIL");
  std::getline(lines, line);
  EXPECT_TRUE(nlohmann::json::parse(line)["statistics"].is_null());

  options.statistic_fields = {"t3.new.natural", "t3.new.business", "t3.new.total", "t3.carried_in.total"};
  std::ostringstream csv;
  ASSERT_TRUE(ExportStatsCsv(*archive_, options, csv, &result).ok());
  EXPECT_EQ(result.reports, 2);
  EXPECT_NE(csv.str().find(
                "capture_id,url,agency,region,site,report_year,edition,t3.new.natural,t3.new.business,"
                "t3.new.total,t3.carried_in.total,checks_passed,checks_failed,checks_na,failed_rules\r\n"),
            std::string::npos)
      << csv.str();
  EXPECT_NE(csv.str().find(",甲县人民政府,,测试市人民政府,2022,2021,NA,,3119,,1,1,0,t3.balance.total\r\n"),
            std::string::npos)
      << csv.str();

  std::ostringstream long_form;
  ASSERT_TRUE(ExportStatsLong(*archive_, options, long_form, &result).ok());
  EXPECT_EQ(result.reports, 1);
  EXPECT_NE(long_form.str().find("http://a.test/1,2022,甲县人民政府,2021,t3.new.total,number,3119\r\n"),
            std::string::npos)
      << long_form.str();
  EXPECT_NE(long_form.str().find("t2.fees.amount_10k_yuan,number,610.6988\r\n"), std::string::npos);
}

TEST_F(StatisticsStoreTest, CoverageNamesMissingYearsAndFailedChecks) {
  Report("http://a.test/1", "甲县人民政府", 2021, kCells, {{"t3.balance.total", "PASS", "", {}}});
  Report("http://a.test/2", "甲县人民政府", 2023, kCells, {{"t3.balance.total", "FAIL", "", {}}});
  Report("http://b.test/3", "乙市人民政府", 2022, {});
  AgencyCoverageOptions options;
  options.expected_agencies = {{"丙区人民政府", "某省某市丙区"}};
  std::vector<AgencyCoverageRow> rows;
  ASSERT_TRUE(AgencyCoverage(*archive_, options, &rows).ok());
  ASSERT_EQ(rows.size(), 9u);  // 3 agencies x 2021..2023
  auto row = [&](const std::string& agency, int year) {
    for (const auto& r : rows)
      if (r.agency == agency && r.report_year == year) return r;
    ADD_FAILURE() << agency << " " << year;
    return AgencyCoverageRow{};
  };
  EXPECT_EQ(row("甲县人民政府", 2021).checks_passed, 1);
  EXPECT_EQ(row("甲县人民政府", 2022).reports, 0);
  EXPECT_EQ(row("甲县人民政府", 2023).failed_rules, std::vector<std::string>{"t3.balance.total"});
  EXPECT_EQ(row("乙市人民政府", 2022).reports, 1);
  EXPECT_EQ(row("乙市人民政府", 2022).with_tables, 0);
  EXPECT_EQ(row("丙区人民政府", 2022).reports, 0);
  EXPECT_EQ(row("丙区人民政府", 2022).region, "某省某市丙区");
}

}  // namespace
}  // namespace gongkai::storage
