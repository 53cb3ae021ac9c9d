// libFuzzer target over the report-file readers, one layer at a time (cmake -DGONGKAI_FUZZ=ON with
// clang; scripts/fuzz.sh runs it). Random bytes rarely get through a zip's CRC or a PDF's xref, so
// the first byte picks what the rest of the input is:
//   0  a whole file, sniffed (PDF, DOCX, OFD, DOC/WPS) as Extract() gets it;
//   1  word/document.xml, zipped into a DOCX           (docx_reader.cc: paragraphs, gridSpan/vMerge);
//   2  an OFD page's Content.xml, zipped into an OFD   (ofd_reader.cc: text objects, paths);
//   3  a PDF body after "%PDF-1.4"                      (poppler, rulings raster, page layout);
//   4  wvWare's HTML                                    (doc_wv.cc: styles, tables, covered cells);
//   5  text boxes and rulings for LayOut()              (page_layout.cc, text_tables.cc: furniture,
//                                                        headings, ruled and borderless tables);
//   6  an OLE2 file for the DOC helpers                 (wvWare, antiword, catdoc in a bounded child).
// Every extraction is rendered to JSON, text and Markdown, and its statistics read.
// Run: file_fuzzer -max_total_time=600 -max_len=262144 CORPUS_DIR
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "doc_wv.h"
#include "extract/extractor.h"
#include "extract/statistics.h"
#include "file_document.h"
#include "page_layout.h"

namespace {

using gongkai::extract::Extraction;
using gongkai::extract::Options;

void Put(std::string* out, uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// A zip of stored entries with correct CRCs, so the reader gets to the XML.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  for (const auto& [name, data] : files) {
    uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    uint32_t offset = static_cast<uint32_t>(out.size());
    Put(&out, 0x04034b50, 4);
    Put(&out, 20, 2);
    Put(&out, 0, 2);
    Put(&out, 0, 2);
    Put(&out, 0, 4);
    Put(&out, crc, 4);
    Put(&out, static_cast<uint32_t>(data.size()), 4);
    Put(&out, static_cast<uint32_t>(data.size()), 4);
    Put(&out, static_cast<uint32_t>(name.size()), 2);
    Put(&out, 0, 2);
    out += name + data;
    Put(&central, 0x02014b50, 4);
    Put(&central, 20, 2);
    Put(&central, 20, 2);
    Put(&central, 0, 2);
    Put(&central, 0, 2);
    Put(&central, 0, 4);
    Put(&central, crc, 4);
    Put(&central, static_cast<uint32_t>(data.size()), 4);
    Put(&central, static_cast<uint32_t>(data.size()), 4);
    Put(&central, static_cast<uint32_t>(name.size()), 2);
    Put(&central, 0, 2);
    Put(&central, 0, 2);
    Put(&central, 0, 2);
    Put(&central, 0, 2);
    Put(&central, 0, 4);
    Put(&central, offset, 4);
    central += name;
  }
  uint32_t at = static_cast<uint32_t>(out.size());
  out += central;
  Put(&out, 0x06054b50, 4);
  Put(&out, 0, 4);
  Put(&out, static_cast<uint32_t>(files.size()), 2);
  Put(&out, static_cast<uint32_t>(files.size()), 2);
  Put(&out, static_cast<uint32_t>(central.size()), 4);
  Put(&out, at, 4);
  Put(&out, 0, 2);
  return out;
}

const Options& FuzzOptions() {
  // No OCR (seconds a page); small limits so that one input stays well under the timeout.
  static const Options options = [] {
    Options o;
    o.ocr = false;
    o.max_file_pages = 20;
    o.max_unzipped_bytes = 4 << 20;
    o.helper_cpu_seconds = 2;
    return o;
  }();
  return options;
}

void ExtractAndRender(std::string_view bytes) {
  gongkai::extract::ExtractInput input;
  input.bytes = bytes;
  Extraction e;
  if (gongkai::extract::Extract(input, FuzzOptions(), &e).ok()) {
    (void)gongkai::extract::ToJson(e);
    (void)gongkai::extract::ToText(e);
    (void)gongkai::extract::ToMarkdown(e);
  }
}

// Boxes and rulings from bytes: 6 bytes a record (kind, x, y, w, h, size/text pick), coordinates on
// an A4 page; texts from a small alphabet of what report pages hold (labels, figures, furniture).
std::vector<gongkai::extract::LayoutPage> Pages(std::string_view in) {
  static const char* kTexts[] = {"一、总体情况",
                                 "0",
                                 "12",
                                 "（三）不予公开",
                                 "-1-",
                                 "第1页 共2页",
                                 "某某县人民政府",
                                 "3.危及“三安全一稳定”",
                                 "总计",
                                 "/",
                                 "—",
                                 "本年度共收到申请12件。",
                                 "1.属于国家秘密",
                                 "减15",
                                 "610.6988",
                                 "信息内容"};
  std::vector<gongkai::extract::LayoutPage> pages(1);
  pages[0].width = 595;
  pages[0].height = 842;
  for (std::size_t i = 0; i + 6 <= in.size() && pages.size() <= 4; i += 6) {
    auto b = [&](int k) { return static_cast<unsigned char>(in[i + k]); };
    double x = b(1) * 595.0 / 255, y = b(2) * 842.0 / 255, w = b(3), h = b(4) / 8.0;
    gongkai::extract::LayoutPage& p = pages.back();
    switch (b(0) % 4) {
      case 0:
      case 1:
        p.boxes.push_back({kTexts[b(5) % 16], x, y, x + w, y + h + 1, 4.0 + (b(5) >> 4), (b(5) & 8) != 0});
        break;
      case 2:
        if (b(5) & 1)
          p.rulings.push_back({x, y, x + w * 2, y});
        else
          p.rulings.push_back({x, y, x, y + w * 2});
        break;
      default:
        if (b(5) == 0) pages.push_back(pages[0]), pages.back().boxes.clear(), pages.back().rulings.clear();
        break;
    }
  }
  return pages;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 7) {
    case 0:
      ExtractAndRender(rest);
      break;
    case 1:
      ExtractAndRender(Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", std::string(rest)}}));
      break;
    case 2:
      ExtractAndRender(Zip(
          {{"OFD.xml",
            "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml"
            "</ofd:DocRoot></ofd:DocBody></ofd:OFD>"},
           {"Doc_0/Document.xml",
            "<ofd:Document xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData><ofd:PageArea>"
            "<ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>"
            "<ofd:Page ID=\"1\" BaseLoc=\"Pages/Page_0/Content.xml\"/></ofd:Pages></ofd:Document>"},
           {"Doc_0/Pages/Page_0/Content.xml", std::string(rest)}}));
      break;
    case 3:
      ExtractAndRender("%PDF-1.4\n" + std::string(rest));
      break;
    case 4: {
      gongkai::extract::FileDocument doc;
      if (gongkai::extract::ReadWvHtml(std::string(rest), &doc)) {
        Extraction e;
        gongkai::extract::FillExtraction(std::move(doc), "doc", &e);
        (void)gongkai::extract::ToJson(e);
      }
      break;
    }
    case 5: {
      gongkai::extract::FileDocument doc = gongkai::extract::LayOut(Pages(rest));
      Extraction e;
      gongkai::extract::FillExtraction(std::move(doc), "pdf", &e);
      (void)gongkai::extract::ToJson(e);
      (void)gongkai::extract::ReadStatistics(e.tables, e.text);
      break;
    }
    default:
      ExtractAndRender(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(rest));
      break;
  }
  return 0;
}
