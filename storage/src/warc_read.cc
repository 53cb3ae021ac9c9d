// WARC import: records other crawlers' exchanges (e.g. `wget --warc-file`) as captures, streaming
// (warc_reader.h) with bounded memory, idempotent per record.
#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

#include "archive_impl.h"
#include "storage/digest.h"
#include "storage/export.h"
#include "warc_reader.h"

namespace gongkai::storage {
namespace {

constexpr int64_t kProgressEveryRecords = 200;
constexpr size_t kMaxWarnings = 100;
// Requests are kept until their response arrives (WARC-Concurrent-To); a file that never answers
// them must not grow memory without end.
constexpr size_t kMaxPendingRequests = 1024;
// Room for the HTTP head in front of a body of max_body_bytes.
constexpr int64_t kHttpHeadSlackBytes = 1 << 20;

bool Contains(const std::string& haystack, const char* needle) {
  std::string lower;
  for (char ch : haystack) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower.find(needle) != std::string::npos;
}

// Control bytes and spaces never reach the archive in a URL: percent-encoded (RFC 3986 allows it).
std::string CleanUri(const std::string& uri) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : uri) {
    if (ch <= 0x20 || ch == 0x7f) {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    } else {
      out += static_cast<char>(ch);
    }
  }
  return out;
}

// Header values lose control bytes (a bare LF would become a header line of its own on export).
Headers CleanHeaders(Headers headers) {
  for (auto& [name, value] : headers) {
    for (char& ch : name) {
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
    }
    for (char& ch : value) {
      if ((static_cast<unsigned char>(ch) < 0x20 && ch != '\t') || ch == 0x7f) ch = ' ';
    }
  }
  return headers;
}

PageKind DefaultKind(const std::string&, const std::string& content_type, std::string_view) {
  return Contains(content_type, "html") ? PageKind::kReport : PageKind::kAttachment;
}

bool IsRobotsUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path != std::string::npos && url.compare(path, 11, "/robots.txt") == 0 && url.size() == path + 11;
}

class WarcImporter {
 public:
  WarcImporter(Archive& archive, int64_t run_id, std::string origin, const ImportOptions& options,
               ImportResult* result)
      : archive_(archive), run_id_(run_id), origin_(std::move(origin)), options_(options), result_(result) {}

  // Takes the record's block (moved, never copied: a body may be as large as max_body_bytes).
  Status Add(WarcRecord* record) {
    result_->records++;
    std::string type = record->Field("WARC-Type");
    if (type == "request") {
      if (requests_.size() >= kMaxPendingRequests) requests_.clear();
      HttpMessage request = ParseHttpMessage(std::move(record->block));
      request.body = std::string();  // only the method and headers are kept with the response
      requests_[record->Field("WARC-Record-ID")] = std::move(request);
      last_request_by_uri_ = {record->Uri("WARC-Target-URI"), record->Field("WARC-Record-ID")};
      result_->skipped++;
      return Status::OK();
    }
    if ((type != "response" && type != "revisit") ||
        !Contains(record->Field("Content-Type"), "application/http")) {
      result_->skipped++;
      return Status::OK();
    }
    return AddExchange(record, type == "revisit");
  }

  void Warn(const std::string& text) {
    if (result_->warnings.size() < kMaxWarnings) result_->warnings.push_back(text);
  }

