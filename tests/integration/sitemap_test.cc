// Sitemaps as a source of 年报 columns (issue 9.3, crawler/sitemaps.h), asserted from the servers'
// request logs: a column linked from no page but listed in the sitemap is found (robots.txt names
// the sitemap, or /sitemap.xml is probed), through a sitemapindex too; a 404 sitemap is not an
// error; a sitemap robots.txt disallows is never fetched; and max_sitemaps_per_host and
// max_sitemap_urls_per_host hold.
//
// sitemaps.org protocol (https://www.sitemaps.org/protocol.html): "<urlset>" encapsulates the file,
// "<sitemapindex>" a list of sitemaps; "Sitemap: <sitemap_location>" in robots.txt names one.
#include <gtest/gtest.h>

#include <set>

#include "crawl_bed.h"
#include "loopback_site.h"

namespace gongkai::testing {
namespace {

using portal::Robots;
using portal::SiteSpec;

SiteSpec HiddenColumnSite(Robots robots, const std::string& ip) {
  SiteSpec spec = portal::StructureSites().back();
  spec.robots = robots;
  spec.ip = ip;
  spec.port = 0;
  return spec;
}

std::set<std::string> ArchivedOn(const CrawlBed& bed, const std::string& base_url) {
  std::set<std::string> found;
  for (const auto& [url, digest] : bed.ArchivedReports()) {
    if (url.rfind(base_url + "/", 0) == 0) found.insert(url);
  }
  return found;
}

// A hand-scripted site for what the portal does not serve: sitemap indexes, disallowed sitemaps,
// sitemaps far over the bounds.
class SitemapSite : public ::testing::Test {
 protected:
  void SetUp() override {
    site_ = std::make_unique<LoopbackSite>("127.0.7.54", 0);
    ASSERT_TRUE(site_->ok());
    site_->Answer("/", Html("首页", "<div class=\"nav\"><a href=\"/news/index.html\">新闻</a></div>"));
  }

  static ScriptedAnswer Html(const std::string& title, const std::string& body) {
    return MakeAnswer(200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
                               "</title></head><body>" + body + "</body></html>");
  }
  static ScriptedAnswer Xml(const std::string& body) {
    return MakeAnswer(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body, "application/xml");
  }
  std::string UrlSet(const std::vector<std::string>& paths) const {
    std::string out = "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (const auto& p : paths) out += "<url><loc>" + site_->url(p) + "</loc></url>";
    return out + "</urlset>";
  }
  std::string Index(const std::vector<std::string>& paths) const {
    std::string out = "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">";
    for (const auto& p : paths) out += "<sitemap><loc>" + site_->url(p) + "</loc></sitemap>";
    return out + "</sitemapindex>";
  }
  static ScriptedAnswer Report(const std::string& title) {
    std::string body = "<h1>" + title + "</h1>";
    for (int i = 0; i < 6; ++i) {
      body +=
          "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、"
          "收到和处理政府信息公开申请情况。</p>";
    }
    return Html(title, body);
  }
  // A 年报 column at `path` listing `reports` (dated items).
  void Column(const std::string& path, const std::vector<std::string>& reports) {
    std::string list = "<div class=\"main\"><ul class=\"list\">";
    for (size_t i = 0; i < reports.size(); ++i) {
      const std::string year = std::to_string(2023 - i);
      list += "<li><a href=\"" + reports[i] + "\">北山县" + year + "年政府信息公开工作年度报告</a><span>" +
              year + "-01-15</span></li>";
      site_->Answer(reports[i], Report("北山县" + year + "年政府信息公开工作年度报告"));
    }
    site_->Answer(path, Html("政府信息公开年报_北山县人民政府", list + "</ul></div>"));
  }
  void Crawl(const crawler::Options& options) {
    crawler::Seed seed;
    seed.name = "北山县人民政府";
    seed.urls = {site_->url("/")};
    bed_.CrawlSeeds(options, {seed}, &outcome_);
  }
  int Hits(const std::string& prefix) const {
    int n = 0;
    for (const auto& hit : site_->hits()) n += hit.path.rfind(prefix, 0) == 0;
    return n;
  }

