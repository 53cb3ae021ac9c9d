// The standard statistics tables read into typed cells (extract/statistics.h,
// docs/statistics-schema.md): cell-exact on the example report that carries them, on markup
// variants of it, and the rules of the template checked.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "extract/extractor.h"
#include "extract/statistics.h"
#include "statistics_internal.h"

namespace gongkai::extract {
namespace {

using State = StatisticCell::State;

std::string ReadText(const std::string& name) {
  std::ifstream in(std::string(GONGKAI_EXTRACT_TEXTS_DIR) + "/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The text dump's tables: consecutive " | " lines form one grid, cells split at '|' and trimmed
// (the dump lost the spans, so group cells appear once: the reader must not need them repeated).
std::vector<Table> DumpTables(const std::string& dump, std::string* body) {
  std::vector<Table> tables;
  std::istringstream in(dump);
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.find('|') == std::string::npos) {
      in_table = false;
      *body += line + "\n";
      continue;
    }
    if (!in_table) tables.emplace_back();
    in_table = true;
    std::vector<std::string> row;
    std::size_t start = 0;
    while (true) {
      std::size_t bar = line.find('|', start);
      std::string cell = line.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
      while (!cell.empty() && cell.front() == ' ') cell.erase(0, 1);
      while (!cell.empty() && cell.back() == ' ') cell.pop_back();
      row.push_back(cell);
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    tables.back().push_back(row);
    *body += line + "\n";
  }
  return tables;
}

// Expected cells: id -> value, or nullopt for a null ('/', '—', '不适用').
using Expected = std::map<std::string, std::optional<double>>;

void SetRow(Expected* e, const std::string& row, std::vector<double> values) {
  static const char* kCols[] = {"natural", "business", "research", "social", "legal", "other_org", "total"};
  for (std::size_t i = 0; i < values.size(); ++i) (*e)["t3." + row + "." + kCols[i]] = values[i];
}

Expected JinningExpected() {
  Expected e;
  for (const std::string& id : StatisticFieldIds("2019")) e[id] = 0;
  e["t2.normative.total_published"] = 25;
  e["t2.licensing.prev_items"] = 234, e["t2.licensing.change"] = -15, e["t2.licensing.decisions"] = 29655;
  e["t2.punishment.prev_items"] = 4893, e["t2.punishment.change"] = 49, e["t2.punishment.decisions"] = 1821;
  e["t2.coercion.prev_items"] = 246, e["t2.coercion.change"] = -2, e["t2.coercion.decisions"] = 1907;
  e["t2.fees.prev_items"] = 1;
  e["t2.procurement.items"] = 11, e["t2.procurement.amount_10k_yuan"] = 610.6988;
  SetRow(&e, "new", {7, 0, 0, 0, 0, 1, 8});
  SetRow(&e, "carried_in", {1, 0, 0, 0, 0, 0, 1});
  SetRow(&e, "granted", {8, 0, 0, 0, 0, 1, 9});
  SetRow(&e, "total", {8, 0, 0, 0, 0, 1, 9});
  return e;
}

// Every expected cell read with its value (or as null), and nothing else read.
void ExpectCells(const Statistics& s, const Expected& expected) {
  for (const auto& [id, value] : expected) {
    auto it = s.cells.find(id);
    ASSERT_NE(it, s.cells.end()) << "not read: " << id;
    if (value) {
      EXPECT_EQ(it->second.state, State::kNumber) << id << " '" << it->second.raw << "'";
      EXPECT_DOUBLE_EQ(it->second.value, *value) << id << " '" << it->second.raw << "'";
    } else {
      EXPECT_NE(it->second.state, State::kNumber) << id << " '" << it->second.raw << "'";
    }
  }
  for (const auto& [id, cell] : s.cells) EXPECT_TRUE(expected.count(id)) << "read but not expected: " << id;
}

const StatisticCheck* FindCheck(const Statistics& s, const std::string& rule) {
  for (const StatisticCheck& c : s.checks)
    if (c.rule == rule) return &c;
  return nullptr;
}

std::string ToHtml(const std::vector<Table>& tables, const std::string& body) {
  std::string html =
      "<html><head><title>昆明市晋宁区人民政府2020年政府信息公开工作年度报告</title></head><body><div class=content>";
  std::istringstream in(body);
  std::string line;
  std::size_t next = 0;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.find('|') != std::string::npos) {
      if (!in_table && next < tables.size()) {
        html += "<table border=1>";
        for (const auto& row : tables[next]) {
          html += "<tr>";
          for (const auto& c : row) html += "<td>" + c + "</td>";
          html += "</tr>";
        }
        html += "</table>\n";
        ++next;
      }
      in_table = true;
      continue;
    }
    in_table = false;
    html += "<p>" + line + "</p>\n";
  }
  return html + "</div></body></html>";
}

// --- The example report that carries the tables (2020 report, 2019 edition) -------------------

TEST(StatisticsExample, Jinning2020ReadCellExactFromItsTextDump) {
  std::string body;
  std::vector<Table> tables = DumpTables(ReadText("jinning-kunming-2020.txt"), &body);
  std::optional<Statistics> s = ReadStatistics(tables, body);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->edition, "2019");
  ExpectCells(*s, JinningExpected());
}