 private:
  Status AddExchange(WarcRecord* record_in, bool revisit) {
    const WarcRecord& record = *record_in;
    HttpMessage response = ParseHttpMessage(std::move(record_in->block));
    Capture c;
    c.run_id = run_id_;
    c.url = CleanUri(record.Uri("WARC-Target-URI"));
    c.final_url = c.url;
    c.origin = origin_;
    c.discovery = DiscoveryKind::kImported;
    c.warc_record_id = record.Field("WARC-Record-ID");
    c.remote_ip = CleanUri(record.Field("WARC-IP-Address"));
    ParseIsoTime(record.Field("WARC-Date"), &c.started_at_ms);
    c.truncated = !record.Field("WARC-Truncated").empty() || record.block_cut;
    size_t space = response.start_line.find(' ');
    c.http_version = CleanUri(response.start_line.substr(0, space));
    c.status = 0;
    if (space != std::string::npos) {
      const char* digits = response.start_line.c_str() + space + 1;
      if (std::isdigit(static_cast<unsigned char>(digits[0])) &&
          std::isdigit(static_cast<unsigned char>(digits[1])) &&
          std::isdigit(static_cast<unsigned char>(digits[2]))) {
        c.status = (digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0');
      }
    }
    c.response_headers = CleanHeaders(response.headers);
    const HttpMessage* request = FindRequest(record);
    if (request != nullptr) {
      c.request_headers = CleanHeaders(request->headers);
      c.method = CleanUri(request->start_line.substr(0, request->start_line.find(' ')));
    }
    std::optional<std::string_view> body;
    std::string decoded;
    if (!revisit) {
      DecodeBody(&response, &c, &decoded);
      body = decoded;
    } else {
      Capture original;
      std::string target = CleanUri(record.Uri("WARC-Refers-To-Target-URI"));
      if (archive_.FindLatestCapture(target.empty() ? c.url : target, &original).ok()) {
        c.revisit_of = original.id;
        // The same payload as the original: the capture has the original's body.
        if (Contains(record.Field("WARC-Profile"), "identical-payload-digest") &&
            !original.body_sha256.empty() && archive_.GetBody(original.body_sha256, &decoded).ok()) {
          body = decoded;
          c.revisit_of = 0;
        }
      }
    }
    int64_t earlier = 0;
    Status status = archive_.FindImported(c.warc_record_id, c.url, c.started_at_ms,
                                          body ? Sha256Hex(*body) : std::string(), &earlier);
    if (status.ok()) {
      result_->duplicates++;
      return Status::OK();
    }
    if (!status.IsNotFound()) return status;
    c.page_kind = Classify(c, body);
    status = archive_.RecordFetch(c, body, false, {}, nullptr, nullptr);
    if (status.ok()) result_->captures++;
    return status;
  }

  // Takes the response's body and decodes it in place into *decoded: the transfer coding, then the
  // content codings. A body in an unknown coding is kept as it came.
  void DecodeBody(HttpMessage* response, Capture* c, std::string* decoded) {
    *decoded = std::move(response->body);
    if (Contains(HeaderValue(response->headers, "Transfer-Encoding"), "chunked")) {
      if (!Dechunk(decoded, options_.max_body_bytes).ok()) {
        c->truncated = true;
        Warn(c->url + ": malformed or cut chunked body");
      }
    }
    std::string encoding = HeaderValue(response->headers, "Content-Encoding");
    if (Status status = DecodeContent(decoded, encoding, options_.max_body_bytes); !status.ok()) {
      c->truncated = true;
      Warn(c->url + ": " + status.message() + (decoded->empty() ? "" : "; kept what decoded"));
    }
  }

  PageKind Classify(const Capture& c, const std::optional<std::string_view>& body) {
    if (IsRobotsUrl(c.url)) return PageKind::kRobots;
    if (c.status < 200 || c.status >= 300 || !body || c.truncated) return PageKind::kOther;
    std::string type = HeaderValue(c.response_headers, "Content-Type");
    return options_.classify ? options_.classify(c.url, type, *body) : DefaultKind(c.url, type, *body);
  }

  const HttpMessage* FindRequest(const WarcRecord& record) {
    auto it = requests_.find(record.Field("WARC-Concurrent-To"));
    if (it == requests_.end() && last_request_by_uri_.first == record.Uri("WARC-Target-URI")) {
      it = requests_.find(last_request_by_uri_.second);
    }
    return it == requests_.end() ? nullptr : &it->second;
  }

  Archive& archive_;
  int64_t run_id_;
  std::string origin_;
  const ImportOptions& options_;
  ImportResult* result_;
  std::map<std::string, HttpMessage> requests_;              // record id -> parsed request
  std::pair<std::string, std::string> last_request_by_uri_;  // target URI, request record id
};

}  // namespace

Status ImportWarcStream(Archive& archive, std::istream& in, const std::string& name, int64_t run_id,
                        const ImportOptions& options, ImportResult* result) {
  *result = ImportResult();
  WarcReader reader(in, options.max_body_bytes + kHttpHeadSlackBytes);
  std::string origin_name = name == "-" ? "stdin" : std::filesystem::path(name).filename().string();
  WarcImporter importer(archive, run_id, "warc:" + origin_name, options, result);
  WarcRecord record;
  bool any_record = false;
  for (;;) {
    Status next = reader.Next(&record);
    result->raw_bytes = reader.raw_offset();
    if (next.IsNotFound()) break;
    if (!next.ok()) {
      result->damaged++;
      importer.Warn(name + ": damaged: " + next.message());
      continue;
    }
    any_record = true;
    if (record.block_cut)
      importer.Warn(name + ": a record at byte " + std::to_string(record.offset) +
                    " is larger than max_body_bytes; its body is cut");
    Status status = importer.Add(&record);
    if (status.IsInvalidArgument()) {
      result->damaged++;
      importer.Warn(name + ": " + status.message());
    } else if (!status.ok()) {
      return status;
    }
    if (options.progress && result->records % kProgressEveryRecords == 0) options.progress(*result);
  }
  if (in.bad()) return Status::IOError("cannot read " + name);
  if (options.progress) options.progress(*result);
  if (!any_record && result->damaged == 0) return Status::Corruption(name + " holds no WARC record");
  if (!any_record) return Status::Corruption(name + " is not a WARC file (or is damaged throughout)");
  return Status::OK();
}

Status ImportWarc(Archive& archive, const std::string& path, int64_t run_id, const ImportOptions& options,
                  ImportResult* result) {
  *result = ImportResult();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::NotFound("WARC file " + path + " does not exist");
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(path + " is not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open " + path);
  return ImportWarcStream(archive, in, path, run_id, options, result);
}

}  // namespace gongkai::storage
