#include "json_records.h"

#include "storage/export.h"

namespace gongkai::app {
namespace {

nlohmann::json OrNull(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

nlohmann::json ParsedOr(const std::string& text, nlohmann::json fallback) {
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  return value.is_discarded() ? fallback : value;
}

}  // namespace

nlohmann::json CaptureJson(const storage::Capture& c) {
  return {{"capture_id", c.id},
          {"run_id", c.run_id},
          {"url", c.url},
          {"final_url", OrNull(c.final_url == c.url ? "" : c.final_url)},
          {"fetched_at", storage::FormatIsoTime(c.started_at_ms, true)},
          {"duration_ms", c.duration_ms},
          {"status", c.status},
          {"error_kind", OrNull(c.error_kind)},
          {"error_message", OrNull(c.error_message)},
          {"remote_ip", OrNull(c.remote_ip)},
          {"body_sha256", OrNull(c.body_sha256)},
          {"body_size", c.body_size},
          {"truncated", c.truncated},
          {"content_type", OrNull(c.content_type)},
          {"page_kind", storage::ToString(c.page_kind)},
          {"discovery", storage::ToString(c.discovery)},
          {"discovered_from_url", OrNull(c.discovered_from_url)},
          {"revisit_of", c.revisit_of == 0 ? nlohmann::json(nullptr) : nlohmann::json(c.revisit_of)},
          {"origin", c.origin}};
}

nlohmann::json ExtractionJson(const storage::ExtractionRecord& e, bool with_text) {
  nlohmann::json j = {
      {"title", e.title},
      {"published", OrNull(storage::FormatPublished(e.published))},
      {"source", OrNull(e.source)},
      {"site", OrNull(e.site)},
      {"column", OrNull(e.column)},
      {"charset", OrNull(e.charset)},
      {"extractor_version", e.extractor_version},
      {"extracted_at", storage::FormatIsoTime(e.extracted_at_ms, true)},
      {"text_bytes", e.text.size()},
      {"report_year", e.report_year > 0 ? nlohmann::json(e.report_year) : nlohmann::json(nullptr)},
      {"agency", OrNull(e.agency)},
      {"agency_source", OrNull(e.agency_source)}};
  if (with_text) {
    j["text"] = e.text;
    j["tables"] = ParsedOr(storage::TablesJsonText(e), nlohmann::json::array());
    j["attachments"] = ParsedOr(storage::AttachmentsJsonText(e), nlohmann::json::array());
  }
  return j;
}

std::string JsonLine(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace gongkai::app
