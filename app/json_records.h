// JSON views of archive records for the commands' --json output (show, search): one shape for a
// capture and one for an extraction, so scripts see the same field names everywhere. Times are
// ISO 8601: UTC with "Z", a report's publication time with +08:00 (storage::FormatPublished).
#pragma once

#include <nlohmann/json.hpp>

#include "storage/records.h"

namespace gongkai::app {

nlohmann::json CaptureJson(const storage::Capture& c);
// with_text: include the text, tables and attachments (else only the metadata and text_bytes).
nlohmann::json ExtractionJson(const storage::ExtractionRecord& e, bool with_text);

// One line of JSON; invalid UTF-8 in archived data is replaced, never an exception.
std::string JsonLine(const nlohmann::json& value);

}  // namespace gongkai::app
