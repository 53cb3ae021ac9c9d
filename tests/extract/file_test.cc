// Reports published as files (PDF, DOCX, OFD, DOC/WPS, image-only PDF): format sniffing, text with
// page furniture removed, titles, dates and tables cell by cell, bad files. The fixtures and
// expected.json are made by tests/extract/data/files/make.sh from real report texts.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "extract/extractor.h"
#include "cjk_fold.h"
#include "doc_wv.h"
#include "extract/statistics.h"
#include "file_document.h"
#include "file_readers.h"
#include "file_sniff.h"
#include "page_layout.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

std::string Slurp(const std::string& name) {
  std::ifstream in(std::string(GONGKAI_EXTRACT_FILES_DIR) + "/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const nlohmann::json& Expected() {
  static const nlohmann::json j = nlohmann::json::parse(Slurp("expected.json"));
  return j;
}

std::string NoSpace(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\n' && c != '\t') out += c;
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

struct Outcome {
  bool ok = false;
  Extraction e;
  std::string error;
};

Outcome ExtractFixture(const std::string& name, Options options = Options()) {
  std::string bytes = Slurp(name);
  EXPECT_FALSE(bytes.empty()) << name;
  ExtractInput input;
  input.bytes = bytes;
  Outcome r;
  const Status status = Extract(input, options, &r.e);
  r.ok = status.ok();
  r.error = status.message();
  return r;
}

// ------------------------------------------------------------------------------------------ sniffing

TEST(FileSniff, MagicBytesNotExtension) {
  std::string what;
  EXPECT_EQ(SniffFormat("%PDF-1.7\n...", &what), FileFormat::kPdf);
  EXPECT_EQ(SniffFormat(Slurp("lying-extension.doc"), &what), FileFormat::kPdf);
  EXPECT_EQ(SniffFormat(Slurp("jinning-2020.docx"), &what), FileFormat::kDocx);
  EXPECT_EQ(SniffFormat(Slurp("jinning-2020.ofd"), &what), FileFormat::kOfd);
  EXPECT_EQ(SniffFormat(Slurp("jinning-2020.doc"), &what), FileFormat::kDoc);
  EXPECT_EQ(SniffFormat("<!DOCTYPE html><html><body>年度报告</body></html>", &what), FileFormat::kText);
}

TEST(FileSniff, OtherBinaryIsNamed) {
  std::string what;
  EXPECT_EQ(SniffFormat(std::string("\x89PNG\r\n\x1a\n\0\0", 10), &what), FileFormat::kBinary);
  EXPECT_EQ(what, "a PNG image");
  EXPECT_EQ(SniffFormat(std::string("PK\x03\x04", 4) + "xl/workbook.xml", &what), FileFormat::kBinary);
  EXPECT_EQ(what, "a spreadsheet (XLSX)");
  ExtractInput input;
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\0", 12);
  input.bytes = png;
  Extraction e;
  Status status;
  EXPECT_FALSE((status = Extract(input, Options(), &e)).ok());
  EXPECT_EQ(status.message(), "binary data (a PNG image)");
  EXPECT_EQ(e.error, FileError::kUnsupported);
}

// ---------------------------------------------------------------------------------------- layout rules

TEST(PageFurniture, PageNumbersInTheirUsualDresses) {
  for (const char* s : {"-1-", "- 2 -", "— 2 —", "－3－", "第1页 共5页", "第 2 页", "第2页/共5页",
                        "共5页 第2页", "3/5", "12", "Page 3 of 9", "【4】"})
    EXPECT_TRUE(IsPageNumber(s)) << s;
  for (const char* s :
       {"一、总体情况", "2020年", "第二十条第(一)项", "共5项", "-1-2-3 号文", "第1页的内容见附件"})
    EXPECT_FALSE(IsPageNumber(s)) << s;
}

TEST(LineJoin, CjkLinesJoinWithoutSpace) {
  std::string s = "特向社会公布2";
  AppendJoined("020年度本级", &s);
  EXPECT_EQ(s, "特向社会公布2020年度本级");
  AppendJoined("GDP", &s);
  EXPECT_EQ(s, "特向社会公布2020年度本级GDP");
  std::string latin = "the annual";
  AppendJoined("report", &latin);
  EXPECT_EQ(latin, "the annual report");
}

// A two-page layout: a header and a "-N-" footer on both pages, a sentence broken by the page break.
TEST(PageFurniture, SentenceAcrossPageBreakComesOutWhole) {
  auto page = [](const std::string& body_first, const std::string& body_last, int n) {
    LayoutPage p;
    p.width = 595;
    p.height = 842;
    p.boxes.push_back({"某某区人民政府办公室", 240, 40, 360, 50, 9});
    p.boxes.push_back({body_first, 74, 100, 521, 112, 12});
    p.boxes.push_back({body_last, 74, 750, 521, 762, 12});
    p.boxes.push_back({"-" + std::to_string(n) + "-", 290, 800, 305, 810, 9});
    return p;
  };
  std::vector<LayoutPage> pages = {
      page("甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲",
           "这句话从第一页开始一直写到页面的最右边没有结束还要继续写到下一页去的内容", 1),
      page("接着写完了。", "乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙", 2)};
  FileDocument doc = LayOut(pages);
  std::string all;
  for (const FileBlock& b : doc.blocks) all += b.text + "\n";
  EXPECT_NE(all.find("这句话从第一页开始一直写到页面的最右边没有结束还要继续写到下一页去的内容接着写完了。"),
            std::string::npos)
      << all;
  EXPECT_EQ(all.find("某某区人民政府办公室"), std::string::npos) << all;
  EXPECT_EQ(all.find("-1-"), std::string::npos) << all;
  EXPECT_EQ(doc.pages, 2);
}

// ------------------------------------------------------------------------------------ per format

struct FormatCase {
  const char* file;
  const char* report;  // key in expected.json
  const char* format;
  bool tables;  // the format keeps the tables' grids
};

class FileFormatTest : public ::testing::TestWithParam<FormatCase> {};

TEST_P(FileFormatTest, TitleDateAndFormat) {
  const FormatCase& c = GetParam();
  Outcome r = ExtractFixture(c.file);
  ASSERT_TRUE(r.ok) << r.error;
  const nlohmann::json& want = Expected()[c.report];
  EXPECT_EQ(r.e.format, c.format);
  EXPECT_EQ(r.e.title, want["title"].get<std::string>());
  ASSERT_TRUE(r.e.published.has_value());
  EXPECT_EQ(*r.e.published, want["published"].get<std::string>());
  EXPECT_FALSE(r.e.title.empty());
}

TEST_P(FileFormatTest, MustContainEveryParagraphAndHeading) {
  const FormatCase& c = GetParam();
  Outcome r = ExtractFixture(c.file);
  ASSERT_TRUE(r.ok) << r.error;
  const nlohmann::json& want = Expected()[c.report];
  std::string text = NoSpace(r.e.text);
  for (const auto& p : want["paragraphs"])
    EXPECT_NE(text.find(NoSpace(p.get<std::string>())), std::string::npos) << p;
  for (const auto& h : want["headings"])
    EXPECT_NE(text.find(NoSpace(h.get<std::string>())), std::string::npos) << h;
  ASSERT_FALSE(want["page_break_sentences"].empty());
  for (const auto& p : want["page_break_sentences"]) {
    // The whole paragraph on one line of the text: the page break joined it, nothing inside it.
    bool whole = false;
    for (const std::string& line : Lines(r.e.text))
      whole = whole || NoSpace(line) == NoSpace(p.get<std::string>());
    EXPECT_TRUE(whole) << p;
  }
}

TEST_P(FileFormatTest, MustNotContainPageFurniture) {
  const FormatCase& c = GetParam();
  Outcome r = ExtractFixture(c.file);
  ASSERT_TRUE(r.ok) << r.error;
  std::string header = Expected()[c.report]["header"].get<std::string>();
  for (const std::string& line : Lines(r.e.text)) {
    EXPECT_FALSE(IsPageNumber(line)) << line;
    EXPECT_NE(NoSpace(line), NoSpace(header)) << line;
  }
  EXPECT_EQ(r.e.text.find("政府信息公开工作年度报告\n"), std::string::npos) << "metadata title leaked";
}

TEST_P(FileFormatTest, HeadingsAreHeadings) {
  const FormatCase& c = GetParam();
  Outcome r = ExtractFixture(c.file);
  ASSERT_TRUE(r.ok) << r.error;
  std::vector<std::string> lines = Lines(r.e.text);
  ASSERT_EQ(lines.size(), r.e.lines.size());
  for (const auto& h : Expected()[c.report]["headings"]) {
    bool found = false;
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (NoSpace(lines[i]) == NoSpace(h.get<std::string>()))
        found = found || r.e.lines[i].kind == TextLine::Kind::kHeading;
    EXPECT_TRUE(found) << h;
  }
}

TEST_P(FileFormatTest, TablesExactCellByCell) {
  const FormatCase& c = GetParam();
  if (!c.tables) GTEST_SKIP() << c.format << " keeps no table grid (see docs/file-formats.md)";
  Outcome r = ExtractFixture(c.file);
  ASSERT_TRUE(r.ok) << r.error;
  const nlohmann::json& want = Expected()[c.report]["tables"];
  ASSERT_EQ(r.e.tables.size(), want.size());
  for (std::size_t t = 0; t < want.size(); ++t) {
    ASSERT_EQ(r.e.tables[t].size(), want[t].size()) << "table " << t;
    for (std::size_t row = 0; row < want[t].size(); ++row) {
      ASSERT_EQ(r.e.tables[t][row].size(), want[t][row].size()) << "table " << t << " row " << row;
      for (std::size_t col = 0; col < want[t][row].size(); ++col)
        EXPECT_EQ(NoSpace(r.e.tables[t][row][col]), NoSpace(want[t][row][col].get<std::string>()))
            << "table " << t << " row " << row << " col " << col;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Pdf, FileFormatTest,
                         ::testing::Values(FormatCase{"jinning-2020.pdf", "jinning-2020", "pdf", true},
                                           FormatCase{"alashankou-2017.pdf", "alashankou-2017", "pdf", true},
                                           // WPS's text layer: ideographs mapped to Kangxi radicals
                                           // (⼈⺠, ⼀、), WPS producer and generic Title metadata.
                                           FormatCase{"jinning-2020-wps.pdf", "jinning-2020", "pdf", true}),
                         [](const auto& info) {
                           std::string f = info.param.file;
                           return std::string(info.param.report).substr(0, 7) +
                                  (f.find("-wps") != std::string::npos ? "Wps" : "");
                         });

INSTANTIATE_TEST_SUITE_P(Docx, FileFormatTest,
                         ::testing::Values(FormatCase{"jinning-2020.docx", "jinning-2020", "docx", true},
                                           FormatCase{"alashankou-2017.docx", "alashankou-2017", "docx",
                                                      true}),
                         [](const auto& info) { return std::string(info.param.report).substr(0, 7); });

INSTANTIATE_TEST_SUITE_P(Ofd, FileFormatTest,
                         ::testing::Values(FormatCase{"jinning-2020.ofd", "jinning-2020", "ofd", true},
                                           FormatCase{"alashankou-2017.ofd", "alashankou-2017", "ofd", true}),
                         [](const auto& info) { return std::string(info.param.report).substr(0, 7); });

// DOC through wvWare: text, headings and furniture as for the others, and the tables (merged cells
// included) cell by cell.
INSTANTIATE_TEST_SUITE_P(Doc, FileFormatTest,
                         ::testing::Values(FormatCase{"jinning-2020.doc", "jinning-2020", "doc", true},
                                           FormatCase{"alashankou-2017.doc", "alashankou-2017", "doc", true}),
                         [](const auto& info) { return std::string(info.param.report).substr(0, 7); });

// wvWare's HTML (doc_wv.h): every grid position printed; rowspan="0" marks a covered cell, unless it
// prints text of its own (a merge restarted right under another, which wvWare miscounts).
TEST(DocWvHtml, CoveredCellsTakeTheMergedTextRestartsKeepTheirOwn) {
  std::string html =
      "<html><body>"
      "<div name=\"Title\"><p><b>某某县人民政府</b></p></div>"
      "<div name=\"Heading 1\"><p>三、收到和处理政府信息公开申请情况</p></div>"
      "<table>"
      "<tr><td rowspan=\"3\" colspan=\"1\">(三)不予公开</td><td rowspan=\"1\" colspan=\"1\">1.属于国家秘密</td>"
      "<td rowspan=\"1\" colspan=\"1\">0</td></tr>"
      "<tr><td rowspan=\"0\" colspan=\"1\"></td><td rowspan=\"1\" colspan=\"1\">2.其他</td>"
      "<td rowspan=\"1\" colspan=\"1\">1</td></tr>"
      "<tr><td rowspan=\"0\" colspan=\"1\">(四)无法提供</td><td>1.本机关不掌握</td><td>2</td></tr>"
      "<tr><td rowspan=\"0\" colspan=\"1\"></td><td>2.另行制作</td><td>3</td></tr>"
      "<tr><td rowspan=\"1\" colspan=\"2\">(七)总计</td><td>6</td></tr>"
      "</table>"
      "<div name=\"Header\"><p>某某县政务公开</p></div><div name=\"Footer\"><p>-4-</p></div>"
      "</body></html>";
  FileDocument doc;
  ASSERT_TRUE(ReadWvHtml(html, &doc));
  ASSERT_EQ(doc.blocks.size(), 3u);
  EXPECT_TRUE(doc.blocks[0].title);
  EXPECT_EQ(doc.blocks[1].kind, FileBlock::Kind::kHeading);
  ASSERT_EQ(doc.blocks[2].kind, FileBlock::Kind::kTable);
  const Table want = {{"(三)不予公开", "1.属于国家秘密", "0"},
                      {"(三)不予公开", "2.其他", "1"},
                      {"(四)无法提供", "1.本机关不掌握", "2"},
                      {"(四)无法提供", "2.另行制作", "3"},
                      {"(七)总计", "(七)总计", "6"}};
  EXPECT_EQ(doc.blocks[2].table, want);
  EXPECT_EQ(doc.blocks[2].row_texts[1], "2.其他 | 1");
}

TEST(DocHelper, NotAWordFileIsDamagedNotACrash) {
  // OLE2 magic and a WordDocument name, then garbage: both helpers refuse it.
  std::string junk = std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\x01');
  junk += std::string("W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0", 24) + std::string(4000, '\x02');
  ExtractInput input;
  input.bytes = junk;
  Extraction e;
  Status status;
  bool ok = (status = Extract(input, Options(), &e)).ok();
  if (!ok) {
    EXPECT_EQ(e.error, FileError::kDamaged) << status.message();
  }
  EXPECT_EQ(e.format, "doc");
}

TEST(FilePages, PagedFormatsCountTheirPages) {
  EXPECT_EQ(ExtractFixture("jinning-2020.pdf").e.pages, Expected()["jinning-2020"]["pages"].get<int>());
  EXPECT_EQ(ExtractFixture("jinning-2020.ofd").e.pages, Expected()["jinning-2020"]["pages"].get<int>());
}

// ------------------------------------------------------------------------------ image-only PDF (OCR)

// Share of the character bigrams of `want` (spaces removed) found in `got`: recall that tolerates
// the odd misread character.
double BigramRecall(const std::string& want, const std::string& got) {
  auto cps = [](const std::string& s) {
    std::u32string out;
    std::size_t pos = 0;
    while (pos < s.size()) {
      char32_t cp = text::NextCodePoint(s, &pos);
      if (!text::IsSpace(cp)) out += cp;
    }
    return out;
  };
  std::u32string w = cps(want), g = cps(got);
  if (w.size() < 2) return 1;
  std::size_t hit = 0;
  for (std::size_t i = 0; i + 1 < w.size(); ++i)
    hit += g.find(w.substr(i, 2)) != std::u32string::npos ? 1 : 0;
  return static_cast<double>(hit) / static_cast<double>(w.size() - 1);
}

TEST(ImageOnlyPdf, WithoutOcrItIsNamedNoText) {
  Options options;
  options.ocr = false;
  Outcome r = ExtractFixture("jinning-2020-scan.pdf", options);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.e.error, FileError::kNoText);
  EXPECT_NE(r.error.find("image-only"), std::string::npos) << r.error;
}

TEST(ImageOnlyPdf, LongerScanThanOcrMaxPagesIsTooLarge) {
  if (!OcrAvailable()) GTEST_SKIP() << "built without OCR";
  Options options;
  options.ocr_max_pages = 1;
  Outcome r = ExtractFixture("jinning-2020-scan.pdf", options);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.e.error, FileError::kTooLarge) << r.error;
}

TEST(ImageOnlyPdf, OcrReadsTextTitleAndDropsFurniture) {
  if (!OcrAvailable()) GTEST_SKIP() << "built without OCR (GONGKAI_OCR) or no chi_sim data";
  Outcome r = ExtractFixture("jinning-2020-scan.pdf");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.e.ocr);
  EXPECT_GT(r.e.ocr_confidence, 70);
  EXPECT_EQ(r.e.pages, 2);
  const nlohmann::json& want = Expected()["jinning-2020"];
  EXPECT_GE(BigramRecall(want["title"].get<std::string>(), r.e.title), 0.9) << r.e.title;
  // The first page and a half: the opening paragraphs, each recalled at 90% of its bigrams or more.
  for (int i = 0; i < 3; ++i) {
    std::string p = want["paragraphs"][i].get<std::string>();
    EXPECT_GE(BigramRecall(p, r.e.text), 0.9) << p;
  }
  std::string header = want["header"].get<std::string>();
  for (const std::string& line : Lines(r.e.text)) {
    EXPECT_FALSE(IsPageNumber(line)) << line;
    EXPECT_LT(BigramRecall(header, line) * (text::Count(line).chars <= 20 ? 1 : 0), 0.8) << line;
  }
}

// ------------------------------------------------------------------------ tables without ruling lines

// The value cells of an expected row (its trailing figures, "增49"/"减15" included) and its last label
// cell. In 表二 the 第(八)项 and 第(九)项 rows print their last figure in one cell over two columns
// (make.py), which the expected grid repeats: taken once there.
struct ValueRow {
  std::string label;
  std::vector<std::string> values;
};
ValueRow ValuesOf(const std::vector<std::string>& row) {
  auto value = [](const std::string& c) {
    std::string d = c;
    if (text::StartsWith(d, "增") || text::StartsWith(d, "减")) d = d.substr(3);
    return !d.empty() &&
           std::all_of(d.begin(), d.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '.'; });
  };
  ValueRow v;
  std::size_t first = row.size();
  while (first > 0 && value(row[first - 1])) --first;
  if (first == row.size()) return v;        // no figures: a header row
  if (first > 0) v.label = row[first - 1];  // 表四's figure row has no label
  v.values.assign(row.begin() + first, row.end());
  if ((v.label == "行政事业性收费" || v.label == "政府集中采购") && v.values.size() == 3) v.values.pop_back();
  return v;
}

