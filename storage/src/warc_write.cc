// WARC 1.1 export: warcinfo, request/response per capture, revisit records (server-not-modified for
// 304s, identical-payload-digest for bodies already written), conversion records for extractions.
// Each record is its own gzip member.
#include <map>
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "gzip_util.h"
#include "storage/digest.h"
#include "storage/export.h"

namespace gongkai::storage {
namespace {

const char kProfileNotModified[] = "http://netpreserve.org/warc/1.1/revisit/server-not-modified";
const char kProfileIdentical[] = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

// Response headers that describe the wire encoding, not the stored (decoded) body.
bool IsWireHeader(const std::string& name) {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower == "transfer-encoding" || lower == "content-encoding" || lower == "content-length";
}

// A deterministic record id, so exporting the same archive twice gives the same file.
std::string RecordId(const std::string& seed) {
  std::string h = Sha256Hex(seed);
  return "<urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-5" + h.substr(13, 3) + "-a" +
         h.substr(17, 3) + "-" + h.substr(20, 12) + ">";
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

std::string RequestTarget(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  size_t path = url.find_first_of("/?#", scheme + 3);
  if (path == std::string::npos) return "/";
  std::string target = url.substr(path);
  target = target.substr(0, target.find('#'));
  if (target.empty() || target[0] != '/') target = "/" + target;
  return target;
}

std::string ResponseHead(const Capture& c, int64_t body_size, bool has_body) {
  std::string version = c.http_version.empty() ? "HTTP/1.1" : c.http_version;
  std::string head = version + " " + std::to_string(c.status) + " " + ReasonPhrase(c.status) + "\r\n";
  for (const auto& [name, value] : c.response_headers) {
    if (IsWireHeader(name)) continue;
    head += name + ": " + value + "\r\n";
  }
  if (has_body) head += "Content-Length: " + std::to_string(body_size) + "\r\n";
  return head + "\r\n";
}

std::string RequestHead(const Capture& c) {
  std::string head = c.method + " " + RequestTarget(c.final_url) + " HTTP/1.1\r\n";
  if (HeaderValue(c.request_headers, "Host").empty()) head += "Host: " + HostOfUrl(c.final_url) + "\r\n";
  for (const auto& [name, value] : c.request_headers) head += name + ": " + value + "\r\n";
  return head + "\r\n";
}

struct WrittenResponse {
  std::string record_id;
  std::string uri;
  std::string date;
  std::string payload_digest;
};

class WarcWriter {
 public:
  WarcWriter(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result)
      : archive_(archive), options_(options), out_(out), result_(result) {}

  Status Run() {
    WriteWarcinfo();
    Status status = archive_.ForEachCapture(options_.filter, [&](const Capture& c) {
      status_ = WriteCapture(c);
      return status_.ok() && out_.good();
    });
    if (status.ok()) status = status_;
    if (!status.ok()) return status;
    status = archive_.ForEachExtraction(options_.filter, [&](const ExtractionRecord& e) {
      WriteConversion(e);
      return out_.good();
    });
    if (!status.ok()) return status;
    out_.flush();
    return out_.good() ? Status::OK() : Status::IOError("writing the WARC file failed (disk full?)");
  }

 private:
  using Fields = std::vector<std::pair<std::string, std::string>>;

  void Write(const std::string& type, const std::string& id, Fields fields, const std::string& content_type,
             const std::string& block) {
    std::string record = "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: " + id + "\r\n";
    for (const auto& [name, value] : fields) record += name + ": " + value + "\r\n";
    if (!warcinfo_id_.empty() && type != "warcinfo") record += "WARC-Warcinfo-ID: " + warcinfo_id_ + "\r\n";
    if (!content_type.empty()) record += "Content-Type: " + content_type + "\r\n";
    record += "WARC-Block-Digest: sha1:" + Sha1Base32(block) + "\r\n";
    record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
    record += block;
    record += "\r\n\r\n";
    std::string member = GzipMember(record);
    out_.write(member.data(), static_cast<std::streamsize>(member.size()));
    result_->records++;
    result_->bytes += static_cast<int64_t>(member.size());
  }

  void WriteWarcinfo() {
    std::string block = "software: " + options_.software + " " + options_.software_version +
                        "\r\nformat: WARC File Format 1.1\r\n"
                        "conformsTo: https://iipc.github.io/warc-specifications/specifications/"
                        "warc-format/warc-1.1/\r\n"
                        "description: Chinese government information-disclosure reports\r\n";
    warcinfo_id_ = RecordId("warcinfo:" + std::to_string(options_.now_ms));
    Fields fields = {{"WARC-Date", FormatIsoTime(options_.now_ms)}};
    if (!options_.warc_filename.empty()) fields.push_back({"WARC-Filename", options_.warc_filename});
    std::string id = warcinfo_id_;
    warcinfo_id_.clear();  // the warcinfo record does not point at itself
    Write("warcinfo", id, fields, "application/warc-fields", block);
    warcinfo_id_ = id;
  }

  Status WriteCapture(const Capture& stored) {
    Capture c = stored;  // as exported: ExportOptions::redact_headers blanked (redact.cc)
    c.request_headers = RedactHeaders(c.request_headers, options_.redact_headers);
    c.response_headers = RedactHeaders(c.response_headers, options_.redact_headers);
    if (c.status == 0) {
      result_->skipped++;
      return Status::OK();
    }
    std::string uri = c.final_url.empty() ? c.url : c.final_url;
    std::string date = FormatIsoTime(c.started_at_ms, true);
    std::string response_id = RecordId("response:" + std::to_string(c.id));
    std::string request_id = RecordId("request:" + std::to_string(c.id));
    record_of_capture_[c.id] = response_id;
    Fields common = {{"WARC-Target-URI", uri}, {"WARC-Date", date}};
    if (!c.remote_ip.empty()) common.push_back({"WARC-IP-Address", c.remote_ip});

    Fields request_fields = common;
    request_fields.push_back({"WARC-Concurrent-To", response_id});
    Write("request", request_id, request_fields, "application/http;msgtype=request", RequestHead(c));

    Fields fields = common;
    fields.push_back({"WARC-Concurrent-To", request_id});
    if (c.status == 304 || c.body_sha256.empty()) return WriteNotModified(c, response_id, fields);
    std::string body;
    Status status = archive_.GetBody(c.body_sha256, &body);
    if (!status.ok()) return status;
    std::string payload_digest = "sha1:" + Sha1Base32(body);
    fields.push_back({"WARC-Payload-Digest", payload_digest});
    auto seen = written_.find(c.body_sha256);
    if (seen != written_.end()) {
      fields.push_back({"WARC-Profile", kProfileIdentical});
      AddRefersTo(&fields, seen->second);
      Write("revisit", response_id, fields, "application/http;msgtype=response",
            ResponseHead(c, static_cast<int64_t>(body.size()), true));
      return Status::OK();
    }
    if (c.truncated) fields.push_back({"WARC-Truncated", "length"});
    Write("response", response_id, fields, "application/http;msgtype=response",
          ResponseHead(c, static_cast<int64_t>(body.size()), true) + body);
    written_[c.body_sha256] = {response_id, uri, date, payload_digest};
    return Status::OK();
  }

  Status WriteNotModified(const Capture& c, const std::string& id, Fields fields) {
    if (c.status == 304) fields.push_back({"WARC-Profile", kProfileNotModified});
    if (c.revisit_of > 0) {
      Capture original;
      if (archive_.GetCapture(c.revisit_of, &original).ok() && !original.body_sha256.empty()) {
        auto seen = written_.find(original.body_sha256);
        if (seen != written_.end()) {
          fields.push_back({"WARC-Payload-Digest", seen->second.payload_digest});
          AddRefersTo(&fields, seen->second);
        }
      }
    }
    Write(c.status == 304 ? "revisit" : "response", id, fields, "application/http;msgtype=response",
          ResponseHead(c, 0, false));
    return Status::OK();
  }

  void AddRefersTo(Fields* fields, const WrittenResponse& original) {
    fields->push_back({"WARC-Refers-To", original.record_id});
    fields->push_back({"WARC-Refers-To-Target-URI", original.uri});
    fields->push_back({"WARC-Refers-To-Date", original.date});
  }

  void WriteConversion(const ExtractionRecord& e) {
    Capture c;
    if (!archive_.GetCapture(e.capture_id, &c).ok()) return;
    nlohmann::json block = {{"title", e.title},         {"published", e.published},
                            {"source", e.source},       {"site", e.site},
                            {"column", e.column},       {"text", e.text},
                            {"tables", nlohmann::json::parse(e.tables_json, nullptr, false)},
                            {"attachments", nlohmann::json::parse(e.attachments_json, nullptr, false)},
                            {"extractor_version", e.extractor_version},
                            {"body_sha256", e.body_sha256}};
    Fields fields = {{"WARC-Target-URI", c.final_url.empty() ? c.url : c.final_url},
                     {"WARC-Date", FormatIsoTime(e.extracted_at_ms, true)}};
    auto record = record_of_capture_.find(e.capture_id);
    if (record != record_of_capture_.end()) fields.push_back({"WARC-Refers-To", record->second});
    Write("conversion", RecordId("conversion:" + std::to_string(e.id)), fields, "application/json",
          block.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    result_->reports++;
  }

  Archive& archive_;
  const ExportOptions& options_;
  std::ostream& out_;
  ExportResult* result_;
  Status status_;
  std::string warcinfo_id_;
  std::map<std::string, WrittenResponse> written_;  // body sha256 -> its response record
  std::map<int64_t, std::string> record_of_capture_;  // capture id -> its response/revisit record id
};

}  // namespace

Status ExportWarc(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result) {
  *result = ExportResult();
  WarcWriter writer(archive, options, out, result);
  return writer.Run();
}

}  // namespace gongkai::storage
