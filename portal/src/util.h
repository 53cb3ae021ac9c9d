// Small deterministic helpers of the portal: hashing, a seeded generator, HTTP dates, escaping, GBK.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::portal {

uint64_t Fnv1a64(std::string_view bytes, uint64_t basis = 14695981039346656037ull);
// A fast 64-bit hash of a whole body (8 bytes per step), for ETags. Stable across runs and builds.
uint64_t BodyHash(std::string_view bytes);
std::string Hex64(uint64_t v);  // 16 lowercase hex digits

// SplitMix64: tiny, seedable, identical on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  int Uniform(int lo, int hi);  // inclusive both ends
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Uniform(0, static_cast<int>(items.size()) - 1)];
  }

 private:
  uint64_t state_;
};

// Mixes values into one seed (order matters).
uint64_t MixSeed(uint64_t a, uint64_t b, uint64_t c = 0);

std::string HttpDate(int64_t unix_seconds);  // "Wed, 06 Jan 2021 02:22:00 GMT"
bool ParseHttpDate(const std::string& text, int64_t* unix_seconds);
int64_t UnixSeconds(int year, int month, int day, int hour, int minute);  // UTC+8 wall time -> Unix time

std::string HtmlEscape(std::string_view text);
std::string JsonEscape(std::string_view text);

// UTF-8 -> GBK through a table built once with iconv; characters GBK lacks (and anything outside
// the BMP) become '?'. Returns false only if iconv has no GBK converter.
bool Utf8ToGbk(std::string_view utf8, std::string* gbk);

// gzip (RFC 1952) of `bytes` at zlib's fastest level: the portal compresses every answer anew.
std::string Gzip(std::string_view bytes);

// Splits on '\n', dropping empty lines.
std::vector<std::string> Lines(std::string_view text);

}  // namespace gongkai::portal