// A report printed without any cell border (jinning-2020-borderless.pdf): every value row of the three
// template tables is rebuilt as a grid row — its label and its figures in order, cell by cell.
TEST(BorderlessTables, EveryValueRowIsAGridRowWithItsFigures) {
  Outcome r = ExtractFixture("jinning-2020-borderless.pdf");
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_GE(r.e.tables.size(), 3u);
  std::vector<ValueRow> got;
  for (const auto& t : r.e.tables)
    for (const auto& row : t) {
      ValueRow v;
      std::size_t first = row.size();
      StatisticCell cell;
      while (first > 0 && (row[first - 1].empty() || ParseStatisticCell(row[first - 1], &cell))) --first;
      for (std::size_t i = first; i < row.size(); ++i)
        if (!row[i].empty()) v.values.push_back(NoSpace(row[i]));
      for (std::size_t i = 0; i < first; ++i) v.label += NoSpace(row[i]);
      got.push_back(v);
    }
  int rows = 0;
  for (const auto& t : Expected()["jinning-2020"]["tables"]) {
    for (const auto& jrow : t) {
      std::vector<std::string> row;
      for (const auto& c : jrow) row.push_back(NoSpace(c.get<std::string>()));
      ValueRow want = ValuesOf(row);
      if (want.values.empty()) continue;
      ++rows;
      bool found = false;
      for (const ValueRow& g : got)
        found = found || (g.values == want.values && g.label.find(want.label) != std::string::npos);
      std::string near;
      for (const ValueRow& g : got)
        if (g.values == want.values && near.size() < 2000) near += "\n  got " + g.label;
      EXPECT_TRUE(found) << "row " << want.label << ": " << nlohmann::json(want.values).dump() << near;
    }
  }
  EXPECT_EQ(rows, 8 + 23 + 1);  // 表二's figure rows, 表三's 23, 表四's one
  // The figures are not left in the text as lines of their own.
  for (const std::string& line : Lines(r.e.text))
    EXPECT_EQ(NoSpace(line).find("00000"), std::string::npos) << line;
}

