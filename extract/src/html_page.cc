// Decoding once and parsing once (see html_page.h).
#include "extract/html_page.h"

#include <gumbo.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <vector>

#include "html_guard.h"
#include "parse_input.h"

namespace gongkai::extract {
namespace {

// Gumbo allocates every node, attribute, string and vector of a tree one malloc at a time (tens of
// thousands on a portal page) and frees them one by one. The tree lives exactly as long as its
// page, so its memory comes from blocks freed all at once with the page: no per-object free (Gumbo
// frees through the no-op below; growing vectors and buffers leave their old copies in the block).
class GumboArena {
 public:
  GumboArena() = default;
  GumboArena(const GumboArena&) = delete;
  GumboArena& operator=(const GumboArena&) = delete;
  ~GumboArena() {
    for (char* block : blocks_) std::free(block);
  }

  static void* Allocate(void* arena, size_t size) { return static_cast<GumboArena*>(arena)->Take(size); }
  static void Free(void* /*arena*/, void* /*ptr*/) {}

 private:
  // 64 KiB blocks: a typical page's tree takes a few of them; larger requests get a block of their own.
  static constexpr size_t kBlockBytes = 64 * 1024;
  static constexpr size_t kAlign = alignof(std::max_align_t);

  void* Take(size_t size) {
    size = (size + kAlign - 1) & ~(kAlign - 1);
    if (size > left_) return TakeFromNewBlock(size);
    void* p = next_;
    next_ += size;
    left_ -= size;
    return p;
  }

  // Out of line, so that Take(), called for each of the ~3,500 objects of a tree, saves and restores
  // no registers: inlined, this path's malloc and vector growth cost every call 12 pushes and pops
  // (27 instructions a call, 12 without).
  [[gnu::noinline]] void* TakeFromNewBlock(size_t size) {
    const size_t bytes = std::max(size, kBlockBytes);
    char* block = static_cast<char*>(std::malloc(bytes));
    if (block == nullptr) return nullptr;
    blocks_.push_back(block);
    next_ = block + size;
    left_ = bytes - size;
    return block;
  }

  std::vector<char*> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

}  // namespace

struct HtmlPage::Impl {
  DecodedText decoded;
  std::string parse_input;  // what Gumbo parsed, when it differs from decoded.utf8 (parse_input.h)
  GumboArena arena;         // holds the tree: freed with the page, never node by node
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
    std::string_view html = ParseInput(impl_->decoded.utf8, &impl_->parse_input);
    html = html.substr(0, SafeParseLength(html));
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    options.allocator = &GumboArena::Allocate;
    options.deallocator = &GumboArena::Free;
    options.userdata = &impl_->arena;
    impl_->output = gumbo_parse_with_options(&options, html.data(), html.size());
  }
  return impl_->output;
}

}  // namespace gongkai::extract
