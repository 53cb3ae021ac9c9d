// The file readers behind Extract(): one per format, each turning a file's bytes into a
// FileDocument (file_document.h), or failing with an ErrorKind and a message that says what is
// wrong with the file. Each lives in its own .cc (pdf_reader.cc, docx_reader.cc, ofd_reader.cc,
// doc_reader.cc, ocr.cc); all respect the limits in Options.
#pragma once

#include <string>
#include <string_view>

#include "extract/extractor.h"
#include "file_document.h"

namespace gongkai::extract {

struct ReadError {
  FileError kind = FileError::kNone;
  std::string message;
};

bool ReadPdf(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error);
bool ReadDocx(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error);
bool ReadOfd(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error);
// DOC and WPS (OLE2): through helper programs run in a bounded child — wvWare (tables as exact
// grids), else antiword, else catdoc (doc_reader.cc says why and what each loses).
bool ReadDoc(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error);

// OCR (ocr.cc): recognises the pages of an image-only PDF; false when OCR is not built in or fails.
bool OcrAvailable();
bool OcrPdf(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error);

}  // namespace gongkai::extract
