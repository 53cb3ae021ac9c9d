// One HTML page decoded and parsed once, for everything that reads it: the crawler's structure
// reading and link discovery, FindLinks() and Extractor::ExtractPage() all walk the same Gumbo
// tree (issue 14: a report was decoded twice and parsed three times).
//
// The parse is guarded like every Gumbo parse in gongkai (attributes capped, nesting and element
// count bounded: see extract/src/html_guard.h), and Gumbo reads only what some reader uses (see
// tree()). The tree is built on first use, so a page that turns
// out to be XML (a Hanweb dataproxy answer) is never parsed as HTML. Not thread-safe; use one
// HtmlPage per thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "extract/charset.h"

struct GumboInternalOutput;  // <gumbo.h>: GumboOutput

namespace gongkai::extract {

class HtmlPage {
 public:
  // Decodes the first `max_input_bytes` of `bytes` (charset evidence as in DecodeToUtf8()).
  static HtmlPage Decode(std::string_view bytes, std::string_view content_type, std::size_t max_input_bytes);
  // A page whose text is already UTF-8 (charset_used "utf-8", nothing declared).
  static HtmlPage FromUtf8(std::string_view utf8);

  HtmlPage(HtmlPage&&) noexcept;
  HtmlPage& operator=(HtmlPage&&) noexcept;
  ~HtmlPage();

  const DecodedText& decoded() const;
  std::string_view utf8() const { return decoded().utf8; }
  // Gumbo's output for the guarded prefix of utf8(); parsed on the first call, owned by the page.
  // The tree lacks the presentational attributes no reader uses (align, valign, width, lang, …,
  // and a style that does not hide its element: extract/src/parse_input.h); read utf8() for those.
  const GumboInternalOutput* tree() const;

 private:
  struct Impl;
  explicit HtmlPage(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;  // stable address: Gumbo's tree points into the text
};

}  // namespace gongkai::extract
