// Every table the simulated portal generates (portal/stat_tables.h), in both editions and every
// markup variant, read back through Extract() cell-exact; numbers that break the template's rules
// are flagged with exactly those rules.
#include <gtest/gtest.h>

#include <set>

#include "extract/extractor.h"
#include "portal/stat_tables.h"

namespace gongkai::extract {
namespace {

using portal::StatMarkup;
using portal::StatTables;
using portal::StatTruthCell;

Extraction ExtractTables(const StatTables& t) {
  std::string html = "<html><head><title>示例区人民政府" + std::string(t.edition == "2019" ? "2020" : "2022") +
                     "年政府信息公开工作年度报告</title></head><body><div class=\"article\"><h1>示例区人民政府" +
                     (t.edition == "2019" ? "2020" : "2022") + "年政府信息公开工作年度报告</h1>"
                     "<p>本报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况、"
                     "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况等部分。</p>" +
                     t.html + "<p>下一步，我们将继续加强政务公开工作，不断提高政府信息公开工作水平。</p></div></body></html>";
  ExtractInput input;
  input.bytes = html;
  Extraction e;
  std::string error;
  EXPECT_TRUE(Extract(input, Options{}, &e, &error)) << error;
  return e;
}

void ExpectCellExact(const StatTables& truth, const Extraction& e, const std::string& what) {
  ASSERT_TRUE(e.statistics) << what;
  const Statistics& s = *e.statistics;
  EXPECT_EQ(s.edition, truth.edition) << what;
  EXPECT_EQ(truth.cells.size(), StatisticFieldIds(truth.edition).size()) << what;
  for (const auto& [id, want] : truth.cells) {
    auto it = s.cells.find(id);
    ASSERT_NE(it, s.cells.end()) << what << ": not read: " << id;
    const StatisticCell& got = it->second;
    switch (want.kind) {
      case StatTruthCell::Kind::kNumber:
        EXPECT_EQ(got.state, StatisticCell::State::kNumber) << what << ": " << id << " '" << got.raw << "'";
        EXPECT_NEAR(got.value, want.value, 1e-9) << what << ": " << id << " '" << got.raw << "'";
        break;
      case StatTruthCell::Kind::kNull:
        EXPECT_EQ(got.state, StatisticCell::State::kNotApplicable) << what << ": " << id << " '" << got.raw << "'";
        break;
      case StatTruthCell::Kind::kEmpty:
        EXPECT_EQ(got.state, StatisticCell::State::kEmpty) << what << ": " << id << " '" << got.raw << "'";
        break;
    }
  }
  for (const auto& [id, cell] : s.cells) EXPECT_TRUE(truth.cells.count(id)) << what << ": read but not printed: " << id;
}

std::set<std::string> Failed(const Statistics& s) {
  std::set<std::string> out;
  for (const StatisticCheck& c : s.checks)
    if (c.status == StatisticCheck::Status::kFail) out.insert(c.rule);
  return out;
}

TEST(StatisticsPortal, EveryEditionAndMarkupIsReadCellExact) {
  for (const char* edition : {"2019", "2021"}) {
    for (StatMarkup markup : portal::AllStatMarkups()) {
      for (uint64_t seed : {1u, 2u, 3u}) {
        StatTables t = portal::GenerateStatTables(edition, markup, seed, false);
        std::string what = std::string(edition) + "/" + portal::ToString(markup) + "/seed " + std::to_string(seed);
        Extraction e = ExtractTables(t);
        ExpectCellExact(t, e, what);
        if (e.statistics) EXPECT_TRUE(Failed(*e.statistics).empty()) << what << ": " << *Failed(*e.statistics).begin();
      }
    }
  }
}

TEST(StatisticsPortal, NumbersThatBreakTheRulesAreFlaggedWithThoseRules) {
  for (const char* edition : {"2019", "2021"}) {
    for (StatMarkup markup : {StatMarkup::kStandard, StatMarkup::kFlat, StatMarkup::kSplit}) {
      StatTables t = portal::GenerateStatTables(edition, markup, 7, true);
      std::string what = std::string(edition) + "/" + portal::ToString(markup);
      Extraction e = ExtractTables(t);
      ExpectCellExact(t, e, what);
      ASSERT_TRUE(e.statistics);
      EXPECT_TRUE(e.statistics->Failed());
      std::set<std::string> want(t.broken_rules.begin(), t.broken_rules.end());
      EXPECT_EQ(Failed(*e.statistics), want) << what;
      for (const StatisticCheck& c : e.statistics->checks) {
        if (c.rule != "t3.total_sum.natural") continue;
        EXPECT_NE(c.detail.find("source"), std::string::npos) << c.detail;  // plain integers: the page is wrong
        EXPECT_NE(std::find(c.cells.begin(), c.cells.end(), "t3.total.natural"), c.cells.end());
      }
    }
  }
}

}  // namespace
}  // namespace gongkai::extract
