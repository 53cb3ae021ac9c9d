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

// A text layer that does not decode: WPS prints subset fonts (CID fonts, Identity-H) and sometimes
// leaves out their ToUnicode maps; the glyph codes then come out as ASCII punctuation, Latin-1
// letters, control and private-use characters instead of the report's CJK, while the pages look
// right. Such a layer is read like a scan (OCR). A Chinese report's text is mostly CJK; a layer with
// less than kMaxGarbledCjkShare CJK and at least kMinGarbledJunkShare junk is garbled.
constexpr double kMaxGarbledCjkShare = 0.1;
constexpr double kMinGarbledJunkShare = 0.3;
// Too little text to judge (a cover page with a number) is left to ImageOnly().
constexpr int kMinGarbledChars = 40;

bool Junk(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0xBF) || cp == 0xFFFD) return true;
  if (cp >= 0xE000 && cp <= 0xF8FF) return true;  // private use
  // ASCII punctuation and symbols (report text has a few; a decoded glyph-code soup is full of them)
  return cp < 0x80 &&
         !((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == ' ');
}

bool Garbled(const FileDocument& doc) {
  int chars = 0, cjk = 0, junk = 0;
  auto count = [&](const std::string& s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
      char32_t cp = text::NextCodePoint(s, &pos);
      if (text::IsSpace(cp)) continue;
      ++chars;
      cjk += text::IsCjk(cp) ? 1 : 0;
      junk += Junk(cp) ? 1 : 0;
    }
  };
  for (const FileBlock& b : doc.blocks) {
    count(b.text);
    for (const auto& row : b.table)
      for (const auto& cell : row) count(cell);
  }
  return chars >= kMinGarbledChars && cjk < kMaxGarbledCjkShare * chars &&
         junk >= kMinGarbledJunkShare * chars;
}

// The Status of a file that could not be read (codes: see Extract() in extractor.h).
Status FileStatus(FileError error, std::string message) {
  switch (error) {
    case FileError::kEncrypted:
    case FileError::kDamaged:
      return Status::Corruption(std::move(message));
    case FileError::kTimeout:
      return Status::IOError(std::move(message));
    case FileError::kNoText:
      return Status::NotFound(std::move(message));
    case FileError::kNone:
    case FileError::kEmpty:
    case FileError::kUnsupported:
    case FileError::kTooLarge:
      break;
  }
  return Status::InvalidArgument(std::move(message));
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

Status ExtractFile(FileFormat format, std::string_view bytes, const Options& options, Extraction* out) {
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
  bool garbled = false;
  if (ok && format == FileFormat::kPdf && (ImageOnly(doc) || (garbled = Garbled(doc)))) {
    int pages = doc.pages;
    if (!options.ocr || !OcrAvailable()) {
      ok = false;
      err = {FileError::kNoText,
             (garbled ? "PDF text layer does not decode (" + std::to_string(pages) +
                            " pages; fonts without a ToUnicode map)"
                      : "image-only PDF (" + std::to_string(pages) + " pages without a text layer)") +
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
    return FileStatus(err.kind, name + " " + ToString(err.kind) + ": " + err.message);
  }
  FillExtraction(std::move(doc), FormatName(format), out);
  return Status::OK();
}

}  // namespace gongkai::extract
