// Renderings of an Extraction: JSON (the `gongkai extract --format json` contract), text, Markdown.
#include <nlohmann/json.hpp>

#include "extract/extractor.h"
#include "statistics_internal.h"

namespace gongkai::extract {

std::string ToJson(const Extraction& e) {
  nlohmann::ordered_json j;
  j["title"] = e.title;
  j["published"] = e.published ? nlohmann::ordered_json(*e.published) : nlohmann::ordered_json(nullptr);
  j["source"] = e.source;
  j["site"] = e.site;
  j["column"] = e.column;
  j["text"] = e.text;
  j["tables"] = e.tables;
  nlohmann::ordered_json attachments = nlohmann::ordered_json::array();
  for (const Attachment& a : e.attachments) attachments.push_back({{"name", a.name}, {"url", a.url}});
  j["attachments"] = attachments;
  j["charset"] = e.charset;
  j["charset_declared"] = e.charset_declared;
  j["extractor_version"] = e.extractor_version;
  j["report_year"] = e.report_year ? nlohmann::ordered_json(*e.report_year) : nlohmann::ordered_json(nullptr);
  j["agency"] = e.agency;
  j["agency_source"] = e.agency_source;
  j["statistics"] = e.statistics ? stats::StatisticsJson(*e.statistics) : nlohmann::ordered_json(nullptr);
  j["format"] = e.format;
  j["pages"] = e.pages;
  j["ocr"] = e.ocr;
  if (e.ocr) j["ocr_confidence"] = e.ocr_confidence;
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string ToText(const Extraction& e) {
  std::string out = e.title + "\n";
  if (e.published) out += *e.published + "\n";
  out += "\n" + e.text;
  if (!e.text.empty()) out += "\n";
  return out;
}

namespace {

std::string EscapeCell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}

void AppendTable(const Table& t, std::string* out) {
  if (t.empty()) return;
  for (std::size_t r = 0; r < t.size(); ++r) {
    *out += "|";
    for (const auto& cell : t[r]) *out += " " + EscapeCell(cell) + " |";
    *out += "\n";
    if (r == 0) {
      *out += "|";
      for (std::size_t c = 0; c < t[r].size(); ++c) *out += " --- |";
      *out += "\n";
    }
  }
}

}  // namespace

std::string ToMarkdown(const Extraction& e) {
  std::string out = "# " + e.title + "\n\n";
  if (e.published) out += "*" + *e.published + "*\n\n";
  std::size_t start = 0;
  int last_table = -1;
  for (std::size_t i = 0; start <= e.text.size() && i < e.lines.size(); ++i) {
    std::size_t nl = e.text.find('\n', start);
    std::string line = e.text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? e.text.size() + 1 : nl + 1;
    const TextLine& tl = e.lines[i];
    if (tl.kind == TextLine::Kind::kTableRow) {
      if (tl.table != last_table && tl.table >= 0 && tl.table < static_cast<int>(e.tables.size())) {
        AppendTable(e.tables[tl.table], &out);
        out += "\n";
      }
      last_table = tl.table;
      continue;
    }
    last_table = -1;
    if (tl.kind == TextLine::Kind::kHeading)
      out += std::string(std::min(6, tl.level + 1), '#') + " " + line + "\n\n";
    else if (tl.kind == TextLine::Kind::kListItem)
      out += "- " + line + "\n";
    else
      out += line + "\n\n";
  }
  return out;
}

}  // namespace gongkai::extract
