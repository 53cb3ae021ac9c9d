// The structure of an HTML page as discovery sees it, read with Gumbo: every anchor with its place
// in the tree, candidate item lists (repeated sibling groups holding one title link each), the
// amount of prose outside links, and the page's own column name. page_kind.cc decides from this
// what the page is (entry, listing, report, other). Private to the crawler.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/html_page.h"

namespace gongkai::crawler {

struct StructAnchor {
  std::string url;         // resolved, as written otherwise (canonicalised by the caller)
  std::string text;        // visible text, whitespace collapsed
  std::string title;       // title attribute
  bool in_chrome = false;  // inside nav/header/footer (by tag, id or class)
};

struct StructItem {
  size_t anchor = 0;  // index into PageStructure::anchors of the item's title link
  std::string title;  // the longer of text and title attribute
  std::string date;   // "" when the item shows none
};

// A repeated sibling group whose members each hold exactly one title link.
struct StructList {
  std::vector<StructItem> items;
  double score = 0;  // sum over items of min(title length, 40) x (2 when dated)
  int dated = 0;
  std::string heading;  // heading of the box around it ("" when none was found)
  bool in_chrome = false;
  bool excluded = false;  // a 相关链接/热点/历年年报-style box, or chrome
  std::string signature;  // "ul>li.item" for messages
};

struct PageStructure {
  std::vector<StructAnchor> anchors;  // document order
  std::vector<StructList> lists;      // candidates, best first
  size_t prose_chars = 0;             // code points of text runs >= 20 chars outside links and chrome
  std::string title;                  // <title>
  std::string column_meta;            // <meta name="ColumnName">
  std::string breadcrumb_last;        // last link of a 您现在的位置/breadcrumb line, when found
};

// Headings of boxes that are never a page's item list (see discovery.h, DiscoveryRules).
// The page's tree is extract's guarded parse (extract/html_page.h), shared with extraction.
PageStructure ReadPageStructure(const extract::HtmlPage& page, std::string_view page_url,
                                const std::vector<std::string>& box_headings);

// Anchor texts that mean "another page of this listing": 下一页, 尾页, [2], 3, next ...
bool IsPagerText(std::string_view text);
// Code points of UTF-8 text.
size_t CodePoints(std::string_view text);
// A 4-digit year 1990-2099 in the text.
bool HasYear(std::string_view text);
// A date in the text: 2021-01-06, 2021/1/6, 2021.01.06, 2021年1月6日, [01-06]; "" when none.
std::string FindDate(std::string_view text);

}  // namespace gongkai::crawler
