// StatAttachmentDocx(): the report's statistics tables as a minimal WordprocessingML package
// (stat_attachment.h), zipped with stored entries.
#include "stat_attachment.h"

#include <zlib.h>

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "stat_tables.h"
#include "util.h"

namespace gongkai::portal {
namespace {

void Put16(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v & 0xFF));
  out->push_back(static_cast<char>((v >> 8) & 0xFF));
}
void Put32(std::string* out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}

// A zip archive of stored (uncompressed) entries: what a DOCX needs, nothing more.
std::string Zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string out, central;
  for (const auto& [name, data] : files) {
    const uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const uint32_t offset = static_cast<uint32_t>(out.size());
    Put32(&out, 0x04034b50);
    Put16(&out, 20);      // version needed
    Put16(&out, 0x0800);  // UTF-8 names
    Put16(&out, 0);       // stored
    Put16(&out, 0);
    Put16(&out, 0x21);  // 1980-01-01
    Put32(&out, crc);
    Put32(&out, static_cast<uint32_t>(data.size()));
    Put32(&out, static_cast<uint32_t>(data.size()));
    Put16(&out, static_cast<uint32_t>(name.size()));
    Put16(&out, 0);
    out += name;
    out += data;
    Put32(&central, 0x02014b50);
    Put16(&central, 20);
    Put16(&central, 20);
    Put16(&central, 0x0800);
    Put16(&central, 0);
    Put16(&central, 0);
    Put16(&central, 0x21);
    Put32(&central, crc);
    Put32(&central, static_cast<uint32_t>(data.size()));
    Put32(&central, static_cast<uint32_t>(data.size()));
    Put16(&central, static_cast<uint32_t>(name.size()));
    Put16(&central, 0);
    Put16(&central, 0);
    Put16(&central, 0);
    Put16(&central, 0);
    Put32(&central, 0);
    Put32(&central, offset);
    central += name;
  }
  const uint32_t central_at = static_cast<uint32_t>(out.size());
  out += central;
  Put32(&out, 0x06054b50);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, static_cast<uint32_t>(files.size()));
  Put16(&out, static_cast<uint32_t>(files.size()));
  Put32(&out, static_cast<uint32_t>(central.size()));
  Put32(&out, central_at);
  Put16(&out, 0);
  return out;
}

std::string Paragraph(const std::string& text, const char* style = nullptr) {
  std::string p = "<w:p>";
  if (style != nullptr) p += std::string("<w:pPr><w:pStyle w:val=\"") + style + "\"/></w:pPr>";
  return p + "<w:r><w:t xml:space=\"preserve\">" + HtmlEscape(text) + "</w:t></w:r></w:p>";
}

// An HTML-style table (rows of cells with rowspan/colspan) as w:tbl: each grid position covered by a
// rowspan from above gets a w:vMerge continuation cell, as Word writes it.
std::string TableXml(const Block& table) {
  std::map<std::pair<int, int>, int> covered;  // (row, col) -> colspan of the merged cell above
  std::string x = "<w:tbl><w:tblPr><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
    x += std::string("<w:") + side + " w:val=\"single\" w:sz=\"4\"/>";
  x += "</w:tblBorders></w:tblPr>";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    x += "<w:tr>";
    int c = 0;
    auto flush_covered = [&]() {
      for (auto it = covered.find({static_cast<int>(r), c}); it != covered.end();
           it = covered.find({static_cast<int>(r), c})) {
        x += "<w:tc><w:tcPr>" +
             (it->second > 1 ? "<w:gridSpan w:val=\"" + std::to_string(it->second) + "\"/>" : std::string()) +
             "<w:vMerge/></w:tcPr><w:p/></w:tc>";
        c += it->second;
      }
    };
    for (const Cell& cell : table.rows[r]) {
      flush_covered();
      x += "<w:tc><w:tcPr>";
      if (cell.colspan > 1) x += "<w:gridSpan w:val=\"" + std::to_string(cell.colspan) + "\"/>";
      if (cell.rowspan > 1) x += "<w:vMerge w:val=\"restart\"/>";
      x += "</w:tcPr>" + Paragraph(cell.text) + "</w:tc>";
      for (int k = 1; k < cell.rowspan; ++k) covered[{static_cast<int>(r) + k, c}] = cell.colspan;
      c += cell.colspan;
    }
    flush_covered();
    x += "</w:tr>";
  }
  return x + "</w:tbl><w:p/>";
}

}  // namespace

std::string StatAttachmentDocx(const ReportModel& report) {
  StatTables truth;
  const StatMarkup markup =
      PageStatMarkups()[static_cast<std::size_t>(report.stats_markup) % PageStatMarkups().size()];
  std::vector<Block> blocks =
      StatTableBlocks(report.stats_edition, markup, report.seed, report.stats_break, &truth);
  std::string body =
      Paragraph(report.title, "Title") + Paragraph("附件：" + std::to_string(report.year) + "年度统计表");
  for (const Block& b : blocks) {
    switch (b.kind) {
      case Block::Kind::kHeading:
        body += Paragraph(b.text, "Heading2");
        break;
      case Block::Kind::kParagraph:
        body += Paragraph(b.text);
        break;
      case Block::Kind::kTable:
        body += TableXml(b);
        break;
    }
  }
  body += Paragraph(report.source) + Paragraph(report.published);
  const std::string document =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>" +
      body + "</w:body></w:document>";
  const std::string styles =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
      "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
      "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
      "<w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style></w:styles>";
  const std::string types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
      "<Override PartName=\"/word/styles.xml\" "
      "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/></Types>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"word/document.xml\"/></Relationships>";
  const std::string doc_rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
      "Target=\"styles.xml\"/></Relationships>";
  return Zip({{"[Content_Types].xml", types},
              {"_rels/.rels", rels},
              {"word/document.xml", document},
              {"word/_rels/document.xml.rels", doc_rels},
              {"word/styles.xml", styles}});
}

}  // namespace gongkai::portal
