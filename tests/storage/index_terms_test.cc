// The search index's terms (storage/src/index_terms.h): every bigram of folded text in order, with
// a break token between runs, so that a text holding a term of one run holds its phrase.
#include "index_terms.h"

#include <gtest/gtest.h>

#include "passages.h"
#include "search_match.h"
#include "search_query.h"

namespace gongkai::storage {
namespace {

TEST(IndexTermsTest, EveryBigramInOrderRepeatsIncluded) {
  EXPECT_EQ(IndexTerms("政府信息公开，政府"), "政府 府信 信息 息公 公开 开， ，政 政府");
}

TEST(IndexTermsTest, QueryBigramsAreDistinctInOrderOfFirstOccurrence) {
  const std::vector<std::string_view> bigrams = IndexBigrams("政府信息公开，政府");
  EXPECT_EQ(std::vector<std::string>(bigrams.begin(), bigrams.end()),
            (std::vector<std::string>{"政府", "府信", "信息", "息公", "公开", "开，", "，政"}));
}

TEST(IndexTermsTest, AsciiSeparatorsEndARunLettersAndDigitsKept) {
  EXPECT_EQ(IndexTerms("pdf文件 2022-01 (a)"), "pd df f文 文件 x 20 02 22 x 01");
}

// Without the break token the phrase of 政府信 ("政府 府信") would be found in "政府 府信".
TEST(IndexTermsTest, ABreakTokenKeepsAPhraseFromJoiningTwoRuns) {
  EXPECT_EQ(IndexTerms("政府 府信"), "政府 x 府信");
  EXPECT_EQ(IndexTerms(" 政府  。 "), "政府");  // none at either end, one for several separators
}

TEST(IndexTermsTest, IllFormedUtf8IsNotIndexedAndEndsARun) {
  EXPECT_EQ(IndexTerms(std::string("ab\x80"
                                   "cd\xE6\x94"
                                   "ef")),
            "ab x cd x ef");
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

TEST(IndexTermsTest, ATermOfOneRunIsOneWholePhrase) {
  bool whole = false;
  EXPECT_EQ(IndexPhrases("行政复议", &whole), std::vector<std::string>{"行政 政复 复议"});
  EXPECT_TRUE(whole);
  EXPECT_EQ(IndexPhrases("工作 年度报告", &whole), (std::vector<std::string>{"工作", "年度 度报 报告"}));
  EXPECT_FALSE(whole);
  EXPECT_EQ(IndexPhrases("a-年度", &whole), std::vector<std::string>{"年度"});
  EXPECT_FALSE(whole);
  EXPECT_TRUE(IndexPhrases("政", &whole).empty());
  EXPECT_FALSE(whole);
}

TEST(IndexTermsTest, QueryOfWholeTermsIsAnsweredByTheIndex) {
  ParsedQuery parsed;
  ASSERT_TRUE(ParseSearchQuery("行政复议 title:年度 -通知", &parsed).ok());
  IndexQuery index = BuildIndexQuery(parsed);
  EXPECT_TRUE(index.exact);
  EXPECT_EQ(index.expression, "((\"行政 政复 复议\") AND ({title} : \"年度\")) NOT (\"通知\")");
  ASSERT_EQ(index.term_of_phrase.size(), 3u);
  EXPECT_TRUE(index.term_of_phrase[1]->title_only);
  EXPECT_EQ(index.phrase_excluded, (std::vector<bool>{false, false, true}));
  ASSERT_TRUE(ParseSearchQuery("行政复议 -通 知", &parsed).ok());  // 通 and 知 have no bigram
  EXPECT_FALSE(BuildIndexQuery(parsed).exact);
  ASSERT_TRUE(ParseSearchQuery("-通知", &parsed).ok());
  EXPECT_FALSE(BuildIndexQuery(parsed).exact);
}

TEST(IndexTermsTest, MatchExpressionAndsEachTermsPhrasesAndSkipsExcludedClauses) {
  ParsedQuery parsed;
  ASSERT_TRUE(ParseSearchQuery("行政复议 -通知", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"行政 政复 复议\"))");
  ASSERT_TRUE(ParseSearchQuery("\"工作 年度报告\"", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"工作\" AND \"年度 度报 报告\"))");
  ASSERT_TRUE(ParseSearchQuery("复议 OR 诉讼", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"复议\") OR (\"诉讼\"))");
  ASSERT_TRUE(ParseSearchQuery("-通知", &parsed).ok());
  EXPECT_EQ(IndexMatchExpression(parsed), "");
  ASSERT_TRUE(ParseSearchQuery("政 复议", &parsed).ok());  // the 1-character clause cannot narrow
  EXPECT_EQ(IndexMatchExpression(parsed), "((\"复议\"))");
}

// Passages (storage/src/passages.h): the lines of a folded text that have a bigram, repeats kept.
TEST(PassagesTest, PassagesAreTheLinesThatHaveABigram) {
  const std::vector<std::string_view> passages = SplitPassages("政府信息\n\n一\n2022\n政府信息\n公开");
  EXPECT_EQ(std::vector<std::string>(passages.begin(), passages.end()),
            (std::vector<std::string>{"政府信息", "2022", "政府信息", "公开"}));
  EXPECT_TRUE(SplitPassages("一\n二\n").empty());
}

TEST(PassagesTest, EqualPassagesShareAKeyAndOthersDoNot) {
  EXPECT_EQ(PassageKey("政府信息"), PassageKey(std::string("政府") + "信息"));
  EXPECT_NE(PassageKey("政府信息"), PassageKey("政府信息。"));
}

TEST(PassagesTest, HoldingRoundTripsAndADamagedOneIsRefused) {
  const std::vector<HeldPassage> held = {{1, 1}, {300, 2}, {int64_t{1} << 40, 127}, {5, 128}};
  const std::vector<HeldPassage> ascending = {{1, 1}, {5, 128}, {300, 2}, {int64_t{1} << 40, 127}};
  std::vector<HeldPassage> decoded;
  ASSERT_TRUE(DecodeHolding(EncodeHolding(held), &decoded));
  ASSERT_EQ(decoded.size(), ascending.size());
  for (size_t i = 0; i < ascending.size(); ++i) {
    EXPECT_EQ(decoded[i].passage_id, ascending[i].passage_id);
    EXPECT_EQ(decoded[i].count, ascending[i].count);
  }
  EXPECT_EQ(EncodeHolding(held), EncodeHolding(ascending)) << "one holding, one blob, whatever the order";
  std::string cut = EncodeHolding(held);
  cut.pop_back();  // the last count's only byte
  EXPECT_FALSE(DecodeHolding(cut, &decoded));
  EXPECT_FALSE(DecodeHolding("\x81", &decoded));  // a varint that never ends
}

// Passages of one text mostly got their ids together: as differences in ascending order they take a
// byte each where ids near 20,000 took three (schema 15 stored the ids in order of first occurrence).
TEST(PassagesTest, HoldingStoresAscendingIdsAsDifferences) {
  std::vector<HeldPassage> held;
  for (int64_t id = 20040; id >= 20000; --id) held.push_back({id, 1});
  const std::string holding = EncodeHolding(held);
  EXPECT_EQ(holding.size(), 3u + 1u + 40u * 2u);  // the first id, its count, then (1, 1) per passage
  std::string schema15;  // the same passages as schema 15 wrote them: each id itself, then its count
  for (const HeldPassage& h : held) {
    uint64_t value = static_cast<uint64_t>(h.passage_id);
    do {
      const auto low = static_cast<unsigned char>(value & 0x7F);
      value >>= 7;
      schema15.push_back(static_cast<char>(value != 0 ? (low | 0x80) : low));
    } while (value != 0);
    schema15.push_back('\x01');
  }
  EXPECT_EQ(schema15.size(), 40u * 4u + 4u);
  std::string converted;
  ASSERT_TRUE(HoldingFromSchema15(schema15, &converted));
  EXPECT_EQ(converted, holding);
  EXPECT_FALSE(HoldingFromSchema15(schema15.substr(0, schema15.size() - 1), &converted));
}

}  // namespace
}  // namespace gongkai::storage
