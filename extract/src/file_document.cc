// FileDocument -> Extraction: title, signature date and source, text lines, tables (file_document.h).
#include "file_document.h"

#include <regex>

#include "dates.h"
#include "text_util.h"

namespace gongkai::extract {
namespace {

// A title line is short; a body paragraph is not.
constexpr int kMaxTitleChars = 60;
// The title is looked for among this many leading blocks.
constexpr std::size_t kTitleSearchBlocks = 4;
// The signature (落款: agency, then date) is looked for among this many trailing blocks.
constexpr std::size_t kSignatureBlocks = 4;
// A signature date line is short: the date alone, perhaps with the agency.
constexpr int kMaxDateLineChars = 40;

char32_t LastCodePoint(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  if (i > 0) --i;
  std::size_t pos = i;
  return pos < s.size() ? text::NextCodePoint(s, &pos) : 0;
}

char32_t FirstCodePoint(std::string_view s) {
  std::size_t pos = 0;
  return s.empty() ? 0 : text::NextCodePoint(s, &pos);
}

bool IsAsciiLetter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsAsciiWordEnd(char32_t c) {
  return IsAsciiLetter(c) || c == ',' || c == ';' || c == ':' || c == '.' || c == ')';
}

bool LooksLikeReportName(std::string_view s) {
  return s.find("报告") != std::string_view::npos || s.find("年报") != std::string_view::npos;
}

bool IsShortLine(const FileBlock& b) {
  if (b.kind == FileBlock::Kind::kTable) return false;
  text::Counts c = text::Count(b.text);
  return c.chars > 0 && c.chars <= kMaxTitleChars && b.text.find("。") == std::string::npos;
}

// Leading blocks that make up the title: those the reader marked, else the line naming the report
// and the short line before it (the agency).
std::pair<std::size_t, std::size_t> TitleRange(const std::vector<FileBlock>& blocks) {
  std::size_t n = 0;
  while (n < blocks.size() && blocks[n].title && n < kTitleSearchBlocks) ++n;
  // A title set in large type over two lines may have only its first line seen as large (OCR):
  // the short line naming the report right after it belongs to it.
  if (n > 0 && n < blocks.size() && !LooksLikeReportName(blocks[n - 1].text) && IsShortLine(blocks[n]) &&
      LooksLikeReportName(blocks[n].text))
    ++n;
  if (n > 0) return {0, n};
  for (std::size_t i = 0; i < blocks.size() && i < kTitleSearchBlocks; ++i) {
    if (!IsShortLine(blocks[i])) break;
    if (!LooksLikeReportName(blocks[i].text)) continue;
    std::size_t begin = i;
    if (i > 0 && IsShortLine(blocks[i - 1]) && !LooksLikeReportName(blocks[i - 1].text)) begin = i - 1;
    return {begin, i + 1};
  }
  return {0, 0};
}

}  // namespace

void AppendJoined(std::string_view piece, std::string* out) {
  std::string_view p = text::TrimAscii(piece);
  if (p.empty()) return;
  if (!out->empty()) {
    char32_t a = LastCodePoint(*out), b = FirstCodePoint(p);
    bool space = IsAsciiWordEnd(a) && (IsAsciiLetter(b) || (b >= '0' && b <= '9' && !(a >= '0' && a <= '9')));
    if (a >= '0' && a <= '9' && IsAsciiLetter(b)) space = true;
    if (space && !text::IsSpace(a)) *out += ' ';
  }
  out->append(p);
}

void FillExtraction(FileDocument doc, const std::string& format, Extraction* out) {
  out->format = format;
  out->pages = doc.pages;
  out->ocr = doc.ocr;
  out->ocr_confidence = doc.ocr_confidence;
  out->charset = "UTF-8";
  std::vector<FileBlock>& blocks = doc.blocks;

  auto [tb, te] = TitleRange(blocks);
  for (std::size_t i = tb; i < te; ++i) out->title += blocks[i].text;

  // The signature: a date line among the last blocks, the agency line just before it.

  for (std::size_t k = 0; k < kSignatureBlocks && k < blocks.size(); ++k) {
    std::size_t i = blocks.size() - 1 - k;
    const FileBlock& b = blocks[i];
    if (b.kind == FileBlock::Kind::kTable || text::Count(b.text).chars > kMaxDateLineChars) continue;
    FoundDate d = FindDate(b.text);
    if (d.iso.empty()) continue;
    out->published = d.iso;
    if (d.begin > 0) {
      out->source = std::string(text::TrimAscii(std::string_view(b.text).substr(0, d.begin)));
    } else if (i > 0 && IsShortLine(blocks[i - 1]) && blocks[i - 1].kind == FileBlock::Kind::kParagraph &&
               text::Count(blocks[i - 1].text).chars <= 30) {
      out->source = blocks[i - 1].text;
    }
    break;
  }

  for (std::size_t i = 0; i < blocks.size(); ++i) {
    if (i >= tb && i < te) continue;
    FileBlock& b = blocks[i];
    if (b.kind == FileBlock::Kind::kTable) {
      if (b.table.empty()) continue;
      int index = static_cast<int>(out->tables.size());
      for (std::size_t r = 0; r < b.table.size(); ++r) {
        std::string line;
        if (r < b.row_texts.size()) {
          line = b.row_texts[r];
        } else {
          for (const std::string& cell : b.table[r]) line += (line.empty() ? "" : " | ") + cell;
        }
        if (!out->text.empty()) out->text += '\n';
        out->text += line;
        out->lines.push_back(TextLine{TextLine::Kind::kTableRow, 0, index});
      }
      out->tables.push_back(std::move(b.table));
      continue;
    }
    std::string t = text::SanitizeUtf8(b.text);
    if (text::TrimAscii(t).empty()) continue;
    if (!out->text.empty()) out->text += '\n';
    out->text += t;
    TextLine line;
    if (b.kind == FileBlock::Kind::kHeading) {
      line.kind = TextLine::Kind::kHeading;
      line.level = b.level;
    }
    out->lines.push_back(line);
  }
}

}  // namespace gongkai::extract
