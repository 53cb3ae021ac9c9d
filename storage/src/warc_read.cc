// WARC import: records other crawlers' exchanges (e.g. `wget --warc-file`) as captures.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "archive_impl.h"
#include "gzip_util.h"
#include "storage/export.h"

namespace gongkai::storage {
namespace {

// Whole WARC files are read into memory; larger files should be split (warcio, warctools).
constexpr uintmax_t kMaxWarcFileBytes = 4ULL * 1024 * 1024 * 1024;

struct WarcRecord {
  Headers fields;
  std::string block;
  std::string Field(std::string_view name) const { return HeaderValue(fields, name); }
  // A URI field without the angle brackets that WARC 1.0's grammar (and wget 1.21) put around it.
  std::string Uri(std::string_view name) const {
    std::string value = Field(name);
    if (value.size() >= 2 && value.front() == '<' && value.back() == '>') value = value.substr(1, value.size() - 2);
    return value;
  }
};

struct HttpMessage {
  std::string start_line;
  Headers headers;
  std::string body;
};

// Parses the next record at *offset. False at the end of data; *error set when damaged.
bool NextRecord(const std::string& data, size_t* offset, WarcRecord* record, std::string* error) {
  while (*offset < data.size() && (data[*offset] == '\r' || data[*offset] == '\n')) ++*offset;
  if (*offset >= data.size()) return false;
  if (data.compare(*offset, 5, "WARC/") != 0) {
    *error = "no WARC record at byte " + std::to_string(*offset);
    return false;
  }
  size_t end = data.find("\r\n\r\n", *offset);
  if (end == std::string::npos) {
    *error = "record header at byte " + std::to_string(*offset) + " does not end";
    return false;
  }
  size_t first_line = data.find("\r\n", *offset);
  record->fields = ParseHeaders(std::string_view(data).substr(first_line + 2, end + 2 - first_line - 2));
  std::string length_text = record->Field("Content-Length");
  char* stop = nullptr;
  unsigned long long length = std::strtoull(length_text.c_str(), &stop, 10);
  if (length_text.empty() || *stop != '\0' || end + 4 + length > data.size()) {
    *error = "record at byte " + std::to_string(*offset) + " has a bad Content-Length '" + length_text + "'";
    return false;
  }
  record->block = data.substr(end + 4, length);
  *offset = end + 4 + length;
  return true;
}

HttpMessage ParseHttp(const std::string& block) {
  HttpMessage m;
  size_t end = block.find("\r\n\r\n");
  size_t head_end = end == std::string::npos ? block.size() : end;
  size_t line_end = block.find("\r\n");
  if (line_end == std::string::npos || line_end > head_end) line_end = head_end;
  m.start_line = block.substr(0, line_end);
  if (line_end < head_end) m.headers = ParseHeaders(std::string_view(block).substr(line_end + 2, head_end - line_end));
  if (end != std::string::npos) m.body = block.substr(end + 4);
  return m;
}

// Decodes Transfer-Encoding: chunked; returns false on malformed input (leaving *out partial).
bool Dechunk(const std::string& in, std::string* out) {
  out->clear();
  size_t pos = 0;
  while (pos < in.size()) {
    size_t line_end = in.find("\r\n", pos);
    if (line_end == std::string::npos) return false;
    unsigned long size = std::strtoul(in.substr(pos, line_end - pos).c_str(), nullptr, 16);
    pos = line_end + 2;
    if (size == 0) return true;
    if (pos + size > in.size()) return false;
    out->append(in, pos, size);
    pos += size + 2;
  }
  return false;
}

bool Contains(const std::string& haystack, const char* needle) {
  std::string lower;
  for (char ch : haystack) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower.find(needle) != std::string::npos;
}

PageKind KindOf(const std::string& url, int status, const std::string& content_type) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (path != std::string::npos && url.compare(path, 11, "/robots.txt") == 0) return PageKind::kRobots;
  if (status < 200 || status >= 300) return PageKind::kOther;
  return Contains(content_type, "html") ? PageKind::kReport : PageKind::kAttachment;
}

class WarcImporter {
 public:
  WarcImporter(Archive& archive, int64_t run_id, std::string origin, ImportResult* result)
      : archive_(archive), run_id_(run_id), origin_(std::move(origin)), result_(result) {}

