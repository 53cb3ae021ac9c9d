// No silent failure, through the binary: a host that cannot be reached, a robots.txt that never
// resolves and pages that fail for good are said in the summary and give exit 5 (README "Exit
// codes"); work that could not be done stays pending and the run unfinished -- for at most three
// such ends, then the run is finished and says it gave up. A robots.txt 5xx is retried within the
// run (RFC 9309 2.3.1.4: "complete disallow" lasts only until it can be fetched again).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "crawl_bed.h"
#include "loopback_site.h"

namespace gongkai::testing {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

ScriptedAnswer Page(const std::string& body) {
  return MakeAnswer(
      200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>" + body +
               "</body></html>");
}

std::string ReportLink(const std::string& path, int year) {
  return "<li><a href=\"" + path + "\">某县人民政府" + std::to_string(year) +
         "年政府信息公开工作年度报告</a><span>" + std::to_string(year + 1) + "-01-15</span></li>";
}

class NoSilentFailureTest : public ::testing::Test {
 protected:
  // Writes one [[seed]] per listing URL and the config; runs one crawl; returns the exit code.
  int Crawl(const std::vector<std::string>& listings) {
    std::string seeds = bed_.dir() + "/seeds.toml";
    std::ofstream out(seeds);
    int n = 0;
    for (const auto& url : listings) {
      out << "[[seed]]\nname = \"seed" << ++n << "\"\nlisting_urls = [\"" << url
          << "\"]\nmin_delay_ms = 20\n\n";
    }
    out.close();
    crawler::Options options = FastOptions();
    options.min_delay_ms = 20;
    options.connect_timeout_ms = 1000;
    std::string config = bed_.WriteConfig(options);
    output_ = bed_.dir() + "/out.txt";
    return RunGongkai({"--config", config, "crawl", "--seeds", seeds, "--progress", "none"}, output_);
  }
  std::string Output() const { return Slurp(output_); }
  std::vector<storage::Run> Runs() {
    std::vector<storage::Run> runs;
    auto archive = bed_.OpenArchive();
    EXPECT_TRUE(archive && archive->ListRuns(&runs).ok());
    return runs;
  }