// Text lines with a few spaced numbers are prose, not a table.
TEST(BorderlessTables, ProseWithSpacedNumbersStaysText) {
  LayoutPage p;
  p.width = 595;
  p.height = 842;
  p.boxes.push_back({"全年共发布信息", 74, 200, 158, 212, 12});
  p.boxes.push_back({"120", 200, 200, 220, 212, 12});
  p.boxes.push_back({"条，其中政策解读", 260, 200, 356, 212, 12});
  p.boxes.push_back({"35", 400, 200, 414, 212, 12});
  p.boxes.push_back({"篇。", 450, 200, 474, 212, 12});
  FileDocument doc = LayOut({p});
  for (const FileBlock& b : doc.blocks) EXPECT_NE(b.kind, FileBlock::Kind::kTable);
}

// A page ruled into more cells than any printed table has (hatching, or a hostile file) is not read
// as a grid: its text stays text, and the work stays bounded (found by the file fuzzer: a grid whose
// merged region repeated 100 KB of text over thousands of cells took seconds).
TEST(HostileLayout, GridOfMoreCellsThanAPagePrintsStaysText) {
  LayoutPage p;
  p.width = 595;
  p.height = 842;
  for (int i = 0; i <= 120; ++i) {
    p.rulings.push_back({50, 100 + i * 5.0, 550, 100 + i * 5.0});
    p.rulings.push_back({50 + i * 4.0, 100, 50 + i * 4.0, 700});
  }
  p.boxes.push_back({"一、总体情况", 60, 300, 130, 312, 12});
  FileDocument doc = LayOut({p});
  bool text = false;
  for (const FileBlock& b : doc.blocks) {
    EXPECT_NE(b.kind, FileBlock::Kind::kTable);
    text = text || b.text == "一、总体情况";
  }
  EXPECT_TRUE(text);
}

