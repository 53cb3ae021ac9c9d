// Discovery on fixture listing pages of each pagination style (tests/crawler/data/).
#include "crawler/discovery.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "crawler/options.h"
#include "crawler/sitemaps.h"

namespace gongkai::crawler {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(GONGKAI_CRAWLER_TESTDATA) + "/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

DiscoveryRules DefaultRules() {
  Options options;
  DiscoveryRules rules;
  rules.report_keywords = options.report_link_keywords;
  rules.attachment_extensions = options.attachment_extensions;
  return rules;
}

std::vector<std::string> UrlsOfKind(const std::vector<DiscoveredLink>& links, LinkKind kind) {
  std::vector<std::string> out;
  for (const auto& link : links) {
    if (link.kind == kind) out.push_back(link.url);
  }
  return out;
}

TEST(DiscoveryTest, Trs_CreatePageHtmlGivesZeroBasedIndexPages) {
  auto links = DiscoverFromListing(ReadFixture("trs-listing.html"),
                                   "http://127.0.0.1:8080/xxgk/ndbg/index.html", DefaultRules());
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kPagination),
            (std::vector<std::string>{"http://127.0.0.1:8080/xxgk/ndbg/index_1.html",
                                      "http://127.0.0.1:8080/xxgk/ndbg/index_2.html",
                                      "http://127.0.0.1:8080/xxgk/ndbg/index_3.html"}));
}

TEST(DiscoveryTest, Trs_ReportLinksByAnchorTextOrTitle) {
  auto links = DiscoverFromListing(ReadFixture("trs-listing.html"),
                                   "http://127.0.0.1:8080/xxgk/ndbg/index.html", DefaultRules());
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kReport),
            (std::vector<std::string>{"http://127.0.0.1:8080/xxgk/ndbg/t20210106_47506.html",
                                      "http://127.0.0.1:8080/xxgk/ndbg/202001/t20200115_40001.html",
                                      "http://127.0.0.1:8080/private/ndbg-draft.html"}));
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kAttachment),
            std::vector<std::string>{"http://127.0.0.1:8080/xxgk/ndbg/P020210106.pdf"});
}

TEST(DiscoveryTest, NavigationLinksWithoutYearAreNotReports) {
  auto links = DiscoverFromListing(ReadFixture("trs-listing.html"),
                                   "http://127.0.0.1:8080/xxgk/ndbg/index.html", DefaultRules());
  for (const auto& link : links) {
    if (link.url == "http://127.0.0.1:8080/xxgk/" || link.url == "http://127.0.0.1:8080/xxgk/ndbg/") {
      EXPECT_EQ(link.kind, LinkKind::kListing)
          << "a yearless column link is a listing, never a report: " << link.url;
    }
    EXPECT_NE(link.url, "http://127.0.0.1:8080/") << "nav 首页 outside the listing directory";
  }
}

TEST(DiscoveryTest, Trs_RealOrdosListingPage) {
  auto links = DiscoverFromListing(ReadFixture("real-ordos-trs-listing.html"),
                                   "http://www.ordos.gov.cn/xxgk/xxgknb/index.html", DefaultRules());
  auto reports = UrlsOfKind(links, LinkKind::kReport);
  EXPECT_EQ(reports.size(), 4u);
  auto pages = UrlsOfKind(links, LinkKind::kPagination);
  EXPECT_NE(std::find(pages.begin(), pages.end(), "http://www.ordos.gov.cn/xxgk/xxgknb/index_1.html"),
            pages.end());
}

TEST(DiscoveryTest, Hanweb_InlineDatastoreRecordsAndDataproxyPages) {
  auto links = DiscoverFromListing(ReadFixture("hanweb-listing.html"),
                                   "http://127.0.0.1:81/col/col1017/index.html", DefaultRules());
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kReport),
            (std::vector<std::string>{"http://127.0.0.1:81/art/2021/1/6/art_1017_456.html",
                                      "http://127.0.0.1:81/art/2020/1/10/art_1017_400.html"}));
  // 13 records, 2 per page, 3 pages per request: records 1-6, 7-12, 13-13.
  auto pages = UrlsOfKind(links, LinkKind::kPagination);
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(
      pages[0],
      "http://127.0.0.1:81/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=6&perpage=2&columnid=1017&appid=1&webid=1");
  EXPECT_EQ(
      pages[2],
      "http://127.0.0.1:81/module/web/jpage/dataproxy.jsp?startrecord=13&endrecord=13&perpage=2&columnid=1017&appid=1&webid=1");
}