TEST(StatisticsExample, Jinning2020ReadCellExactThroughTheHtmlExtractor) {
  std::string body;
  std::vector<Table> tables = DumpTables(ReadText("jinning-kunming-2020.txt"), &body);
  std::string html = ToHtml(tables, body);
  ExtractInput input;
  input.bytes = html;
  Extraction e;
  Status status;
  ASSERT_TRUE((status = Extract(input, Options{}, &e)).ok()) << status.message();
  ASSERT_TRUE(e.statistics);
  EXPECT_EQ(e.statistics->edition, "2019");
  ExpectCells(*e.statistics, JinningExpected());
}

TEST(StatisticsExample, Jinning2020PassesTheTableRulesAndItsTextDisagrees) {
  std::string body;
  std::vector<Table> tables = DumpTables(ReadText("jinning-kunming-2020.txt"), &body);
  std::optional<Statistics> s = ReadStatistics(tables, body);
  ASSERT_TRUE(s);
  for (const StatisticCheck& c : s->checks) {
    if (c.rule == "text.applications") continue;
    if (c.rule == "text.review" || c.rule == "text.suits") {  // the text quotes no such figure
      EXPECT_EQ(c.status, StatisticCheck::Status::kNa) << c.rule << ": " << c.detail;
      continue;
    }
    EXPECT_EQ(c.status, StatisticCheck::Status::kPass) << c.rule << ": " << c.detail;
  }
  // "收到依申请公开件7件" while 表三 says 8 new (7 natural persons + 1 other organisation).
  const StatisticCheck* text = FindCheck(*s, "text.applications");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->status, StatisticCheck::Status::kFail) << text->detail;
  EXPECT_NE(text->detail.find("7"), std::string::npos) << text->detail;
  EXPECT_NE(text->detail.find("source"), std::string::npos) << text->detail;
}

TEST(StatisticsExample, ReportsWithoutTheTemplateHaveNoStatistics) {
  for (const char* name :
       {"jinan-fuzhou-2017.txt", "tonghua-2012.txt", "alashankou-2017.txt", "neicuo-xiangan-2015.txt"}) {
    std::string body;
    std::vector<Table> tables = DumpTables(ReadText(name), &body);
    EXPECT_FALSE(ReadStatistics(tables, body)) << name;
  }
}

// --- One printed cell ---------------------------------------------------------------------------

