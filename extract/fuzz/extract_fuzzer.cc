// libFuzzer target over decode + parse + extract + render (cmake -DGONGKAI_FUZZ=ON with clang), pages
// and report files alike: Extract() sniffs PDF (poppler + page layout), DOCX and OFD (libzip +
// libxml2), DOC (antiword/catdoc in a bounded child) from the bytes.
// Run: extract_fuzzer -max_total_time=600 -max_len=262144 CORPUS_DIR (seed it with tests/extract/gold
// and the small files of tests/extract/data/files, as scripts/fuzz.sh does).
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
  // Files: no OCR (seconds a page), small limits so that one input stays well under the timeout.
  static const gongkai::extract::Options options = [] {
    gongkai::extract::Options o;
    o.ocr = false;
    o.max_file_pages = 20;
    o.max_unzipped_bytes = 4 << 20;
    o.helper_cpu_seconds = 2;
    return o;
  }();
  gongkai::extract::Extraction e;
  if (gongkai::extract::Extract(input, options, &e).ok()) {
    (void)gongkai::extract::ToJson(e);
    (void)gongkai::extract::ToText(e);
    (void)gongkai::extract::ToMarkdown(e);
  }
  gongkai::extract::DecodedText d = gongkai::extract::DecodeToUtf8(bytes);
  (void)gongkai::extract::FindLinks(d.utf8, input.url);
  return 0;
}
