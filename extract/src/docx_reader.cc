// ReadDocx(): word/document.xml (and styles.xml for outline levels) -> paragraphs, headings,
// tables with w:gridSpan and w:vMerge expanded. Headers, footers and footnotes live in other parts
// and are not read: a DOCX has no page furniture in its body.
#include <map>

#include "file_readers.h"
#include "xml_util.h"
#include "zip_util.h"

namespace gongkai::extract {
namespace {

struct StyleInfo {
  int level = 0;       // heading level 1..9, 0 for body
  bool title = false;  // the "Title" style
};

// Style id -> heading level, from w:outlineLvl or the built-in names (heading 1, 标题 1, Title).
std::map<std::string, StyleInfo> ReadStyles(const std::string& xml) {
  std::map<std::string, StyleInfo> out;
  std::map<std::string, std::string> based_on;
  xml::Doc doc = xml::Parse(xml);
  if (!doc) return out;
  for (const xmlNode* s = xmlDocGetRootElement(doc.get())->children; s != nullptr; s = s->next) {
    if (!xml::Is(s, "style")) continue;
    std::string id = xml::Attr(s, "styleId");
    StyleInfo info;
    std::string name = xml::Attr(xml::Child(s, "name"), "val");
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "title" || name == "标题") info.title = true;
    for (const char* prefix : {"heading ", "标题 "}) {
      std::string p = prefix;
      if (lower.compare(0, p.size(), p) == 0 && lower.size() > p.size())
        info.level = std::atoi(lower.c_str() + p.size());
    }
    if (const xmlNode* ppr = xml::Child(s, "pPr")) {
      if (const xmlNode* o = xml::Child(ppr, "outlineLvl")) {
        int lvl = std::atoi(xml::Attr(o, "val").c_str());
        if (lvl < 9) info.level = lvl + 1;
      }
    }
    if (const xmlNode* b = xml::Child(s, "basedOn")) based_on[id] = xml::Attr(b, "val");
    out[id] = info;
  }
  for (auto& [id, info] : out) {
    auto it = based_on.find(id);
    if (info.level == 0 && it != based_on.end() && out.count(it->second)) info.level = out[it->second].level;
  }
  return out;
}

void CollectText(const xmlNode* n, std::string* out) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (xml::Is(c, "t")) {
      *out += xml::Text(c);
    } else if (xml::Is(c, "tab")) {
      *out += ' ';
    } else if (xml::Is(c, "delText") || xml::Is(c, "instrText") || xml::Is(c, "pPr") || xml::Is(c, "rPr") ||
               xml::Is(c, "footnoteReference") || xml::Is(c, "endnoteReference")) {
      continue;
    } else {
      CollectText(c, out);
    }
  }
}

class DocxBody {
 public:
  DocxBody(const std::map<std::string, StyleInfo>& styles, FileDocument* doc) : styles_(styles), doc_(doc) {}

