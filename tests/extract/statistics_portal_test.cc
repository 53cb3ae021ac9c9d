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
  std::string html =
      "<html><head><title>示例区人民政府" + std::string(t.edition == "2019" ? "2020" : "2022") +
      "年政府信息公开工作年度报告</title></head><body><div class=\"article\"><h1>示例区人民政府" +
      (t.edition == "2019" ? "2020" : "2022") +
      "年政府信息公开工作年度报告</h1>"
      "<p>本报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况、"
      "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况等部分。</p>" +
      t.html +
      "<p>下一步，我们将继续加强政务公开工作，不断提高政府信息公开工作水平。</p></div></body></html>";
  ExtractInput input;
  input.bytes = html;
  Extraction e;
  Status status;
  EXPECT_TRUE((status = Extract(input, Options{}, &e)).ok()) << status.message();
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
        EXPECT_EQ(got.state, StatisticCell::State::kNotApplicable)
            << what << ": " << id << " '" << got.raw << "'";
        break;
      case StatTruthCell::Kind::kEmpty:
        EXPECT_EQ(got.state, StatisticCell::State::kEmpty) << what << ": " << id << " '" << got.raw << "'";
        break;
    }
  }
  for (const auto& [id, cell] : s.cells)
    EXPECT_TRUE(truth.cells.count(id)) << what << ": read but not printed: " << id;
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
        std::string what =
            std::string(edition) + "/" + portal::ToString(markup) + "/seed " + std::to_string(seed);
        Extraction e = ExtractTables(t);
        ExpectCellExact(t, e, what);
        if (e.statistics) {
          std::set<std::string> failed = Failed(*e.statistics);
          EXPECT_TRUE(failed.empty()) << what << ": " << *failed.begin();
        }
      }
    }
  }
}

// Word's "save as web page", as many portals publish: every cell text inside <p class=MsoNormal>
// <span style=…>, blank cells holding &nbsp;, <o:p> tags, widths on every cell.
std::string AsWordHtml(std::string html) {
  std::string out;
  for (std::size_t p = 0; p < html.size();) {
    std::size_t open = html.find("<p align=\"center\">", p);
    if (open == std::string::npos) {
      out += html.substr(p);
      break;
    }
    std::size_t close = html.find("</p>", open);
    std::string text = html.substr(open + 18, close - open - 18);
    out += html.substr(p, open - p) +
           "<p class=MsoNormal align=center style='text-align:center'><span lang=EN-US "
           "style='font-size:10.5pt;font-family:\"宋体\"'>" +
           (text.empty() ? "&nbsp;" : text) + "<o:p></o:p></span></p>";
    p = close + 4;
  }
  for (std::size_t k; (k = out.find("<td ")) != std::string::npos;)
    out.replace(k, 4, "<TD width=57 style='width:42.5pt;border:solid windowtext 1.0pt' ");
  return out;
}

TEST(StatisticsPortal, WordExportedHtmlIsReadCellExact) {
  for (const char* edition : {"2019", "2021"}) {
    for (StatMarkup markup : {StatMarkup::kStandard, StatMarkup::kEmptyCells, StatMarkup::kNullMarks}) {
      StatTables t = portal::GenerateStatTables(edition, markup, 11, false);
      t.html = AsWordHtml(t.html);
      ASSERT_NE(t.html.find("MsoNormal"), std::string::npos);
      ExpectCellExact(t, ExtractTables(t), std::string(edition) + "/word/" + portal::ToString(markup));
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
        EXPECT_NE(c.detail.find("source"), std::string::npos)
            << c.detail;  // plain integers: the page is wrong
        EXPECT_NE(std::find(c.cells.begin(), c.cells.end(), "t3.total.natural"), c.cells.end());
      }
    }
  }
}

}  // namespace
}  // namespace gongkai::extract

// --- Report pages served by the simulated portal ------------------------------------------------

#include <httplib.h>

