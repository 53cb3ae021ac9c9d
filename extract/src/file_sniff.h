// Tells a file's format from its leading bytes (and, for zip and OLE2 containers, the names of the
// entries they hold) — never from the extension or the Content-Type, which lie.
#pragma once

#include <string>
#include <string_view>

namespace gongkai::extract {

enum class FileFormat {
  kText,    // HTML or plain text: the page extractor's input
  kPdf,     // %PDF
  kDocx,    // a zip holding word/document.xml (DOCX, WPS saved as OOXML)
  kOfd,     // a zip holding OFD.xml (GB/T 33190)
  kDoc,     // OLE2 holding a WordDocument stream (Word 97-2003 .doc)
  kWps,     // OLE2 written by Kingsoft WPS (.wps): Word-compatible streams
  kBinary,  // anything else binary: images, other archives, spreadsheets
};

// The format's name in Extraction::format ("html", "pdf", "docx", "ofd", "doc", "wps", "binary").
const char* FormatName(FileFormat format);

// Sniffs `bytes`. For kBinary, *what says what the data is ("a PNG image", "a zip archive holding
// no document", "3021 NUL bytes in the first 8192").
FileFormat SniffFormat(std::string_view bytes, std::string* what);

}  // namespace gongkai::extract
