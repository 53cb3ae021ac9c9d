// JSONL and CSV exports: one report (current extraction + provenance) per line.
#include <nlohmann/json.hpp>

#include "storage/export.h"

namespace gongkai::storage {
namespace {

using nlohmann::json;

json ParseOr(const std::string& text, json fallback) {
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() ? fallback : value;
}

json ProvenanceJson(Archive& archive, const Capture& c, Status* status) {
  json chain = json::array();
  std::vector<Capture> captures;
  *status = archive.Provenance(c.id, &captures);
  if (status->ok()) {
    for (const Capture& step : captures) {
      chain.push_back({{"url", step.url}, {"capture_id", step.id}, {"status", step.status},
                       {"fetched_at", FormatIsoTime(step.started_at_ms, true)},
                       {"discovery", ToString(step.discovery)}});
    }
  }
  return {{"capture_id", c.id},         {"url", c.url},
          {"final_url", c.final_url},   {"status", c.status},
          {"fetched_at", FormatIsoTime(c.started_at_ms, true)},
          {"body_sha256", c.body_sha256}, {"body_size", c.body_size},
          {"remote_ip", c.remote_ip},   {"run_id", c.run_id},
          {"origin", c.origin},         {"chain", chain}};
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char ch : value) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

Status StreamStatus(const std::ostream& out) {
  return out.good() ? Status::OK() : Status::IOError("writing the export failed (disk full?)");
}

}  // namespace

Status ExportJsonl(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result) {
  *result = ExportResult();
  Status provenance;
  Status status = archive.ForEachReport(options.filter, [&](const Report& r) {
    const ExtractionRecord& e = r.extraction;
    json chain = ProvenanceJson(archive, r.capture, &provenance);
    if (!provenance.ok()) return false;  // damage on the chain stops the export, never a hole
    json line = {{"title", e.title},
                 {"published", e.published.empty() ? json(nullptr) : json(e.published)},
                 {"source", e.source},
                 {"site", e.site},
                 {"seed", r.seed},
                 {"column", e.column},
                 {"text", e.text},
                 {"tables", ParseOr(e.tables_json, json::array())},
                 {"attachments", ParseOr(e.attachments_json, json::array())},
                 {"extractor_version", e.extractor_version},
                 {"extracted_at", FormatIsoTime(e.extracted_at_ms, true)},
                 {"provenance", chain}};
    std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
    out << text << '\n';
    result->reports++;
    result->bytes += static_cast<int64_t>(text.size()) + 1;
    return out.good();
  });
  if (status.ok()) status = provenance;
  if (!status.ok()) return status;
  out.flush();
  return StreamStatus(out);
}

Status ExportCsv(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result) {
  *result = ExportResult();
  out << "capture_id,url,title,published,source,site,column,fetched_at,status,body_sha256,"
         "extractor_version\r\n";
  Status status = archive.ForEachReport(options.filter, [&](const Report& r) {
    const ExtractionRecord& e = r.extraction;
    const Capture& c = r.capture;
    out << c.id << ',' << CsvField(c.url) << ',' << CsvField(e.title) << ',' << CsvField(e.published)
        << ',' << CsvField(e.source) << ',' << CsvField(e.site) << ',' << CsvField(e.column) << ','
        << FormatIsoTime(c.started_at_ms) << ',' << c.status << ',' << c.body_sha256 << ','
        << CsvField(e.extractor_version) << "\r\n";
    result->reports++;
    return out.good();
  });
  if (!status.ok()) return status;
  out.flush();
  return StreamStatus(out);
}

}  // namespace gongkai::storage