  Status Add(const WarcRecord& record) {
    result_->records++;
    std::string type = record.Field("WARC-Type");
    if (type == "request") {
      requests_[record.Field("WARC-Record-ID")] = ParseHttp(record.block);
      last_request_by_uri_[record.Uri("WARC-Target-URI")] = record.Field("WARC-Record-ID");
      result_->skipped++;
      return Status::OK();
    }
    if ((type != "response" && type != "revisit") || !Contains(record.Field("Content-Type"), "application/http")) {
      result_->skipped++;
      return Status::OK();
    }
    return AddExchange(record, type == "revisit");
  }

 private:
  Status AddExchange(const WarcRecord& record, bool revisit) {
    HttpMessage response = ParseHttp(record.block);
    Capture c;
    c.run_id = run_id_;
    c.url = record.Uri("WARC-Target-URI");
    c.final_url = c.url;
    c.origin = origin_;
    c.discovery = DiscoveryKind::kImported;
    c.remote_ip = record.Field("WARC-IP-Address");
    ParseIsoTime(record.Field("WARC-Date"), &c.started_at_ms);
    c.truncated = !record.Field("WARC-Truncated").empty();
    size_t space = response.start_line.find(' ');
    c.http_version = response.start_line.substr(0, space);
    c.status = space == std::string::npos ? 0 : std::atoi(response.start_line.c_str() + space + 1);
    c.response_headers = response.headers;
    const HttpMessage* request = FindRequest(record);
    if (request != nullptr) {
      c.request_headers = request->headers;
      c.method = request->start_line.substr(0, request->start_line.find(' '));
    }
    std::optional<std::string_view> body;
    std::string decoded = response.body;
    if (!revisit) {
      if (Contains(HeaderValue(response.headers, "Transfer-Encoding"), "chunked") && !Dechunk(response.body, &decoded)) {
        c.truncated = true;
      }
      if (Contains(HeaderValue(response.headers, "Content-Encoding"), "gzip")) {
        std::string plain;
        if (GunzipAll(decoded, c.url, &plain).ok()) decoded = std::move(plain);
      }
      body = decoded;
    } else {
      Capture original;
      std::string target = record.Uri("WARC-Refers-To-Target-URI");
      if (archive_.FindLatestCapture(target.empty() ? c.url : target, &original).ok()) c.revisit_of = original.id;
    }
    c.page_kind = KindOf(c.url, c.status, HeaderValue(c.response_headers, "Content-Type"));
    Status status = archive_.RecordFetch(c, body, false, {}, nullptr, nullptr);
    if (status.ok()) result_->captures++;
    return status;
  }

  const HttpMessage* FindRequest(const WarcRecord& record) {
    auto it = requests_.find(record.Field("WARC-Concurrent-To"));
    if (it != requests_.end()) return &it->second;
    auto by_uri = last_request_by_uri_.find(record.Uri("WARC-Target-URI"));
    if (by_uri == last_request_by_uri_.end()) return nullptr;
    it = requests_.find(by_uri->second);
    return it == requests_.end() ? nullptr : &it->second;
  }

  Archive& archive_;
  int64_t run_id_;
  std::string origin_;
  ImportResult* result_;
  std::map<std::string, HttpMessage> requests_;            // record id -> parsed request
  std::map<std::string, std::string> last_request_by_uri_;  // target URI -> request record id
};

}  // namespace

Status ImportWarc(Archive& archive, const std::string& path, int64_t run_id, ImportResult* result) {
  namespace fs = std::filesystem;
  *result = ImportResult();
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::NotFound("WARC file " + path + " does not exist");
  if (fs::file_size(path, ec) > kMaxWarcFileBytes) {
    return Status::InvalidArgument("WARC file " + path + " is larger than 4 GiB; split it first");
  }
  std::ifstream in(path, std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::IOError("cannot read " + path);
  std::string data;
  Status gzip = GunzipAll(raw, path, &data);
  if (!gzip.ok()) result->warnings.push_back(gzip.message() + " (records after it are lost)");
  if (data.compare(0, 5, "WARC/") != 0) return Status::Corruption(path + " is not a WARC file");
  WarcImporter importer(archive, run_id, "warc:" + fs::path(path).filename().string(), result);
  size_t offset = 0;
  WarcRecord record;
  std::string error;
  while (NextRecord(data, &offset, &record, &error)) {
    Status status = importer.Add(record);
    if (status.IsInvalidArgument() || status.IsNotFound()) {
      result->warnings.push_back(path + ": " + status.message());
    } else if (!status.ok()) {
      return status;
    }
  }
  if (!error.empty()) result->warnings.push_back(path + ": " + error);
  return Status::OK();
}

}  // namespace gongkai::storage