// ------------------------------------------------------------------------------ WPS text layers

// Every font's ToUnicode map left out (alashankou-2017-notounicode.pdf): the text layer decodes to
// junk; it is not taken as the report's text but read like a scan.
TEST(WpsPdf, TextLayerWithoutToUnicodeIsNotTakenAsText) {
  Options no_ocr;
  no_ocr.ocr = false;
  Outcome r = ExtractFixture("alashankou-2017-notounicode.pdf", no_ocr);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.e.error, FileError::kNoText) << r.error;
  EXPECT_NE(r.error.find("does not decode"), std::string::npos) << r.error;
}

TEST(WpsPdf, TextLayerWithoutToUnicodeIsReadByOcr) {
  if (!OcrAvailable()) GTEST_SKIP() << "built without OCR (GONGKAI_OCR) or no chi_sim data";
  Outcome r = ExtractFixture("alashankou-2017-notounicode.pdf");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_TRUE(r.e.ocr);
  const nlohmann::json& want = Expected()["alashankou-2017"];
  EXPECT_GE(BigramRecall(want["title"].get<std::string>(), r.e.title), 0.9) << r.e.title;
  for (int i = 0; i < 3; ++i) {
    std::string p = want["paragraphs"][i].get<std::string>();
    EXPECT_GE(BigramRecall(p, r.e.text), 0.9) << p;
  }
}

