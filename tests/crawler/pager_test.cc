// The pager readers on their own (crawler/src/pager.h and page_structure.h, private headers):
// Hanweb jpage parameters, the anchor texts that page rather than name a report, and the text and
// list order ReadPageStructure gives.
#include "pager.h"

#include "page_structure.h"

#include <gtest/gtest.h>

#include "extract/html_page.h"

namespace gongkai::crawler {
namespace {

// Origins are compared field by field: a port, explicit or the scheme's default, a scheme and a
// host each set a URL apart; and every page of the family is in the listing's directory.
TEST(ListingFamilyTest, PagesOfOneListingShareOriginDirectoryAndQuery) {
  const ListingFamily family(*ParseUrl("http://a.gov.cn/xxgk/ndbg/index.html"));
  const ListingFamily query_family(*ParseUrl("http://a.gov.cn:8080/list.jsp?col=7&page=2"));
  struct Case {
    const ListingFamily& family;
    std::string url;
    bool same_pager, in_directory;
  };
  const Case cases[] = {
      {family, "http://a.gov.cn/xxgk/ndbg/index_3.html", true, true},
      {family, "http://a.gov.cn:80/xxgk/ndbg/index_3.html", true, true},
      {family, "http://a.gov.cn:8080/xxgk/ndbg/index_3.html", false, false},
      {family, "https://a.gov.cn/xxgk/ndbg/index_3.html", false, false},
      {family, "http://b.gov.cn/xxgk/ndbg/index_3.html", false, false},
      {family, "http://a.gov.cn/xxgk/ndbg/index_3.html?x=1", false, true},
      {family, "http://a.gov.cn/xxgk/ndbg/list_3.html", false, true},
      {family, "http://a.gov.cn/xxgk/ndbg/202303/t20230325_1.html", false, true},
      {family, "http://a.gov.cn/xxgk/index_3.html", false, false},
      {query_family, "http://a.gov.cn:8080/list.jsp?col=7&page=3", true, true},
      {query_family, "http://a.gov.cn:8080/list.jsp?col=7&PageNo=3", true, true},
      {query_family, "http://a.gov.cn:8080/list.jsp?col=8&page=3", false, true},
      {query_family, "http://a.gov.cn:8080/list.jsp?col=7&page=2", false, true},
      {query_family, "http://a.gov.cn/list.jsp?col=7&page=3", false, false},
  };
  for (const Case& c : cases) {
    const std::optional<ParsedUrl> url = ParseUrl(c.url);
    ASSERT_TRUE(url) << c.url;
    EXPECT_EQ(c.family.IsSamePager(*url), c.same_pager) << c.url;
    EXPECT_EQ(c.family.IsInDirectory(*url), c.in_directory) << c.url;
  }
  EXPECT_TRUE(IsSamePagerFamily(*ParseUrl("http://a.gov.cn/xxgk/ndbg/index.html"),
                                "http://a.gov.cn/xxgk/ndbg/index_3.html"));
  EXPECT_FALSE(IsInListingDirectory(*ParseUrl("http://a.gov.cn/xxgk/ndbg/index.html"), "not a url"));
}

TEST(JpageParamsTest, ReadsTheScriptsParametersInAnyLetterCase) {
  JpageParams p = FindJpageParams(
      "<script>$('#1').jpage({dataStore: dataStore, PERPAGE: 15, totalRecord: 37, "
      "proxyUrl: '/module/web/jpage/dataproxy.jsp', ColumnId: 1017, appid=1, webId='42'});</script>");
  EXPECT_EQ(p.total_records, 37);
  EXPECT_EQ(p.per_page, 15);
  EXPECT_EQ(p.column_id, "1017");
  EXPECT_EQ(p.app_id, "1");
  EXPECT_EQ(p.web_id, "42");
  EXPECT_EQ(p.proxy_url, "/module/web/jpage/dataproxy.jsp");
}

TEST(JpageParamsTest, ANumberKeyTakesItsFirstMatchFollowedByANumber) {
  // "columnid" first appears as a variable name, then with its value; a value of 9 digits or more
  // is not a column id either.
  JpageParams p = FindJpageParams("var columnid; columnid = 123456789; columnid: 77 perPage:x perpage=5");
  EXPECT_EQ(p.column_id, "77");
  EXPECT_EQ(p.per_page, 5);
}

TEST(JpageParamsTest, ADataproxyAnswersTotalRecordIsTheFallback) {
  EXPECT_EQ(FindJpageParams("<datastore><totalrecord>13</totalrecord>").total_records, 13);
  // totalRecord: with a number wins over <totalrecord>, wherever each is.
  EXPECT_EQ(FindJpageParams("<totalrecord>13</totalrecord> totalRecord: 40").total_records, 40);
}

TEST(JpageParamsTest, ProxyUrlTakesItsFirstMatchAndKeysAtTheEndAreSafe) {
  JpageParams p = FindJpageParams("proxyUrl: /a/dataproxy.jsp, proxyUrl: '/b' columnid");
  EXPECT_EQ(p.proxy_url, "/a/dataproxy.jsp");
  EXPECT_EQ(p.column_id, "");
  EXPECT_EQ(FindJpageParams("proxyUrl: '/never-closed").proxy_url, "");
  EXPECT_EQ(FindJpageParams("").total_records, 0);
  EXPECT_EQ(FindJpageParams("totalrecor").total_records, 0);
}

TEST(JpageParamsTest, OnlyAPageSizeFromThePageOrADataproxyUrlCanNamePages) {
  const std::string script = "totalRecord: 37, proxyUrl: '/module/web/jpage/dataproxy.jsp', columnid: 1017";
  const std::string listing = "http://a.gov.cn/col/col1017/index.html";
  // Every key but the page size: no page can be named, and the quick test says so.
  EXPECT_FALSE(MayNameJpagePages(script, listing));
  EXPECT_TRUE(JpageUrls(FindJpageParams(script), listing, 10).empty());
  // With the page size, pages are named.
  EXPECT_TRUE(MayNameJpagePages(script + ", perPage: 15", listing));
  EXPECT_EQ(JpageUrls(FindJpageParams(script + ", perPage: 15"), listing, 10).size(), 1u);
  // A dataproxy.jsp answer's URL names its page size.
  const std::string answer = "http://a.gov.cn/module/web/jpage/dataproxy.jsp?perpage=15&columnid=1017";
  EXPECT_TRUE(MayNameJpagePages("<totalrecord>37</totalrecord>", answer));
  EXPECT_EQ(JpageUrls(FindJpageParams("<totalrecord>37</totalrecord>"), answer, 10).size(), 1u);
}

TEST(PagerTextTest, PageNumbersAndPagerWordsButNotTitlesHoldingThem) {
  EXPECT_TRUE(IsPagerText("下一页"));
  EXPECT_TRUE(IsPagerText(" 2 "));
  EXPECT_TRUE(IsPagerText("[12]"));
  EXPECT_TRUE(IsPagerText("\t尾页\n"));
  EXPECT_TRUE(IsPagerText("Next »"));
  EXPECT_FALSE(IsPagerText("12345"));  // a number too long for a page
  EXPECT_FALSE(IsPagerText(""));
  EXPECT_FALSE(IsPagerText("   "));
  // A pager word inside a title longer than four times the word is the title's.
  EXPECT_FALSE(IsPagerText("关于首页栏目调整的2023年政府信息公开工作年度报告"));
}

PageStructure StructureOf(std::string_view html) {
  return ReadPageStructure(extract::HtmlPage::FromUtf8(html), "http://a.gov.cn/list/", {});
}

// Collapse reads eight bytes at a time between the bytes that may start a space: every kind of
// space, in runs and at the ends, must still come out as one space or none.
TEST(PageStructureTest, TextCollapsesEverySpaceKindToOne) {
  PageStructure ps = StructureOf(
      "<body><a href='/a.html'> \t第一\u3000\u3000 季度&nbsp;报告\u3000(2021)\r\n 正文内容&nbsp;</a>"
      "<p> 一二三四五六七八九十\u3000一二三四五六七八九十&nbsp;abc\n </p><p>一二三。、四五</p></body>");
  ASSERT_EQ(ps.anchors.size(), 1u);
  EXPECT_EQ(ps.anchors[0].text, "第一 季度 报告 (2021) 正文内容");
  // Prose counts the collapsed code points of runs of 20 or more: 10 + 1 + 10 + 1 + 3, not the 7.
  EXPECT_EQ(ps.prose_chars, 25u);
}

// Lists are found below their parents' children, but candidates of equal score keep the order of
// their parents in the document, then of their groups' first members.
TEST(PageStructureTest, ListsOfEqualScoreKeepDocumentOrder) {
  PageStructure ps = StructureOf(
      "<body><div id='main'>"
      "<p class='x'><a href='/p1.html'>AAAA</a></p><p class='x'><a href='/p2.html'>BBBB</a></p>"
      "<ul><li><a href='/l1.html'>CCCC</a></li><li><a href='/l2.html'>DDDD</a></li></ul>"
      "<div class='y'><a href='/d1.html'>EEEE</a></div><div class='y'><a href='/d2.html'>FFFF</a></div>"
      "</div></body>");
  std::vector<std::string> signatures;
  for (const StructList& list : ps.lists) signatures.push_back(list.signature);
  EXPECT_EQ(signatures, (std::vector<std::string>{"div>p.x", "div>div.y", "ul>li"}));
}

}  // namespace
}  // namespace gongkai::crawler
