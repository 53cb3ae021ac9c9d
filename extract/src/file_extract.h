// ExtractFile(): Extract() for files — runs the reader of a sniffed format (file_readers.h), falls
// back to OCR for image-only PDFs, and fills the Extraction (file_document.h).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "extract/extractor.h"
#include "file_sniff.h"

namespace gongkai::extract {

// Fills *out from a file of `format`; on failure sets out->error and returns a Status whose message
// reads "<FORMAT> <error kind>: <why>" (code: see Extract() in extractor.h).
Status ExtractFile(FileFormat format, std::string_view bytes, const Options& options, Extraction* out);

}  // namespace gongkai::extract
