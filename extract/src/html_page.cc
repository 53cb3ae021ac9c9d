// Decoding once and parsing once (see html_page.h).
#include "extract/html_page.h"

#include <gumbo.h>

#include "html_guard.h"

namespace gongkai::extract {

struct HtmlPage::Impl {
  ~Impl() {
    if (output != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
  DecodedText decoded;
  std::string capped;  // the text with attributes capped, when any were cut
  GumboOutput* output = nullptr;
};

HtmlPage::HtmlPage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HtmlPage::HtmlPage(HtmlPage&&) noexcept = default;
HtmlPage& HtmlPage::operator=(HtmlPage&&) noexcept = default;
HtmlPage::~HtmlPage() = default;

HtmlPage HtmlPage::Decode(std::string_view bytes, std::string_view content_type,
                          std::size_t max_input_bytes) {
  auto impl = std::make_unique<Impl>();
  if (bytes.size() > max_input_bytes) bytes = bytes.substr(0, max_input_bytes);
  impl->decoded = DecodeToUtf8(bytes, content_type);
  return HtmlPage(std::move(impl));
}

HtmlPage HtmlPage::FromUtf8(std::string_view utf8) {
  auto impl = std::make_unique<Impl>();
  impl->decoded.utf8 = std::string(utf8);
  impl->decoded.charset_used = "utf-8";
  return HtmlPage(std::move(impl));
}

const DecodedText& HtmlPage::decoded() const {
  return impl_->decoded;
}

const GumboOutput* HtmlPage::tree() const {
  if (impl_->output == nullptr) {
    std::string_view html = CapAttributes(impl_->decoded.utf8, &impl_->capped);
    html = html.substr(0, SafeParseLength(html));
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    impl_->output = gumbo_parse_with_options(&options, html.data(), html.size());
  }
  return impl_->output;
}

}  // namespace gongkai::extract
