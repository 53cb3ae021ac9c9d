// Row mapping shared by the archive_*.cc files: column lists, row readers, header blocks.
#include <algorithm>
#include <cctype>

#include "archive_impl.h"
#include "extraction_json.h"
#include "header_codec.h"
#include "base/url.h"
#include "seal.h"

namespace gongkai::storage {

const char kCaptureColumns[] =
    "c.id, c.run_id, c.url, c.final_url, c.redirect_chain, c.method, c.status, c.error_kind, "
    "c.error_message, "
    // The run's request header block when the capture sent it (header_codec.h), its seal checked.
    "CASE WHEN c.request_headers = " GONGKAI_RUN_REQUEST_HEADERS_SQL " THEN (SELECT coalesce(" GONGKAI_SEAL_CHECK(
        "request headers of run", "rh.", GONGKAI_SEALED_RUN_REQUEST_HEADERS) ", rh.block) "
    "FROM run_request_headers rh WHERE rh.run_id = c.run_id) "
    "ELSE c.request_headers END, c.response_headers, c.http_version, c.remote_ip, "
    "c.started_at_ms, c.duration_ms, " GONGKAI_BODY_HEX("c.body_id") ", c.body_size, c.truncated, c.charset_declared, "
    "c.charset_used, c.discovered_from_url, c.discovery, c.page_kind, c.revisit_of, c.origin, "
    "c.content_type, c.host, " GONGKAI_SEAL_CHECK("capture", "c.", GONGKAI_SEALED_CAPTURES);

const char kExtractionColumns[] =
    "e.id, e.capture_id, " GONGKAI_BODY_HEX("e.body_id") ", e.title, e.published, e.source, e.site, e.column_name, "
    "gongkai_unzstd(e.text_zstd), gongkai_unzstd(e.tables_zstd), e.attachments_json, e.charset, e.extractor_version, e.extracted_at_ms, " GONGKAI_SEAL_CHECK(
        "extraction", "e.", GONGKAI_SEALED_EXTRACTIONS);

namespace {

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

}  // namespace

std::string HeaderBlockColumn(const Stmt& s, int column) {
  if (!s.IsBlob(column)) return s.Text(column);
  std::string block;
  // A damaged block reads as no headers; verify reports it (and the row's seal covers its bytes).
  if (!UnpackHeaderBlock(s.Blob(column), &block).ok()) block.clear();
  return block;
}

void ReadCaptureRow(const Stmt& s, int i, Capture* c) {
  c->id = s.Int(i + 0);
  c->run_id = s.Int(i + 1);
  c->url = s.Text(i + 2);
  c->final_url = s.Text(i + 3);
  if (c->final_url.empty()) c->final_url = c->url;  // stored as '' when equal to url
  c->redirect_chain = SplitLines(s.Text(i + 4));
  c->method = s.Text(i + 5);
  c->status = static_cast<int>(s.Int(i + 6));
  c->error_kind = s.Text(i + 7);
  c->error_message = s.Text(i + 8);
  c->request_headers = ParseHeaders(HeaderBlockColumn(s, i + 9));
  c->response_headers = ParseHeaders(HeaderBlockColumn(s, i + 10));
  c->http_version = s.Text(i + 11);
  c->remote_ip = s.Text(i + 12);
  c->started_at_ms = s.Int(i + 13);
  c->duration_ms = s.Int(i + 14);
  c->body_sha256 = s.Text(i + 15);
  c->body_size = s.Int(i + 16);
  c->truncated = s.Int(i + 17) != 0;
  c->charset_declared = s.Text(i + 18);
  c->charset_used = s.Text(i + 19);
  c->discovered_from_url = s.Text(i + 20);
  if (!ParseDiscoveryKind(s.Text(i + 21), &c->discovery)) c->discovery = DiscoveryKind::kImported;
  if (!ParsePageKind(s.Text(i + 22), &c->page_kind)) c->page_kind = PageKind::kOther;
  c->revisit_of = s.Int(i + 23);
  c->origin = s.Text(i + 24);
  c->content_type = s.Text(i + 25);
  c->host = s.Text(i + 26);
}

void ReadExtractionRow(const Stmt& s, int i, ExtractionRecord* e) {
  e->id = s.Int(i + 0);
  e->capture_id = s.Int(i + 1);
  e->body_sha256 = s.Text(i + 2);
  e->title = s.Text(i + 3);
  e->published = s.Text(i + 4);
  e->source = s.Text(i + 5);
  e->site = s.Text(i + 6);
  e->column = s.Text(i + 7);
  e->text = s.Text(i + 8);
  e->tables = TablesFromJsonText(s.Text(i + 9));
  e->attachments = AttachmentsFromJsonText(s.Text(i + 10));
  e->charset = s.Text(i + 11);
  e->extractor_version = s.Text(i + 12);
  e->extracted_at_ms = s.Int(i + 13);
}

std::string SerializeHeaders(const Headers& headers) {
  std::string block;
  for (const auto& [name, value] : headers) {
    block += name;
    block += ": ";
    block += value;
    block += "\r\n";
  }
  return block;
}

Headers ParseHeaders(std::string_view block) {
  Headers headers;
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find("\r\n", start);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(start, end - start);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    start = end + 2;
  }
  return headers;
}

std::string HostOfUrl(std::string_view url) {
  return HostPortOf(url);
}

std::string HeaderValue(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return "";
}

}  // namespace gongkai::storage
