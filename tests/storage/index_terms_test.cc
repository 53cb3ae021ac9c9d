// The search index's terms (storage/src/index_terms.h): the distinct characters of folded text, so
// that a text holding a term holds every index character of the term.
#include "index_terms.h"

#include <gtest/gtest.h>

#include "search_match.h"
#include "search_query.h"

namespace gongkai::storage {
namespace {

TEST(IndexTermsTest, DistinctCharactersInOrderOfFirstOccurrence) {
  EXPECT_EQ(IndexTerms("政府信息公开，政府"), "政 府 信 息 公 开 ，");
}

TEST(IndexTermsTest, AsciiSeparatorsAreDroppedLettersAndDigitsKept) {
  EXPECT_EQ(IndexTerms("pdf 2022-01 (a)"), "p d f 2 0 1 a");
}

TEST(IndexTermsTest, IllFormedUtf8IsNotIndexed) {
  EXPECT_EQ(IndexTerms(std::string("a\x80\xE6\x94") + "b"), "a b");
}

TEST(IndexTermsTest, EveryCharacterOfATermIsIndexedInATextHoldingIt) {
  const std::string text = "本报告由（二）部分公开和2022年度数据组成";
  const std::string index = " " + IndexTerms(text) + " ";
  for (const std::string term : {"（二）部分公开", "2022年度", "组成"}) {
    for (std::string_view ch : IndexCharacters(term)) {
      EXPECT_NE(index.find(" " + std::string(ch) + " "), std::string::npos) << ch;
    }
  }
}

TEST(IndexTermsTest, MatchExpressionAndsEachTermsCharactersAndSkipsExcludedClauses) {
  ParsedQuery parsed;
  ASSERT_TRUE(ParseSearchQuery("复议 -通知", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"复\" AND \"议\"))");
  ASSERT_TRUE(ParseSearchQuery("复议 OR 诉讼", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"复\" AND \"议\") OR (\"诉\" AND \"讼\"))");
  ASSERT_TRUE(ParseSearchQuery("-通知", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "");
}

}  // namespace
}  // namespace gongkai::storage
