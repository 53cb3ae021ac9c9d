// The URL toolkit (see url.h): a browser-like cleanup in front of libcurl's CURLU parser.
#include "base/url.h"

#include <curl/curl.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_map>

#include "plain_url.h"
#include "url_internal.h"

namespace gongkai {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsUnreserved(unsigned char c) {
  return IsAlpha(static_cast<char>(c)) || IsDigit(static_cast<char>(c)) || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendEscaped(unsigned char c, std::string* out) {
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

// Bytes that may not appear raw in a URL: controls, space, non-ASCII, and '"<>\^`{|}'.
bool MustEscape(unsigned char c) {
  return c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
         c == '{' || c == '|' || c == '}';
}

// Percent-encodes the bytes of `in` that MustEscape(); '%' and everything else stay as written.
void EscapeRaw(std::string_view in, std::string* out) {
  for (char ch : in) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (MustEscape(c)) {
      AppendEscaped(c, out);
    } else {
      out->push_back(ch);
    }
  }
}

// `utf8` transcoded to GB18030 with iconv, or nullopt when it is not valid UTF-8.
std::optional<std::string> ToGb18030(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string in(utf8);
  std::string out(in.size() * 2 + 4, '\0');
  char* in_ptr = in.data();
  size_t in_left = in.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  size_t rc = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(cd);
  if (rc == static_cast<size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

// The query as a browser submits it: non-ASCII in the page's charset, then percent-encoded.
void EscapeQuery(std::string_view query, QueryCharset charset, std::string* out) {
  if (charset == QueryCharset::kGb18030 &&
      std::any_of(query.begin(), query.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    if (auto gb = ToGb18030(query)) {
      EscapeRaw(*gb, out);
      return;
    }
  }
  EscapeRaw(query, out);
}

// The length of the scheme of `ref` ("http" of "http://..."), or 0 when it has none (RFC 3986 3.1:
// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
size_t SchemeLength(std::string_view ref) {
  if (ref.empty() || !IsAlpha(ref[0])) return 0;
  for (size_t i = 1; i < ref.size(); ++i) {
    char c = ref[i];
    if (c == ':') return i;
    if (!(IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.')) return 0;
  }
  return 0;
}

bool IsWebScheme(std::string_view scheme) {
  return EqualsIgnoreCase(scheme, "http") || EqualsIgnoreCase(scheme, "https");
}

// What browsers do to an href before parsing it (WHATWG URL parser): C0 controls and spaces
// trimmed from both ends, tabs and newlines removed everywhere.
std::string TrimAndStrip(std::string_view ref) {
  while (!ref.empty() && static_cast<unsigned char>(ref.front()) <= ' ') ref.remove_prefix(1);
  while (!ref.empty() && static_cast<unsigned char>(ref.back()) <= ' ') ref.remove_suffix(1);
  std::string out;
  out.reserve(ref.size());
  for (char c : ref)
    if (c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  return out;
}

// A trimmed http(s) or relative reference made acceptable to CURLU the way a browser reads it: '\'
// is '/' before the query, and raw bytes that must be encoded are percent-encoded (the query in
// `charset`); the authority (host names as written, IDN included) is left alone.
std::string BrowserClean(std::string_view ref, QueryCharset charset) {
  size_t scheme_length = SchemeLength(ref);
  std::string out(ref.substr(0, scheme_length ? scheme_length + 1 : 0));
  ref.remove_prefix(out.size());
  size_t fragment = ref.find('#');
  std::string_view before_fragment = ref.substr(0, fragment);
  size_t question = before_fragment.find('?');
  std::string hier(before_fragment.substr(0, question));
  std::replace(hier.begin(), hier.end(), '\\', '/');
  std::string_view rest = hier;
  if (rest.substr(0, 2) == "//") {
    size_t authority_end = rest.find('/', 2);
    std::string_view authority = rest.substr(0, authority_end);
    out += authority;
    rest.remove_prefix(authority.size());
  }
  EscapeRaw(rest, &out);
  if (question != std::string_view::npos) {
    out.push_back('?');
    EscapeQuery(before_fragment.substr(question + 1), charset, &out);
  }
  if (fragment != std::string_view::npos) {
    out.push_back('#');
    EscapeRaw(ref.substr(fragment + 1), &out);
  }
  return out;
}

struct CurlUrlDeleter {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrl = std::unique_ptr<CURLU, CurlUrlDeleter>;

// One part of a parsed CURLU handle, or nullopt when the URL has none.
std::optional<std::string> GetPart(CURLU* handle, CURLUPart part, unsigned int flags = 0) {
  char* value = nullptr;
  if (curl_url_get(handle, part, &value, flags) != CURLUE_OK || value == nullptr) return std::nullopt;
  std::string out(value);
  curl_free(value);
  return out;
}

// The absolute http(s) URL in `handle`, written back with its host's ASCII letters lower-cased
// (CURLU keeps the case as written).
std::string Compose(CURLU* handle) {
  std::string out = GetPart(handle, CURLUPART_SCHEME).value_or("http") + "://";
  if (auto user = GetPart(handle, CURLUPART_USER)) {
    out += *user;
    if (auto password = GetPart(handle, CURLUPART_PASSWORD)) out += ":" + *password;
    out += "@";
  }
  out += ToLower(GetPart(handle, CURLUPART_HOST).value_or(""));
  if (auto port = GetPart(handle, CURLUPART_PORT)) out += ":" + *port;
  out += GetPart(handle, CURLUPART_PATH).value_or("/");
  if (auto query = GetPart(handle, CURLUPART_QUERY)) out += "?" + *query;
  if (auto fragment = GetPart(handle, CURLUPART_FRAGMENT)) out += "#" + *fragment;
  return out;
}

// A CURLU handle holding the absolute http(s) URL `url` (already cleaned), or null.
CurlUrl ParseAbsolute(const std::string& url) {
  size_t scheme_length = SchemeLength(url);
  if (!scheme_length || !IsWebScheme(std::string_view(url).substr(0, scheme_length))) return nullptr;
  CurlUrl handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return nullptr;
  return handle;
}

// Normalises the percent-encoding of one component: %xx of unreserved bytes decoded, other %xx
// upper-cased, bytes that may not appear raw (and a '%' starting no escape) encoded.
std::string NormalizeEncoding(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == '%' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
      unsigned char decoded = static_cast<unsigned char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      if (IsUnreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        AppendEscaped(decoded, &out);
      }
      i += 2;
    } else if (MustEscape(c) || c == '%') {
      AppendEscaped(c, &out);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool IsSessionParameter(std::string_view name, const std::vector<std::string>& session_parameters) {
  return std::any_of(session_parameters.begin(), session_parameters.end(),
                     [&](const std::string& p) { return EqualsIgnoreCase(p, name); });
}

std::string DropSessionQuery(std::string_view query, const std::vector<std::string>& params) {
  std::string out;
  for (const QueryParam& param : SplitQuery(query)) {
    if (param.pair.empty() || IsSessionParameter(param.name, params)) continue;
    if (!out.empty()) out += '&';
    out += param.pair;
  }
  return out;
}

// Drops ";jsessionid=..." style path parameters.
std::string DropSessionPathParams(std::string_view path, const std::vector<std::string>& params) {
  if (params.empty()) return std::string(path);
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
    if (!IsSessionParameter(param.substr(0, param.find('=')), params)) out += path.substr(semi, end - semi);
    pos = end;
  }
  return out;
}

}  // namespace

QueryCharset QueryCharsetOf(std::string_view charset) {
  for (std::string_view gb : {"gbk", "gb2312", "gb18030", "cp936", "x-gbk"})
    if (EqualsIgnoreCase(charset, gb)) return QueryCharset::kGb18030;
  return QueryCharset::kUtf8;
}

namespace {

// `base` as ResolveUrl reads it: cleaned, parsed by CURLU (null when it is no absolute web URL),
// and split by plain_url when it has the plain shape. A page resolves its hundreds of links against
// one base: each thread keeps its last.
struct Base {
  std::string written;  // as given
  std::string cleaned;
  CurlUrl parsed;
  std::optional<plain_url::Parts> plain;  // views into `cleaned`
};

const Base& BaseOf(std::string_view base) {
  thread_local Base last;
  thread_local bool have_last = false;
  if (!have_last || last.written != base) {
    last.written.assign(base);
    last.cleaned = BrowserClean(TrimAndStrip(base), QueryCharset::kUtf8);
    last.parsed = ParseAbsolute(last.cleaned);
    last.plain = last.parsed ? plain_url::Read(last.cleaned) : std::nullopt;
    have_last = true;
  }
  return last;
}

// `cleaned` (a BrowserClean() reference without a foreign scheme) resolved against `base`.
std::string ResolveCleaned(const Base& base, const std::string& cleaned, bool plain_allowed) {
  if (SchemeLength(cleaned)) {
    if (plain_allowed)
      if (auto plain = plain_url::Read(cleaned)) return plain_url::Write(*plain);
    CurlUrl absolute = ParseAbsolute(cleaned);
    return absolute ? Compose(absolute.get()) : "";
  }
  if (!base.parsed) return "";
  if (plain_allowed && base.plain)
    if (auto resolved = plain_url::Resolve(*base.plain, cleaned)) return *resolved;
  CurlUrl handle(curl_url_dup(base.parsed.get()));
  if (!handle) return "";
  // RFC 3986 5.2.2: an empty reference or a lone fragment keeps the base's path and query
  // (CURLU 7.88 drops the last segment and the query for them).
  if (cleaned.empty() || cleaned[0] == '#') {
    curl_url_set(handle.get(), CURLUPART_FRAGMENT, cleaned.empty() ? nullptr : cleaned.c_str() + 1, 0);
    return Compose(handle.get());
  }
  if (curl_url_set(handle.get(), CURLUPART_URL, cleaned.c_str(), 0) != CURLUE_OK) return "";
  return Compose(handle.get());
}

std::string ResolveUncached(std::string_view base_url, std::string_view ref, QueryCharset query_charset,
                            bool plain_allowed) {
  std::string trimmed = TrimAndStrip(ref);
  const size_t scheme_length = SchemeLength(trimmed);
  const std::string scheme = trimmed.substr(0, scheme_length);
  if (scheme_length && !IsWebScheme(scheme)) return trimmed;  // mailto:, javascript:, g:h
  const Base& base = BaseOf(base_url);
  if (scheme_length && trimmed.compare(scheme_length + 1, 2, "//") != 0) {
    // "http:g": relative to a base of the same scheme, as browsers read it; otherwise "http://g".
    std::string base_scheme = base.parsed ? GetPart(base.parsed.get(), CURLUPART_SCHEME).value_or("") : "";
    if (EqualsIgnoreCase(base_scheme, scheme)) {
      trimmed.erase(0, scheme_length + 1);
    } else {
      trimmed.insert(scheme_length + 1, "//");
    }
  }
  return ResolveCleaned(base, BrowserClean(trimmed, query_charset), plain_allowed);
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref, QueryCharset query_charset) {
  // A page's links are resolved against its URL by the page-structure walk, then again by link
  // discovery and extraction: each thread keeps the answers for its last base (a bounded number;
  // forgotten when the base changes).
  constexpr size_t kRememberedPerBase = 4096;
  thread_local std::string answers_base;
  thread_local std::unordered_map<std::string, std::string> answers;  // charset byte + ref -> URL
  if (answers_base != base) {
    answers_base.assign(base);
    answers.clear();
  }
  std::string key;
  key.reserve(ref.size() + 1);
  key.push_back(static_cast<char>(query_charset));
  key.append(ref);
  if (auto it = answers.find(key); it != answers.end()) return it->second;
  std::string url = ResolveUncached(base, ref, query_charset, /*plain_allowed=*/true);
  if (answers.size() < kRememberedPerBase) answers.emplace(std::move(key), url);
  return url;
}

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

namespace {

std::optional<ParsedUrl> ParseUrlUncached(std::string_view url, bool plain_allowed) {
  const std::string cleaned = BrowserClean(TrimAndStrip(url), QueryCharset::kUtf8);
  if (plain_allowed) {
    if (auto plain = plain_url::Read(cleaned)) {
      ParsedUrl out;
      out.scheme = ToLower(plain->scheme);
      out.host = ToLower(plain->host);
      out.port = out.scheme == "https" ? 443 : 80;
      if (!plain->port.empty()) {
        out.port = 0;
        for (char c : plain->port) out.port = out.port * 10 + (c - '0');
      }
      out.path = plain->path.empty() ? "/" : std::string(plain->path);
      out.has_query = plain->has_query;
      out.query = plain->query;
      return out;
    }
  }
  CurlUrl handle = ParseAbsolute(cleaned);
  if (!handle) return std::nullopt;
  ParsedUrl out;
  out.scheme = ToLower(GetPart(handle.get(), CURLUPART_SCHEME).value_or(""));
  out.host = ToLower(GetPart(handle.get(), CURLUPART_HOST).value_or(""));
  if (!out.host.empty() && out.host.back() == '.') out.host.pop_back();  // "www.gov.cn." is "www.gov.cn"
  if (out.host.empty()) return std::nullopt;
  std::string port = GetPart(handle.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT).value_or("");
  out.port = 0;
  for (char c : port) out.port = out.port * 10 + (c - '0');
  if (port.empty() || port.size() > 5 || out.port < 1 || out.port > 65535) return std::nullopt;
  out.path = GetPart(handle.get(), CURLUPART_PATH).value_or("/");
  if (out.path.empty()) out.path = "/";
  if (auto query = GetPart(handle.get(), CURLUPART_QUERY)) {
    out.has_query = true;
    out.query = std::move(*query);
  }
  return out;
}

}  // namespace

std::optional<ParsedUrl> ParseUrl(std::string_view url) {
  // The event loop asks about one URL several times in a row (robots check, politeness route,
  // transfer setup): the thread's last few answers are kept, as BaseOf() keeps its base.
  constexpr size_t kRemembered = 4;
  thread_local std::array<std::pair<std::string, std::optional<ParsedUrl>>, kRemembered> recent;
  thread_local size_t next_slot = 0;
  for (const auto& [seen, parsed] : recent)
    if (seen.size() == url.size() && !seen.empty() && seen == url) return parsed;
  auto parsed = ParseUrlUncached(url, /*plain_allowed=*/true);
  recent[next_slot] = {std::string(url), parsed};
  next_slot = (next_slot + 1) % kRemembered;
  return parsed;
}

namespace {

std::string CanonicalUncached(std::string_view url, const std::vector<std::string>& session_parameters) {
  auto parsed = ParseUrl(url);
  if (!parsed) return "";
  std::string path = DropSessionPathParams(parsed->path, session_parameters);
  path = plain_url::RemoveDotSegments(NormalizeEncoding(path));
  std::string query = NormalizeEncoding(DropSessionQuery(parsed->query, session_parameters));
  std::string out = parsed->Origin() + path;
  if (parsed->has_query && !query.empty()) out += "?" + query;
  return out;
}

}  // namespace

std::string CanonicalUrl(std::string_view url, const std::vector<std::string>& session_parameters) {
  // Link discovery asks for the canonical spelling of every link of every page, and a site's pages
  // share most of their links (navigation, columns): each thread keeps its answers (a bounded
  // number, all forgotten when full or when the session parameters change).
  constexpr size_t kRemembered = 4096;
  thread_local std::vector<std::string> answers_parameters;
  thread_local std::unordered_map<std::string, std::string> answers;  // URL -> canonical URL
  if (answers_parameters != session_parameters) {
    answers_parameters = session_parameters;
    answers.clear();
  }
  std::string key(url);
  if (auto it = answers.find(key); it != answers.end()) return it->second;
  std::string canonical = CanonicalUncached(url, session_parameters);
  if (answers.size() >= kRemembered) answers.clear();
  answers.emplace(std::move(key), canonical);
  return canonical;
}

std::string HostPortOf(std::string_view url) {
  auto parsed = ParseUrl(url);
  return parsed ? parsed->Authority() : "";
}

bool SameSite(std::string_view a, std::string_view b) {
  std::string site = HostPortOf(a);
  return !site.empty() && site == HostPortOf(b);
}

std::vector<QueryParam> SplitQuery(std::string_view query) {
  std::vector<QueryParam> params;
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    QueryParam param;
    param.pair = query.substr(pos, amp - pos);
    size_t eq = param.pair.find('=');
    param.name = param.pair.substr(0, eq);
    if (eq != std::string_view::npos) {
      param.has_value = true;
      param.value = param.pair.substr(eq + 1);
    }
    params.push_back(param);
    pos = amp + 1;
  }
  return params;
}

namespace url_internal {

std::string ResolveWithCurlu(std::string_view base, std::string_view ref, QueryCharset query_charset) {
  return ResolveUncached(base, ref, query_charset, /*plain_allowed=*/false);
}

std::optional<ParsedUrl> ParseWithCurlu(std::string_view url) {
  return ParseUrlUncached(url, /*plain_allowed=*/false);
}

}  // namespace url_internal

}  // namespace gongkai
