// The search index's terms (storage/src/index_terms.h): the distinct bigrams of folded text, so
// that a text holding a term holds every bigram of the term.
#include "index_terms.h"

#include <gtest/gtest.h>

#include "search_match.h"
#include "search_query.h"

namespace gongkai::storage {
namespace {

TEST(IndexTermsTest, DistinctBigramsInOrderOfFirstOccurrence) {
  EXPECT_EQ(IndexTerms("政府信息公开，政府"), "政府 府信 信息 息公 公开 开， ，政");
}

TEST(IndexTermsTest, AsciiSeparatorsEndARunLettersAndDigitsKept) {
  EXPECT_EQ(IndexTerms("pdf文件 2022-01 (a)"), "pd df f文 文件 20 02 22 01");
}

TEST(IndexTermsTest, IllFormedUtf8IsNotIndexedAndEndsARun) {
  EXPECT_EQ(IndexTerms(std::string("ab\x80"
                                   "cd\xE6\x94"
                                   "ef")),
            "ab cd ef");
}

TEST(IndexTermsTest, AOneCharacterTermHasNoBigram) {
  EXPECT_EQ(IndexTerms("政"), "");
}

TEST(IndexTermsTest, EveryBigramOfATermIsIndexedInATextHoldingIt) {
  const std::string text = "本报告由（二）部分公开和2022年度数据组成";
  const std::string index = " " + IndexTerms(text) + " ";
  for (const std::string term : {"（二）部分公开", "2022年度", "组成", "由（"}) {
    for (std::string_view bigram : IndexBigrams(term)) {
      EXPECT_NE(index.find(" " + std::string(bigram) + " "), std::string::npos) << bigram;
    }
  }
}

TEST(IndexTermsTest, MatchExpressionAndsEachTermsBigramsAndSkipsExcludedClauses) {
  ParsedQuery parsed;
  ASSERT_TRUE(ParseSearchQuery("行政复议 -通知", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"行政\" AND \"政复\" AND \"复议\"))");
  ASSERT_TRUE(ParseSearchQuery("复议 OR 诉讼", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"复议\") OR (\"诉讼\"))");
  ASSERT_TRUE(ParseSearchQuery("-通知", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "");
  ASSERT_TRUE(ParseSearchQuery("政 复议", &parsed).ok());  // the 1-character clause cannot narrow
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"复议\"))");
}

}  // namespace
}  // namespace gongkai::storage
