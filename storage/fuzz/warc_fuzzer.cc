// libFuzzer target over the WARC reader (cmake -DGONGKAI_FUZZ=ON with clang): record framing,
// gzip members and resync, HTTP parsing, chunked and Content-Encoding decoding with their caps.
// Run: warc_fuzzer -max_total_time=600 -max_len=65536 CORPUS_DIR (seed it with small .warc/.warc.gz).
// The first byte picks a mode: the rest as is, or gzip-compressed in members split at "WARC/" with
// one byte (chosen by the second input byte) flipped, so damaged members and resync are reached.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "gzip_util.h"
#include "warc_reader.h"

namespace {

constexpr int64_t kFuzzMaxBytes = 1 << 20;  // small caps: bombs are found fast

std::string Members(const std::string& plain, unsigned flip) {
  std::string out;
  size_t start = 0;
  while (start < plain.size()) {
    size_t next = plain.find("WARC/", start + 1);
    if (next == std::string::npos) next = plain.size();
    out += gongkai::storage::GzipMember(std::string_view(plain).substr(start, next - start));
    start = next;
  }
  if (!out.empty()) out[flip % out.size()] = static_cast<char>(out[flip % out.size()] ^ 0x5a);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace gongkai::storage;
  if (size < 2) return 0;
  std::string rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string input = data[0] % 2 == 0 ? rest : Members(rest, data[1] * 131u);
  std::istringstream in(input);
  WarcReader reader(in, kFuzzMaxBytes);
  WarcRecord record;
  for (int i = 0; i < 10000; ++i) {
    Status next = reader.Next(&record);
    if (next.IsNotFound()) break;
    if (!next.ok()) continue;
    HttpMessage m = ParseHttpMessage(std::move(record.block));
    std::string body = std::move(m.body);
    if (HeaderValue(m.headers, "Transfer-Encoding").find("chunked") != std::string::npos) {
      (void)Dechunk(&body, kFuzzMaxBytes);
      if (static_cast<int64_t>(body.size()) > kFuzzMaxBytes) __builtin_trap();  // a cap that does not hold
    }
    (void)DecodeContent(&body, HeaderValue(m.headers, "Content-Encoding"), kFuzzMaxBytes);
    if (static_cast<int64_t>(body.size()) > kFuzzMaxBytes) {
      __builtin_trap();  // a cap that does not hold
    }
  }
  return 0;
}
