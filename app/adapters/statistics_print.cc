#include "adapters/statistics_print.h"

#include <cmath>
#include <cstdio>
#include <map>

#include "extract/statistics.h"

namespace gongkai::app {
namespace {

std::string Value(const storage::StatisticCellRecord* c) {
  if (c == nullptr) return "?";  // not read
  if (c->state == "na") return "/";
  if (c->state == "empty") return "_";
  char buf[48];
  if (std::fabs(c->value - std::round(c->value)) < 1e-9)
    std::snprintf(buf, sizeof buf, "%.0f", c->value);
  else
    std::snprintf(buf, sizeof buf, "%g", c->value);
  return buf;
}

std::string Pad(const std::string& s, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char ch : s) chars += (ch & 0xC0) != 0x80;
  return chars >= width ? s + " " : s + std::string(width - chars, ' ');
}

// "t3.refused.state_secret.natural" -> {"t3", "refused.state_secret", "natural"}
void Split(const std::string& id, std::string* table, std::string* row, std::string* column) {
  std::size_t first = id.find('.'), last = id.rfind('.');
  *table = id.substr(0, first);
  *row = id.substr(first + 1, last - first - 1);
  *column = id.substr(last + 1);
}

}  // namespace

void PrintStatistics(const storage::ExtractionRecord& e, std::ostream& out) {
  if (e.statistics_edition.empty()) {
    out << "statistics   none (no template table found)\n";
    return;
  }
  std::map<std::string, const storage::StatisticCellRecord*> cells;
  for (const auto& c : e.statistic_cells) cells[c.field] = &c;
  int pass = 0, fail = 0, na = 0;
  for (const auto& c : e.statistic_checks) (c.status == "PASS" ? pass : c.status == "FAIL" ? fail : na)++;
  out << "statistics   " << e.statistics_edition << " edition, " << e.statistic_cells.size()
      << " cells; checks " << pass << " PASS, " << fail << " FAIL, " << na
      << " NA  (/ not applicable, _ empty, ? not read)\n";
  // Rows in template order, each with its columns.
  std::vector<std::pair<std::string, std::vector<std::string>>> rows;
  for (const std::string& id : extract::StatisticFieldIds(e.statistics_edition)) {
    std::string table, row, column;
    Split(id, &table, &row, &column);
    std::string key = table + "." + row;
    if (rows.empty() || rows.back().first != key) rows.push_back({key, {}});
    rows.back().second.push_back(id);
  }
  std::string current;
  for (const auto& [key, ids] : rows) {
    std::string table = key.substr(0, 2);
    if (table != current) {
      current = table;
      out << (table == "t2"   ? "表二 主动公开政府信息情况\n"
              : table == "t3" ? "表三 收到和处理政府信息公开申请情况\n"
                              : "表四 行政复议、行政诉讼情况\n");
      if (table != "t2") {
        out << "  " << Pad("", 26);
        for (const std::string& id : ids) {
          std::string t, r, c;
          Split(id, &t, &r, &c);
          out << Pad(c, 10);
        }
        out << "\n";
      }
    }
    out << "  " << Pad(key.substr(3), 26);
    for (const std::string& id : ids) {
      auto it = cells.find(id);
      std::string t, r, c;
      Split(id, &t, &r, &c);
      out << Pad(table == "t2" ? c + "=" + Value(it == cells.end() ? nullptr : it->second)
                               : Value(it == cells.end() ? nullptr : it->second),
                 10);
    }
    out << "\n";
  }
  out << "checks\n";
  for (const char* status : {"FAIL", "NA", "PASS"})
    for (const auto& c : e.statistic_checks)
      if (c.status == status) out << "  " << Pad(c.status, 5) << Pad(c.rule, 28) << c.detail << "\n";
}

}  // namespace gongkai::app
