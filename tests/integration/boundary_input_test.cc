// Control characters never cross a boundary, and credentials are never stored, through the binary:
// a config user_agent with CR/LF (it injected header lines into every request, then archived and
// exported) and a seed URL with ESC are refused with exit 2 and a message naming the input, before
// any request or write; a seed URL's user:password@ is stripped before anything is stored.
#include <gtest/gtest.h>

#include <filesystem>
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

class BoundaryInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(site_.ok());
    site_.Answer("/list.html",
                 MakeAnswer(200,
                            "<html><head><meta charset=\"utf-8\"></head><body>"
                            "<a href=\"/r1.html\">某县2020年政府信息公开工作年度报告</a></body></html>"));
    site_.AnswerEverythingElse(
        MakeAnswer(200,
                   "<html><head><meta charset=\"utf-8\"></head><body><h1>某县2020年"
                   "政府信息公开工作年度报告</h1><p>一、总体情况。</p></body></html>"));
  }
  int Crawl(const std::string& config_extra, const std::string& listing_url) {
    std::string config = bed_.WriteConfig(FastOptions());
    std::string text = Slurp(config);
    text.insert(text.find("[crawler]\n") + 10, config_extra);
    std::ofstream(config) << text;
    std::string seeds = bed_.dir() + "/seeds.toml";
    std::ofstream(seeds) << "[[seed]]\nname = \"x\"\nlisting_urls = [\"" << listing_url
                         << "\"]\nmin_delay_ms = 20\n";
    return RunGongkai({"--config", config, "crawl", "--seeds", seeds, "--progress", "none"},
                      bed_.dir() + "/out.txt");
  }
  std::string Output() { return Slurp(bed_.dir() + "/out.txt"); }

  LoopbackSite site_{"127.0.12.1", 0};
  CrawlBed bed_{{}};
};

TEST_F(BoundaryInputTest, UserAgentWithCrLfIsRefusedBeforeAnyRequest) {
  EXPECT_EQ(Crawl("user_agent = \"gongkai\\r\\nX-Injected: 1\"\n", site_.url("/list.html")), 2);
  EXPECT_NE(Output().find("key 'crawler.user_agent': contains the control character 0x0D"), std::string::npos)
      << Output();
  EXPECT_TRUE(site_.hits().empty());
  EXPECT_FALSE(std::filesystem::exists(bed_.archive_path()));
}

TEST_F(BoundaryInputTest, SeedUrlWithEscapeIsRefusedAndNeverPrintedRaw) {
  EXPECT_EQ(Crawl("", site_.url("/list.html\\u001b[2J")), 2);
  std::string out = Output();
  EXPECT_NE(out.find("URL '" + site_.url("/list.html") + "\\x1B[2J' contains a control character"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_TRUE(site_.hits().empty());
}

TEST_F(BoundaryInputTest, SeedUrlCredentialsAreNeverStored) {
  std::string url = site_.url("/list.html");
  url.insert(7, "reporter:s3cr3t@");
  EXPECT_EQ(Crawl("", url), 0) << Output();
  ASSERT_FALSE(site_.hits().empty());
  auto archive = bed_.OpenArchive();
  ASSERT_TRUE(archive);
  std::vector<storage::Run> runs;
  ASSERT_TRUE(archive->ListRuns(&runs).ok());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].info.seeds.find("s3cr3t"), std::string::npos) << runs[0].info.seeds;
  EXPECT_NE(runs[0].info.seeds.find(site_.url("/list.html")), std::string::npos);
  std::vector<storage::FrontierEntry> frontier;
  ASSERT_TRUE(archive->ListFrontier(runs[0].id, &frontier).ok());
  for (const auto& e : frontier) EXPECT_EQ(e.url.find("s3cr3t"), std::string::npos) << e.url;
  EXPECT_TRUE(archive
                  ->ForEachCapture({},
                                   [](const storage::Capture& c) {
                                     EXPECT_EQ(c.url.find("s3cr3t"), std::string::npos);
                                     for (const auto& [name, value] : c.request_headers)
                                       EXPECT_NE(name, "Authorization");
                                     return true;
                                   })
                  .ok());
}

}  // namespace
}  // namespace gongkai::testing
