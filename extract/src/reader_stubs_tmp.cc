#include "file_readers.h"
namespace gongkai::extract {
bool ReadDocx(std::string_view, const Options&, FileDocument*, ReadError* e) { *e = {FileError::kUnsupported, "DOCX not yet"}; return false; }
bool ReadOfd(std::string_view, const Options&, FileDocument*, ReadError* e) { *e = {FileError::kUnsupported, "OFD not yet"}; return false; }
bool ReadDoc(std::string_view, const Options&, FileDocument*, ReadError* e) { *e = {FileError::kUnsupported, "DOC not yet"}; return false; }
bool OcrAvailable() { return false; }
bool OcrPdf(std::string_view, const Options&, FileDocument*, ReadError* e) { *e = {FileError::kNoText, "no OCR"}; return false; }
}
