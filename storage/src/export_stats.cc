// The statistics exports: stats-csv (one row per report, one column per field id, the checks) and
// stats-long (report, field, value), and the JSONL `statistics` object.
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "storage/export.h"

namespace gongkai::storage {
namespace {

using nlohmann::ordered_json;

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char ch : value) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::string Number(double v) {
  char buf[48];
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

// A cell as a CSV value: the number, "NA" for not applicable, "" for an empty cell.
std::string CellValue(const StatisticCellRecord& c) {
  if (c.state == "number") return Number(c.value);
  return c.state == "na" ? "NA" : "";
}

Status StreamStatus(const std::ostream& out) {
  return out.good() ? Status::OK() : Status::IOError("writing the export failed (disk full?)");
}

// Reports that carry statistics tables, with the field ids to write.
Status Fields(Archive& archive, const ExportOptions& options, std::vector<std::string>* fields) {
  *fields = options.statistic_fields;
  if (!fields->empty()) return Status::OK();
  std::set<std::string> seen;
  Status status = archive.ForEachReport(options.filter, [&](const Report& r) {
    for (const StatisticCellRecord& c : r.extraction.statistic_cells) seen.insert(c.field);
    return true;
  });
  fields->assign(seen.begin(), seen.end());
  return status;
}

std::string Region(const ExportOptions& options, const Report& r) {
  auto it = options.seed_regions.find(r.seed);
  return it == options.seed_regions.end() ? "" : it->second;
}

}  // namespace

std::string StatisticsJsonText(const ExtractionRecord& e) {
  if (e.statistics_edition.empty()) return "null";
  ordered_json j;
  j["edition"] = e.statistics_edition;
  ordered_json cells = ordered_json::object();
  ordered_json empty = ordered_json::array();
  for (const StatisticCellRecord& c : e.statistic_cells) {
    if (c.state == "number") {
      if (std::fabs(c.value - std::round(c.value)) < 1e-9 && std::fabs(c.value) < 1e15)
        cells[c.field] = std::llround(c.value);
      else
        cells[c.field] = c.value;
    } else {
      cells[c.field] = nullptr;
      if (c.state == "empty") empty.push_back(c.field);
    }
  }
  j["cells"] = cells;
  j["empty"] = empty;
  ordered_json checks = ordered_json::array();
  for (const StatisticCheckRecord& c : e.statistic_checks)
    checks.push_back({{"rule", c.rule}, {"status", c.status}, {"detail", c.detail}, {"cells", c.cells}});
  j["checks"] = checks;
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

Status ExportStatsCsv(Archive& archive, const ExportOptions& options, std::ostream& out,
                      ExportResult* result) {
  *result = ExportResult();
  std::vector<std::string> fields;
  Status status = Fields(archive, options, &fields);
  if (!status.ok()) return status;
  std::string header = "capture_id,url,agency,region,site,report_year,edition";
  for (const std::string& f : fields) header += "," + f;
  header += ",checks_passed,checks_failed,checks_na,failed_rules\r\n";
  out << header;
  result->bytes += static_cast<int64_t>(header.size());
  status = archive.ForEachReport(options.filter, [&](const Report& r) {
    const ExtractionRecord& e = r.extraction;
    std::map<std::string, const StatisticCellRecord*> by_field;
    for (const StatisticCellRecord& c : e.statistic_cells) by_field[c.field] = &c;
    std::string line = std::to_string(r.capture.id) + "," + CsvField(r.capture.url) + "," +
                       CsvField(e.agency) + "," + CsvField(Region(options, r)) + "," +
                       CsvField(e.site.empty() ? r.seed : e.site) + "," +
                       (e.report_year > 0 ? std::to_string(e.report_year) : "") + "," + e.statistics_edition;
    for (const std::string& f : fields) {
      auto it = by_field.find(f);
      line += "," + (it == by_field.end() ? std::string() : CsvField(CellValue(*it->second)));
    }
    int passed = 0, failed = 0, na = 0;
    std::string failed_rules;
    for (const StatisticCheckRecord& c : e.statistic_checks) {
      if (c.status == "PASS")
        ++passed;
      else if (c.status == "FAIL")
        ++failed, failed_rules += (failed_rules.empty() ? "" : " ") + c.rule;
      else
        ++na;
    }
    line += "," + std::to_string(passed) + "," + std::to_string(failed) + "," + std::to_string(na) + "," +
            CsvField(failed_rules) + "\r\n";
    out << line;
    result->reports++;
    ReportDone(options, result);
    result->bytes += static_cast<int64_t>(line.size());
    return out.good();
  });
  if (!status.ok()) return status;
  if (options.progress) options.progress(*result);
  out.flush();
  return StreamStatus(out);
}

Status ExportStatsLong(Archive& archive, const ExportOptions& options, std::ostream& out,
                       ExportResult* result) {
  *result = ExportResult();
  const std::string header = "capture_id,url,report_year,agency,edition,field,state,value\r\n";
  out << header;
  result->bytes += static_cast<int64_t>(header.size());
  Status status = archive.ForEachReport(options.filter, [&](const Report& r) {
    const ExtractionRecord& e = r.extraction;
    if (e.statistic_cells.empty()) {
      ReportDone(options, result);
      return true;
    }
    std::string prefix = std::to_string(r.capture.id) + "," + CsvField(r.capture.url) + "," +
                         (e.report_year > 0 ? std::to_string(e.report_year) : "") + "," + CsvField(e.agency) +
                         "," + e.statistics_edition + ",";
    for (const StatisticCellRecord& c : e.statistic_cells) {
      std::string line = prefix + CsvField(c.field) + "," + c.state + "," + CellValue(c) + "\r\n";
      out << line;
      result->bytes += static_cast<int64_t>(line.size());
    }
    result->reports++;
    ReportDone(options, result);
    return out.good();
  });
  if (!status.ok()) return status;
  if (options.progress) options.progress(*result);
  out.flush();
  return StreamStatus(out);
}

}  // namespace gongkai::storage
