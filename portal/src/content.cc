#include "content.h"

#include "embedded.h"
#include "report_files.h"
#include "stat_tables.h"
#include "util.h"

namespace gongkai::portal {
namespace {

const std::vector<std::string> kFocus = {"优化营商环境", "重大建设项目", "公共资源配置", "社会公益事业建设",
                                         "财政预决算",   "疫情防控",     "乡村振兴",     "生态环境保护"};
const std::vector<std::string> kChannels = {"政府门户网站", "政务新媒体",           "政府公报",
                                            "政务服务中心", "档案馆和图书馆查阅点", "新闻发布会"};
const std::vector<std::string> kMeasures = {"规范政府信息公开指南和目录", "完善保密审查机制",
                                            "加强政策解读和回应关切",     "推进基层政务公开标准化规范化",
                                            "强化政府网站内容保障",       "开展政务公开业务培训"};

bool IsHeading(const std::string& line) {
  static const std::vector<std::string> kNumerals = {"一、", "二、", "三、", "四、", "五、", "六、", "七、"};
  for (const auto& n : kNumerals) {
    if (line.rfind(n, 0) == 0 && line.size() < 120) return true;
  }
  return false;
}

std::vector<Cell> SplitRow(const std::string& line) {
  std::vector<Cell> cells;
  size_t start = 0;
  while (true) {
    size_t bar = line.find(" |", start);
    std::string cell = line.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    while (!cell.empty() && (cell.front() == ' ' || cell.front() == '|')) cell.erase(0, 1);
    while (!cell.empty() && cell.back() == ' ') cell.pop_back();
    cells.push_back({cell});
    if (bar == std::string::npos) break;
    start = bar + 2;
  }
  while (!cells.empty() && cells.back().text.empty()) cells.pop_back();
  return cells;
}

void AppendExample(const std::string& name, std::vector<Block>* blocks) {
  for (const std::string& line : Lines(EmbeddedText(name))) {
    if (line.find(" |") != std::string::npos) {
      if (blocks->empty() || blocks->back().kind != Block::Kind::kTable) {
        blocks->push_back({Block::Kind::kTable, "", {}});
      }
      blocks->back().rows.push_back(SplitRow(line));
    } else {
      blocks->push_back({IsHeading(line) ? Block::Kind::kHeading : Block::Kind::kParagraph, line, {}});
    }
  }
}

std::string Intro(const SiteModel& site, const ReportModel& r) {
  const std::string org = site.spec.name + r.dept;
  const std::string y = std::to_string(r.year);
  return "本报告根据《中华人民共和国政府信息公开条例》要求，由" + org +
         "编制。全文包括总体情况、主动公开政府信息情况、"
         "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
         "本报告所列数据的统计期限自" +
         y + "年1月1日起至" + y + "年12月31日止。如对本报告有疑问，请与" + org + "联系（地址：" +
         site.address + "；邮编：" + site.zip + "；电话：" + site.phone + "）。";
}

std::string Generated(const SiteModel& site, const ReportModel& r, Rng& rng) {
  const std::string org = site.spec.name + r.dept;
  return std::to_string(r.year) + "年，" + org + "围绕" + rng.Pick(kFocus) + "等重点领域，通过" +
         rng.Pick(kChannels) + "主动公开政府信息" + std::to_string(rng.Uniform(40, 900)) + "条，并" +
         rng.Pick(kMeasures) + "，政务公开质量和实效持续提升。";
}

std::string Closing(const SiteModel& site, const ReportModel& r, Rng& rng) {
  return std::to_string(r.year + 1) + "年，" + site.spec.name + r.dept + "将继续" + rng.Pick(kMeasures) +
         "，着力" + rng.Pick(kMeasures) + "，不断提高政府信息公开工作水平。";
}

}  // namespace

std::vector<Block> ReportBlocks(const SiteModel& site, const ReportModel& report, int revision) {
  if (!report.file.empty()) return FileReportBlocks(report);
  Rng rng(report.seed);
  std::vector<Block> blocks;
  blocks.push_back({Block::Kind::kParagraph, Intro(site, report), {}});
  std::vector<Block> example;
  AppendExample(report.example, &example);
  if (report.stats_table) ReplaceStatTables(report, &example);
  bool inserted = false;
  for (Block& b : example) {
    blocks.push_back(std::move(b));
    if (!inserted && blocks.back().kind == Block::Kind::kHeading) {
      blocks.push_back({Block::Kind::kParagraph, Generated(site, report, rng), {}});
      inserted = true;
    }
  }
  if (!inserted) blocks.push_back({Block::Kind::kParagraph, Generated(site, report, rng), {}});
  blocks.push_back({Block::Kind::kParagraph, Closing(site, report, rng), {}});
  if (revision > 0) {
    blocks.push_back({Block::Kind::kParagraph,
                      "（本报告第" + std::to_string(revision) + "次修订：更正了部分统计数据，修订编号" +
                          std::to_string(Rng(report.seed + revision).Uniform(1000, 9999)) + "。）",
                      {}});
  }
  return blocks;
}

std::vector<Block> PageBodyBlocks(const SiteModel& site, const ReportModel& report, int revision) {
  return report.file.empty() ? ReportBlocks(site, report, revision) : FilePageBlocks();
}

std::string BlocksToText(const std::vector<Block>& blocks) {
  std::string out;
  for (const Block& b : blocks) {
    if (b.kind != Block::Kind::kTable) {
      out += b.text + "\n";
      continue;
    }
    for (const auto& row : b.rows) {
      for (size_t i = 0; i < row.size(); ++i) out += (i ? " | " : "") + row[i].text;
      out += "\n";
    }
  }
  return out;
}

std::string BlocksToHtml(const std::vector<Block>& blocks, const std::string& paragraph_open) {
  std::string out;
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::kHeading) {
      out += paragraph_open + "<strong>" + HtmlEscape(b.text) + "</strong></p>\n";
    } else if (b.kind == Block::Kind::kParagraph) {
      out += paragraph_open + HtmlEscape(b.text) + "</p>\n";
    } else {
      out +=
          "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" style=\"border-collapse:collapse;\" width=\"100%\"><tbody>\n";
      for (const auto& row : b.rows) {
        out += "<tr>";
        for (const Cell& c : row) {
          out += "<td";
          if (c.rowspan > 1) out += " rowspan=\"" + std::to_string(c.rowspan) + "\"";
          if (c.colspan > 1) out += " colspan=\"" + std::to_string(c.colspan) + "\"";
          out += " valign=\"center\"><p align=\"center\">" + HtmlEscape(c.text) + "</p></td>";
        }
        out += "</tr>\n";
      }
      out += "</tbody></table>\n";
    }
  }
  return out;
}

std::string Utf8Prefix(const std::string& text, size_t n) {
  size_t i = 0, count = 0;
  while (i < text.size() && count < n) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++count;
  }
  return text.substr(0, i);
}

std::vector<std::string> BodySnippets(const std::vector<Block>& blocks) {
  constexpr size_t kSnippetChars = 24;
  std::vector<std::string> out;
  std::vector<const Block*> paragraphs;
  const Block* table = nullptr;
  for (const Block& b : blocks) {
    if (b.kind == Block::Kind::kParagraph) paragraphs.push_back(&b);
    if (b.kind == Block::Kind::kTable && table == nullptr) table = &b;
  }
  if (paragraphs.empty()) return out;
  out.push_back(Utf8Prefix(paragraphs.front()->text, kSnippetChars));
  out.push_back(Utf8Prefix(paragraphs[paragraphs.size() / 2]->text, kSnippetChars));
  out.push_back(Utf8Prefix(paragraphs.back()->text, kSnippetChars));
  if (table != nullptr && table->rows.size() > 1) out.push_back(table->rows[1].front().text);
  return out;
}

}  // namespace gongkai::portal
