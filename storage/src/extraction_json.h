// The JSON shapes of an extraction's tables and attachments: how the archive stores them (the
// extractions table's tables_zstd and attachments_json columns) and how the exports print them
// (docs/archive-format.md). Storage owns them; callers hand over and get back typed records.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "storage/records.h"

namespace gongkai::storage {

// Arrays of tables (each an array of rows of cells) and of attachment objects (keys in
// alphabetical order, fields of AttachmentRecord present as its flags say).
nlohmann::json TablesJson(const std::vector<TableRows>& tables);
nlohmann::json AttachmentsJson(const std::vector<AttachmentRecord>& attachments);

// The same as JSON text (invalid UTF-8 replaced by U+FFFD, never thrown).
std::string TablesToJsonText(const std::vector<TableRows>& tables);
std::string AttachmentsToJsonText(const std::vector<AttachmentRecord>& attachments);

// Reads what the functions above wrote. Text that is not such JSON gives empty lists (as an
// extraction with no tables or attachments); a cell that is not a string keeps its JSON text.
std::vector<TableRows> TablesFromJsonText(std::string_view text);
std::vector<AttachmentRecord> AttachmentsFromJsonText(std::string_view text);

}  // namespace gongkai::storage