  void Walk(const xmlNode* parent) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) {
      if (xml::Is(c, "p"))
        Paragraph(c);
      else if (xml::Is(c, "tbl"))
        Tbl(c);
      else if (xml::Is(c, "sdt") || xml::Is(c, "sdtContent") || xml::Is(c, "customXml"))
        Walk(c);
    }
  }

 private:
  void Paragraph(const xmlNode* p) {
    FileBlock b;
    CollectText(p, &b.text);
    std::string_view trimmed = b.text;
    while (!trimmed.empty() && (trimmed.front() == ' ')) trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ')) trimmed.remove_suffix(1);
    if (trimmed.empty()) return;
    b.text = std::string(trimmed);
    StyleInfo info;
    if (const xmlNode* ppr = xml::Child(p, "pPr")) {
      if (const xmlNode* ps = xml::Child(ppr, "pStyle")) {
        auto it = styles_.find(xml::Attr(ps, "val"));
        if (it != styles_.end()) info = it->second;
      }
      if (const xmlNode* o = xml::Child(ppr, "outlineLvl")) {
        int lvl = std::atoi(xml::Attr(o, "val").c_str());
        if (lvl < 9) info.level = lvl + 1;
      }
    }
    bool leading = true;
    for (const FileBlock& prev : doc_->blocks) leading = leading && prev.title;
    if (info.title && leading) {
      b.kind = FileBlock::Kind::kHeading;
      b.level = 1;
      b.title = true;
    } else if (info.level > 0) {
      b.kind = FileBlock::Kind::kHeading;
      b.level = std::min(info.level, 6);
    }
    doc_->blocks.push_back(std::move(b));
  }

  std::string CellText(const xmlNode* tc) {
    std::string out;
    for (const xmlNode* c = tc->children; c != nullptr; c = c->next) {
      if (!xml::Is(c, "p") && !xml::Is(c, "tbl") && !xml::Is(c, "sdt")) continue;
      std::string t;
      CollectText(c, &t);
      AppendJoined(t, &out);
    }
    return out;
  }

  void Tbl(const xmlNode* tbl) {
    FileBlock b;
    b.kind = FileBlock::Kind::kTable;
    std::vector<std::vector<int>> origin_row;  // per grid cell: the row its text started in
    for (const xmlNode* tr = tbl->children; tr != nullptr; tr = tr->next) {
      if (!xml::Is(tr, "tr")) continue;
      std::size_t r = b.table.size();
      b.table.emplace_back();
      origin_row.emplace_back();
      std::vector<std::string>& row = b.table.back();
      std::string row_text;
      if (const xmlNode* trpr = xml::Child(tr, "trPr")) {
        if (const xmlNode* gb = xml::Child(trpr, "gridBefore")) {
          int n = std::atoi(xml::Attr(gb, "val").c_str());
          for (int i = 0; i < n && i < 64; ++i) {
            row.emplace_back();
            origin_row.back().push_back(static_cast<int>(r));
          }
        }
      }
      for (const xmlNode* tc = tr->children; tc != nullptr; tc = tc->next) {
        if (!xml::Is(tc, "tc")) continue;
        int span = 1;
        bool continues = false;
        if (const xmlNode* tcpr = xml::Child(tc, "tcPr")) {
          if (const xmlNode* gs = xml::Child(tcpr, "gridSpan"))
            span = std::max(1, std::min(64, std::atoi(xml::Attr(gs, "val").c_str())));
          if (const xmlNode* vm = xml::Child(tcpr, "vMerge")) {
            std::string v = xml::Attr(vm, "val");
            continues = v.empty() || v == "continue";
          }
        }
        std::size_t col = row.size();
        std::string text;
        int origin = static_cast<int>(r);
        if (continues && r > 0 && col < b.table[r - 1].size()) {
          text = b.table[r - 1][col];
          origin = origin_row[r - 1][col];
        } else {
          text = CellText(tc);
          row_text += (row_text.empty() ? "" : " | ") + text;
        }
        for (int i = 0; i < span; ++i) {
          row.push_back(text);
          origin_row.back().push_back(origin);
        }
      }
      b.row_texts.push_back(row_text);
    }
    std::size_t width = 0;
    for (const auto& row : b.table) width = std::max(width, row.size());
    for (auto& row : b.table) row.resize(width);
    if (!b.table.empty()) doc_->blocks.push_back(std::move(b));
  }

  const std::map<std::string, StyleInfo>& styles_;
  FileDocument* doc_;
};

}  // namespace

bool ReadDocx(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error) {
  ZipReader zip;
  if (!zip.Open(bytes, error)) return false;
  std::string body, styles_xml;
  if (!zip.Read("word/document.xml", options.max_unzipped_bytes, &body, error)) return false;
  std::map<std::string, StyleInfo> styles;
  ReadError ignored;
  if (zip.Has("word/styles.xml") &&
      zip.Read("word/styles.xml", options.max_unzipped_bytes, &styles_xml, &ignored))
    styles = ReadStyles(styles_xml);
  xml::Doc xml_doc = xml::Parse(body);
  if (!xml_doc) {
    *error = {FileError::kDamaged, "word/document.xml is not well-formed XML"};
    return false;
  }
  const xmlNode* root = xmlDocGetRootElement(xml_doc.get());
  const xmlNode* b = xml::Child(root, "body");
  if (b == nullptr) {
    *error = {FileError::kDamaged, "word/document.xml has no w:body"};
    return false;
  }
  DocxBody walker(styles, doc);
  walker.Walk(b);
  // The page count the writing program recorded (docProps/app.xml), when it did.
  std::string app;
  doc->pages = 0;
  if (zip.Has("docProps/app.xml") &&
      zip.Read("docProps/app.xml", options.max_unzipped_bytes, &app, &ignored)) {
    std::size_t at = app.find("<Pages>");
    if (at != std::string::npos) doc->pages = std::atoi(app.c_str() + at + 7);
  }
  return true;
}

}  // namespace gongkai::extract
