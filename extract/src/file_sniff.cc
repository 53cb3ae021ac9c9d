// SniffFormat(): magic bytes, then the entry names inside zip and OLE2 containers (file_sniff.h).
#include "file_sniff.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace gongkai::extract {
namespace {

// Bytes inspected to tell binary data from a page.
constexpr std::size_t kSniffBytes = 8192;
// More NUL bytes than this share of the sniffed prefix means binary (UTF-16 pages have a BOM).
constexpr double kMaxNulShare = 0.01;
// Share of C0 control bytes above which bytes are not text (real pages: 0; random bytes: 11 %).
constexpr double kMaxControlShare = 0.02;

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

std::string Utf16Le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// Zip entry names are stored in clear in the local headers and the central directory.
FileFormat SniffZip(std::string_view bytes, std::string* what) {
  if (Contains(bytes, "word/document.xml")) return FileFormat::kDocx;
  if (Contains(bytes, "OFD.xml")) return FileFormat::kOfd;
  if (Contains(bytes, "xl/workbook.xml"))
    *what = "a spreadsheet (XLSX)";
  else if (Contains(bytes, "ppt/presentation.xml"))
    *what = "a presentation (PPTX)";
  else
    *what = "a zip archive holding no document (no word/document.xml, no OFD.xml)";
  return FileFormat::kBinary;
}

FileFormat SniffOle(std::string_view bytes, std::string* what) {
  bool word = Contains(bytes, Utf16Le("WordDocument"));
  if (word && (Contains(bytes, Utf16Le("WpsCustomData")) || Contains(bytes, Utf16Le("KSOProductBuildVer"))))
    return FileFormat::kWps;
  if (word) return FileFormat::kDoc;
  if (Contains(bytes, Utf16Le("Workbook")) || Contains(bytes, Utf16Le("Book")))
    *what = "a spreadsheet (XLS)";
  else if (Contains(bytes, Utf16Le("PowerPoint Document")))
    *what = "a presentation (PPT)";
  else
    *what = "an OLE2 file holding no WordDocument stream";
  return FileFormat::kBinary;
}

}  // namespace

const char* FormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kText:
      return "html";
    case FileFormat::kPdf:
      return "pdf";
    case FileFormat::kDocx:
      return "docx";
    case FileFormat::kOfd:
      return "ofd";
    case FileFormat::kDoc:
      return "doc";
    case FileFormat::kWps:
      return "wps";
    case FileFormat::kBinary:
      return "binary";
  }
  return "binary";
}

FileFormat SniffFormat(std::string_view bytes, std::string* what) {
  // %PDF may follow a little junk (some servers prepend a BOM or whitespace); readers allow 1 KB.
  std::string_view head = bytes.substr(0, 1024);
  std::size_t pdf = head.find("%PDF-");
  if (pdf != std::string_view::npos && head.substr(0, pdf).find('<') == std::string_view::npos)
    return FileFormat::kPdf;
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return SniffZip(bytes, what);
  if (bytes.substr(0, 8) == std::string_view("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return SniffOle(bytes, what);
  struct Magic {
    std::string_view prefix;
    const char* name;
  };
  static constexpr std::array<Magic, 8> kMagic = {{{"\x89PNG", "a PNG image"},
                                                   {"GIF8", "a GIF image"},
                                                   {"\xFF\xD8\xFF", "a JPEG image"},
                                                   {"\x1F\x8B", "gzip-compressed data"},
                                                   {"Rar!", "a RAR archive"},
                                                   {"7z\xBC\xAF", "a 7-Zip archive"},
                                                   {"II*\0", "a TIFF image"},
                                                   {"MM\0*", "a TIFF image"}}};
  for (const Magic& m : kMagic) {
    if (bytes.substr(0, m.prefix.size()) == m.prefix) {
      *what = m.name;
      return FileFormat::kBinary;
    }
  }
  if (bytes.size() >= 2 &&
      ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
    return FileFormat::kText;
  std::string_view sniff = bytes.substr(0, kSniffBytes);
  // Text in any charset gongkai reads (UTF-8, GBK/GB18030, Big5) has no C0 controls but tab, line
  // breaks and form feed; random or compressed bytes have one in nine (issue 16: 100 KB of random
  // bytes came out as mojibake). Both counts in one table-driven pass (every page runs it): a byte's
  // entry is 1 for a control, plus 1 << 16 for NUL (kSniffBytes < 1 << 16, so the halves never mix).
  static constexpr std::array<std::uint32_t, 256> kWeight = [] {
    std::array<std::uint32_t, 256> w{};
    for (int b = 0; b < 0x20; ++b) w[b] = b != '\t' && b != '\n' && b != '\r' && b != '\f';
    w[0x7F] = 1;
    w[0] |= 1u << 16;
    return w;
  }();
  static_assert(kSniffBytes < (1u << 16));
  std::uint32_t weight = 0;
  for (const char ch : sniff) weight += kWeight[static_cast<unsigned char>(ch)];
  const std::size_t nul = weight >> 16, controls = weight & 0xFFFF;
  if (static_cast<double>(nul) > kMaxNulShare * static_cast<double>(sniff.size())) {
    *what = std::to_string(nul) + " NUL bytes in the first " + std::to_string(sniff.size());
    return FileFormat::kBinary;
  }
  if (static_cast<double>(controls) > kMaxControlShare * static_cast<double>(sniff.size())) {
    *what = std::to_string(controls) + " control bytes in the first " + std::to_string(sniff.size()) +
            ": not text";
    return FileFormat::kBinary;
  }
  return FileFormat::kText;
}

}  // namespace gongkai::extract
