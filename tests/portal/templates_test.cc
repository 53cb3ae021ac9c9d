// Templates render as the real CMS families do: URL schemes, pagers, markers, meta tags, chrome.
#include <regex>
#include <set>

#include "portal_fixture.h"

namespace gongkai::portal::testing {
namespace {

std::set<std::string> Hrefs(const std::string& html) {
  std::set<std::string> out;
  static const std::regex kHref("href=\"([^\"]+)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kHref); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1]);
  }
  return out;
}

TEST(PortalTemplates, TrsWcmPagesThroughCreatePageHtmlOnly) {
  auto portal = StartSites({TestSite(Template::kTrsWcm)});
  const SiteInfo& site = portal->sites()[0];
  ASSERT_EQ(site.all_listing_urls.size(), 3u);  // 7 reports, 3 per page
  EXPECT_EQ(site.all_listing_urls[1], site.base_url + "/xxgk/ndbg/index_1.html");
  Fetched first = Get(site.listing_urls[0]);
  ASSERT_EQ(first.status, 200);
  EXPECT_TRUE(Contains(first.body, "createPageHTML(3, 0, \"index\", \"html\");"));
  // The next pages are reachable only through the JS call: no static link to them.
  EXPECT_EQ(Hrefs(first.body).count("index_1.html"), 0u);
  Fetched last = Get(site.all_listing_urls[2]);
  ASSERT_EQ(last.status, 200);
  EXPECT_TRUE(Contains(last.body, "createPageHTML(3, 2, \"index\", \"html\");"));
  EXPECT_EQ(Get(site.base_url + "/xxgk/ndbg/index_3.html").status, 404);
}

TEST(PortalTemplates, TrsWcmListingLinksArticlesRelatively) {
  auto portal = StartSites({TestSite(Template::kTrsWcm)});
  const SiteInfo& site = portal->sites()[0];
  std::set<std::string> found;
  for (const auto& url : site.all_listing_urls) {
    for (const auto& href : Hrefs(Get(url).body)) {
      if (href.rfind("./", 0) == 0) found.insert(site.base_url + "/xxgk/ndbg/" + href.substr(2));
    }
  }
  EXPECT_EQ(found, std::set<std::string>(site.report_urls.begin(), site.report_urls.end()));
  for (const auto& url : site.report_urls) {
    EXPECT_TRUE(std::regex_search(url, std::regex("/xxgk/ndbg/\\d{6}/t\\d{8}_\\d+\\.html$"))) << url;
  }
}

TEST(PortalTemplates, HanwebDataproxyAnswersRecordsInCdata) {
  SiteSpec spec = TestSite(Template::kHanwebJcms);
  spec.report_count = 11;
  spec.per_page = 2;  // 6 records per dataproxy answer -> two answers
  auto portal = StartSites({spec});
  const SiteInfo& site = portal->sites()[0];
  EXPECT_TRUE(std::regex_search(site.listing_urls[0], std::regex("/col/col\\d+/index\\.html$")));
  Fetched index = Get(site.listing_urls[0]);
  EXPECT_TRUE(Contains(index.body, "<datastore>"));
  EXPECT_TRUE(Contains(index.body, "proxyUrl: '/module/web/jpage/dataproxy.jsp'"));
  std::set<std::string> found;
  int answers = 0;
  for (const auto& url : site.all_listing_urls) {
    if (!Contains(url, "dataproxy.jsp")) continue;
    ++answers;
    Fetched xml = Get(url);
    ASSERT_EQ(xml.status, 200);
    EXPECT_TRUE(Contains(xml.Header("Content-Type"), "text/xml"));
    EXPECT_TRUE(Contains(xml.body, "<totalrecord>11</totalrecord>"));
    static const std::regex kRecord("<record><!\\[CDATA\\[<li><a href=\"([^\"]+)\"");
    for (auto it = std::sregex_iterator(xml.body.begin(), xml.body.end(), kRecord);
         it != std::sregex_iterator(); ++it) {
      found.insert(site.base_url + (*it)[1].str());
    }
  }
  EXPECT_EQ(answers, 2);
  EXPECT_EQ(found, std::set<std::string>(site.report_urls.begin(), site.report_urls.end()));
  EXPECT_EQ(Get(site.base_url + "/module/web/jpage/dataproxy.jsp?startrecord=0&endrecord=3&perpage=2").status,
            400);
}

TEST(PortalTemplates, HanwebArticlesCarryContentMarkers) {
  auto portal = StartSites({TestSite(Template::kHanwebJcms)});
  const SiteInfo& site = portal->sites()[0];
  for (const auto& url : site.report_urls) {
    EXPECT_TRUE(std::regex_search(url, std::regex("/art/\\d{4}/\\d{1,2}/\\d{1,2}/art_\\d+_\\d+\\.html$")))
        << url;
  }
  Fetched page = Get(site.report_urls[0]);
  const size_t start = page.body.find("<meta name=\"ContentStart\">");
  const size_t end = page.body.find("<meta name=\"ContentEnd\">");
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  auto truth = portal->TruthFor(site.report_urls[0]);
  ASSERT_NE(truth, nullptr);
  const std::string inside = page.body.substr(start, end - start);
  for (const auto& s : truth->body_snippets) EXPECT_TRUE(Contains(inside, s)) << s;
  for (const auto& s : truth->boilerplate_snippets) EXPECT_FALSE(Contains(inside, s)) << s;
}

TEST(PortalTemplates, PlainPagesWithNextAndLastLinks) {
  auto portal = StartSites({TestSite(Template::kPlain)});
  const SiteInfo& site = portal->sites()[0];
  EXPECT_EQ(site.listing_urls[0], site.base_url + "/ndbg/list.jsp?page=1");
  Fetched first = Get(site.listing_urls[0]);
  EXPECT_TRUE(Contains(first.body, "<a href=\"list.jsp?page=2\">下一页</a>"));
  EXPECT_TRUE(Contains(first.body, "<a href=\"list.jsp?page=3\">尾页</a>"));
  Fetched last = Get(site.all_listing_urls[2]);
  EXPECT_TRUE(Contains(last.body, "下一页 尾页"));  // no links on the last page
  EXPECT_EQ(Get(site.base_url + "/ndbg/list.jsp?page=4").status, 404);
}

TEST(PortalTemplates, PlainPageNumVariant) {
  SiteSpec spec = TestSite(Template::kPlain);
  spec.plain_page_num = true;
  auto portal = StartSites({spec});
  const SiteInfo& site = portal->sites()[0];
  EXPECT_EQ(site.all_listing_urls[1], site.base_url + "/ndbg/list.jsp?pageNum=2");
  EXPECT_TRUE(Contains(Get(site.listing_urls[0]).body, "list.jsp?pageNum=2\">下一页"));
}

TEST(PortalTemplates, ListingAnchorsNameAnnualReports) {
  for (Template t : {Template::kTrsWcm, Template::kHanwebJcms, Template::kPlain}) {
    auto portal = StartSites({TestSite(t)});
    const SiteInfo& site = portal->sites()[0];
    const std::string body = Get(site.listing_urls[0]).body;
    EXPECT_TRUE(
        std::regex_search(body, std::regex(">测试区人民政府[^<]*\\d{4}年政府信息公开工作年度报告</a>")));
  }
}

TEST(PortalTemplates, ReportPagesCarryRealisticChrome) {
  SiteSpec spec = TestSite(Template::kTrsWcm);
  spec.report_count = 3;  // newest report is 2022: standard template with the statistics table
  auto portal = StartSites({spec});
  const SiteInfo& site = portal->sites()[0];
  const std::string body = Get(site.report_urls[0]).body;
  for (const char* s : {"当前位置：", "发布时间：",        "来源：",
                        "访问次数：", "【字体：",          "【打印】",
                        "【关闭】",   "分享到：",          "扫一扫在手机上查看当前页面",
                        "上一篇：",   "下一篇：",          "相关阅读",
                        "ICP备",      "公网安备",          "主办：",
                        "承办：",     "技术支持：",        "联系电话：",
                        "地址：",     "为确保最佳浏览效果"}) {
    EXPECT_TRUE(Contains(body, s)) << s;
  }
  EXPECT_TRUE(Contains(body, "rowspan=\""));
  EXPECT_TRUE(Contains(body, "colspan=\""));
}

TEST(PortalTemplates, StandardMetaTagsOnlyWhereConfigured) {
  SiteSpec with = TestSite(Template::kTrsWcm, "127.0.1.2");
  SiteSpec without = TestSite(Template::kPlain, "127.0.1.3");
  without.meta_tags = false;
  auto portal = StartSites({with, without});
  const std::string a = Get(portal->sites()[0].report_urls[0]).body;
  const std::string b = Get(portal->sites()[1].report_urls[0]).body;
  for (const char* name :
       {"SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ArticleTitle", "PubDate", "ContentSource"}) {
    const std::string tag = std::string("<meta name=\"") + name + "\"";
    EXPECT_TRUE(Contains(a, tag)) << name;
    EXPECT_FALSE(Contains(b, tag)) << name;
  }
  auto truth = portal->TruthFor(portal->sites()[0].report_urls[0]);
  ASSERT_NE(truth, nullptr);
  EXPECT_TRUE(Contains(a, "<meta name=\"ArticleTitle\" content=\"" + truth->title + "\">"));
  EXPECT_TRUE(Contains(a, "<meta name=\"PubDate\" content=\"" + truth->published));
}

TEST(PortalTemplates, AttachmentsAreLinkedAndLookValid) {
  SiteSpec spec = TestSite(Template::kTrsWcm);
  spec.attachments = true;
  spec.report_count = 6;
  auto portal = StartSites({spec});
  const SiteInfo& site = portal->sites()[0];
  ASSERT_EQ(site.attachment_urls.size(), 2u);
  bool pdf = false, doc = false;
  for (const auto& url : site.attachment_urls) {
    Fetched f = Get(url);
    ASSERT_EQ(f.status, 200) << url;
    if (f.Header("Content-Type") == "application/pdf") {
      pdf = true;
      EXPECT_EQ(f.body.rfind("%PDF-1.4", 0), 0u);
      EXPECT_TRUE(Contains(f.body, "%%EOF"));
    } else {
      doc = true;
      EXPECT_EQ(f.Header("Content-Type"), "application/msword");
      EXPECT_EQ(f.body.substr(0, 4), std::string("\xD0\xCF\x11\xE0", 4));
    }
  }
  EXPECT_TRUE(pdf && doc);
  std::string linked;
  for (const auto& url : site.report_urls) linked += Get(url).body;
  for (const auto& url : site.attachment_urls)
    EXPECT_TRUE(Contains(linked, url.substr(site.base_url.size()))) << url;
}

TEST(PortalTemplates, ContentIsDeterministicForASeed) {
  auto a = StartSites({TestSite(Template::kHanwebJcms)}, 7);
  auto b = StartSites({TestSite(Template::kHanwebJcms, "127.0.1.3")}, 7);
  auto c = StartSites({TestSite(Template::kHanwebJcms, "127.0.1.4")}, 8);
  const std::string path = a->sites()[0].report_urls[3].substr(a->sites()[0].base_url.size());
  const Fetched fa = Get(a->sites()[0].base_url + path);
  const Fetched fb = Get(b->sites()[0].base_url + path);
  EXPECT_EQ(fa.body, fb.body);
  EXPECT_EQ(fa.Header("ETag"), fb.Header("ETag"));
  const std::string other = c->sites()[0].report_urls[3].substr(c->sites()[0].base_url.size());
  EXPECT_NE(path, other);  // another seed, other dates and ids
}

}  // namespace
}  // namespace gongkai::portal::testing