  CrawlBed bed_{{}};
  std::string output_;
};

TEST_F(NoSilentFailureTest, UnreachableHostExitsFiveKeepsItsWorkPendingAndGivesUpAfterThreeEnds) {
  LoopbackSite alive("127.0.11.1", 0);
  ASSERT_TRUE(alive.ok());
  alive.Answer("/list.html", Page(ReportLink("/r1.html", 2020)));
  alive.Answer(
      "/r1.html",
      Page(
          "<h1>某县人民政府2020年政府信息公开工作年度报告</h1><p>一、总体情况。本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。</p>"));
  // Nothing listens on the dead host's port (the port of a site that was started and stopped).
  std::string dead_url;
  {
    LoopbackSite dead("127.0.11.2", 0);
    ASSERT_TRUE(dead.ok());
    dead_url = dead.url("/list.html");
  }
  const std::string dead_host = dead_url.substr(7, dead_url.find('/', 7) - 7);

  for (int end = 1; end <= 3; ++end) {
    EXPECT_EQ(Crawl({alive.url("/list.html"), dead_url}), 5) << "end " << end << ":\n" << Output();
    std::string out = Output();
    EXPECT_NE(out.find("Not crawled: " + dead_host), std::string::npos) << out;
    auto runs = Runs();
    ASSERT_EQ(runs.size(), 1u) << "a run with pending work is resumed, not replaced";
    if (end < 3) {
      EXPECT_EQ(runs[0].ended_at_ms, 0) << "the run must stay unfinished while work is pending";
      EXPECT_NE(out.find("pending items kept for the next run"), std::string::npos) << out;
      auto archive = bed_.OpenArchive();
      std::vector<storage::FrontierEntry> pending;
      ASSERT_TRUE(archive->PendingFrontier(runs[0].id, &pending).ok());
      ASSERT_EQ(pending.size(), 1u);
      EXPECT_EQ(pending[0].url, dead_url);
    } else {
      EXPECT_GT(runs[0].ended_at_ms, 0) << "a host that stays dead must not hold the run open forever";
      EXPECT_NE(out.find("given up"), std::string::npos) << out;
    }
  }
  EXPECT_EQ(bed_.ArchivedReports().count(alive.url("/r1.html")), 1u);
}

TEST_F(NoSilentFailureTest, RobotsServerErrorThenOkWithinARunIsCrawled) {
  LoopbackSite site("127.0.11.3", 0);
  ASSERT_TRUE(site.ok());
  site.Answer("/robots.txt", {MakeAnswer(500, "oops", "text/plain"), MakeAnswer(503, "busy", "text/plain"),
                              MakeAnswer(200, "User-agent: *\nDisallow: /private/\n", "text/plain")});
  site.Answer("/list.html", Page(ReportLink("/r1.html", 2021) + ReportLink("/private/r2.html", 2022)));
  site.Answer(
      "/r1.html",
      Page(
          "<h1>某县人民政府2021年政府信息公开工作年度报告</h1><p>一、总体情况。本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。</p>"));
  EXPECT_EQ(Crawl({site.url("/list.html")}), 0) << Output();
  int robots = 0, sitemaps = 0, pages = 0;
  for (const auto& hit : site.hits()) {
    robots += hit.path == "/robots.txt";
    sitemaps += hit.path == "/sitemap.xml";  // robots.txt names none: probed once (404, not an error)
    pages += hit.path != "/robots.txt" && hit.path != "/sitemap.xml";
    EXPECT_NE(hit.path, "/private/r2.html");
  }
  EXPECT_EQ(robots, 3);
  EXPECT_EQ(sitemaps, 1);
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(bed_.ArchivedReports().count(site.url("/r1.html")), 1u);
  EXPECT_GT(Runs()[0].ended_at_ms, 0);
}

TEST_F(NoSilentFailureTest, RobotsServerErrorEveryTimeIsUnresolvedExitFiveAndNothingElseAsked) {
  LoopbackSite site("127.0.11.4", 0);
  ASSERT_TRUE(site.ok());
  site.Answer("/robots.txt", MakeAnswer(500, "oops", "text/plain"));
  site.Answer("/list.html", Page(ReportLink("/r1.html", 2021)));
  EXPECT_EQ(Crawl({site.url("/list.html")}), 5);
  std::string out = Output();
  EXPECT_NE(out.find("Not crawled: " + site.host() + ": robots.txt unavailable (500)"), std::string::npos)
      << out;
  for (const auto& hit : site.hits()) EXPECT_EQ(hit.path, "/robots.txt");
  EXPECT_EQ(site.hits().size(), static_cast<size_t>(FastOptions().max_retries + 1));
}

TEST_F(NoSilentFailureTest, PageFailedForGoodExitsFiveAndIsSaid) {
  LoopbackSite site("127.0.11.5", 0);
  ASSERT_TRUE(site.ok());
  site.Answer("/list.html", Page(ReportLink("/bad.html", 2019) + ReportLink("/r1.html", 2020) +
                                 ReportLink("/r2.html", 2021) + ReportLink("/r3.html", 2022)));
  site.Answer("/bad.html", MakeAnswer(500, "broken", "text/plain"));
  site.AnswerEverythingElse(Page(
      "<h1>某县人民政府政府信息公开工作年度报告</h1><p>一、总体情况。本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况。</p>"));
  EXPECT_EQ(Crawl({site.url("/list.html")}), 5);
  std::string out = Output();
  EXPECT_NE(out.find("Failed for good: 1 pages"), std::string::npos) << out;
  EXPECT_NE(out.find("Run complete"), std::string::npos) << out;
  EXPECT_GT(Runs()[0].ended_at_ms, 0) << "a page that failed for good is done: nothing to resume";
}

}  // namespace
}  // namespace gongkai::testing
