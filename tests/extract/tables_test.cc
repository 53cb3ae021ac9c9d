// Data tables: rows as "a | b | c" lines in the text, grids with rowspan/colspan expanded.
#include <gtest/gtest.h>

#include "extract/extractor.h"
#include "document.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

Extraction ExtractBody(const std::string& body) {
  std::string html =
      "<html><body><div class=content><p>2020年政府信息公开工作年度报告。根据《中华人民共和国政府信息公开条例》，"
      "特向社会公布2020年度本级政府信息公开年度报告，本报告由总体情况、主动公开政府信息情况等部分组成。</p>" +
      body +
      "<p>晋宁区在开展政务公开工作中，虽然取得了一定成效，但还存在一些不足，下一步将加强培训，提升公开质量。</p></div></body></html>";
  ExtractInput input;
  input.bytes = html;
  Extraction e;
  Status status;
  EXPECT_TRUE((status = Extract(input, Options{}, &e)).ok()) << status.message();
  return e;
}

TEST(TablesTest, RowsBecomePipeLines) {
  Extraction e = ExtractBody(
      "<table><tr><td>信息内容</td><td>本年新制作</td><td>本年新公开</td></tr>"
      "<tr><td>规章</td><td>0</td><td>25</td></tr></table>");
  EXPECT_NE(e.text.find("信息内容 | 本年新制作 | 本年新公开\n规章 | 0 | 25"), std::string::npos) << e.text;
  ASSERT_EQ(e.tables.size(), 1u);
  EXPECT_EQ(e.tables[0], (Table{{"信息内容", "本年新制作", "本年新公开"}, {"规章", "0", "25"}}));
}

// A row line's counts are summed from its cells' (each cell is counted once, as it is collapsed); they
// must equal counting the line: each '|' is one character, and the spaces around it end words.
TEST(TablesTest, RowCountsAreCountOfTheRowLine) {
  Page page = BuildPage(
      "<html><body><table><tr><td>信息 内容</td><td></td><td>abc def,</td></tr>"
      "<tr><td rowspan=2>规章。</td><td colspan=2>0 | 25</td></tr><tr><td></td><td>x</td></tr>"
      "<tr><td></td><td>Ａ Ｂ</td><td>?</td></tr></table></body></html>");
  ASSERT_EQ(page.tables.size(), 1u);
  int rows = 0;
  for (const Block& b : page.blocks) {
    if (b.table < 0) continue;
    ++rows;
    const text::Counts c = text::Count(b.text);
    EXPECT_EQ(b.tokens, c.tokens) << b.text;
    EXPECT_EQ(b.chars, c.chars) << b.text;
    EXPECT_EQ(b.punct, c.punct) << b.text;
  }
  EXPECT_EQ(rows, 4);
}

TEST(TablesTest, ColspanAndRowspanAreExpanded) {
  Extraction e = ExtractBody(
      "<table>"
      "<tr><td rowspan=2>行政复议</td><td colspan=2>结果</td></tr>"
      "<tr><td>维持</td><td>纠正</td></tr>"
      "<tr><td>合计</td><td>1</td><td>2</td></tr></table>");
  ASSERT_EQ(e.tables.size(), 1u);
  EXPECT_EQ(e.tables[0],
            (Table{{"行政复议", "结果", "结果"}, {"行政复议", "维持", "纠正"}, {"合计", "1", "2"}}));
  EXPECT_NE(e.text.find("行政复议 | 结果\n维持 | 纠正\n合计 | 1 | 2"), std::string::npos) << e.text;
}

TEST(TablesTest, RaggedRowsArePaddedToARectangle) {
  Extraction e = ExtractBody("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>");
  ASSERT_EQ(e.tables.size(), 1u);
  EXPECT_EQ(e.tables[0], (Table{{"a", "b", "c"}, {"d", "", ""}}));
}

TEST(TablesTest, HugeSpansAreCapped) {
  Extraction e = ExtractBody(
      "<table><tr><td colspan=100000 rowspan=100000>x</td><td>y</td></tr><tr><td>z</td></tr></table>");
  ASSERT_EQ(e.tables.size(), 1u);
  EXPECT_LE(e.tables[0].size() * e.tables[0][0].size(), 200000u);
}

// A colspan running over a position a rowspan from above already filled overwrites it: the grid is
// filled in the order cells are placed (the positions are decided before any row is allocated).
TEST(TablesTest, OverlappingSpansKeepTheLaterCell) {
  Page page = BuildPage(
      "<html><body><table><tr><td>a</td><td rowspan=2>b</td><td>c</td></tr>"
      "<tr><td colspan=3>d</td></tr></table></body></html>");
  ASSERT_EQ(page.tables.size(), 1u);
  EXPECT_EQ(page.tables[0], (Table{{"a", "b", "c"}, {"d", "d", "d"}}));
}

// Cells of white space only read as empty (their collapse is skipped): a row of them has no line and
// no grid row, and leading empty cells add no separator.
TEST(TablesTest, SpaceOnlyCellsAreEmpty) {
  Page page = BuildPage(
      "<html><body><table><tr><td>a</td><td>b</td></tr><tr><td> \n\t </td><td>  </td></tr>"
      "<tr><td>\n </td><td>c d.</td></tr></table></body></html>");
  ASSERT_EQ(page.tables.size(), 1u);
  EXPECT_EQ(page.tables[0], (Table{{"a", "b"}, {"", "c d."}}));
  std::vector<std::string> lines;
  for (const Block& b : page.blocks) {
    if (b.table < 0) continue;
    lines.push_back(b.text);
    const text::Counts c = text::Count(b.text);
    EXPECT_EQ(b.tokens, c.tokens) << b.text;
    EXPECT_EQ(b.chars, c.chars) << b.text;
    EXPECT_EQ(b.punct, c.punct) << b.text;
  }
  EXPECT_EQ(lines, (std::vector<std::string>{"a | b", "c d."}));
}

// Rows are counted before any cell is read: a table without a row of two cells is layout.
TEST(TablesTest, SingleCellRowsAreLayout) {
  Page page =
      BuildPage("<html><body><table><tr><td>first</td></tr><tr><td>second</td></tr></table></body></html>");
  EXPECT_TRUE(page.tables.empty());
  int blocks = 0;
  for (const Block& b : page.blocks) blocks += b.text == "first" || b.text == "second";
  EXPECT_EQ(blocks, 2);
}

TEST(TablesTest, LayoutTableIsReadAsBlocks) {
  Extraction e = ExtractBody(
      "<table><tr><td><table><tr><td>内</td><td>层</td></tr><tr><td>1</td><td>2</td></tr></table></td><td>外层单元格</td></tr>"
      "<tr><td>第二行</td><td>内容</td></tr></table>");
  EXPECT_EQ(e.tables.size(), 1u);  // only the inner table is data
}

}  // namespace
}  // namespace gongkai::extract
