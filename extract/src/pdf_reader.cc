// ReadPdf(): poppler-cpp -> word boxes with fonts, plus rulings from a raster of the page, -> LayOut().
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <memory>
#include <mutex>

#include "cjk_fold.h"
#include "file_readers.h"
#include "page_layout.h"

namespace gongkai::extract {
namespace {

// Pages are rendered at this resolution to find table rulings: at 72 dpi one pixel is one point,
// a 0.5 pt border is still one pixel (anti-aliasing off), and a page costs ~0.5 MB of grey.
constexpr double kRulingDpi = 72;

void Quiet(const std::string&, void*) {}

// Heavier type marks headings: bold faces and the black (黑体) and 小标宋 families WPS headings use.
bool HeavyFont(std::string name) {
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* k : {"bold", "hei", "black", "heavy", "xbs", "xiaobiaosong", "demi", "semibold"})
    if (name.find(k) != std::string::npos) return true;
  return false;
}

// The text as UTF-8, Kangxi and CJK radicals folded to the ideographs (WPS text layers, cjk_fold.h).
std::string Utf8(const poppler::ustring& s) {
  poppler::byte_array b = s.to_utf8();
  return FoldRadicals(std::string_view(b.data(), b.size()));
}

}  // namespace

bool ReadPdf(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(Quiet, nullptr); });
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) {
    *error = {FileError::kDamaged, "poppler cannot open it (no usable cross-reference table or trailer)"};
    return false;
  }
  if (pdf->is_locked()) {
    *error = {FileError::kEncrypted, "password-protected (encrypted with a user password)"};
    return false;
  }
  int n = pdf->pages();
  if (n <= 0) {
    *error = {FileError::kDamaged, "no pages"};
    return false;
  }
  if (n > options.max_file_pages) {
    *error = {FileError::kTooLarge, std::to_string(n) + " pages, more than extract.max_file_pages (" +
                                        std::to_string(options.max_file_pages) + ")"};
    return false;
  }
  poppler::page_renderer renderer;
  renderer.set_render_hints(0);  // no anti-aliasing: crisp one-pixel rulings
  renderer.set_image_format(poppler::image::format_gray8);
  std::vector<LayoutPage> pages;
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    LayoutPage lp;
    if (!page) {
      pages.push_back(std::move(lp));
      continue;
    }
    poppler::rectf box = page->page_rect();
    lp.width = box.width();
    lp.height = box.height();
    for (poppler::text_box& t : page->text_list(poppler::page::text_list_include_font)) {
      poppler::rectf r = t.bbox();
      TextBox b;
      b.text = Utf8(t.text());
      b.x0 = r.left();
      b.y0 = r.top();
      b.x1 = r.right();
      b.y1 = r.bottom();
      b.size = t.get_font_size();
      b.bold = HeavyFont(t.get_font_name());
      if (!b.text.empty()) lp.boxes.push_back(std::move(b));
    }
    if (!lp.boxes.empty()) {
      poppler::image img = renderer.render_page(page.get(), kRulingDpi, kRulingDpi);
      if (img.is_valid() && img.format() == poppler::image::format_gray8) {
        lp.rulings = FindRulings(reinterpret_cast<const unsigned char*>(img.const_data()), img.width(),
                                 img.height(), img.bytes_per_row(), 72.0 / kRulingDpi);
      }
    }
    pages.push_back(std::move(lp));
  }
  *doc = LayOut(std::move(pages));
  return true;
}

}  // namespace gongkai::extract
