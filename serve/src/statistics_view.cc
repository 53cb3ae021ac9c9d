// The statistics section of the report view (see statistics_view.h).
#include "statistics_view.h"

#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <vector>

#include "extract/statistics.h"
#include "html.h"

namespace gongkai::serve {
namespace {

struct Label {
  const char* id;
  const char* text;
};

// 表三's rows as the template prints them (docs/statistics-schema.md).
const Label kT3Rows[] = {
    {"new", "一、本年新收政府信息公开申请数量"},
    {"carried_in", "二、上年结转政府信息公开申请数量"},
    {"granted", "三（一）予以公开"},
    {"partly", "三（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
    {"refused.state_secret", "三（三）不予公开 1.属于国家秘密"},
    {"refused.law_forbidden", "2.其他法律行政法规禁止公开"},
    {"refused.three_safety", "3.危及“三安全一稳定”"},
    {"refused.third_party", "4.保护第三方合法权益"},
    {"refused.internal_affairs", "5.属于三类内部事务信息"},
    {"refused.process_info", "6.属于四类过程性信息"},
    {"refused.enforcement_file", "7.属于行政执法案卷"},
    {"refused.query_item", "8.属于行政查询事项"},
    {"unable.not_held", "三（四）无法提供 1.本机关不掌握相关政府信息"},
    {"unable.needs_creation", "2.没有现成信息需要另行制作"},
    {"unable.unclear", "3.补正后申请内容仍不明确"},
    {"not_handled.petition", "三（五）不予处理 1.信访举报投诉类申请"},
    {"not_handled.repeat", "2.重复申请"},
    {"not_handled.publication", "3.要求提供公开出版物"},
    {"not_handled.massive", "4.无正当理由大量反复申请"},
    {"not_handled.confirm", "5.要求行政机关确认或重新出具已获取信息"},
    {"other.no_correction", "三（六）其他处理 1.申请人无正当理由逾期不补正"},
    {"other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用"},
    {"other.other", "3.其他"},
    {"other", "三（六）其他处理"},
    {"total", "三（七）总计"},
    {"carried_over", "四、结转下年度继续办理"},
};
const Label kT3Columns[] = {{"natural", "自然人"},      {"business", "商业企业"},  {"research", "科研机构"},
                            {"social", "社会公益组织"}, {"legal", "法律服务机构"}, {"other_org", "其他"},
                            {"total", "总计"}};
const Label kT2Rows[] = {
    {"regulations", "第二十条第（一）项 规章"},    {"normative", "规范性文件"},
    {"licensing", "第二十条第（五）项 行政许可"},  {"other_services", "其他对外管理服务事项"},
    {"punishment", "第二十条第（六）项 行政处罚"}, {"coercion", "行政强制"},
    {"fees", "第二十条第（八）项 行政事业性收费"}, {"procurement", "第二十条第（九）项 政府集中采购"},
};
const Label kT2Columns[] = {
    {"made", "本年制发/新制作"},
    {"repealed", "本年废止"},
    {"in_force", "现行有效"},
    {"published", "本年新公开"},
    {"total_published", "对外公开总数"},
    {"prev_items", "上一年项目数量"},
    {"change", "本年增/减"},
    {"decisions", "处理决定数量"},
    {"items", "采购项目数量"},
    {"amount_10k_yuan", "金额（万元）"},
};
const Label kT4Kinds[] = {{"review", "行政复议"},
                          {"suit_direct", "行政诉讼 未经复议直接起诉"},
                          {"suit_after_review", "行政诉讼 复议后起诉"}};
const Label kT4Outcomes[] = {{"upheld", "结果维持"},
                             {"corrected", "结果纠正"},
                             {"other", "其他结果"},
                             {"pending", "尚未审结"},
                             {"total", "总计"}};

template <size_t N>
std::string LabelOf(const Label (&labels)[N], const std::string& id) {
  for (const Label& l : labels) {
    if (id == l.id) return l.text;
  }
  return id;
}

// Integers as integers; other numbers in their shortest exact form (610.6988).
std::string FormatNumber(double v) {
  char buf[64];
  auto [end, ec] = std::fabs(v) < 1e15 && v == std::floor(v)
                       ? std::to_chars(buf, buf + sizeof(buf), static_cast<long long>(v))
                       : std::to_chars(buf, buf + sizeof(buf), v);
  return ec == std::errc() ? std::string(buf, end) : std::string("?");
}

class Cells {
 public:
  explicit Cells(const storage::ExtractionRecord& e) {
    for (const storage::StatisticCellRecord& c : e.statistic_cells) cells_[c.field] = &c;
    for (const storage::StatisticCheckRecord& check : e.statistic_checks) {
      if (check.status != "FAIL") continue;
      for (const std::string& id : check.cells) failing_[id].push_back(check.rule);
    }
  }

  // One <td>: the value as read, its field id and print in the title, the FAIL rules naming it.
  std::string Td(const std::string& id) const {
    std::string cls = "v", text, title = id;
    auto it = cells_.find(id);
    if (it == cells_.end()) {
      cls += " absent";
      text = "·";
      title += ": not read";
    } else if (it->second->state == "number") {
      text = FormatNumber(it->second->value);
      if (it->second->raw != text) title += ", printed '" + it->second->raw + "'";
    } else if (it->second->state == "na") {
      cls += " na";
      text = "/";
      title += ": not applicable, printed '" + it->second->raw + "'";
    } else {
      cls += " empty";
      title += ": printed blank";
    }
    auto f = failing_.find(id);
    if (f != failing_.end()) {
      cls += " fail";
      for (const std::string& rule : f->second) title += "; FAIL " + rule;
    }
    return "<td class=\"" + cls + "\" data-field=\"" + Escape(id) + "\" title=\"" + Escape(title) + "\">" +
           Escape(text) + "</td>";
  }

 private:
  std::map<std::string, const storage::StatisticCellRecord*> cells_;
  std::map<std::string, std::vector<std::string>> failing_;
};

// "t3.refused.state_secret.natural" -> {"refused.state_secret", "natural"}.
std::pair<std::string, std::string> RowAndColumn(const std::string& id) {
  const size_t first = id.find('.'), last = id.rfind('.');
  if (first == std::string::npos || last == first) return {id, ""};
  return {id.substr(first + 1, last - first - 1), id.substr(last + 1)};
}

std::string Table2(const std::vector<std::string>& ids, const Cells& cells) {
  std::vector<std::string> rows;
  std::map<std::string, std::vector<std::string>> columns;
  for (const std::string& id : ids) {
    if (id.rfind("t2.", 0) != 0) continue;
    auto [row, column] = RowAndColumn(id);
    if (columns.count(row) == 0) rows.push_back(row);
    columns[row].push_back(column);
  }
  std::string h = "<h3>表二 主动公开政府信息情况</h3><table class=\"stats t2\">";
  for (const std::string& row : rows) {
    h += "<tr><th>" + Escape(LabelOf(kT2Rows, row)) + "</th>";
    for (const std::string& column : columns[row]) {
      h += "<th class=\"col\">" + Escape(LabelOf(kT2Columns, column)) + "</th>" +
           cells.Td("t2." + row + "." + column);
    }
    h += "</tr>";
  }
  return h + "</table>";
}

std::string Table3(const std::vector<std::string>& ids, const Cells& cells) {
  std::vector<std::string> rows;
  std::set<std::string> seen;
  for (const std::string& id : ids) {
    if (id.rfind("t3.", 0) != 0) continue;
    const std::string row = RowAndColumn(id).first;
    if (seen.insert(row).second) rows.push_back(row);
  }
  std::string h =
      "<h3>表三 收到和处理政府信息公开申请情况</h3><table class=\"stats t3\"><tr><th>申请情况</th>";
  for (const Label& c : kT3Columns) h += "<th class=\"col\">" + Escape(c.text) + "</th>";
  h += "</tr>";
  for (const std::string& row : rows) {
    h += "<tr><th>" + Escape(LabelOf(kT3Rows, row)) + "</th>";
    for (const Label& c : kT3Columns) h += cells.Td("t3." + row + "." + c.id);
    h += "</tr>";
  }
  return h + "</table>";
}

std::string Table4(const Cells& cells) {
  std::string h = "<h3>表四 政府信息公开行政复议、行政诉讼情况</h3><table class=\"stats t4\"><tr><th></th>";
  for (const Label& o : kT4Outcomes) h += "<th class=\"col\">" + Escape(o.text) + "</th>";
  h += "</tr>";
  for (const Label& k : kT4Kinds) {
    h += "<tr><th>" + Escape(k.text) + "</th>";
    for (const Label& o : kT4Outcomes) h += cells.Td(std::string("t4.") + k.id + "." + o.id);
    h += "</tr>";
  }
  return h + "</table>";
}

std::string CheckRows(const std::vector<storage::StatisticCheckRecord>& checks, const char* status) {
  std::string h;
  for (const storage::StatisticCheckRecord& c : checks) {
    if (c.status != status) continue;
    std::string ids;
    for (const std::string& id : c.cells) ids += (ids.empty() ? "" : " ") + id;
    h += "<tr class=\"check\" data-rule=\"" + Escape(c.rule) + "\"><td>" + Escape(c.rule) +
         "</td><td class=\"" + Escape(c.status) + "\">" + Escape(c.status) + "</td><td class=\"numbers\">" +
         Escape(c.detail) + "</td><td class=\"cells\">" + Escape(ids) + "</td></tr>";
  }
  return h;
}

// The FAILs in the open (what a reader must look at), the PASSes and NAs folded.
std::string Checks(const std::vector<storage::StatisticCheckRecord>& checks, int fail, int pass, int na) {
  const char kHeader[] = "<tr><th>rule</th><th>result</th><th>numbers</th><th>cells</th></tr>";
  std::string h = "<h3>校验 checks</h3>";
  if (fail > 0)
    h += "<table class=\"checks failing\">" + std::string(kHeader) + CheckRows(checks, "FAIL") + "</table>";
  else
    h += "<p class=\"ok\">No check fails.</p>";
  if (pass + na > 0) {
    h += "<details><summary>" + std::to_string(pass) + " PASS · " + std::to_string(na) +
         " NA</summary><table class=\"checks\">" + kHeader + CheckRows(checks, "PASS") +
         CheckRows(checks, "NA") + "</table></details>";
  }
  return h;
}

}  // namespace

std::string StatisticsHtml(const storage::ExtractionRecord& e) {
  if (e.statistics_edition.empty()) return "";
  int pass = 0, fail = 0, na = 0;
  for (const storage::StatisticCheckRecord& c : e.statistic_checks) {
    (c.status == "PASS" ? pass : c.status == "FAIL" ? fail : na)++;
  }
  const std::vector<std::string>& ids = extract::StatisticFieldIds(e.statistics_edition);
  Cells cells(e);
  std::string h = "<section id=\"statistics\"><h2>统计表 statistics</h2><p class=\"summary\">" +
                  Escape(e.statistics_edition) + " edition of the template (" +
                  (e.statistics_edition == "2019" ? "国办公开办函〔2019〕60号" : "国办公开办函〔2021〕30号") +
                  "): " + std::to_string(e.statistic_cells.size()) + " of " + std::to_string(ids.size()) +
                  " cells read. Checks: <span class=\"ok\">" + std::to_string(pass) +
                  " PASS</span>, <span class=\"bad\">" + std::to_string(fail) + " FAIL</span>, " +
                  std::to_string(na) +
                  " NA. '/' is not applicable (never 0), a blank cell was printed blank, '·' was not read; "
                  "cells a failing check names are outlined. Hover a cell for its field id and print.</p>";
  h += Table2(ids, cells) + Table3(ids, cells) + Table4(cells) + Checks(e.statistic_checks, fail, pass, na);
  return h + "</section>";
}

namespace {

// A cell as the grid shows it, with its print: "12", "/ ('—')", "(blank)", "" when absent.
std::string CellText(const storage::StatisticCellRecord* c) {
  if (c == nullptr) return "";
  if (c->state == "number") {
    const std::string v = FormatNumber(c->value);
    return c->raw == v ? v : v + " ('" + c->raw + "')";
  }
  if (c->state == "na") return "/ ('" + c->raw + "')";
  return "(blank)";
}

}  // namespace

std::string StatisticsDiffHtml(const storage::ExtractionRecord& before,
                               const storage::ExtractionRecord& after) {
  if (before.statistics_edition.empty() && after.statistics_edition.empty()) return "";
  std::string rows;
  int changed = 0;
  auto row = [&](const std::string& what, const std::string& a, const std::string& b) {
    ++changed;
    rows += "<tr data-field=\"" + Escape(what) + "\"><td>" + Escape(what) + "</td><td class=\"del\">" +
            (a.empty() ? "-" : Escape(a)) + "</td><td class=\"add\">" + (b.empty() ? "-" : Escape(b)) +
            "</td></tr>";
  };
  if (before.statistics_edition != after.statistics_edition)
    row("edition", before.statistics_edition, after.statistics_edition);
  std::map<std::string, std::pair<const storage::StatisticCellRecord*, const storage::StatisticCellRecord*>>
      cells;
  for (const storage::StatisticCellRecord& c : before.statistic_cells) cells[c.field].first = &c;
  for (const storage::StatisticCellRecord& c : after.statistic_cells) cells[c.field].second = &c;
  for (const auto& [field, pair] : cells) {
    const std::string a = CellText(pair.first), b = CellText(pair.second);
    if (a != b) row(field, a, b);
  }
  std::map<std::string, std::pair<std::string, std::string>> checks;
  for (const storage::StatisticCheckRecord& c : before.statistic_checks) checks[c.rule].first = c.status;
  for (const storage::StatisticCheckRecord& c : after.statistic_checks) checks[c.rule].second = c.status;
  for (const auto& [rule, pair] : checks) {
    if (pair.first != pair.second) row("check " + rule, pair.first, pair.second);
  }
  std::string h = "<h2 id=\"statistics-diff\">统计表差异 statistics</h2>";
  if (changed == 0) return h + "<p>The statistics are the same: every cell and every check.</p>";
  return h + "<p>" + std::to_string(changed) +
         " differences.</p><table class=\"stats-diff\"><tr><th>field</th><th>before</th><th>after</th></tr>" +
         rows + "</table>";
}

}  // namespace gongkai::serve
