// The gold set (gold/*.html + *.gold.json, the scorer's layout): every page's title and date right,
// every body snippet kept, no chrome snippet leaked. score_extraction.py measures the same on it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "extract/extractor.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string Squeeze(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t start = i;
    char32_t cp = text::NextCodePoint(s, &i);
    if (cp == ',') {
      out += "，";
      continue;
    }  // the scorer compares after NFKC; fold the one that matters
    if (cp == 0xFF0C) {
      out += "，";
      continue;
    }
    if (cp == ':' || cp == 0xFF1A) {
      out += "：";
      continue;
    }
    if (cp == ';' || cp == 0xFF1B) {
      out += "；";
      continue;
    }
    if (!text::IsSpace(cp)) out.append(s, start, i - start);
  }
  return out;
}

std::vector<std::filesystem::path> GoldPages() {
  std::vector<std::filesystem::path> pages;
  for (const auto& entry : std::filesystem::directory_iterator(GONGKAI_EXTRACT_GOLD_DIR))
    if (entry.path().extension() == ".html") pages.push_back(entry.path());
  std::sort(pages.begin(), pages.end());
  return pages;
}

TEST(GoldSetTest, HasPagesOfEveryTemplate) {
  EXPECT_GE(GoldPages().size(), 15u);
}

TEST(GoldSetTest, TitleDateSnippetsAndNoLeaks) {
  for (const auto& page : GoldPages()) {
    SCOPED_TRACE(page.filename().string());
    std::filesystem::path gold_path = page;
    gold_path.replace_extension(".gold.json");
    nlohmann::json gold = nlohmann::json::parse(ReadFile(gold_path));
    std::string bytes = ReadFile(page);
    ExtractInput input;
    input.bytes = bytes;
    input.url = gold.value("url", "");
    Extraction e;
    Status status;
    ASSERT_TRUE((status = Extract(input, Options{}, &e)).ok()) << status.message();
    EXPECT_EQ(e.title, gold["title"].get<std::string>());
    EXPECT_EQ(e.published.value_or("").substr(0, 10), gold["published"].get<std::string>());
    std::string text = Squeeze(e.text);
    for (const auto& s : gold["must_contain"])
      EXPECT_NE(text.find(Squeeze(s.get<std::string>())), std::string::npos) << s;
    for (const auto& s : gold["must_not_contain"])
      EXPECT_EQ(text.find(Squeeze(s.get<std::string>())), std::string::npos) << s;
  }
}

}  // namespace
}  // namespace gongkai::extract