TEST(StatisticsCell, FullWidthDigitsSeparatorsUnitsAndFootnotes) {
  struct Case {
    const char* printed;
    double value;
  };
  for (const Case& c : std::vector<Case>{{"３１１９", 3119},
                                         {"3,119", 3119},
                                         {"3，119", 3119},
                                         {"1 234", 1234},
                                         {"610.6988万元", 610.6988},
                                         {"12件", 12},
                                         {"5*", 5},
                                         {"5①", 5},
                                         {"5注1", 5},
                                         {"5[1]", 5},
                                         {"减15", -15},
                                         {"增49", 49},
                                         {"０．５", 0.5}}) {
    StatisticCell cell;
    ASSERT_TRUE(ParseStatisticCell(c.printed, &cell)) << c.printed;
    EXPECT_EQ(cell.state, State::kNumber) << c.printed;
    EXPECT_DOUBLE_EQ(cell.value, c.value) << c.printed;
    EXPECT_EQ(cell.raw, c.printed);
  }
}

TEST(StatisticsCell, NotApplicableIsNullNeverZero) {
  for (const char* printed : {"/", "／", "—", "——", "－", "-", "不适用", "无"}) {
    StatisticCell cell;
    ASSERT_TRUE(ParseStatisticCell(printed, &cell)) << printed;
    EXPECT_EQ(cell.state, State::kNotApplicable) << printed;
  }
}

// The row reader tells a label cell by a character no printed value has before it reads the cell
// (stats::MayBeValue): every print ParseStatisticCell reads must still be read in a row.
TEST(StatisticsCell, EveryPrintedFormIsReadInARow) {
  const Table rows = {
      {"本年新收政府信息公开申请数量", "3，119件①", "5注1", "12人次", "减15", "610.6988万元", "不涉及", "5¹"},
      {"上年结转政府信息公开申请数量", "增加2", "5[1]", "5*", "5※", "×", "9。5", "N/A"},
      {"（一）予以公开", "０．５", "无", "—", "1 234", "7件", "8个", "2宗"}};
  std::optional<Statistics> s = ReadStatistics({rows}, "");
  ASSERT_TRUE(s);
  const char* kCols[] = {"natural", "business", "research", "social", "legal", "other_org", "total"};
  const char* kRows[] = {"new", "carried_in", "granted"};
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < 7; ++c) {
      const std::string id = std::string("t3.") + kRows[r] + "." + kCols[c];
      auto it = s->cells.find(id);
      ASSERT_NE(it, s->cells.end()) << id << " '" << rows[r][c + 1] << "'";
      EXPECT_EQ(it->second.raw, rows[r][c + 1]) << id;
    }
  EXPECT_DOUBLE_EQ(s->cells.at("t3.new.natural").value, 3119);
  EXPECT_DOUBLE_EQ(s->cells.at("t3.carried_in.other_org").value, 9.5);
  EXPECT_EQ(s->cells.at("t3.granted.research").state, State::kNotApplicable);
}

TEST(StatisticsCell, EmptyIsEmptyAndLabelsAreNotValues) {
  StatisticCell cell;
  ASSERT_TRUE(ParseStatisticCell("  ", &cell));
  EXPECT_EQ(cell.state, State::kEmpty);
  for (const char* label : {"1.", "（一）", "规章", "本年新收", "3.其他"})
    EXPECT_FALSE(ParseStatisticCell(label, &cell)) << label;
}

}  // namespace
}  // namespace gongkai::extract

