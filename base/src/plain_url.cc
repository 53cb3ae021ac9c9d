// Plain URLs without CURLU (see plain_url.h).
#include "plain_url.h"

#include <vector>

namespace gongkai::plain_url {
namespace {

constexpr std::size_t kNpos = std::string_view::npos;

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool EqualsLowerCase(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (Lower(text[i]) != lower[i]) return false;
  return true;
}

// Printable ASCII that a cleaned URL may hold as it is ('%' of an escape included): what
// BrowserClean() leaves unescaped.
bool IsPlainChar(char ch) {
  const unsigned char c = static_cast<unsigned char>(ch);
  return c > 0x20 && c < 0x7f && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' && c != '`' &&
         c != '{' && c != '|' && c != '}';
}

bool AllPlain(std::string_view text) {
  for (char c : text)
    if (!IsPlainChar(c)) return false;
  return true;
}

// A path that CURLU keeps as written: plain characters, starting with '/', no "." or ".." segment
// and no empty one.
bool IsPlainPath(std::string_view path) {
  if (path.empty()) return true;
  if (path[0] != '/' || !AllPlain(path)) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '/') continue;
    const std::string_view segment = path.substr(i + 1, path.find('/', i + 1) - (i + 1));
    if (segment == "." || segment == ".." || (segment.empty() && i + 1 < path.size())) return false;
  }
  return true;
}

// "a.b.c.d" with each part 0..255 written without leading zeros: the one numeric host form CURLU
// writes back as it is (it rewrites "127.1", "0x7f.0.0.1" and the like).
bool IsDottedQuad(std::string_view host) {
  int parts = 0;
  std::size_t i = 0;
  while (i <= host.size()) {
    std::size_t end = host.find('.', i);
    if (end == kNpos) end = host.size();
    const std::string_view part = host.substr(i, end - i);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    int value = 0;
    for (char c : part) {
      if (!IsDigit(c)) return false;
      value = value * 10 + (c - '0');
    }
    if (value > 255) return false;
    ++parts;
    i = end + 1;
  }
  return parts == 4;
}

// Whether `label` reads as a number in an IPv4 address: decimal, octal ("017") or hex ("0x1f").
bool IsNumberLabel(std::string_view label) {
  if (label.size() >= 2 && label[0] == '0' && (label[1] == 'x' || label[1] == 'X')) {
    for (char c : label.substr(2))
      if (!IsDigit(c) && !((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
    return true;
  }
  for (char c : label)
    if (!IsDigit(c)) return false;
  return !label.empty();
}

bool IsPlainHost(std::string_view host) {
  if (host.empty() || host.front() == '.' || host.back() == '.' || host.front() == '-') return false;
  for (char c : host)
    if (!IsAlpha(c) && !IsDigit(c) && c != '-' && c != '.') return false;  // user info, IPv6, '%', '_', IDN
  // A host whose every label is a number is an IPv4 address, which CURLU rewrites unless it is
  // written as a plain dotted quad.
  for (std::size_t i = 0; i <= host.size();) {
    std::size_t end = host.find('.', i);
    if (end == kNpos) end = host.size();
    if (!IsNumberLabel(host.substr(i, end - i))) return true;
    i = end + 1;
  }
  return IsDottedQuad(host);
}

// Splits "path?query#fragment" (the path possibly empty) into `parts`; false when the query or
// the fragment is present but empty, or not plain.
bool ReadTail(std::string_view tail, Parts* parts) {
  const std::size_t hash = tail.find('#');
  if (hash != kNpos) {
    parts->fragment = tail.substr(hash + 1);
    parts->has_fragment = true;
    if (parts->fragment.empty() || !AllPlain(parts->fragment)) return false;
    tail = tail.substr(0, hash);
  }
  const std::size_t question = tail.find('?');
  if (question != kNpos) {
    parts->query = tail.substr(question + 1);
    parts->has_query = true;
    if (parts->query.empty() || !AllPlain(parts->query)) return false;
    tail = tail.substr(0, question);
  }
  parts->path = tail;
  return true;
}

}  // namespace

std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t pos = 1;
  bool trailing_slash = false;
  while (pos <= path.size()) {
    std::size_t next = path.find('/', pos);
    if (next == kNpos) next = path.size();
    const std::string_view segment = path.substr(pos, next - pos);
    const bool last = next == path.size();
    if (segment == ".") {
      trailing_slash = last;
    } else if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
      trailing_slash = last;
    } else {
      segments.push_back(segment);
      trailing_slash = false;
    }
    pos = next + 1;
  }
  std::string out;
  for (std::string_view segment : segments) {
    out += '/';
    out += segment;
  }
  if (trailing_slash || out.empty()) out += '/';
  return out;
}

namespace {

void AppendQueryAndFragment(const Parts& parts, std::string* out) {
  if (parts.has_query) {
    out->push_back('?');
    out->append(parts.query);
  }
  if (parts.has_fragment) {
    out->push_back('#');
    out->append(parts.fragment);
  }
}

// The origin as Write() spells it: "http://host" or "http://host:port", lower-cased.
void AppendOrigin(const Parts& parts, std::string* out) {
  for (char c : parts.scheme) out->push_back(Lower(c));
  out->append("://");
  for (char c : parts.host) out->push_back(Lower(c));
  if (!parts.port.empty()) {
    out->push_back(':');
    out->append(parts.port);
  }
}

}  // namespace

std::optional<Parts> Read(std::string_view url) {
  Parts parts;
  const std::size_t colon = url.find(':');
  if (colon == kNpos) return std::nullopt;
  parts.scheme = url.substr(0, colon);
  const bool https = EqualsLowerCase(parts.scheme, "https");
  if (!https && !EqualsLowerCase(parts.scheme, "http")) return std::nullopt;
  if (url.compare(colon, 3, "://") != 0) return std::nullopt;
  const std::size_t authority_begin = colon + 3;
  std::size_t authority_end = url.find_first_of("/?#", authority_begin);
  if (authority_end == kNpos) authority_end = url.size();
  const std::string_view authority = url.substr(authority_begin, authority_end - authority_begin);
  const std::size_t port_colon = authority.find(':');
  parts.host = authority.substr(0, port_colon);
  if (!IsPlainHost(parts.host)) return std::nullopt;
  if (port_colon != kNpos) {
    parts.port = authority.substr(port_colon + 1);
    if (parts.port.empty() || parts.port.size() > 5 || parts.port[0] == '0') return std::nullopt;
    int number = 0;
    for (char c : parts.port) {
      if (!IsDigit(c)) return std::nullopt;
      number = number * 10 + (c - '0');
    }
    if (number > 65535 || number == (https ? 443 : 80)) return std::nullopt;
  }
  if (!ReadTail(url.substr(authority_end), &parts) || !IsPlainPath(parts.path)) return std::nullopt;
  return parts;
}

std::string Write(const Parts& parts) {
  std::string out;
  out.reserve(parts.scheme.size() + parts.host.size() + parts.path.size() + parts.query.size() + 16);
  AppendOrigin(parts, &out);
  if (parts.path.empty()) {
    out.push_back('/');
  } else {
    out.append(parts.path);
  }
  AppendQueryAndFragment(parts, &out);
  return out;
}

std::optional<std::string> Resolve(const Parts& base, std::string_view ref) {
  if (ref.empty() || ref[0] == '?' || ref[0] == '#' || ref.substr(0, 2) == "//") return std::nullopt;
  Parts resolved = base;
  resolved.query = resolved.fragment = {};
  resolved.has_query = resolved.has_fragment = false;
  if (!ReadTail(ref, &resolved) || resolved.path.empty() || !AllPlain(resolved.path)) return std::nullopt;
  // A first segment holding ':' ("a:b") reads as a scheme to some parsers: left to CURLU.
  if (resolved.path.substr(0, resolved.path.find('/')).find(':') != kNpos) return std::nullopt;
  std::string path;
  if (resolved.path[0] == '/') {
    path = resolved.path;
  } else {
    const std::string_view base_path = base.path.empty() ? std::string_view("/") : base.path;
    path = base_path.substr(0, base_path.rfind('/') + 1);
    path += resolved.path;
  }
  if (!IsPlainPath(path)) {
    path = RemoveDotSegments(path);
    if (!IsPlainPath(path)) return std::nullopt;  // empty segments ("a//b") go to CURLU
  }
  std::string out;
  out.reserve(base.scheme.size() + base.host.size() + path.size() + resolved.query.size() + 16);
  AppendOrigin(base, &out);
  out += path;
  AppendQueryAndFragment(resolved, &out);
  return out;
}

}  // namespace gongkai::plain_url