TEST(DiscoveryTest, Hanweb_DataproxyXmlRecordsParsed) {
  std::string page =
      "http://127.0.0.1:81/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=12&perpage=2&columnid=1017";
  auto links = DiscoverFromListing(ReadFixture("hanweb-dataproxy.xml"), page, DefaultRules());
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kReport),
            (std::vector<std::string>{"http://127.0.0.1:81/art/2019/1/8/art_1017_300.html",
                                      "http://127.0.0.1:81/art/2018/1/9/art_1017_200.html"}));
  // The answer's <totalrecord> names the other record pages too.
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kPagination).size(), 2u);
}

TEST(DiscoveryTest, Plain_NextLastAndPageParameterLinks) {
  DiscoveryRules rules = DefaultRules();
  auto links = DiscoverFromListing(ReadFixture("plain-listing.html"),
                                   "http://127.0.0.1:82/ndbg/list.jsp?page=2", rules);
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kPagination),
            (std::vector<std::string>{"http://127.0.0.1:82/ndbg/list.jsp?page=1",
                                      "http://127.0.0.1:82/ndbg/list.jsp?page=3",
                                      "http://127.0.0.1:82/ndbg/list.jsp?pageNum=2&jsessionid=X"}));
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kReport),
            (std::vector<std::string>{"http://127.0.0.1:82/ndbg/show.jsp?id=17",
                                      "http://127.0.0.1:82/ndbg/show.jsp?id=16"}));
}

TEST(DiscoveryTest, CalendarTrapLinksAreNotFollowed) {
  auto links = DiscoverFromListing(ReadFixture("plain-listing.html"),
                                   "http://127.0.0.1:82/ndbg/list.jsp?page=2", DefaultRules());
  for (const auto& link : links) EXPECT_EQ(link.url.find("calendar"), std::string::npos);
}

TEST(DiscoveryTest, OffHostLinksDropped) {
  DiscoveryRules rules = DefaultRules();
  const char* list =
      "<ul><li><a href='http://other.gov.cn/a.html'>2020年年度报告</a><span>2021-01-05</span></li>"
      "<li><a href='b.html'>2019年年度报告</a><span>2020-01-05</span></li></ul>";
  auto links = DiscoverFromListing(list, "http://127.0.0.1:82/ndbg/list.jsp", rules);
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kReport),
            std::vector<std::string>{"http://127.0.0.1:82/ndbg/b.html"});
  rules.allowed_hosts = {"127.0.0.1:82", "other.gov.cn"};
  links = DiscoverFromListing(list, "http://127.0.0.1:82/ndbg/list.jsp", rules);
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kReport).size(), 2u);
}

TEST(DiscoveryTest, AttachmentsOfAReportPage) {
  const char* html =
      "<p>正文</p><a href='/u/P0201.PDF'>附件1</a> <a href='a.docx?v=2'>附件2</a> <a href='x.html'>相关</a>"
      " <a href='y.OFD'>ofd</a> <a href='z.exe'>exe</a>";
  auto links = DiscoverAttachments(html, "http://127.0.0.1:82/art/1.html", DefaultRules());
  EXPECT_EQ(UrlsOfKind(links, LinkKind::kAttachment),
            (std::vector<std::string>{"http://127.0.0.1:82/u/P0201.PDF", "http://127.0.0.1:82/art/a.docx?v=2",
                                      "http://127.0.0.1:82/art/y.OFD"}));
}

TEST(DiscoveryTest, SitemapAndSitemapIndex) {
  bool is_index = true;
  auto urls = ParseSitemap(ReadFixture("sitemap.xml"), &is_index);
  EXPECT_FALSE(is_index);
  EXPECT_EQ(urls, (std::vector<std::string>{"http://127.0.0.1/xxgk/ndbg/t20210106_47506.html",
                                            "http://127.0.0.1/xxgk/ndbg/t20200115_40001.html"}));
  urls = ParseSitemap(ReadFixture("sitemapindex.xml"), &is_index);
  EXPECT_TRUE(is_index);
  EXPECT_EQ(urls, std::vector<std::string>{"http://127.0.0.1/sitemap-1.xml"});
  EXPECT_TRUE(ParseSitemap("not xml at all", &is_index).empty());
}