namespace gongkai::extract {
namespace {

// --- Tables that reach us without their cells (PDF grids without column rulings, text lines) ------

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
    s.replace(p, from.size(), to);
  return s;
}

TEST(StatisticsVariants, NumbersRunTogetherInOneCell) {
  std::string body;
  std::vector<Table> tables = DumpTables(ReadText("jinning-kunming-2020.txt"), &body);
  // Every value run of a row joined into one cell, as a grid without column rulings gives it.
  for (Table& t : tables) {
    for (auto& row : t) {
      std::vector<std::string> joined;
      std::string run;
      for (const std::string& c : row) {
        StatisticCell cell;
        bool value = !c.empty() && ParseStatisticCell(c, &cell);
        if (value) {
          run += (run.empty() ? "" : " ") + c;
          continue;
        }
        if (!run.empty()) joined.push_back(run), run.clear();
        if (!c.empty()) joined.push_back(c);
      }
      if (!run.empty()) joined.push_back(run);
      row = joined;
    }
  }
  std::optional<Statistics> s = ReadStatistics(tables, body);
  ASSERT_TRUE(s);
  ExpectCells(*s, JinningExpected());
}

TEST(StatisticsVariants, TablesReadFromTextLinesWhenThereIsNoGrid) {
  std::string body;
  DumpTables(ReadText("jinning-kunming-2020.txt"), &body);
  std::string lines = Replace(body, "|", " ");
  // A long label wrapped onto a second line, as a PDF page lays it out.
  lines = Replace(lines, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                  "(二)部分公开(区分处理的,只计这一\n情形,不计其他情形)");
  std::optional<Statistics> s = ReadStatistics({}, lines);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->edition, "2019");
  ExpectCells(*s, JinningExpected());
}

