// Page kinds from structure (issue 9): the dominant repeated sibling group is a listing's item list,
// never nav, footer or a 相关链接/热点/历年年报 box; every item of a 年报 list is a report; keywords
// only filter a visibly mixed list; yearless column links are listings; sub-column lists are entries.
#include <gtest/gtest.h>

#include "crawler/discovery.h"
#include "crawler/options.h"

namespace gongkai::crawler {
namespace {

constexpr char kPage[] = "http://127.0.0.1:90/xxgk/nb/index.html";

DiscoveryRules Rules() {
  return DiscoveryRulesFrom(Options());
}

std::string Li(const std::string& href, const std::string& title, const std::string& date) {
  return "<li><a href='" + href + "'>" + title + "</a><span>" + date + "</span></li>";
}

// A 年报 column: keywordless items are reports too; the 热点 box beside it is not the list.
TEST(PageKindTest, EveryItemOfAReportColumnIsAReportWhateverItsTitle) {
  std::string html = "<title>政府信息公开年报</title><div class='side'><h3>热点</h3><ul>" +
                     Li("/hot/1.html", "2023年政府工作报告全文", "2023-01-16") +
                     Li("/hot/2.html", "2023年政府信息公开工作年度报告格式的通知", "2023-11-20") +
                     "</ul></div><div class='main'><ul class='list'>" +
                     Li("a.html", "某局2023年政府信息公开工作年度报告", "2024-01-10") +
                     Li("b.html", "某局2023年政务公开工作要点落实情况", "2024-01-09") +
                     Li("c.html", "2022年", "2023-01-09") + Li("d.html", "某局2021年工作总结", "2022-01-09") +
                     Li("e.html", "某局2021年度报告（图片版）", "2022-01-08") + "</ul></div>";
  PageAnalysis a = AnalyzePage(html, kPage, Rules());
  EXPECT_EQ(a.kind, PageClass::kListing) << a.reason;
  EXPECT_FALSE(a.mixed);
  EXPECT_EQ(a.reports, (std::vector<std::string>{
                           "http://127.0.0.1:90/xxgk/nb/a.html", "http://127.0.0.1:90/xxgk/nb/b.html",
                           "http://127.0.0.1:90/xxgk/nb/c.html", "http://127.0.0.1:90/xxgk/nb/d.html",
                           "http://127.0.0.1:90/xxgk/nb/e.html"}));
}

// A visibly mixed list (meeting news in a 年报 column): keywords filter, the share is configurable.
TEST(PageKindTest, KeywordsFilterOnlyAVisiblyMixedList) {
  std::string html = "<ul>" + Li("a.html", "某市2019年政府信息公开工作年度报告", "2020-01-10") +
                     Li("b.html", "示范区召开2020年度工作会议", "2020-01-09") +
                     Li("c.html", "示范区召开目标责任制考核表彰大会", "2020-01-08") + "</ul>";
  PageAnalysis a = AnalyzePage(html, kPage, Rules());
  EXPECT_TRUE(a.mixed) << a.reason;
  EXPECT_EQ(a.reports, std::vector<std::string>{"http://127.0.0.1:90/xxgk/nb/a.html"});
  EXPECT_NE(a.reason.find("1 of 3 items name a report"), std::string::npos) << a.reason;
  DiscoveryRules all = Rules();
  all.mixed_list_min_keyword_share = 0;
  EXPECT_EQ(AnalyzePage(html, kPage, all).reports.size(), 3u);
}

// Nav and footer lists are never the items; a yearless column link is a listing, not a report.
TEST(PageKindTest, HomePageWithNewsAndAColumnLinkIsAnEntry) {
  std::string html =
      "<div class='nav'><ul><li><a href='/'>首页</a></li><li><a href='/zwgk/'>政务公开</a></li></ul></div>"
      "<div class='news'><ul>" +
      Li("/n/1.html", "区政府召开第20次常务会议", "2023-01-10") +
      Li("/n/2.html", "区政府召开第19次常务会议", "2023-01-03") +
      "</ul></div><a href='/xxgk/ndbg/'>政府信息公开年度报告</a>"
      "<div class='footer'><ul><li><a href='/a'>网站地图</a></li><li><a href='/b'>联系我们</a></li></ul></div>";
  PageAnalysis a = AnalyzePage(html, "http://127.0.0.1:90/", Rules());
  EXPECT_EQ(a.kind, PageClass::kEntry) << a.reason;
  EXPECT_TRUE(a.reports.empty());
  std::vector<std::string> columns;
  for (const auto& c : a.columns) columns.push_back(c.url + (c.navigation ? " nav" : ""));
  EXPECT_EQ(columns,
            (std::vector<std::string>{"http://127.0.0.1:90/zwgk/ nav", "http://127.0.0.1:90/xxgk/ndbg/"}));
}

// 部门年报: one sub-column per department, each named after its agency.
TEST(PageKindTest, DepartmentSubColumnsMakeAnEntryWithAgencies) {
  std::string html =
      "<title>部门年报</title><ul><li><a href='d0/'>教育局</a></li><li><a href='d1/'>财政局</a></li>"
      "<li><a href='d2/'>民政局</a></li></ul>";
  PageAnalysis a = AnalyzePage(html, kPage, Rules());
  EXPECT_EQ(a.kind, PageClass::kEntry) << a.reason;
  ASSERT_EQ(a.columns.size(), 3u);
  EXPECT_EQ(a.columns[1].url, "http://127.0.0.1:90/xxgk/nb/d1/");
  EXPECT_EQ(a.columns[1].agency, "财政局");
}

// A report page: prose, with a dated 相关阅读 list beside it that is not its subject.
TEST(PageKindTest, ProseWithARelatedBoxIsAReport) {
  std::string prose;
  for (int i = 0; i < 6; ++i)
    prose +=
        "<p>本年度我局认真贯彻落实政府信息公开条例，主动公开政府信息，依申请公开工作稳步推进，取得良好成效。</p>";
  std::string html = "<h1>某局2023年政府信息公开工作年度报告</h1>" + prose + "<div><h4>相关阅读</h4><ul>" +
                     Li("x.html", "某局2022年政府信息公开工作年度报告", "2023-01-01") +
                     Li("y.html", "某局2021年政府信息公开工作年度报告", "2022-01-01") + "</ul></div>";
  PageAnalysis a = AnalyzePage(html, kPage, Rules());
  EXPECT_EQ(a.kind, PageClass::kReport) << a.reason;
  EXPECT_TRUE(a.reports.empty());
}

// An empty shell (a fault page, a challenge's leftovers) is "other", with the reason.
TEST(PageKindTest, EmptyShellIsOther) {
  PageAnalysis a = AnalyzePage("<html><body><div class='main'></div></body></html>", kPage, Rules());
  EXPECT_EQ(a.kind, PageClass::kOther);
  EXPECT_FALSE(a.reason.empty());
}

}  // namespace
}  // namespace gongkai::crawler
