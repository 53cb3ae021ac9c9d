// Date forms seen on portals, normalised to ISO 8601.
#include <gtest/gtest.h>

#include "dates.h"

namespace gongkai::extract {
namespace {

std::string Find(const std::string& s) { return FindDate(s).iso; }

TEST(DatesTest, HanWithTime) { EXPECT_EQ(Find("时间:2018年01月31日 10:25 来源:"), "2018-01-31T10:25:00"); }
TEST(DatesTest, HanWithoutPadding) { EXPECT_EQ(Find("成文日期：2020年9月7日"), "2020-09-07"); }
TEST(DatesTest, DashWithTime) { EXPECT_EQ(Find("时间:2015-11-26 10:22"), "2015-11-26T10:22:00"); }
TEST(DatesTest, DashWithSeconds) { EXPECT_EQ(Find("2019-03-01 08:05:09"), "2019-03-01T08:05:09"); }
TEST(DatesTest, Slash) { EXPECT_EQ(Find("发布日期：2013/03/04"), "2013-03-04"); }
TEST(DatesTest, Dot) { EXPECT_EQ(Find("2013.3.4"), "2013-03-04"); }
TEST(DatesTest, FullwidthColonTime) { EXPECT_EQ(Find("2018年1月31日 9：05"), "2018-01-31T09:05:00"); }
TEST(DatesTest, IsoWithZone) { EXPECT_EQ(NormalizeDate("2019-11-19T13:00:00+08:00"), "2019-11-19T13:00:00"); }
TEST(DatesTest, Compact) { EXPECT_EQ(NormalizeDate("20180131"), "2018-01-31"); }
TEST(DatesTest, RejectsImpossibleDates) {
  EXPECT_EQ(Find("2018-13-01"), "");
  EXPECT_EQ(Find("2018-02-32"), "");
  EXPECT_EQ(Find("1850年1月1日"), "");
}
TEST(DatesTest, IgnoresLongerNumbers) { EXPECT_EQ(Find("电话 0909-6998669 编号 12018-01-01"), ""); }
TEST(DatesTest, MixedSeparatorsAreNotADate) { EXPECT_EQ(Find("2018-01/31"), ""); }
TEST(DatesTest, FirstDateWins) { EXPECT_EQ(Find("2017年1月1日起至2017年12月31日止"), "2017-01-01"); }

}  // namespace
}  // namespace gongkai::extract