// A 2021-edition report (2021 表二 wording) whose 表三 still prints （六）其他处理 as the 2019
// template's single row: the row is kept under the 2019 id t3.other.* (never in other.other, as it
// counts all three 2021 sub-rows), and the checks add it in place of the three.
TEST(StatisticsVariants, Edition2021WithThe2019SingleOtherRowKeepsThatRow) {
  std::vector<std::string> head = {"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"};
  Table t2 = {head, {"规章", "0", "0", "3"}, {"规范性文件", "2", "1", "14"}};
  Table t3 = {{"", "", "", "申请人情况"}, {"", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"}};
  auto row = [&t3](std::vector<std::string> label, std::vector<std::string> v) {
    label.insert(label.end(), v.begin(), v.end());
    t3.push_back(label);
  };
  const std::vector<std::string> zero = {"0", "0", "0", "0", "0", "0", "0"};
  row({"一、本年新收政府信息公开申请数量", "", ""}, {"10", "2", "0", "0", "0", "1", "13"});
  row({"二、上年结转政府信息公开申请数量", "", ""}, {"1", "0", "0", "0", "0", "0", "1"});
  row({"三、本年度办理结果", "（一）予以公开", ""}, {"6", "1", "0", "0", "0", "0", "7"});
  row({"三、本年度办理结果", "（二）部分公开", ""}, {"1", "0", "0", "0", "0", "0", "1"});
  for (const char* r :
       {"1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
        "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"})
    row({"三、本年度办理结果", "（三）不予公开", r}, zero);
  row({"三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"},
      {"2", "0", "0", "0", "0", "1", "3"});
  for (const char* r : {"2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"})
    row({"三、本年度办理结果", "（四）无法提供", r}, zero);
  for (const char* r : {"1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                        "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"})
    row({"三、本年度办理结果", "（五）不予处理", r}, zero);
  row({"三、本年度办理结果", "（六）其他处理", ""}, {"1", "1", "0", "0", "0", "0", "2"});
  row({"三、本年度办理结果", "（七）总计", ""}, {"10", "2", "0", "0", "0", "1", "13"});
  row({"四、结转下年度继续办理", "", ""}, {"1", "0", "0", "0", "0", "0", "1"});
  std::optional<Statistics> s = ReadStatistics({t2, t3}, "本年度共收到政府信息公开申请13件。\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->edition, "2021");
  Expected e;
  e["t2.regulations.made"] = 0, e["t2.regulations.repealed"] = 0, e["t2.regulations.in_force"] = 3;
  e["t2.normative.made"] = 2, e["t2.normative.repealed"] = 1, e["t2.normative.in_force"] = 14;
  for (const std::string& id : StatisticFieldIds("2021"))
    if (id.compare(0, 3, "t3.") == 0 && id.compare(0, 9, "t3.other.") != 0) e[id] = 0;
  SetRow(&e, "new", {10, 2, 0, 0, 0, 1, 13});
  SetRow(&e, "carried_in", {1, 0, 0, 0, 0, 0, 1});
  SetRow(&e, "granted", {6, 1, 0, 0, 0, 0, 7});
  SetRow(&e, "partly", {1, 0, 0, 0, 0, 0, 1});
  SetRow(&e, "unable.not_held", {2, 0, 0, 0, 0, 1, 3});
  SetRow(&e, "other", {1, 1, 0, 0, 0, 0, 2});
  SetRow(&e, "total", {10, 2, 0, 0, 0, 1, 13});
  SetRow(&e, "carried_over", {1, 0, 0, 0, 0, 0, 1});
  ExpectCells(*s, e);
  const StatisticCheck* sum = FindCheck(*s, "t3.total_sum.total");
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->status, StatisticCheck::Status::kPass) << sum->detail;
  EXPECT_NE(std::find(sum->cells.begin(), sum->cells.end(), "t3.other.total"), sum->cells.end());
  const StatisticCheck* row_sum = FindCheck(*s, "t3.column_sum.other");
  ASSERT_TRUE(row_sum);
  EXPECT_EQ(row_sum->status, StatisticCheck::Status::kPass) << row_sum->detail;
  EXPECT_FALSE(FindCheck(*s, "t3.column_sum.other.other"));
  EXPECT_FALSE(s->Failed());
  // The JSON lists the row too.
  ExtractInput input;
  std::string html = "<html><body><div class=content><h1>示例县2022年政府信息公开工作年度报告</h1><table>";
  for (const Table* t : {&t2, &t3}) {
    for (const auto& r : *t) {
      html += "<tr>";
      for (const std::string& c : r) html += "<td>" + c + "</td>";
      html += "</tr>";
    }
  }
  html += "</table><p>本年度共收到政府信息公开申请13件。</p></div></body></html>";
  input.bytes = html;
  Extraction x;
  Status status;
  ASSERT_TRUE((status = Extract(input, Options{}, &x)).ok()) << status.message();
  EXPECT_NE(ToJson(x).find("\"t3.other.total\":2"), std::string::npos);
}

// The checks write each sum as printed: nulls in brackets and counted as 0, a normalised print named
// on a FAIL, a side all null is NA (docs/statistics-schema.md, "Checks").
TEST(StatisticsChecks, DetailsNameNullsAndNormalisedPrints) {
  Table t4 = {{"行政复议", "", "", "", "", "行政诉讼"},
              {"1", "2①", "/", "0", "4", "/", "/", "/", "/", "5", "0", "0", "0", "0", "0"}};
  std::optional<Statistics> s = ReadStatistics({t4}, "");
  ASSERT_TRUE(s);
  const StatisticCheck* review = FindCheck(*s, "t4.sum.review");
  ASSERT_TRUE(review);
  EXPECT_EQ(review->status, StatisticCheck::Status::kFail);
  EXPECT_EQ(review->detail,
            "1 + 2 + (/) + 0 = 3 != 4; 1 null cell(s) counted as 0; check our reading of "
            "t4.review.corrected '2①'");
  EXPECT_EQ(review->cells,
            (std::vector<std::string>{"t4.review.upheld", "t4.review.corrected", "t4.review.other",
                                      "t4.review.pending", "t4.review.total"}));
  const StatisticCheck* direct = FindCheck(*s, "t4.sum.suit_direct");
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->status, StatisticCheck::Status::kNa);
  EXPECT_EQ(direct->detail, "not applicable: t4.suit_direct.upheld is null");
  const StatisticCheck* after = FindCheck(*s, "t4.sum.suit_after_review");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, StatisticCheck::Status::kPass);
  EXPECT_EQ(after->detail, "0 + 0 + 0 + 0 = 0 == 0");
  const StatisticCheck* quoted = FindCheck(*s, "text.review");
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->detail, "the text quotes no figure");
}

// stats::WordSet, which matches labels against the template's wording, skips along the text: it
// must find a word wherever find() does (any byte offset, overlapping words, words sharing their
// first character, bytes that are not UTF-8).
TEST(StatisticsWording, WordSetFindsWhatFindFinds) {
  static constexpr std::array<std::string_view, 6> kWords = {"其他处理", "其他",   "处理",
                                                             "行政复议", "复议后", "议后"};
  static constexpr stats::WordSet<kWords.size()> kSet(kWords);
  const std::vector<std::string> pieces = {"其", "他", "处理", "行政",     "复议",   "后",
                                           "x",  " ",  "\xE5", "\xE5\x85", "议后复", ""};
  std::size_t texts = 0;
  for (const std::string& a : pieces)
    for (const std::string& b : pieces)
      for (const std::string& c : pieces)
        for (const std::string& d : pieces) {
          const std::string text = a + b + c + d;
          std::uint64_t expected = 0;
          for (std::size_t k = 0; k < kWords.size(); ++k)
            if (text.find(kWords[k]) != std::string::npos) expected |= std::uint64_t{1} << k;
          ASSERT_EQ(kSet.In(text), expected) << text;
          ++texts;
        }
  EXPECT_EQ(texts, pieces.size() * pieces.size() * pieces.size() * pieces.size());
}

TEST(StatisticsVariants, ProseWithNumbersIsNotATable) {
  std::optional<Statistics> s = ReadStatistics(
      {},
      "一、总体情况\n2023年共办理行政复议案件 3 件，行政诉讼 1 件。\n全年发布信息 120 条 35 篇 12 次 4 场 9 期。\n");
  EXPECT_FALSE(s);
}

}  // namespace
}  // namespace gongkai::extract

