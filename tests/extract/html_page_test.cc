// One decode and one parse per page (extract/html_page.h): a page parsed once and handed to
// Extractor::Extract() and FindLinks() gives what they give on the page's bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/extractor.h"
#include "extract/html_page.h"
#include "extract/links.h"

namespace gongkai::extract {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> GoldPages() {
  std::vector<std::filesystem::path> pages;
  for (const auto& entry : std::filesystem::directory_iterator(GONGKAI_EXTRACT_GOLD_DIR))
    if (entry.path().extension() == ".html") pages.push_back(entry.path());
  return pages;
}

TEST(HtmlPageTest, ExtractionOfTheSharedParseEqualsExtractionOfTheBytes) {
  Status status;
  std::unique_ptr<Extractor> extractor;
  ASSERT_TRUE((status = Extractor::Create(Options{}, &extractor)).ok()) << status.ToString();
  ASSERT_FALSE(GoldPages().empty());
  for (const auto& path : GoldPages()) {
    const std::string bytes = ReadFile(path);
    const std::string url = "http://www.example.gov.cn/" + path.filename().string();
    Extraction alone, shared;
    ASSERT_TRUE((status = Extract({bytes, url, "text/html", ""}, Options{}, &alone)).ok()) << path;
    const HtmlPage page = HtmlPage::Decode(bytes, "text/html", extractor->options().max_input_bytes);
    ASSERT_TRUE((status = extractor->Extract({bytes, url, "text/html", ""}, &shared, &page)).ok()) << path;
    EXPECT_EQ(ToJson(alone), ToJson(shared)) << path;
  }
}

TEST(HtmlPageTest, LinksOfTheSharedParseEqualLinksOfTheText) {
  for (const auto& path : GoldPages()) {
    const HtmlPage page = HtmlPage::Decode(ReadFile(path), "", Options{}.max_input_bytes);
    const auto alone = FindLinks(page.utf8(), "http://www.example.gov.cn/a/b.html");
    const auto shared = FindLinks(page, "http://www.example.gov.cn/a/b.html");
    ASSERT_EQ(alone.size(), shared.size()) << path;
    for (size_t i = 0; i < alone.size(); ++i) {
      EXPECT_EQ(alone[i].url, shared[i].url) << path;
      EXPECT_EQ(alone[i].text, shared[i].text) << path;
    }
  }
}

TEST(HtmlPageTest, InputPastMaxInputBytesIsNotDecoded) {
  const HtmlPage page = HtmlPage::Decode("<p>abcdef</p>", "text/html; charset=utf-8", 6);
  EXPECT_EQ(page.utf8(), "<p>abc");
  EXPECT_EQ(page.decoded().charset_declared, "utf-8");
}

TEST(ExtractorTest, BadExtraPatternIsNamedAtCreation) {
  Options options;
  options.extra_boilerplate_patterns = {"本站(", "ok"};
  Status status;
  std::unique_ptr<Extractor> extractor;
  EXPECT_FALSE((status = Extractor::Create(options, &extractor)).ok());
  EXPECT_EQ(extractor, nullptr);
  EXPECT_EQ(status.message().rfind("bad pattern '本站(': ", 0), 0u) << status.message();
}

}  // namespace
}  // namespace gongkai::extract
