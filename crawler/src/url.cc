// URL canonicalisation (see url.h).
#include "crawler/url.h"

#include <cstdio>

#include <algorithm>
#include <cctype>

namespace gongkai::crawler {
namespace {

char Lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Normalises the percent-encoding of one component: %xx of unreserved bytes decoded, other %xx
// upper-cased, bytes that may not appear raw (controls, space, non-ASCII, '"<>\^`{|}') encoded.
std::string NormalizeEncoding(std::string_view in) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      unsigned char decoded = static_cast<unsigned char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      if (IsUnreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        out += '%';
        out += kHex[decoded >> 4];
        out += kHex[decoded & 15];
      }
      i += 2;
    } else if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
               c == '`' || c == '{' || c == '|' || c == '}' || c == '%') {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// RFC 3986 section 5.2.4.
std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t pos = 1;  // path starts with '/'
  bool trailing_slash = false;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos) next = path.size();
    std::string_view seg = path.substr(pos, next - pos);
    bool last = next == path.size();
    if (seg == ".") {
      trailing_slash = last;
    } else if (seg == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = last;
    } else {
      segments.push_back(seg);
      trailing_slash = false;
    }
    pos = next + 1;
  }
  std::string out;
  for (auto seg : segments) {
    out += '/';
    out += seg;
  }
  if (trailing_slash || out.empty()) out += '/';
  return out;
}

bool IsSessionParameter(std::string_view name, const std::vector<std::string>& session_parameters) {
  std::string lower = ToLower(name);
  return std::find(session_parameters.begin(), session_parameters.end(), lower) != session_parameters.end() ||
         std::any_of(session_parameters.begin(), session_parameters.end(),
                     [&](const std::string& p) { return ToLower(p) == lower; });
}

std::string DropSessionQuery(std::string_view query, const std::vector<std::string>& params) {
  std::string out;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    std::string_view name = pair.substr(0, pair.find('='));
    if (!pair.empty() && !IsSessionParameter(name, params)) {
      if (!out.empty()) out += '&';
      out += pair;
    }
    pos = amp + 1;
  }
  return out;
}

// Drops ";jsessionid=..." style path parameters.
std::string DropSessionPathParams(std::string_view path, const std::vector<std::string>& params) {
  std::string out;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t semi = path.find(';', pos);
    if (semi == std::string_view::npos) {
      out += path.substr(pos);
      break;
    }
    out += path.substr(pos, semi - pos);
    size_t end = path.find('/', semi);
    if (end == std::string_view::npos) end = path.size();
    std::string_view param = path.substr(semi + 1, end - semi - 1);
    if (!IsSessionParameter(param.substr(0, param.find('=')), params)) {
      out += path.substr(semi, end - semi);
    }
    pos = end;
  }
  return out;
}

}  // namespace

std::string ParsedUrl::Authority() const {
  int default_port = scheme == "https" ? 443 : 80;
  return port == default_port ? host : host + ":" + std::to_string(port);
}

std::string ParsedUrl::Origin() const {
  return scheme + "://" + Authority();
}

std::string ParsedUrl::PathAndQuery() const {
  return has_query ? path + "?" + query : path;
}

std::optional<ParsedUrl> ParseUrl(std::string_view url) {
  // Trim surrounding whitespace, as browsers do for href values.
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= ' ') url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= ' ') url.remove_suffix(1);
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  ParsedUrl out;
  out.scheme = ToLower(url.substr(0, colon));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  std::string_view rest = url.substr(colon + 3);
  size_t fragment = rest.find('#');
  if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
  size_t authority_end = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view path_query =
      authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority;
  std::string_view port;
  size_t port_colon = authority.rfind(':');
  if (port_colon != std::string_view::npos && authority.find(']', port_colon) == std::string_view::npos) {
    host = authority.substr(0, port_colon);
    port = authority.substr(port_colon + 1);
  }
  if (host.empty()) return std::nullopt;
  out.host = ToLower(host);
  if (out.host.back() == '.') out.host.pop_back();  // "www.gov.cn." is "www.gov.cn"
  out.port = out.scheme == "https" ? 443 : 80;
  if (!port.empty()) {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit)) return std::nullopt;
    out.port = std::stoi(std::string(port));
    if (out.port < 1 || out.port > 65535) return std::nullopt;
  }
  size_t q = path_query.find('?');
  out.path = std::string(path_query.substr(0, q));
  if (q != std::string_view::npos) {
    out.has_query = true;
    out.query = std::string(path_query.substr(q + 1));
  }
  if (out.path.empty()) out.path = "/";
  return out;
}

std::string CanonicalUrl(std::string_view url, const std::vector<std::string>& session_parameters) {
  auto parsed = ParseUrl(url);
  if (!parsed) return "";
  std::string path = DropSessionPathParams(parsed->path, session_parameters);
  path = RemoveDotSegments(NormalizeEncoding(path));
  std::string query = NormalizeEncoding(DropSessionQuery(parsed->query, session_parameters));
  std::string out = parsed->Origin() + path;
  if (parsed->has_query && !query.empty()) out += "?" + query;
  return out;
}

std::string HostKeyOf(std::string_view url) {
  auto parsed = ParseUrl(url);
  return parsed ? parsed->Authority() : "";
}

size_t FindControlChar(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return i;
  }
  return std::string_view::npos;
}

std::string EscapeControlChars(std::string_view text) {
  std::string out;
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string StripUserinfo(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string_view authority =
      url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(url.substr(start + at + 1));
}

}  // namespace gongkai::crawler
