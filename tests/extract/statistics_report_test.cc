// What a report is about: report_year from its title and body (never the publication date), the
// publishing agency, and `published` never read from the report's own prose.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "extract/extractor.h"

namespace gongkai::extract {
namespace {

const std::string kPeriod =
    "<p>本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。如对本报告有疑问，请与本机关联系。</p>";
const std::string kBody =
    "<p>根据《中华人民共和国政府信息公开条例》要求，编制本年度政府信息公开工作年度报告，全文包括总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况等部分，各部分均按照规定格式编写，数据真实准确。</p>"
    "<p>一、总体情况。本机关认真贯彻落实政务公开工作要点，不断加强组织领导，完善制度机制，政务公开工作取得新成效，群众满意度持续提高。</p>";

Extraction Page(const std::string& head, const std::string& body) {
  std::string html =
      "<html><head>" + head + "</head><body><div class=article>" + body + "</div></body></html>";
  ExtractInput input;
  input.bytes = html;
  Extraction e;
  Status status;
  EXPECT_TRUE((status = Extract(input, Options{}, &e)).ok()) << status.message();
  return e;
}

TEST(ReportYear, FromTheTitleNotThePublicationDate) {
  Extraction e = Page(
      "<meta name=PubDate content=\"2023-02-10\"><title>昆明市晋宁区人民政府2022年政府信息公开工作年度报告</title>",
      "<h1>昆明市晋宁区人民政府2022年政府信息公开工作年度报告</h1>" + kBody);
  ASSERT_TRUE(e.report_year);
  EXPECT_EQ(*e.report_year, 2022);
  EXPECT_EQ(e.published, "2023-02-10");
  EXPECT_EQ(e.agency, "昆明市晋宁区人民政府");
}

TEST(ReportYear, FromTheStatisticsPeriodWhenTheTitleHasNoYear) {
  EXPECT_EQ(FindReportYear("政府信息公开工作年度报告",
                           "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"),
            2023);
  EXPECT_EQ(FindReportYear("年度报告", "特向社会公布2020年度本级政府信息公开年度报告。"), 2020);
  EXPECT_EQ(FindReportYear("二〇二一年度政府信息公开工作年度报告", ""), 2021);
  EXPECT_EQ(FindReportYear("２０１９年政府信息公开工作年度报告", ""), 2019);
  // A date in the title is not the year covered.
  EXPECT_EQ(FindReportYear("发布日期2024年1月5日 年度报告", "统计期限自2023年1月1日起"), 2023);
  EXPECT_EQ(FindReportYear("工作动态", "会议于2023年3月召开。"), std::nullopt);
}

TEST(ReportYear, OnlyForReports) {
  Extraction e = Page("<title>区政府召开常务会议</title>", "<h1>区政府召开常务会议</h1>" + kBody);
  EXPECT_FALSE(e.report_year);
  EXPECT_EQ(e.agency, "");
}

TEST(Agency, TitlePrefixThenSourceThenColumn) {
  EXPECT_EQ(FindAgency("福州市晋安区教育局关于2017年政府信息公开工作年度报告", "", ""), "福州市晋安区教育局");
  EXPECT_EQ(FindAgency("2020年政府信息公开工作年度报告", "阿拉山口市人民政府办公室", ""),
            "阿拉山口市人民政府办公室");
  EXPECT_EQ(FindAgency("2020年政府信息公开工作年度报告", "本站原创", "区财政局"), "区财政局");
  EXPECT_EQ(FindAgency("2020年政府信息公开工作年度报告", "", "年度报告"), "");
  EXPECT_EQ(FindAgency("2023年度昆明市晋宁区教育体育局政府信息公开工作年度报告", "本站", ""),
            "昆明市晋宁区教育体育局");
}

TEST(Published, NeverTheStatisticsPeriodOfTheReport) {
  // No visible publication date: the 统计期限 sentence must not become one.
  Extraction e = Page("<title>2023年政府信息公开工作年度报告</title>",
                      "<h1>2023年政府信息公开工作年度报告</h1>" + kPeriod + kBody);
  EXPECT_FALSE(e.published) << *e.published;
  EXPECT_EQ(e.report_year, 2023);
}

TEST(Published, ADateLineStillCounts) {
  Extraction e = Page(
      "<title>2023年政府信息公开工作年度报告</title>",
      "<h1>2023年政府信息公开工作年度报告</h1><p>发布时间：2024-01-15 来源：区政府办</p>" + kPeriod + kBody);
  EXPECT_EQ(e.published, "2024-01-15");
  EXPECT_EQ(e.report_year, 2023);
}

TEST(Json, CarriesReportYearAgencyAndStatistics) {
  Extraction e = Page(
      "<title>示例区人民政府2023年政府信息公开工作年度报告</title>",
      "<h1>示例区人民政府2023年政府信息公开工作年度报告</h1>" + kBody +
          "<table><tr><td>行政复议</td><td>行政诉讼</td></tr>"
          "<tr><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>"
          "<td>/</td><td>0</td><td>0</td><td>0</td><td>0</td></tr></table>");
  nlohmann::json j = nlohmann::json::parse(ToJson(e));
  EXPECT_EQ(j["report_year"], 2023);
  EXPECT_EQ(j["agency"], "示例区人民政府");
  ASSERT_TRUE(j["statistics"].is_object()) << j.dump();
  EXPECT_EQ(j["statistics"]["edition"], "2021");
  EXPECT_EQ(j["statistics"]["cells"]["t4.review.corrected"], 1);
  EXPECT_TRUE(j["statistics"]["cells"]["t4.suit_after_review.upheld"].is_null());
  ASSERT_TRUE(j["statistics"]["checks"].is_array());
  EXPECT_EQ(j["statistics"]["checks"][0]["rule"], "t4.sum.review");
  EXPECT_EQ(j["statistics"]["checks"][0]["status"], "PASS");
}

}  // namespace
}  // namespace gongkai::extract