#include "portal/portal.h"

namespace gongkai::extract {
namespace {

std::string Fetch(const std::string& url, std::string* content_type) {
  const size_t slash = url.find('/', 7);
  httplib::Client client(url.substr(0, slash));
  client.set_read_timeout(30, 0);
  auto res = client.Get(url.substr(slash).c_str());
  if (!res) return "";
  *content_type = res->get_header_value("Content-Type");
  return res->body;
}

TEST(StatisticsPortal, EveryReportPageIsReadCellExactWithItsYearAndAgency) {
  portal::Options options;
  options.sites.clear();
  const std::vector<std::pair<portal::Template, portal::Charset>> kinds = {
      {portal::Template::kTrsWcm, portal::Charset::kUtf8},
      {portal::Template::kHanwebJcms, portal::Charset::kGbkMetaOnly},
      {portal::Template::kPlain, portal::Charset::kWrongDeclaration}};
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    portal::SiteSpec s;
    s.name = std::vector<std::string>{"甲县人民政府", "乙市人民政府", "丙区人民政府"}[i];
    s.ip = "127.0.7." + std::to_string(i + 2);
    s.tmpl = kinds[i].first;
    s.charset = kinds[i].second;
    s.report_count = 24;  // 8 years x 3 bodies: both editions, every page markup
    s.attachments = true;
    options.sites.push_back(s);
  }
  std::unique_ptr<portal::Portal> running;
  Status status;
  const gongkai::Status started = portal::Portal::Start(options, &running);
  ASSERT_NE(running, nullptr) << started.message();
  int with_tables = 0, in_attachment = 0, broken = 0;
  for (const portal::ReportTruth& t : running->Truths()) {
    std::string content_type;
    std::string body = Fetch(t.url, &content_type);
    ASSERT_FALSE(body.empty()) << t.url;
    ExtractInput input;
    input.bytes = body;
    input.url = t.url;
    input.content_type = content_type;
    Extraction e;
    ASSERT_TRUE((status = Extract(input, Options{}, &e)).ok()) << t.url << ": " << status.message();
    EXPECT_EQ(e.report_year, t.report_year) << t.url << " " << t.title;
    EXPECT_EQ(e.agency, t.agency) << t.url << " " << t.title;
    if (!t.has_statistics || t.statistics_in_attachment) {
      EXPECT_FALSE(e.statistics) << t.url;
      if (!t.statistics_in_attachment) continue;
      // The attached file is generated from the report's own tables: read cell-exact from the DOCX.
      ++in_attachment;
      ASSERT_EQ(t.attachment_urls.size(), 1u) << t.url;
      std::string file = Fetch(t.attachment_urls[0], &content_type);
      ExtractInput attached;
      attached.bytes = file;
      attached.url = t.attachment_urls[0];
      attached.content_type = content_type;
      Extraction a;
      ASSERT_TRUE((status = Extract(attached, Options{}, &a)).ok())
          << t.attachment_urls[0] << ": " << status.message();
      EXPECT_EQ(a.format, "docx") << t.attachment_urls[0];
      ExpectCellExact(t.statistics, a, t.attachment_urls[0]);
      if (a.statistics) {
        std::set<std::string> want(t.statistics.broken_rules.begin(), t.statistics.broken_rules.end());
        EXPECT_EQ(Failed(*a.statistics), want) << t.attachment_urls[0];
      }
      continue;
    }
    ++with_tables;
    ExpectCellExact(t.statistics, e, t.url);
    if (!e.statistics) continue;
    std::set<std::string> want(t.statistics.broken_rules.begin(), t.statistics.broken_rules.end());
    EXPECT_EQ(Failed(*e.statistics), want) << t.url;
    broken += !want.empty();
  }
  EXPECT_GT(with_tables, 20);
  EXPECT_GT(in_attachment, 0);
  EXPECT_GT(broken, 0);
}

}  // namespace
}  // namespace gongkai::extract
