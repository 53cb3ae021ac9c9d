// JSON shapes of tables and attachments (extraction_json.h).
#include "extraction_json.h"

#include "storage/export.h"

namespace gongkai::storage {
namespace {

using json = nlohmann::json;

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<TableRows> TablesOf(const json& tables) {
  std::vector<TableRows> out;
  if (!tables.is_array()) return out;
  for (const json& table : tables) {
    TableRows rows;
    if (table.is_array()) {
      for (const json& row : table) {
        std::vector<std::string>& cells = rows.emplace_back();
        if (!row.is_array()) continue;
        for (const json& cell : row) cells.push_back(cell.is_string() ? cell.get<std::string>() : Dump(cell));
      }
    }
    out.push_back(std::move(rows));
  }
  return out;
}

std::string StringField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int IntField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

bool BoolField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

json TablesJson(const std::vector<TableRows>& tables) {
  return json(tables);
}

json AttachmentsJson(const std::vector<AttachmentRecord>& attachments) {
  json out = json::array();
  for (const AttachmentRecord& a : attachments) {
    json entry = {{"name", a.name}, {"url", a.url}};
    if (a.read_as_file) entry["format"] = a.format;
    if (!a.error.empty()) entry["error"] = a.error;
    if (a.extracted) {
      entry["pages"] = a.pages;
      entry["ocr"] = a.ocr;
      entry["title"] = a.title;
      entry["published"] = a.published;
      entry["text"] = a.text;
      entry["tables"] = TablesJson(a.tables);
      entry["primary"] = a.primary;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::string TablesToJsonText(const std::vector<TableRows>& tables) {
  return Dump(TablesJson(tables));
}

std::string AttachmentsToJsonText(const std::vector<AttachmentRecord>& attachments) {
  return Dump(AttachmentsJson(attachments));
}

std::vector<TableRows> TablesFromJsonText(std::string_view text) {
  return TablesOf(json::parse(text, nullptr, false));
}

std::vector<AttachmentRecord> AttachmentsFromJsonText(std::string_view text) {
  std::vector<AttachmentRecord> out;
  json attachments = json::parse(text, nullptr, false);
  if (!attachments.is_array()) return out;
  for (const json& a : attachments) {
    if (!a.is_object()) continue;
    AttachmentRecord& r = out.emplace_back();
    r.name = StringField(a, "name");
    r.url = StringField(a, "url");
    r.read_as_file = a.contains("format");
    r.format = StringField(a, "format");
    r.error = StringField(a, "error");
    r.extracted = a.contains("pages");
    if (r.extracted) {
      r.pages = IntField(a, "pages");
      r.ocr = BoolField(a, "ocr");
      r.title = StringField(a, "title");
      r.published = StringField(a, "published");
      r.text = StringField(a, "text");
      if (auto it = a.find("tables"); it != a.end()) r.tables = TablesOf(*it);
      r.primary = BoolField(a, "primary");
    }
  }
  return out;
}

std::string TablesJsonText(const ExtractionRecord& extraction) {
  return TablesToJsonText(extraction.tables);
}

std::string AttachmentsJsonText(const ExtractionRecord& extraction) {
  return AttachmentsToJsonText(extraction.attachments);
}

}  // namespace gongkai::storage