  CrawlBed bed_{std::vector<SiteSpec>{}};
  std::unique_ptr<LoopbackSite> site_;
  app::CrawlRunOutcome outcome_;
};

class SitemapColumnTest : public SitemapSite {};
class SitemapBudgetTest : public SitemapSite {};

TEST_F(SitemapColumnTest, ColumnOnlyInTheSitemapIsFoundByProbingSitemapXml) {
  SiteSpec spec = HiddenColumnSite(Robots::kNotFound, "127.0.7.50");
  ASSERT_TRUE(spec.column_only_in_sitemap);
  CrawlBed bed({spec});
  crawler::Options options = FastOptions();
  app::CrawlRunOutcome outcome;
  bed.CrawlSeeds(options, bed.HomeSeeds(options.min_delay_ms), &outcome);
  const auto& site = bed.portal().sites()[0];
  ASSERT_FALSE(site.report_urls.empty());
  EXPECT_EQ(ArchivedOn(bed, site.base_url),
            std::set<std::string>(site.report_urls.begin(), site.report_urls.end()));
  auto counts = CrawlBed::RequestCounts(bed.portal().RequestLog());
  EXPECT_EQ(counts[site.base_url + "/sitemap.xml"], 1);
  EXPECT_EQ(outcome.summary.errors, 0);
}

TEST_F(SitemapColumnTest, ColumnOnlyInTheSitemapIsFoundThroughRobotsSitemapLine) {
  CrawlBed bed({HiddenColumnSite(Robots::kRules, "127.0.7.51")});
  crawler::Options options = FastOptions();
  app::CrawlRunOutcome outcome;
  bed.CrawlSeeds(options, bed.HomeSeeds(options.min_delay_ms), &outcome);
  const auto& site = bed.portal().sites()[0];
  ASSERT_EQ(site.sitemap_urls.size(), 1u);
  EXPECT_EQ(ArchivedOn(bed, site.base_url),
            std::set<std::string>(site.report_urls.begin(), site.report_urls.end()));
  auto counts = CrawlBed::RequestCounts(bed.portal().RequestLog());
  EXPECT_EQ(counts[site.sitemap_urls[0]], 1);
  for (const auto& url : site.disallowed_urls) EXPECT_EQ(counts.count(url), 0u) << url;
}

// The trap this feature answers: without sitemaps the column stays hidden (the tests above can fail).
TEST_F(SitemapColumnTest, WithoutTheProbeTheHiddenColumnStaysHidden) {
  CrawlBed bed({HiddenColumnSite(Robots::kNotFound, "127.0.7.52")});
  crawler::Options options = FastOptions();
  options.probe_sitemap = false;
  app::CrawlRunOutcome outcome;
  bed.CrawlSeeds(options, bed.HomeSeeds(options.min_delay_ms), &outcome);
  const auto& site = bed.portal().sites()[0];
  EXPECT_TRUE(ArchivedOn(bed, site.base_url).empty());
  EXPECT_EQ(CrawlBed::RequestCounts(bed.portal().RequestLog()).count(site.base_url + "/sitemap.xml"), 0u);
}

TEST_F(SitemapColumnTest, A404SitemapIsNotAnError) {
  SiteSpec spec;
  spec.name = "无图县人民政府";
  spec.ip = "127.0.7.53";
  spec.robots = Robots::kRules;
  spec.report_count = 4;
  CrawlBed bed({spec});
  crawler::Options options = FastOptions();
  app::CrawlRunOutcome outcome;
  EXPECT_EQ(bed.CrawlSeeds(options, bed.Seeds(options.min_delay_ms), &outcome), 0);
  const auto& site = bed.portal().sites()[0];
  auto counts = CrawlBed::RequestCounts(bed.portal().RequestLog());
  EXPECT_EQ(counts[site.base_url + "/sitemap.xml"], 1);  // asked once, answered 404
  EXPECT_EQ(outcome.summary.errors, 0);
  EXPECT_EQ(outcome.summary.errors_by_kind.count("http_404"), 0u);
  EXPECT_EQ(ArchivedOn(bed, site.base_url).size(), site.report_urls.size());
}

TEST_F(SitemapColumnTest, SitemapIndexLeadsToTheColumnAndNothingElse) {
  site_->Answer(
      "/robots.txt",
      MakeAnswer(200,
                 "User-agent: *\nDisallow: /private/\nSitemap: " + site_->url("/sitemap_index.xml") + "\n",
                 "text/plain"));
  site_->Answer("/sitemap_index.xml", Xml(Index({"/sitemap_news.xml", "/sitemap_xxgk.xml"})));
  site_->Answer("/sitemap_news.xml", Xml(UrlSet({"/news/1.html", "/news/2.html"})));
  site_->Answer("/sitemap_xxgk.xml", Xml(UrlSet({"/xxgk/zn/index.html", "/xxgk/gknb/index.html"})));
  Column("/xxgk/gknb/index.html", {"/xxgk/gknb/r1.html", "/xxgk/gknb/r2.html", "/xxgk/gknb/r3.html"});
  Crawl(FastOptions());
  EXPECT_EQ(Hits("/sitemap_index.xml"), 1);
  EXPECT_EQ(Hits("/sitemap_news.xml"), 1);
  EXPECT_EQ(Hits("/sitemap_xxgk.xml"), 1);
  EXPECT_EQ(Hits("/sitemap.xml"), 0) << "robots.txt named a sitemap: no probe";
  EXPECT_EQ(Hits("/xxgk/gknb/index.html"), 1);
  for (const char* r : {"/xxgk/gknb/r1.html", "/xxgk/gknb/r2.html", "/xxgk/gknb/r3.html"})
    EXPECT_EQ(Hits(r), 1) << r;
  EXPECT_EQ(Hits("/news/1.html"), 0) << "a sitemap URL naming no column is not queued";
  EXPECT_EQ(Hits("/xxgk/zn/"), 0);
  EXPECT_EQ(bed_.ArchivedReports().size(), 3u);
}

TEST_F(SitemapColumnTest, RobotsDisallowedSitemapIsNeverFetched) {
  site_->Answer(
      "/robots.txt",
      MakeAnswer(200,
                 "User-agent: *\nDisallow: /private/\nSitemap: " + site_->url("/private/sitemap.xml") + "\n",
                 "text/plain"));
  site_->Answer("/private/sitemap.xml", Xml(UrlSet({"/xxgk/gknb/index.html"})));
  Column("/xxgk/gknb/index.html", {"/xxgk/gknb/r1.html"});
  Crawl(FastOptions());
  EXPECT_EQ(Hits("/robots.txt"), 1);
  EXPECT_EQ(Hits("/private/"), 0);
  EXPECT_EQ(Hits("/xxgk/"), 0);
  EXPECT_EQ(Hits("/sitemap.xml"), 0);
}

TEST_F(SitemapBudgetTest, SitemapsAndUrlsPerHostStayWithinTheirBounds) {
  std::vector<std::string> children;
  for (int k = 0; k < 8; ++k) {
    std::string child = "/sm/ndbg_" + std::to_string(k) + ".xml";
    std::vector<std::string> urls;
    for (int j = 0; j < 4; ++j) {
      std::string path = "/ndbg/" + std::to_string(k) + "_" + std::to_string(j) + ".html";
      urls.push_back(path);
      site_->Answer(path, Report("北山县" + std::to_string(2000 + k * 4 + j) + "年政府信息公开工作年度报告"));
    }
    site_->Answer(child, Xml(UrlSet(urls)));
    children.push_back(child);
  }
  site_->Answer(
      "/robots.txt",
      MakeAnswer(200, "User-agent: *\nSitemap: " + site_->url("/sitemap_index.xml") + "\n", "text/plain"));
  site_->Answer("/sitemap_index.xml", Xml(Index(children)));
  crawler::Options options = FastOptions();
  options.max_sitemaps_per_host = 3;
  options.max_sitemap_urls_per_host = 5;
  Crawl(options);
  EXPECT_EQ(Hits("/sitemap_index.xml") + Hits("/sm/"), 3);  // the index and two children
  EXPECT_EQ(Hits("/ndbg/"), 5);
  bool noted = false;
  for (const auto& note : outcome_.summary.notes)
    noted |= note.find("max_sitemaps_per_host") != std::string::npos;
  EXPECT_TRUE(noted);
}

}  // namespace
}  // namespace gongkai::testing