// A Baidu-style <url> entry carries a title beside <loc>: it is the entry's context.
TEST(SitemapTest, EntryContextIsTheTextBesideLoc) {
  SitemapDocument doc = ParseSitemapDocument(
      "<urlset><url><loc> http://a.test/col/col9/index.html </loc><lastmod>2023-01-01</lastmod>"
      "<data><display><title>政府信息公开年报</title></display></data></url>"
      "<url><loc>http://a.test/news/1.html</loc><priority>0.5</priority></url></urlset>");
  ASSERT_EQ(doc.entries.size(), 2u);
  EXPECT_FALSE(doc.is_index);
  EXPECT_EQ(doc.entries[0].url, "http://a.test/col/col9/index.html");
  EXPECT_EQ(doc.entries[0].context, "政府信息公开年报");
  EXPECT_EQ(doc.entries[1].context, "");
}

TEST(SitemapTest, ColumnWordsMatchDecodedAndCaseFolded) {
  const std::vector<std::string> words = Options().sitemap_column_words;
  EXPECT_TRUE(NamesAnyWord("http://a.test/zwgk/NDBG/index.html", words));
  EXPECT_TRUE(NamesAnyWord("http://a.test/%E5%B9%B4%E6%8A%A5/", words));  // 年报
  EXPECT_TRUE(NamesAnyWord("http://a.test/xxgkgknb/", words));
  EXPECT_FALSE(NamesAnyWord("http://a.test/xxgk/zcwj/index.html", words));
}

TEST(SitemapTest, ReaderQueuesColumnCandidatesAsNavigationWithinTheUrlBound) {
  Options options;
  options.max_sitemap_urls_per_host = 2;
  SitemapReader reader(options);
  std::string xml = "<urlset>";
  for (const char* path : {"/ndbg/a.html", "/news/b.html", "/ndbg/c.html", "/ndbg/d.html"})
    xml += std::string("<url><loc>http://a.test") + path + "</loc></url>";
  xml += "</urlset>";
  auto links =
      reader.LinksOf("a.test", "http://a.test/sitemap.xml", xml, [](const std::string&) { return false; });
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].url, "http://a.test/ndbg/a.html");
  EXPECT_EQ(links[0].kind, LinkKind::kReport);
  EXPECT_TRUE(links[0].navigation);
  EXPECT_EQ(links[1].url, "http://a.test/ndbg/c.html");
  EXPECT_EQ(reader.urls_dropped(), 1);
  EXPECT_EQ(reader.TakeNotes().size(), 1u);
}

TEST(SitemapTest, ProbeOnlyWhenRobotsNamesNoSitemapAndWithinTheSitemapBound) {
  Options options;
  options.max_sitemaps_per_host = 1;
  SitemapReader reader(options);
  auto any = [](const std::string&) { return true; };
  auto probe = reader.SitemapsFor("http://a.test", {}, any);
  ASSERT_EQ(probe.size(), 1u);
  EXPECT_EQ(probe[0].url, "http://a.test/sitemap.xml");
  EXPECT_EQ(probe[0].kind, LinkKind::kSitemap);
  EXPECT_TRUE(
      reader.SitemapsFor("http://b.test", {"http://b.test/s1.xml", "http://b.test/s2.xml"}, any).size() == 1);
  options.probe_sitemap = false;
  SitemapReader quiet(options);
  EXPECT_TRUE(quiet.SitemapsFor("http://c.test", {}, any).empty());
}

}  // namespace
}  // namespace gongkai::crawler

namespace gongkai::crawler {
namespace {

TEST(DiscoveryTest, HanwebDownloadScriptAttachments) {
  Options options;
  EXPECT_TRUE(HasAttachmentExtension("http://a/module/download/downfile.jsp?classid=0&filename=2021.pdf",
                                     options.attachment_extensions));
  EXPECT_FALSE(HasAttachmentExtension("http://a/module/download/downfile.jsp?classid=0",
                                      options.attachment_extensions));
  EXPECT_FALSE(HasAttachmentExtension("http://a/dir.pdf/page.html", options.attachment_extensions));
}

}  // namespace
}  // namespace gongkai::crawler