TEST(WpsPdf, KangxiRadicalsFoldToIdeographs) {
  EXPECT_EQ(FoldRadicals("⼀、总体情况：⼈⺠政府⽇常⼯作，⻔户⽹站"),
            "一、总体情况：人民政府日常工作，门户网站");
  EXPECT_EQ(FoldRadicals("普通文字 abc"), "普通文字 abc");
  Outcome r = ExtractFixture("jinning-2020-wps.pdf");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.e.title, "昆明市晋宁区人民政府2020年政府信息公开工作年度报告");
  for (char32_t radical = 0x2E80; radical < 0x2FE0; ++radical) {
    std::string s;
    text::AppendUtf8(radical, &s);
    ASSERT_EQ(r.e.text.find(s), std::string::npos) << std::hex << static_cast<int>(radical);
  }
}

// --------------------------------------------------------------------------------------- bad files

TEST(BadFiles, DocxZipBombIsRefusedWithinTheCap) {
  // word/document.xml unpacks to 1 GiB; the cap stops reading at max_unzipped_bytes.
  Outcome r = ExtractFixture("bad-bomb.docx");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.e.error, FileError::kTooLarge);
  EXPECT_NE(r.error.find("max_unzipped_bytes"), std::string::npos) << r.error;
}

TEST(BadFiles, TruncatedZipIsDamaged) {
  std::string docx = Slurp("jinning-2020.docx");
  std::string half = docx.substr(0, docx.size() / 2);
  ExtractInput input;
  input.bytes = half;
  Extraction e;
  Status status;
  EXPECT_FALSE((status = Extract(input, Options(), &e)).ok());
  EXPECT_EQ(e.error, FileError::kDamaged) << status.message();
}

