// libFuzzer target over decode + parse + extract + render (cmake -DGONGKAI_FUZZ=ON with clang).
// Run: extract_fuzzer -max_total_time=600 -max_len=262144 CORPUS_DIR (seed it with tests/extract/gold).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "extract/charset.h"
#include "extract/extractor.h"
#include "extract/links.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  gongkai::extract::ExtractInput input;
  input.bytes = bytes;
  input.url = "http://www.example.gov.cn/col/a/index.html";
  // The first byte picks a content type, so header-driven decoding is exercised too.
  if (size > 0 && data[0] % 4 == 1) input.content_type = "text/html; charset=gbk";
  if (size > 0 && data[0] % 4 == 2) input.content_type = "text/html; charset=utf-8";
  gongkai::extract::Extraction e;
  std::string error;
  if (gongkai::extract::Extract(input, gongkai::extract::Options{}, &e, &error)) {
    (void)gongkai::extract::ToJson(e);
    (void)gongkai::extract::ToText(e);
    (void)gongkai::extract::ToMarkdown(e);
  }
  gongkai::extract::DecodedText d = gongkai::extract::DecodeToUtf8(bytes);
  (void)gongkai::extract::FindLinks(d.utf8, input.url);
  return 0;
}
