// config.toml loading: defaults, overrides, and every error case naming file, line and key.
#include "config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace gongkai::app {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  // Loads `text` as "test.toml"; returns the error ("" on success).
  std::string Load(const std::string& text) {
    std::string error;
    ok_ = LoadConfigText(text, "test.toml", &config_, &error);
    return error;
  }
  Config config_;
  bool ok_ = false;
};

TEST_F(ConfigTest, ShippedConfigTomlStatesTheBuiltInDefaults) {
  std::string error;
  Config loaded;
  ASSERT_TRUE(LoadConfigFile(GONGKAI_SOURCE_DIR "/config.toml", &loaded, &error)) << error;
  EXPECT_EQ(DescribeConfig(loaded), DescribeConfig(Config{}));
}

// A user_agent with CR/LF injected header lines into every request (then archived and exported).
TEST_F(ConfigTest, ControlCharactersInStringsAreRefusedNamingTheKey) {
  EXPECT_EQ(
      Load("[crawler]\nuser_agent = \"gongkai\\r\\nX-Injected: 1\"\n"),
      "test.toml:2: key 'crawler.user_agent': contains the control character 0x0D (CR, LF and other control "
      "characters are refused)");
  EXPECT_FALSE(ok_);
  EXPECT_NE(Load("[crawler]\nreport_link_keywords = [\"年报\\u001b[2J\"]\n")
                .find("key 'crawler.report_link_keywords': "
                      "contains the control character 0x1B"),
            std::string::npos);
  EXPECT_EQ(config_.crawler.user_agent, Config{}.crawler.user_agent);
}

TEST_F(ConfigTest, ValuesOverrideDefaults) {
  EXPECT_EQ(Load("[crawler]\nmin_delay_ms = 500\nreport_link_keywords = [\"年报\"]\n"
                 "[archive]\npath = \"x.sqlite\"\n"),
            "");
  EXPECT_TRUE(ok_);
  EXPECT_EQ(config_.crawler.min_delay_ms, 500);
  EXPECT_EQ(config_.crawler.report_link_keywords, std::vector<std::string>{"年报"});
  EXPECT_EQ(config_.archive.path, "x.sqlite");
  EXPECT_EQ(config_.crawler.max_delay_ms, Config{}.crawler.max_delay_ms);  // untouched key
}

TEST_F(ConfigTest, FloatKeyAcceptsAnInteger) {
  EXPECT_EQ(Load("[crawler]\nadaptive_delay_factor = 3\n"), "");
  EXPECT_DOUBLE_EQ(config_.crawler.adaptive_delay_factor, 3.0);
}

TEST_F(ConfigTest, UnknownKeyNamesFileLineAndKey) {
  EXPECT_EQ(Load("[crawler]\nmin_delay_ms = 1\nmin_dleay_ms = 2\n"),
            "test.toml:3: key 'crawler.min_dleay_ms': unknown key");
  EXPECT_FALSE(ok_);
}

TEST_F(ConfigTest, UnknownSectionIsAnError) {
  EXPECT_EQ(Load("\n[crawlr]\nmin_delay_ms = 1\n"), "test.toml:3: key 'crawlr.min_delay_ms': unknown key");
}

TEST_F(ConfigTest, TopLevelScalarIsAnError) {
  EXPECT_EQ(Load("path = \"a\"\n"), "test.toml:1: key 'path': unknown top-level key (expected a [section])");
}

TEST_F(ConfigTest, WrongTypeNamesFileLineAndKey) {
  EXPECT_EQ(Load("[crawler]\n\nmin_delay_ms = \"3s\"\n"),
            "test.toml:3: key 'crawler.min_delay_ms': must be an integer");
  EXPECT_EQ(Load("[crawler]\nverify_tls = 1\n"),
            "test.toml:2: key 'crawler.verify_tls': must be true or false");
  EXPECT_EQ(Load("[crawler]\nuser_agent = 5\n"), "test.toml:2: key 'crawler.user_agent': must be a string");
  EXPECT_EQ(Load("[crawler]\nreport_link_keywords = [1]\n"),
            "test.toml:2: key 'crawler.report_link_keywords': must be an array of strings");
}

TEST_F(ConfigTest, BadValueNamesFileLineAndKey) {
  EXPECT_EQ(Load("[crawler]\nmax_in_flight_per_host = 0\n"),
            "test.toml:2: key 'crawler.max_in_flight_per_host': value 0 is out of range [1, 64]");
  EXPECT_EQ(Load("[archive]\nzstd_level = 40\n"),
            "test.toml:2: key 'archive.zstd_level': value 40 is out of range [1, 22]");
  EXPECT_EQ(Load("[crawler]\nuser_agent = \"\"\n"),
            "test.toml:2: key 'crawler.user_agent': must not be empty");
}

TEST_F(ConfigTest, BadBoilerplatePatternIsNamed) {
  EXPECT_EQ(Load("[extract]\nextra_boilerplate_patterns = [\"^本站(\"]\n")
                .rfind("test.toml: key 'extract.extra_boilerplate_patterns': bad pattern '^本站('", 0),
            0u);
  EXPECT_EQ(Load("[extract]\nextra_boilerplate_patterns = [\"^本站声明$\"]\n"), "");
  EXPECT_EQ(config_.extract.extra_boilerplate_patterns, std::vector<std::string>{"^本站声明$"});
}

TEST_F(ConfigTest, InconsistentDelaysAreAnError) {
  EXPECT_EQ(Load("[crawler]\nmin_delay_ms = 5000\nmax_delay_ms = 1000\n"),
            "test.toml: key 'crawler.max_delay_ms': must be >= crawler.min_delay_ms");
}

TEST_F(ConfigTest, SyntaxErrorNamesFileAndLine) {
  std::string error = Load("[crawler]\nmin_delay_ms = = 3\n");
  EXPECT_EQ(error.rfind("test.toml:2: ", 0), 0u) << error;
}

TEST_F(ConfigTest, FailedLoadLeavesConfigUntouched) {
  config_.crawler.min_delay_ms = 42;
  Load("[crawler]\nmin_delay_ms = 7\nbogus = 1\n");
  EXPECT_EQ(config_.crawler.min_delay_ms, 42);
}

TEST_F(ConfigTest, UnreadableFileIsNamed) {
  std::string error;
  EXPECT_FALSE(LoadConfigFile("/nonexistent/gongkai.toml", &config_, &error));
  EXPECT_EQ(error, "/nonexistent/gongkai.toml: cannot read configuration file");
}

TEST_F(ConfigTest, DigestChangesWithAnyValue) {
  Config a, b;
  b.crawler.min_delay_ms += 1;
  EXPECT_EQ(ConfigDigest(a), ConfigDigest(Config{}));
  EXPECT_NE(ConfigDigest(a), ConfigDigest(b));
  EXPECT_EQ(ConfigDigest(a).size(), 64u);
}

}  // namespace
}  // namespace gongkai::app
