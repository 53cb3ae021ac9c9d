// Date forms seen on portals, normalised to ISO 8601.
#include <gtest/gtest.h>

#include "dates.h"

namespace gongkai::extract {
namespace {

std::string Find(const std::string& s) {
  return FindDate(s).iso;
}

TEST(DatesTest, HanWithTime) {
  EXPECT_EQ(Find("时间:2018年01月31日 10:25 来源:"), "2018-01-31T10:25:00");
}
TEST(DatesTest, HanWithoutPadding) {
  EXPECT_EQ(Find("成文日期：2020年9月7日"), "2020-09-07");
}
TEST(DatesTest, DashWithTime) {
  EXPECT_EQ(Find("时间:2015-11-26 10:22"), "2015-11-26T10:22:00");
}
TEST(DatesTest, DashWithSeconds) {
  EXPECT_EQ(Find("2019-03-01 08:05:09"), "2019-03-01T08:05:09");
}
TEST(DatesTest, Slash) {
  EXPECT_EQ(Find("发布日期：2013/03/04"), "2013-03-04");
}
TEST(DatesTest, Dot) {
  EXPECT_EQ(Find("2013.3.4"), "2013-03-04");
}
TEST(DatesTest, FullwidthColonTime) {
  EXPECT_EQ(Find("2018年1月31日 9：05"), "2018-01-31T09:05:00");
}
TEST(DatesTest, IsoWithZone) {
  EXPECT_EQ(NormalizeDate("2019-11-19T13:00:00+08:00"), "2019-11-19T13:00:00");
}
TEST(DatesTest, Compact) {
  EXPECT_EQ(NormalizeDate("20180131"), "2018-01-31");
}
TEST(DatesTest, RejectsImpossibleDates) {
  EXPECT_EQ(Find("2018-13-01"), "");
  EXPECT_EQ(Find("2018-02-32"), "");
  EXPECT_EQ(Find("1850年1月1日"), "");
}
TEST(DatesTest, IgnoresLongerNumbers) {
  EXPECT_EQ(Find("电话 0909-6998669 编号 12018-01-01"), "");
}
TEST(DatesTest, MixedSeparatorsAreNotADate) {
  EXPECT_EQ(Find("2018-01/31"), "");
}
TEST(DatesTest, FirstDateWins) {
  EXPECT_EQ(Find("2017年1月1日起至2017年12月31日止"), "2017-01-01");
}

// Chinese numerals, as the date line of a document writes them.
TEST(DatesTest, HanNumeralsWithLingCircle) {
  EXPECT_EQ(Find("二〇二三年一月三十一日"), "2023-01-31");
}
TEST(DatesTest, HanNumeralsWithWhiteCircle) {
  EXPECT_EQ(Find("成文日期：二○一九年十二月五日"), "2019-12-05");
}
TEST(DatesTest, HanNumeralsTensForms) {
  EXPECT_EQ(Find("二零二零年十月十日"), "2020-10-10");
  EXPECT_EQ(Find("二〇二一年十一月二十日印发"), "2021-11-20");
  EXPECT_EQ(Find("一九九八年二月二十八日"), "1998-02-28");
}
TEST(DatesTest, HanNumeralsMustBeADate) {
  EXPECT_EQ(Find("二〇二三年工作要点"), "");      // a year alone is not a date
  EXPECT_EQ(Find("二〇二三年十三月一日"), "");    // no 13th month
  EXPECT_EQ(Find("二〇二三年二月三十二日"), "");  // no 32nd day
  EXPECT_EQ(Find("十二年一月一日"), "");          // not four year digits
  EXPECT_EQ(Find("一八五〇年一月一日"), "");      // outside the years portals publish
  EXPECT_EQ(Find("全年一月一日起施行"), "");
}
TEST(DatesTest, ArabicDateBeforeHanNumeralsWins) {
  EXPECT_EQ(Find("发布时间：2023-02-01 二〇二三年一月三十一日"), "2023-02-01");
  EXPECT_EQ(Find("二〇二三年一月三十一日 更新于2023-02-01"), "2023-01-31");
}

}  // namespace
}  // namespace gongkai::extract
