// Dates as portals write them (2018年01月31日 10:25, 2015-11-26 10:22, 2013/03/04, 2013.03.04,
// 2019-11-19T13:00:00+08:00, 二〇二三年一月三十一日) turned into ISO 8601: "2018-01-31T10:25:00" or
// "2013-03-04".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gongkai::extract {

struct FoundDate {
  std::string iso;        // "" when nothing was found
  std::size_t begin = 0;  // byte range of the date in the searched text
  std::size_t end = 0;
};

// The first plausible date (year 1990..2099, valid month/day) in `s` at or after `from`.
FoundDate FindDate(std::string_view s, std::size_t from = 0);

// A date given as a whole value (a <meta> content, a datetime attribute); "" if none.
std::string NormalizeDate(std::string_view s);

}  // namespace gongkai::extract
