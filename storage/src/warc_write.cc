// WARC 1.1 export: a warcinfo per file, a request/response pair per redirect hop and per capture,
// revisit records (server-not-modified for 304s, identical-payload-digest for bodies already
// written) that always name what they revisit, and conversion records for extractions that refer to
// the response holding the bytes. Each record is its own gzip member (unless gzip is off).
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>

#include "archive_impl.h"
#include "extraction_json.h"
#include "gzip_util.h"
#include "storage/digest.h"
#include "storage/export.h"

namespace gongkai::storage {
namespace {

const char kProfileNotModified[] = "http://netpreserve.org/warc/1.1/revisit/server-not-modified";
const char kProfileIdentical[] = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";
// FindHolder's bound once every capture has been written (conversion records).
constexpr int64_t kAfterEveryCapture = INT64_MAX;

// Response headers that describe the wire encoding, not the stored (decoded) body.
bool IsWireHeader(const std::string& name) {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower == "transfer-encoding" || lower == "content-encoding" || lower == "content-length";
}

bool IsContentLength(const std::string& name) {
  std::string lower;
  for (char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower == "content-length";
}

// A WARC header value never carries a control byte: a CR/LF would start a header line of its own
// and an ESC would reach whoever prints the file. They are percent-encoded (URIs allow it).
std::string HeaderSafe(const std::string& value) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : value) {
    if (ch < 0x20 || ch == 0x7f) {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out;
}

// A record id unique to this archive (its random UUID) and this record: an RFC 4122 name-based
// UUID (version 5 layout, SHA-256 truncated), so exporting one archive twice gives the same ids.
std::string RecordId(const std::string& archive_uuid, const std::string& name) {
  std::string h = Sha256Hex(archive_uuid + "/" + name);
  return "<urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-5" + h.substr(13, 3) + "-a" +
         h.substr(17, 3) + "-" + h.substr(20, 12) + ">";
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 410:
      return "Gone";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
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

// One HTTP message as the WARC shows it.
struct HttpExchange {
  std::string url;
  std::string method = "GET";
  int status = 0;
  std::string http_version;
  const Headers* request_headers = nullptr;
  const Headers* response_headers = nullptr;
  std::string remote_ip;
  int64_t started_at_ms = 0;
};

// `length` is the Content-Length to announce; -1 keeps the server's own (a cut-off body).
std::string ResponseHead(const HttpExchange& x, int64_t length) {
  std::string version = x.http_version.empty() ? "HTTP/1.1" : x.http_version;
  std::string head = version + " " + std::to_string(x.status) + " " + ReasonPhrase(x.status) + "\r\n";
  for (const auto& [name, value] : *x.response_headers) {
    if (IsWireHeader(name) && !(length < 0 && IsContentLength(name))) continue;
    head += name + ": " + value + "\r\n";
  }
  if (length >= 0) head += "Content-Length: " + std::to_string(length) + "\r\n";
  return head + "\r\n";
}

std::string RequestHead(const HttpExchange& x) {
  std::string head = x.method + " " + HeaderSafe(RequestTarget(x.url)) + " HTTP/1.1\r\n";
  if (HeaderValue(*x.request_headers, "Host").empty()) head += "Host: " + HostOfUrl(x.url) + "\r\n";
  for (const auto& [name, value] : *x.request_headers) head += name + ": " + value + "\r\n";
  return head + "\r\n";
}

std::string MimeOf(const Headers& headers) {
  std::string type = HeaderValue(headers, "Content-Type");
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  for (char& ch : type) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return type;
}

// The WARC-Truncated reason of a capture whose payload is not the whole body, "" when complete.
std::string TruncationOf(const Capture& c) {
  if (c.truncated) return "length";
  if (c.error_kind == "timeout") return "time";
  if (c.error_kind == "too_large") return "length";
  if (IsBrokenOffTransfer(c.error_kind)) return "disconnect";
  // A body that arrived but was not kept (a retried 5xx/429) is not in the payload either.
  if (c.body_sha256.empty() && c.body_size > 0) return "unspecified";
  return "";
}

// The original a revisit points at: the record holding its bytes.
struct WrittenResponse {
  std::string record_id;
  std::string uri;
  std::string date;
  std::string payload_digest;  // "" until needed (FindOriginal)
};

using Fields = std::vector<std::pair<std::string, std::string>>;

class WarcWriter {
 public:
  WarcWriter(Archive& archive, const ExportOptions& options, WarcFileSink* sink, std::ostream* out,
             CdxjIndex* index, ExportResult* result)
      : archive_(archive), options_(options), sink_(sink), out_(out), index_(index), result_(result) {}

  Status Export() {
    Status status = Prepare();
    if (status.ok()) status = StartFile();
    if (!status.ok()) return status;
    status = archive_.ForEachCapture(options_.filter, [&](const Capture& c) {
      status_ = WriteCapture(c);
      ReportDone(options_, result_);
      return status_.ok();
    });
    if (status.ok()) status = status_;
    if (!status.ok()) return status;
    status = archive_.ForEachExtraction(options_.filter, [&](const ExtractionRecord& e) {
      status_ = WriteConversion(e);
      ReportDone(options_, result_);
      return status_.ok();
    });
    if (status.ok()) status = status_;
    if (!status.ok()) return status;
    if (options_.progress) options_.progress(*result_);
    return FinishFile();
  }

 private:
  // The archive's UUID, and the runs and seeds for the warcinfo.
  Status Prepare() {
    Status status = archive_.GetMeta("archive_uuid", &archive_uuid_);
    if (status.IsNotFound()) {
      return Status::InvalidArgument(
          "the archive has no UUID (schema older than 7): run a writing command "
          "on it once (gongkai crawl or gongkai reextract) to upgrade it");
    }
    if (!status.ok()) return status;
    return archive_.ListRuns(&runs_);
  }

  Status StartFile() {
    if (sink_ != nullptr) {
      Status status = sink_->Open(file_index_, &out_, &filename_);
      if (!status.ok()) return status;
    } else {
      filename_ = options_.warc_filename;
    }
    file_bytes_ = 0;
    return WriteWarcinfo();
  }

  Status FinishFile() {
    out_->flush();
    if (!out_->good()) return Status::IOError("writing the WARC file " + filename_ + " failed (disk full?)");
    return sink_ != nullptr ? sink_->Close() : Status::OK();
  }

  // Rotation happens between captures, so a capture's records stay in one file.
  Status MaybeRotate() {
    if (sink_ == nullptr || file_bytes_ < options_.max_warc_file_bytes) return Status::OK();
    Status status = FinishFile();
    if (!status.ok()) return status;
    ++file_index_;
    return StartFile();
  }

  Status Write(const std::string& type, const std::string& id, const Fields& fields,
               const std::string& content_type, const std::string& block, CdxjEntry* entry = nullptr) {
    std::string record = "WARC/1.1\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: " + id + "\r\n";
    for (const auto& [name, value] : fields) record += name + ": " + HeaderSafe(value) + "\r\n";
    if (type != "warcinfo") record += "WARC-Warcinfo-ID: " + warcinfo_id_ + "\r\n";
    if (!content_type.empty()) record += "Content-Type: " + content_type + "\r\n";
    record += "WARC-Block-Digest: sha1:" + Sha1Base32(block) + "\r\n";
    record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
    record += block;
    record += "\r\n\r\n";
    std::string member = options_.gzip ? GzipMember(record) : std::move(record);
    out_->write(member.data(), static_cast<std::streamsize>(member.size()));
    if (!out_->good()) return Status::IOError("writing the WARC file " + filename_ + " failed (disk full?)");
    if (entry != nullptr && index_ != nullptr) {
      entry->filename = filename_;
      entry->offset = file_bytes_;
      entry->length = static_cast<int64_t>(member.size());
      Status status = index_->Add(*entry);
      if (!status.ok()) return status;
    }
    file_bytes_ += static_cast<int64_t>(member.size());
    result_->records++;
    result_->bytes += static_cast<int64_t>(member.size());
    return Status::OK();
  }

  Status WriteWarcinfo() {
    std::string block = "software: " + options_.software + " " + options_.software_version +
                        "\r\nformat: WARC File Format 1.1\r\n"
                        "conformsTo: https://iipc.github.io/warc-specifications/specifications/"
                        "warc-format/warc-1.1/\r\n"
                        "description: Chinese government information-disclosure reports\r\n"
                        "isPartOf: urn:uuid:" +
                        archive_uuid_ + "\r\n";
    if (!options_.operator_contact.empty())
      block += "operator: " + HeaderSafe(options_.operator_contact) + "\r\n";
    if (!options_.operator_contact.empty()) {
      block += "http-header-user-agent: " + HeaderSafe(options_.operator_contact) + "\r\n";
    }
    if (!options_.robots_policy.empty()) block += "robots: " + HeaderSafe(options_.robots_policy) + "\r\n";
    if (!options_.config_digest.empty()) block += "config-digest: sha256:" + options_.config_digest + "\r\n";
    block += RunsAndSeeds();
    warcinfo_id_ = RecordId(
        archive_uuid_, "warcinfo:" + std::to_string(options_.now_ms) + ":" + std::to_string(file_index_));
    Fields fields = {{"WARC-Date", FormatIsoTime(options_.now_ms)}};
    if (!filename_.empty()) fields.push_back({"WARC-Filename", filename_});
    return Write("warcinfo", warcinfo_id_, fields, "application/warc-fields", block);
  }

  // One "run:" line per run (id, kind, start, end, config digest) and one "seed:" line per seed URL.
  std::string RunsAndSeeds() const {
    std::string text;
    std::set<std::string> seeds;
    for (const Run& run : runs_) {
      text += "run: " + std::to_string(run.id) + " " + run.info.kind + " " +
              FormatIsoTime(run.info.started_at_ms) + " " +
              (run.ended_at_ms > 0 ? FormatIsoTime(run.ended_at_ms) : std::string("unfinished")) +
              " gongkai " + HeaderSafe(run.info.gongkai_version) +
              " config sha256:" + HeaderSafe(run.info.config_digest) + "\r\n";
      if (run.info.kind != kRunKindCrawl) continue;
      const std::string& s = run.info.seeds;  // DescribeSeeds(): listing_urls = ["http://...", ...]
      for (size_t at = s.find("\"http"); at != std::string::npos; at = s.find("\"http", at + 1)) {
        size_t end = s.find('"', at + 1);
        if (end == std::string::npos) break;
        seeds.insert(s.substr(at + 1, end - at - 1));
      }
    }
    for (const auto& seed : seeds) text += "seed: " + HeaderSafe(seed) + "\r\n";
    return text;
  }

  Status WritePair(const HttpExchange& x, const std::string& name, Fields response_fields,
                   const std::string& type, const std::string& response_block, CdxjEntry* entry) {
    // The type is part of the name: a capture written as a response in a --since export and as a
    // revisit in a full one is two different records, with two ids.
    std::string response_id = RecordId(archive_uuid_, type + ":" + name);
    std::string request_id = RecordId(archive_uuid_, "request:" + type + ":" + name);
    Fields common = {{"WARC-Target-URI", x.url}, {"WARC-Date", FormatIsoTime(x.started_at_ms, true)}};
    if (!x.remote_ip.empty()) common.push_back({"WARC-IP-Address", x.remote_ip});
    Fields request_fields = common;
    request_fields.push_back({"WARC-Concurrent-To", response_id});
    Status status =
        Write("request", request_id, request_fields, "application/http;msgtype=request", RequestHead(x));
    if (!status.ok()) return status;
    Fields fields = common;
    fields.push_back({"WARC-Concurrent-To", request_id});
    fields.insert(fields.end(), response_fields.begin(), response_fields.end());
    if (entry != nullptr) {
      entry->url = HeaderSafe(x.url);
      entry->date_ms = x.started_at_ms;
      entry->mime = MimeOf(*x.response_headers);
      entry->status = x.status;
    }
    return Write(type, response_id, fields, "application/http;msgtype=response", response_block, entry);
  }

  Status WriteHops(const Capture& c) {
    std::vector<RedirectHop> hops;
    Status status = archive_.RedirectHops(c.id, &hops);
    for (size_t i = 0; i < hops.size() && status.ok(); ++i) {
      const RedirectHop& hop = hops[i];
      std::string body;
      if (!hop.body_sha256.empty()) status = archive_.GetBody(hop.body_sha256, &body);
      if (!status.ok()) break;
      HttpExchange x{hop.url,
                     c.method,
                     hop.status,
                     hop.http_version,
                     &hop.request_headers,
                     &hop.response_headers,
                     hop.remote_ip,
                     hop.started_at_ms};
      CdxjEntry entry;
      entry.digest = "sha1:" + Sha1Base32(body);
      status = WritePair(x, std::to_string(c.id) + ":hop:" + std::to_string(i),
                         {{"WARC-Payload-Digest", entry.digest}}, "response",
                         ResponseHead(x, static_cast<int64_t>(body.size())) + body, &entry);
    }
    return status;
  }

  Status WriteCapture(const Capture& stored) {
    Capture c = stored;  // as exported: ExportOptions::redact_headers blanked (redact.cc)
    c.request_headers = RedactHeaders(c.request_headers, options_.redact_headers);
    c.response_headers = RedactHeaders(c.response_headers, options_.redact_headers);
    // No response (DNS, refused, robots), or a challenge page that was never archived as content.
    if (c.status == 0 || (c.error_kind == "challenge" && c.body_sha256.empty())) {
      result_->skipped++;
      return Status::OK();
    }
    Status status = MaybeRotate();
    if (status.ok()) status = WriteHops(c);
    if (!status.ok()) return status;
    HttpExchange x{c.final_url.empty() ? c.url : c.final_url,
                   c.method,
                   c.status,
                   c.http_version,
                   &c.request_headers,
                   &c.response_headers,
                   c.remote_ip,
                   c.started_at_ms};
    std::string name = std::to_string(c.id);
    if (c.status == 304) return WriteNotModified(c, x, name);
    std::string body;
    if (!c.body_sha256.empty()) status = archive_.GetBody(c.body_sha256, &body);
    if (!status.ok()) return status;
    CdxjEntry entry;
    entry.digest = "sha1:" + Sha1Base32(body);
    Fields fields = {{"WARC-Payload-Digest", entry.digest}};
    std::string truncation = TruncationOf(c);
    WrittenResponse seen;
    if (!c.body_sha256.empty() && truncation.empty() && FindWritten(c.body_sha256, c.id, &seen)) {
      fields.push_back({"WARC-Profile", kProfileIdentical});
      AddRefersTo(&fields, seen);
      entry.revisit = true;
      return WritePair(x, name, fields, "revisit", ResponseHead(x, static_cast<int64_t>(body.size())),
                       &entry);
    }
    if (!truncation.empty()) fields.push_back({"WARC-Truncated", truncation});
    // A cut-off body keeps the server's Content-Length: the payload is visibly shorter.
    int64_t length = truncation.empty() ? static_cast<int64_t>(body.size()) : -1;
    return WritePair(x, name, fields, "response", ResponseHead(x, length) + body, &entry);
  }

  // The response this export wrote for body `sha256` before capture `before_id` (exclusive): the
  // archive finds it (Archive::FirstExportedCaptureOfBody), so no map of written bodies grows with
  // the export. Its payload digest is left empty.
  bool FindWritten(const std::string& sha256, int64_t before_id, WrittenResponse* written) {
    Capture first;
    if (!archive_.FirstExportedCaptureOfBody(sha256, options_.filter, before_id, &first).ok()) return false;
    *written = {RecordId(archive_uuid_, "response:" + std::to_string(first.id)),
                first.final_url.empty() ? first.url : first.final_url,
                FormatIsoTime(first.started_at_ms, true), ""};
    return true;
  }

  // The response holding body `sha256` when capture `before_id` is written: written in this
  // export, or (a --since export) in a full one, where it is the body's first complete capture and
  // its record id is the same because ids derive from the archive and the capture.
  bool FindHolder(const std::string& sha256, int64_t before_id, WrittenResponse* holder) {
    if (FindWritten(sha256, before_id, holder)) return true;
    Capture first;
    std::string body;
    if (!archive_.FirstCompleteCaptureOfBody(sha256, &first).ok() || !archive_.GetBody(sha256, &body).ok()) {
      return false;
    }
    *holder = {RecordId(archive_uuid_, "response:" + std::to_string(first.id)),
               first.final_url.empty() ? first.url : first.final_url,
               FormatIsoTime(first.started_at_ms, true), "sha1:" + Sha1Base32(body)};
    return true;
  }

  // The response a 304 confirmed.
  bool FindOriginal(const Capture& c, WrittenResponse* original) {
    Capture before;
    if (c.revisit_of <= 0 || !archive_.GetCapture(c.revisit_of, &before).ok() || before.body_sha256.empty()) {
      return false;
    }
    if (!FindHolder(before.body_sha256, c.id, original)) return false;
    if (!original->payload_digest.empty()) return true;
    std::string body;
    if (!archive_.GetBody(before.body_sha256, &body).ok()) return false;
    original->payload_digest = "sha1:" + Sha1Base32(body);
    return true;
  }

  Status WriteNotModified(const Capture& c, const HttpExchange& x, const std::string& name) {
    WrittenResponse original;
    CdxjEntry entry;
    if (!FindOriginal(c, &original)) {
      // Nothing to refer to: the 304 is shown as what it is, an answer without a payload.
      entry.digest = "sha1:" + Sha1Base32("");
      return WritePair(x, name, {{"WARC-Payload-Digest", entry.digest}}, "response", ResponseHead(x, -1),
                       &entry);
    }
    Fields fields = {{"WARC-Profile", kProfileNotModified}, {"WARC-Payload-Digest", original.payload_digest}};
    AddRefersTo(&fields, original);
    entry.digest = original.payload_digest;
    entry.revisit = true;
    return WritePair(x, name, fields, "revisit", ResponseHead(x, -1), &entry);
  }

  static void AddRefersTo(Fields* fields, const WrittenResponse& original) {
    fields->push_back({"WARC-Refers-To", original.record_id});
    fields->push_back({"WARC-Refers-To-Target-URI", original.uri});
    fields->push_back({"WARC-Refers-To-Date", original.date});
  }

  Status WriteConversion(const ExtractionRecord& e) {
    Capture c;
    if (!archive_.GetCapture(e.capture_id, &c).ok()) return Status::OK();
    nlohmann::json block = {{"title", e.title},
                            {"published", e.published},
                            {"source", e.source},
                            {"site", e.site},
                            {"column", e.column},
                            {"text", e.text},
                            {"tables", TablesJson(e.tables)},
                            {"attachments", AttachmentsJson(e.attachments)},
                            {"extractor_version", e.extractor_version},
                            {"body_sha256", e.body_sha256}};
    Fields fields = {{"WARC-Target-URI", c.final_url.empty() ? c.url : c.final_url},
                     {"WARC-Date", FormatIsoTime(e.extracted_at_ms, true)}};
    // The response holding the bytes: the one written for this body, else (outside a --since
    // window) the record of the capture the extraction was made from.
    WrittenResponse holder;
    fields.push_back({"WARC-Refers-To", FindHolder(e.body_sha256, kAfterEveryCapture, &holder)
                                            ? holder.record_id
                                            : RecordId(archive_uuid_, "response:" + std::to_string(c.id))});
    Status status =
        Write("conversion", RecordId(archive_uuid_, "conversion:" + std::to_string(e.id)), fields,
              "application/json", block.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (status.ok()) result_->reports++;
    return status;
  }

  Archive& archive_;
  const ExportOptions& options_;
  WarcFileSink* sink_;  // null: one stream (out_)
  std::ostream* out_;
  CdxjIndex* index_;
  ExportResult* result_;
  Status status_;
  std::string archive_uuid_;
  std::vector<Run> runs_;
  std::string warcinfo_id_;
  std::string filename_;
  int file_index_ = 0;
  int64_t file_bytes_ = 0;
};

}  // namespace

Status ExportWarc(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result) {
  *result = ExportResult();
  WarcWriter writer(archive, options, nullptr, &out, nullptr, result);
  return writer.Export();
}

Status ExportWarcFiles(Archive& archive, const ExportOptions& options, WarcFileSink& sink, CdxjIndex* index,
                       ExportResult* result) {
  *result = ExportResult();
  WarcWriter writer(archive, options, &sink, nullptr, index, result);
  return writer.Export();
}

}  // namespace gongkai::storage
