// ExtractFile(): reader by format, OCR fallback for 图片版, errors as FileError (file_extract.h).
#include "file_extract.h"

#include <cctype>

#include "file_readers.h"
#include "page_layout.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// A PDF whose text (page furniture removed) has fewer CJK characters and words than this per page
// is image-only (图片版): scanned pages carry at most a stamp or a page number as text, while a
// page of a report set in type has hundreds (and a cover page a dozen or more).
constexpr int kMinTokensPerPage = 5;

bool ImageOnly(const FileDocument& doc) {
  int tokens = 0;
  for (const FileBlock& b : doc.blocks) {
    if (b.kind == FileBlock::Kind::kTable) {
      for (const auto& row : b.table)
        for (const auto& cell : row) tokens += text::Count(cell).tokens;
    } else {
      tokens += text::Count(b.text).tokens;
    }
  }
  return tokens < kMinTokensPerPage * std::max(1, doc.pages);
}

}  // namespace

const char* ToString(FileError error) {
  switch (error) {
    case FileError::kNone:
      return "none";
    case FileError::kEmpty:
      return "empty";
    case FileError::kUnsupported:
      return "unsupported";
    case FileError::kEncrypted:
      return "encrypted";
    case FileError::kDamaged:
      return "damaged";
    case FileError::kTooLarge:
      return "too_large";
    case FileError::kTimeout:
      return "timeout";
    case FileError::kNoText:
      return "no_text";
  }
  return "none";
}

bool ExtractFile(FileFormat format, std::string_view bytes, const Options& options, Extraction* out,
                 std::string* error) {
  ReadError err;
  FileDocument doc;
  bool ok = false;
  if (bytes.size() > options.max_file_bytes) {
    err = {FileError::kTooLarge, std::to_string(bytes.size()) + " bytes, more than extract.max_file_bytes (" +
                                     std::to_string(options.max_file_bytes) + ")"};
  } else {
    switch (format) {
      case FileFormat::kPdf:
        ok = ReadPdf(bytes, options, &doc, &err);
        break;
      case FileFormat::kDocx:
        ok = ReadDocx(bytes, options, &doc, &err);
        break;
      case FileFormat::kOfd:
        ok = ReadOfd(bytes, options, &doc, &err);
        break;
      case FileFormat::kDoc:
      case FileFormat::kWps:
        ok = ReadDoc(bytes, options, &doc, &err);
        break;
      default:
        err = {FileError::kUnsupported, "not a document"};
        break;
    }
  }
  if (ok && format == FileFormat::kPdf && ImageOnly(doc)) {
    int pages = doc.pages;
    if (!options.ocr || !OcrAvailable()) {
      ok = false;
      err = {FileError::kNoText,
             "image-only PDF (" + std::to_string(pages) + " pages without a text layer)" +
                 (OcrAvailable() ? "; OCR is off (extract.ocr)" : "; built without OCR (GONGKAI_OCR)")};
    } else {
      FileDocument scanned;
      ok = OcrPdf(bytes, options, &scanned, &err);
      if (ok) doc = std::move(scanned);
    }
  }
  out->format = FormatName(format);
  if (!ok) {
    out->error = err.kind;
    std::string name = FormatName(format);
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    *error = name + " " + ToString(err.kind) + ": " + err.message;
    return false;
  }
  FillExtraction(std::move(doc), FormatName(format), out);
  return true;
}

}  // namespace gongkai::extract
