// OcrPdf(): image-only PDFs (图片版) — each page rendered by poppler, recognised by Tesseract
// (chi_sim + eng) word by word, and the words laid out like a PDF's text (page_layout.h), so page
// numbers and running headers go and tables are rebuilt from the ruling lines on the same raster.
// Built only with GONGKAI_OCR (CMake option, ON by default); without it OcrAvailable() is false.
#include "file_readers.h"

#ifdef GONGKAI_OCR
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <memory>

#include "page_layout.h"
#include "text_util.h"
#endif

namespace gongkai::extract {

#ifndef GONGKAI_OCR

bool OcrAvailable() {
  return false;
}

bool OcrPdf(std::string_view, const Options&, FileDocument*, ReadError* error) {
  *error = {FileError::kNoText, "built without OCR (GONGKAI_OCR)"};
  return false;
}

#else

namespace {

// Scans are recognised at this resolution: chi_sim needs ~20 px per character (10.5 pt at 200 dpi
// is 29 px); 300 dpi costs twice the time for no gain on printed reports.
constexpr double kOcrDpi = 200;
// Language data: Simplified Chinese alone reads digits and the odd Latin word well enough; adding
// eng made it read CJK runs as Latin garbage ("FESR A 1 FE") on the fixture.
constexpr const char* kLanguages = "chi_sim";

}  // namespace

bool OcrAvailable() {
  static const bool available = [] {
    tesseract::TessBaseAPI api;
    bool ok = api.Init(nullptr, kLanguages) == 0;
    api.End();
    return ok;
  }();
  return available;
}

bool OcrPdf(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error) {
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf || pdf->is_locked()) {
    *error = {FileError::kDamaged, "cannot open it for OCR"};
    return false;
  }
  int n = pdf->pages();
  if (n > options.ocr_max_pages) {
    *error = {FileError::kTooLarge, "image-only PDF of " + std::to_string(n) +
                                        " pages, more than extract.ocr_max_pages (" +
                                        std::to_string(options.ocr_max_pages) + ")"};
    return false;
  }
  tesseract::TessBaseAPI api;
  if (api.Init(nullptr, kLanguages) != 0) {
    *error = {FileError::kNoText, std::string("Tesseract has no ") + kLanguages + " language data"};
    return false;
  }
  api.SetPageSegMode(tesseract::PSM_AUTO);
  api.SetVariable("debug_file", "/dev/null");
  poppler::page_renderer renderer;
  renderer.set_render_hints(0);
  renderer.set_image_format(poppler::image::format_gray8);
  std::vector<LayoutPage> pages;
  double confidence_sum = 0;
  int words = 0;
  const double scale = 72.0 / kOcrDpi;
  for (int i = 0; i < n; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    LayoutPage lp;
    if (!page) continue;
    poppler::image img = renderer.render_page(page.get(), kOcrDpi, kOcrDpi);
    if (!img.is_valid()) continue;
    lp.width = img.width() * scale;
    lp.height = img.height() * scale;
    const unsigned char* grey = reinterpret_cast<const unsigned char*>(img.const_data());
    lp.rulings = FindRulings(grey, img.width(), img.height(), img.bytes_per_row(), scale);
    api.SetImage(grey, img.width(), img.height(), 1, img.bytes_per_row());
    api.SetSourceResolution(static_cast<int>(kOcrDpi));
    if (api.Recognize(nullptr) != 0) continue;
    // Words take their text line's top and bottom, so that punctuation and digits (smaller boxes)
    // stay on their line in the layout.
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    int ly0 = 0, ly1 = 0;
    if (it) {
      do {
        int x0, y0, x1, y1;
        if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) {
          if (!it->BoundingBox(tesseract::RIL_TEXTLINE, &x0, &ly0, &x1, &ly1)) continue;
        }
        std::unique_ptr<char[]> word(it->GetUTF8Text(tesseract::RIL_WORD));
        if (!word) continue;
        if (!it->BoundingBox(tesseract::RIL_WORD, &x0, &y0, &x1, &y1)) continue;
        TextBox b;
        b.text = text::CollapseSpace(word.get());
        if (b.text.empty()) continue;
        b.x0 = x0 * scale;
        b.x1 = x1 * scale;
        b.y0 = ly0 * scale;
        b.y1 = ly1 * scale;
        b.size = (ly1 - ly0) * scale;
        confidence_sum += it->Confidence(tesseract::RIL_WORD);
        ++words;
        lp.boxes.push_back(std::move(b));
      } while (it->Next(tesseract::RIL_WORD));
    }
    api.Clear();
    pages.push_back(std::move(lp));
  }
  api.End();
  if (words == 0) {
    *error = {FileError::kNoText,
              "image-only PDF: OCR recognised no text on " + std::to_string(n) + " pages"};
    return false;
  }
  *doc = LayOut(std::move(pages));
  doc->ocr = true;
  doc->ocr_confidence = confidence_sum / words;
  return true;
}

#endif

}  // namespace gongkai::extract
