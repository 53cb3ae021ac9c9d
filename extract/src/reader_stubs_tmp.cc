#include "file_readers.h"
namespace gongkai::extract {
bool OcrAvailable() { return false; }
bool OcrPdf(std::string_view, const Options&, FileDocument*, ReadError* e) { *e = {FileError::kNoText, "no OCR"}; return false; }
}
