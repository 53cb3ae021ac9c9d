// ExtractFile(): Extract() for files — runs the reader of a sniffed format (file_readers.h), falls
// back to OCR for image-only PDFs, and fills the Extraction (file_document.h).
#pragma once

#include <string>
#include <string_view>

#include "extract/extractor.h"
#include "file_sniff.h"

namespace gongkai::extract {

bool ExtractFile(FileFormat format, std::string_view bytes, const Options& options, Extraction* out,
                 std::string* error);

}  // namespace gongkai::extract
