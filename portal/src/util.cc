#include "util.h"

#include <iconv.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "embedded.h"

namespace gongkai::portal {

std::string_view EmbeddedText(std::string_view name) {
  for (int i = 0; i < kEmbeddedFileCount; ++i) {
    if (name == kEmbeddedFiles[i].name) return kEmbeddedFiles[i].text;
  }
  return {};
}

uint64_t Fnv1a64(std::string_view bytes, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

uint64_t BodyHash(std::string_view bytes) {
  constexpr uint64_t kMul = 0x9e3779b97f4a7c15ull;
  uint64_t h = 14695981039346656037ull ^ (bytes.size() * kMul);
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 29;
  }
  return Rng(Fnv1a64(bytes.substr(i), h)).Next();
}

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

int Rng::Uniform(int lo, int hi) {
  if (hi <= lo) return lo;
  return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
}

uint64_t MixSeed(uint64_t a, uint64_t b, uint64_t c) {
  Rng r(a * 31 + b);
  uint64_t x = r.Next() ^ (c * 0x9e3779b97f4a7c15ull);
  return Rng(x).Next();
}

std::string HttpDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool ParseHttpDate(const std::string& text, int64_t* unix_seconds) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr) return false;
  *unix_seconds = static_cast<int64_t>(timegm(&tm));
  return true;
}

int64_t UnixSeconds(int year, int month, int day, int hour, int minute) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  return static_cast<int64_t>(timegm(&tm)) - 8 * 3600;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

// GBK bytes of every BMP code point (0 = not in GBK; ASCII maps to itself), built once.
const std::vector<uint16_t>* BuildGbkTable() {
  iconv_t cd = iconv_open("GBK", "UTF-32LE");
  if (cd == reinterpret_cast<iconv_t>(-1)) return nullptr;
  auto* table = new std::vector<uint16_t>(0x10000, 0);
  for (uint32_t cp = 0x80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp < 0xE000) continue;
    char in[4] = {static_cast<char>(cp & 0xFF), static_cast<char>((cp >> 8) & 0xFF), 0, 0};
    char out[8];
    char* ip = in;
    char* op = out;
    size_t il = 4, ol = sizeof out;
    if (iconv(cd, &ip, &il, &op, &ol) != static_cast<size_t>(-1) && op - out == 2) {
      (*table)[cp] = static_cast<uint16_t>((static_cast<unsigned char>(out[0]) << 8) |
                                           static_cast<unsigned char>(out[1]));
    }
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
  }
  iconv_close(cd);
  return table;
}

const std::vector<uint16_t>* GbkTable() {
  static const std::vector<uint16_t>* table = BuildGbkTable();  // thread-safe once
  return table;
}

}  // namespace

bool Utf8ToGbk(std::string_view utf8, std::string* gbk) {
  const std::vector<uint16_t>* table = GbkTable();
  if (table == nullptr) return false;
  gbk->clear();
  gbk->reserve(utf8.size());
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  while (p < end) {
    uint32_t cp = *p;
    int len = cp < 0x80 ? 1 : (cp >> 5) == 0x6 ? 2 : (cp >> 4) == 0xE ? 3 : (cp >> 3) == 0x1E ? 4 : 1;
    if (end - p < len) len = 1;
    if (len == 1 && cp >= 0x80) cp = 0xFFFFFFFF;
    if (len == 2) cp = ((cp & 0x1F) << 6) | (p[1] & 0x3F);
    if (len == 3) cp = ((cp & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    if (len == 4) cp = 0xFFFFFFFF;  // outside the BMP: not in GBK
    p += len;
    if (cp < 0x80) {
      gbk->push_back(static_cast<char>(cp));
    } else if (cp < 0x10000 && (*table)[cp] != 0) {
      gbk->push_back(static_cast<char>((*table)[cp] >> 8));
      gbk->push_back(static_cast<char>((*table)[cp] & 0xFF));
    } else {
      gbk->push_back('?');
    }
  }
  return true;
}

std::string Gzip(std::string_view bytes) {
  z_stream zs{};
  constexpr int kGzipWindowBits = 15 + 16;  // +16: gzip wrapper instead of zlib's
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&zs, bytes.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    if (nl > start) out.emplace_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace gongkai::portal
