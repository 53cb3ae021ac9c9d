// seeds/*.toml loading: the shipped seed files parse, and each error names file and line.
#include "seed_files.h"

#include <gtest/gtest.h>

namespace gongkai::app {
namespace {

using crawler::Seed;
using crawler::SeedFromUrls;
using crawler::SeedHosts;
using crawler::SeedUrls;

// Whether `status` is ok; its message goes to *error for the assertions below.
bool Ok(const Status& status, std::string* error) {
  *error = status.message();
  return status.ok();
}

TEST(SeedTest, ParsesASeedWithOverrides) {
  std::vector<Seed> seeds;
  std::string error;
  ASSERT_TRUE(Ok(LoadSeedText(R"([[seed]]
name = "甲区人民政府"
region = "甲省"
listing_urls = ["http://www.a.gov.cn/xxgk/ndbg/"]
allowed_hosts = ["www.a.gov.cn", "file.a.gov.cn"]
verified = false
notes = "guessed"
report_link_keywords = ["年报"]
min_delay_ms = 5000
max_pages = 100
)",
                              "a.toml", &seeds),
                 &error))
      << error;
  ASSERT_EQ(seeds.size(), 1u);
  EXPECT_EQ(seeds[0].name, "甲区人民政府");
  EXPECT_EQ(seeds[0].min_delay_ms, 5000);
  EXPECT_EQ(seeds[0].max_pages, 100);
  EXPECT_EQ(SeedHosts(seeds[0]), (std::vector<std::string>{"www.a.gov.cn", "file.a.gov.cn"}));
}

TEST(SeedTest, ErrorsNameFileAndLine) {
  std::vector<Seed> seeds;
  std::string error;
  EXPECT_FALSE(Ok(
      LoadSeedText("[[seed]]\nname = \"x\"\nlisting_urls = [\"http://a/\"]\ncolour = 1\n", "s.toml", &seeds),
      &error));
  EXPECT_EQ(error, "s.toml:4: unknown key 'colour' in [[seed]]");
  EXPECT_FALSE(Ok(LoadSeedText("[[seed]]\nname = \"x\"\n", "s.toml", &seeds), &error));
  EXPECT_NE(error.find("s.toml:1: seed 'x' has no urls (or listing_urls)"), std::string::npos) << error;
  EXPECT_FALSE(
      Ok(LoadSeedText("[[seed]]\nname = \"x\"\nlisting_urls = [\"a.gov.cn\"]\n", "s.toml", &seeds), &error));
  EXPECT_NE(error.find("not an absolute http(s) URL"), std::string::npos) << error;
  EXPECT_FALSE(
      Ok(LoadSeedText("[[seed]]\nname = \"x\"\nmin_delay_ms = \"slow\"\n", "s.toml", &seeds), &error));
  EXPECT_NE(error.find("s.toml:3: key 'min_delay_ms'"), std::string::npos) << error;
  EXPECT_FALSE(Ok(LoadSeedText("[[seed]\n", "s.toml", &seeds), &error));
  EXPECT_EQ(error.rfind("s.toml:1:", 0), 0u) << error;
}

TEST(SeedTest, ControlCharactersInUrlsAndNamesAreRefusedNamingTheInput) {
  std::vector<Seed> seeds;
  std::string error;
  EXPECT_FALSE(Ok(LoadSeedText("[[seed]]\nname = \"x\"\nlisting_urls = [\"http://a/list\\r\\nX-Evil: 1\"]\n",
                               "s.toml", &seeds),
                  &error));
  EXPECT_EQ(error, "s.toml:1: seed 'x': URL 'http://a/list\\x0D\\x0AX-Evil: 1' contains a control character");
  EXPECT_FALSE(
      Ok(LoadSeedText("[[seed]]\nname = \"x\\u001b]0;pwned\\u0007\"\nlisting_urls = [\"http://a/\"]\n",
                      "s.toml", &seeds),
         &error));
  EXPECT_NE(error.find("\\x1B]0;pwned\\x07' contains a control character"), std::string::npos) << error;
  EXPECT_EQ(error.find('\x1b'), std::string::npos);
  EXPECT_FALSE(
      Ok(LoadSeedText("[[seed]]\nname = \"x\"\nlisting_urls = [\"http://a/\"]\nallowed_hosts = [\"a\\n\"]\n",
                      "s.toml", &seeds),
         &error));
  EXPECT_NE(error.find("allowed host 'a\\x0A' contains a control character"), std::string::npos) << error;
}

TEST(SeedTest, CredentialsInListingUrlsAreStrippedBeforeAnythingIsStored) {
  std::vector<Seed> seeds;
  std::string error;
  ASSERT_TRUE(
      Ok(LoadSeedText(
             "[[seed]]\nname = \"x\"\nlisting_urls = [\"http://user:s3cret@a.gov.cn:8080/ndbg/?p=1\"]\n",
             "s.toml", &seeds),
         &error))
      << error;
  ASSERT_EQ(seeds.size(), 1u);
  EXPECT_EQ(seeds[0].listing_urls[0], "http://a.gov.cn:8080/ndbg/?p=1");
}

TEST(SeedTest, ShippedSeedFilesLoad) {
  std::vector<Seed> seeds;
  std::string error;
  ASSERT_TRUE(Ok(LoadSeeds(GONGKAI_SEEDS_DIR, &seeds), &error)) << error;
  EXPECT_GE(seeds.size(), 5u);  // Jin'an, Neicuo, Tonghua, Jinning, Alashankou
  for (const auto& seed : seeds) EXPECT_FALSE(seed.verified) << seed.name << ": real seeds stay unverified";
  std::vector<Seed> simulated;
  ASSERT_TRUE(Ok(LoadSeeds(std::string(GONGKAI_SEEDS_DIR) + "/simulated", &simulated), &error)) << error;
  EXPECT_EQ(simulated.size(), 8u);
}

TEST(SeedTest, MissingPathRejected) {
  std::vector<Seed> seeds;
  std::string error;
  EXPECT_TRUE(LoadSeeds("/nonexistent/seeds", &seeds).IsNotFound());
  EXPECT_FALSE(Ok(LoadSeeds("/nonexistent/seeds", &seeds), &error));
  EXPECT_NE(error.find("no such seed file"), std::string::npos);
}

// Seeds name any entry point (home page, xxgk platform page, column); listing_urls still works.
TEST(SeedTest, UrlsTakeAnyEntryPointAndListingUrlsStillLoad) {
  std::vector<Seed> seeds;
  std::string error;
  ASSERT_TRUE(
      Ok(LoadSeedText(
             "[[seed]]\nname = \"a\"\nurls = [\"http://www.a.gov.cn/\", \"http://www.a.gov.cn/xxgk/\"]\n"
             "[[seed]]\nname = \"b\"\nlisting_urls = [\"http://www.b.gov.cn/ndbg/\"]\n",
             "s.toml", &seeds),
         &error))
      << error;
  ASSERT_EQ(seeds.size(), 2u);
  EXPECT_EQ(SeedUrls(seeds[0]),
            (std::vector<std::string>{"http://www.a.gov.cn/", "http://www.a.gov.cn/xxgk/"}));
  EXPECT_EQ(SeedUrls(seeds[1]), std::vector<std::string>{"http://www.b.gov.cn/ndbg/"});
  EXPECT_EQ(SeedHosts(seeds[0]), std::vector<std::string>{"www.a.gov.cn"});
  EXPECT_FALSE(
      Ok(LoadSeedText("[[seed]]\nname = \"x\"\nurls = [\"www.a.gov.cn\"]\n", "s.toml", &seeds), &error));
  EXPECT_NE(error.find("URL 'www.a.gov.cn' is not an absolute http(s) URL"), std::string::npos) << error;
}

TEST(SeedTest, CommandLineUrlsMakeASeedNamedAfterTheHost) {
  Seed seed;
  std::string error;
  ASSERT_TRUE(Ok(SeedFromUrls({"http://www.a.gov.cn:8080/index.html"}, &seed), &error)) << error;
  EXPECT_EQ(seed.name, "www.a.gov.cn:8080");
  EXPECT_EQ(SeedHosts(seed), std::vector<std::string>{"www.a.gov.cn:8080"});
  EXPECT_FALSE(Ok(SeedFromUrls({"ftp://x/"}, &seed), &error));
  EXPECT_NE(error.find("'ftp://x/'"), std::string::npos) << error;
}

}  // namespace
}  // namespace gongkai::app
