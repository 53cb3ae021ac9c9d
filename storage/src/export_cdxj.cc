// CDXJ indexes of exported WARC files (the form pywb and ReplayWeb.page read): SURT key, 14-digit
// timestamp, JSON block; sorted bytewise so a reader can binary-search it.
#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "base/url.h"
#include "storage/export.h"

namespace gongkai::storage {
namespace {

std::string Lower(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

bool IsIpAddress(const std::string& host) {
  if (!host.empty() && host.front() == '[') return true;  // IPv6 literal
  return !host.empty() && std::all_of(host.begin(), host.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch)) || ch == '.';
  });
}

std::string SortedQuery(const std::string& query) {
  std::vector<std::string> params;
  for (const QueryParam& param : SplitQuery(query)) params.emplace_back(param.pair);
  std::sort(params.begin(), params.end());
  std::string out;
  for (size_t i = 0; i < params.size(); ++i) out += (i ? "&" : "") + params[i];
  return out;
}

// 20260105103000 from milliseconds.
std::string Timestamp14(int64_t ms) {
  std::string iso = FormatIsoTime(ms);  // 2026-01-05T10:30:00Z
  std::string digits;
  for (char ch : iso) {
    if (std::isdigit(static_cast<unsigned char>(ch))) digits += ch;
  }
  return digits.substr(0, 14);
}

}  // namespace

std::string SurtKey(const std::string& url) {
  std::string rest = url;
  size_t scheme = rest.find("://");
  if (scheme != std::string::npos) rest = rest.substr(scheme + 3);
  rest = rest.substr(0, rest.find('#'));
  size_t path_start = rest.find_first_of("/?");
  std::string authority = Lower(rest.substr(0, path_start));
  std::string path = path_start == std::string::npos ? "/" : rest.substr(path_start);
  if (path[0] == '?') path = "/" + path;
  authority = authority.substr(authority.find('@') == std::string::npos ? 0 : authority.find('@') + 1);
  std::string host = authority, port;
  size_t colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']', colon) == std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (port == "80" || port == "443") port.clear();
  std::string key;
  if (IsIpAddress(host)) {
    key = host;
  } else {
    if (host.rfind("www.", 0) == 0) host = host.substr(4);
    std::vector<std::string> labels;
    size_t start = 0;
    while (start <= host.size()) {
      size_t dot = host.find('.', start);
      if (dot == std::string::npos) dot = host.size();
      labels.push_back(host.substr(start, dot - start));
      start = dot + 1;
    }
    for (size_t i = labels.size(); i-- > 0;) key += labels[i] + (i ? "," : "");
  }
  if (!port.empty()) key += ":" + port;
  size_t question = path.find('?');
  if (question != std::string::npos)
    path = path.substr(0, question + 1) + SortedQuery(path.substr(question + 1));
  return key + ")" + Lower(path);
}

Status WriteCdxj(const std::vector<CdxjEntry>& entries, std::ostream& out) {
  std::vector<std::string> lines;
  lines.reserve(entries.size());
  for (const CdxjEntry& e : entries) {
    nlohmann::json block = {{"url", e.url},
                            {"mime", e.revisit ? std::string("warc/revisit") : e.mime},
                            {"status", std::to_string(e.status)},
                            {"digest", e.digest},
                            {"length", std::to_string(e.length)},
                            {"offset", std::to_string(e.offset)},
                            {"filename", e.filename}};
    lines.push_back(SurtKey(e.url) + " " + Timestamp14(e.date_ms) + " " +
                    block.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  std::sort(lines.begin(), lines.end());
  for (const auto& line : lines) out << line << '\n';
  out.flush();
  return out.good() ? Status::OK() : Status::IOError("writing the CDXJ index failed (disk full?)");
}

}  // namespace gongkai::storage
