// JSONL and CSV exports: one report (current extraction + provenance) per line.
#include <iconv.h>

#include <cerrno>
#include <nlohmann/json.hpp>
#include <sstream>

#include "extraction_json.h"
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
      chain.push_back({{"url", step.url},
                       {"capture_id", step.id},
                       {"status", step.status},
                       {"fetched_at", FormatIsoTime(step.started_at_ms, true)},
                       {"discovery", ToString(step.discovery)}});
    }
  }
  return {{"capture_id", c.id},
          {"url", c.url},
          {"final_url", c.final_url},
          {"status", c.status},
          {"fetched_at", FormatIsoTime(c.started_at_ms, true)},
          {"body_sha256", c.body_sha256},
          {"body_size", c.body_size},
          {"remote_ip", c.remote_ip},
          {"run_id", c.run_id},
          {"origin", c.origin},
          {"chain", chain}};
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
                 {"published", e.published.empty() ? json(nullptr) : json(FormatPublished(e.published))},
                 {"source", e.source},
                 {"site", e.site},
                 {"seed", r.seed},
                 {"column", e.column},
                 {"text", e.text},
                 {"tables", TablesJson(e.tables)},
                 {"attachments", AttachmentsJson(e.attachments)},
                 {"report_year", e.report_year > 0 ? json(e.report_year) : json(nullptr)},
                 {"agency", e.agency},
                 {"statistics", ParseOr(StatisticsJsonText(e), json::object())},
                 {"extractor_version", e.extractor_version},
                 {"extracted_at", FormatIsoTime(e.extracted_at_ms, true)},
                 {"provenance", chain}};
    std::string text = line.dump(-1, ' ', false, json::error_handler_t::replace);
    out << text << '\n';
    result->reports++;
    ReportDone(options, result);
    result->bytes += static_cast<int64_t>(text.size()) + 1;
    return out.good();
  });
  if (status.ok()) status = provenance;
  if (!status.ok()) return status;
  if (options.progress) options.progress(*result);
  out.flush();
  return StreamStatus(out);
}

// Writes CSV lines in the export's encoding: UTF-8 as is, or GB18030 through iconv (a byte that is
// not UTF-8 becomes '?').
class CsvEncoder {
 public:
  explicit CsvEncoder(bool gb18030)
      : cd_(gb18030 ? iconv_open("GB18030", "UTF-8") : reinterpret_cast<iconv_t>(-1)) {}
  ~CsvEncoder() {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
  }
  CsvEncoder(const CsvEncoder&) = delete;
  CsvEncoder& operator=(const CsvEncoder&) = delete;

  void Write(std::ostream& out, const std::string& utf8) {
    if (cd_ == reinterpret_cast<iconv_t>(-1)) {
      out << utf8;
      return;
    }
    std::string encoded(utf8.size() * 2 + 16, '\0');  // GB18030: at most 2 bytes per UTF-8 byte
    char* in = const_cast<char*>(utf8.data());
    size_t in_left = utf8.size();
    char* to = encoded.data();
    size_t to_left = encoded.size();
    while (in_left > 0) {
      if (iconv(cd_, &in, &in_left, &to, &to_left) != static_cast<size_t>(-1)) break;
      if (errno == E2BIG) break;  // cannot happen with 2x room; stop rather than loop
      ++in;                       // EILSEQ / EINVAL: skip the bad byte
      --in_left;
      if (to_left > 0) {
        *to++ = '?';
        --to_left;
      }
    }
    out.write(encoded.data(), static_cast<std::streamsize>(encoded.size() - to_left));
  }
  bool ok(bool gb18030) const { return !gb18030 || cd_ != reinterpret_cast<iconv_t>(-1); }

 private:
  iconv_t cd_;
};

Status ExportCsv(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result) {
  *result = ExportResult();
  const bool gb18030 = options.csv_encoding == "gb18030";
  if (!gb18030 && options.csv_encoding != "utf-8") {
    return Status::InvalidArgument("CSV encoding '" + options.csv_encoding + "': use utf-8 or gb18030");
  }
  if (gb18030 && options.csv_bom) return Status::InvalidArgument("a byte order mark is for UTF-8 CSV only");
  CsvEncoder encoder(gb18030);
  if (!encoder.ok(gb18030)) return Status::IOError("iconv cannot convert UTF-8 to GB18030 on this system");
  if (options.csv_bom) out << "\xEF\xBB\xBF";
  encoder.Write(out,
                "capture_id,url,title,published,source,site,column,fetched_at,status,body_sha256,"
                "extractor_version\r\n");
  Status status = archive.ForEachReport(options.filter, [&](const Report& r) {
    const ExtractionRecord& e = r.extraction;
    const Capture& c = r.capture;
    std::ostringstream line;
    line << c.id << ',' << CsvField(c.url) << ',' << CsvField(e.title) << ','
         << CsvField(FormatPublished(e.published)) << ',' << CsvField(e.source) << ',' << CsvField(e.site)
         << ',' << CsvField(e.column) << ',' << FormatIsoTime(c.started_at_ms) << ',' << c.status << ','
         << c.body_sha256 << ',' << CsvField(e.extractor_version) << "\r\n";
    encoder.Write(out, line.str());
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