namespace gongkai::extract {
namespace {

// --- The same report as a file: PDF, DOCX, DOC, OFD (tests/extract/data/files, made from the text) ---

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class StatisticsFiles : public ::testing::TestWithParam<const char*> {};

TEST_P(StatisticsFiles, Jinning2020ReadCellExactFromTheFilesGrids) {
  std::string bytes = ReadBytes(std::string(GONGKAI_EXTRACT_FILES_DIR) + "/" + GetParam());
  ASSERT_FALSE(bytes.empty()) << GetParam();
  ExtractInput input;
  input.bytes = bytes;
  Extraction e;
  Status status;
  bool ok = (status = Extract(input, Options{}, &e)).ok();
  // DOCX/DOC/OFD readers come with the file work; until they are in, those formats are skipped.
  if (!ok && std::string(GetParam()).find(".pdf") == std::string::npos)
    GTEST_SKIP() << "no reader for " << GetParam() << " yet: " << status.message();
  ASSERT_TRUE(ok) << GetParam() << ": " << status.message();
  EXPECT_EQ(e.report_year, 2020) << GetParam();
  EXPECT_EQ(e.agency, "昆明市晋宁区人民政府") << GetParam();
  ASSERT_TRUE(e.statistics) << GetParam() << ": " << e.tables.size() << " tables";
  EXPECT_EQ(e.statistics->edition, "2019");
  ExpectCells(*e.statistics, JinningExpected());
}

INSTANTIATE_TEST_SUITE_P(Formats, StatisticsFiles,
                         ::testing::Values("jinning-2020.pdf", "jinning-2020.docx", "jinning-2020.doc",
                                           "jinning-2020.ofd", "jinning-2020-borderless.pdf",
                                           "jinning-2020-wps.pdf"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = info.param;
                           // "jinning-2020-wps.pdf" -> "wps_pdf"
                           std::string stem = name.substr(0, name.rfind('.'));
                           std::string variant = stem.size() > 13 ? stem.substr(13) + "_" : "";
                           return variant + name.substr(name.rfind('.') + 1);
                         });

}  // namespace
}  // namespace gongkai::extract