TEST(BadFiles, EncryptedPdf) {
  Outcome r = ExtractFixture("bad-encrypted.pdf");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.e.error, FileError::kEncrypted);
  EXPECT_NE(r.error.find("encrypted"), std::string::npos) << r.error;
}

TEST(BadFiles, BrokenXrefIsRebuiltOrNamed) {
  // Poppler rebuilds a broken cross-reference table by scanning the objects: same text as the original.
  Outcome good = ExtractFixture("alashankou-2017.pdf");
  Outcome broken = ExtractFixture("bad-xref.pdf");
  ASSERT_TRUE(broken.ok) << broken.error;
  EXPECT_EQ(broken.e.text, good.e.text);
}

TEST(BadFiles, TruncatedPdfIsDamaged) {
  Outcome r = ExtractFixture("bad-truncated.pdf");
  if (r.ok) {
    EXPECT_FALSE(r.e.text.empty());  // what poppler could recover
  } else {
    EXPECT_EQ(r.e.error, FileError::kDamaged) << r.error;
  }
}

// A PDF with 5,000 pages (one shared content stream): refused on its page count, quickly.
std::string ManyPagePdf(int pages) {
  std::string out = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  auto obj = [&](const std::string& body) {
    offsets.push_back(out.size());
    out += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  obj("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(5 + i) + " 0 R ";
  obj("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
  std::string content = "BT /F1 12 Tf 72 720 Td (Page) Tj ET";
  obj("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
  obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (int i = 0; i < pages; ++i)
    obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>");
  std::size_t xref = out.size();
  out += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  char buf[32];
  for (std::size_t o : offsets) {
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
    out += buf;
  }
  out += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

TEST(BadFiles, FiveThousandPagePdfIsTooLarge) {
  std::string pdf = ManyPagePdf(5000);
  ExtractInput input;
  input.bytes = pdf;
  Extraction e;
  Status status;
  EXPECT_FALSE((status = Extract(input, Options(), &e)).ok());
  EXPECT_EQ(e.error, FileError::kTooLarge);
  EXPECT_NE(status.message().find("5000 pages"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("max_file_pages"), std::string::npos) << status.message();
}

TEST(BadFiles, FileOverMaxBytesIsTooLarge) {
  Options options;
  options.max_file_bytes = 1000;
  Outcome r = ExtractFixture("alashankou-2017.pdf", options);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.e.error, FileError::kTooLarge);
}

TEST(BadFiles, LyingExtensionIsReadAsWhatItIs) {
  Outcome r = ExtractFixture("lying-extension.doc");
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.e.format, "pdf");
  EXPECT_EQ(r.e.title, Expected()["alashankou-2017"]["title"].get<std::string>());
}

}  // namespace
}  // namespace gongkai::extract
