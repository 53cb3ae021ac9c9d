// ReadOfd(): an OFD package (GB/T 33190) — OFD.xml -> DocRoot (Document.xml) -> each page's
// Content.xml — whose TextObjects (text at positions, in millimetres) and PathObjects (ruling
// lines) go through the same page layout as a PDF's (page_layout.h).
#include <cstdlib>
#include <map>
#include <sstream>

#include "file_readers.h"
#include "page_layout.h"
#include "xml_util.h"
#include "zip_util.h"

namespace gongkai::extract {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;

std::vector<double> Numbers(const std::string& s) {
  std::vector<double> out;
  std::istringstream in(s);
  double v;
  while (in >> v) out.push_back(v);
  return out;
}

void Walk(const xmlNode* n, const std::map<std::string, bool>& bold_fonts, LayoutPage* page) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (xml::Is(c, "TextObject")) {
      std::vector<double> box = Numbers(xml::Attr(c, "Boundary"));
      if (box.size() < 4) continue;
      double size = std::atof(xml::Attr(c, "Size").c_str());
      std::string weight = xml::Attr(c, "Weight");
      bool bold = xml::Attr(c, "Bold") == "true" || std::atoi(weight.c_str()) >= 700;
      auto f = bold_fonts.find(xml::Attr(c, "Font"));
      if (f != bold_fonts.end() && f->second) bold = true;
      // Each TextCode starts a run at (X, Y = baseline) inside the boundary.
      std::vector<const xmlNode*> codes;
      for (const xmlNode* t = c->children; t != nullptr; t = t->next)
        if (xml::Is(t, "TextCode")) codes.push_back(t);
      for (std::size_t i = 0; i < codes.size(); ++i) {
        double x = std::atof(xml::Attr(codes[i], "X").c_str());
        double y = std::atof(xml::Attr(codes[i], "Y").c_str());
        double next_x = box[2];
        if (i + 1 < codes.size() && std::atof(xml::Attr(codes[i + 1], "Y").c_str()) == y)
          next_x = std::atof(xml::Attr(codes[i + 1], "X").c_str());
        TextBox b;
        b.text = xml::Text(codes[i]);
        double h = size > 0 ? size : box[3];
        b.x0 = (box[0] + x) * kPointsPerMm;
        b.x1 = (box[0] + std::max(next_x, x + 0.1)) * kPointsPerMm;
        b.y1 = (box[1] + y + h * 0.12) * kPointsPerMm;
        b.y0 = b.y1 - h * kPointsPerMm;
        b.size = h * kPointsPerMm;
        b.bold = bold;
        if (!b.text.empty()) page->boxes.push_back(std::move(b));
      }
    } else if (xml::Is(c, "PathObject")) {
      std::vector<double> box = Numbers(xml::Attr(c, "Boundary"));
      const xmlNode* data = xml::Child(c, "AbbreviatedData");
      if (box.size() < 4 || data == nullptr) continue;
      // Straight segments of "M x y L x y ..." (relative to the boundary).
      std::istringstream in(xml::Text(data));
      std::string op;
      double px = 0, py = 0;
      while (in >> op) {
        double x, y;
        if ((op == "M" || op == "L") && (in >> x >> y)) {
          if (op == "L") {
            Ruling r{(box[0] + std::min(px, x)) * kPointsPerMm, (box[1] + std::min(py, y)) * kPointsPerMm,
                     (box[0] + std::max(px, x)) * kPointsPerMm, (box[1] + std::max(py, y)) * kPointsPerMm};
            page->rulings.push_back(r);
          }
          px = x;
          py = y;
        }
      }
    } else {
      Walk(c, bold_fonts, page);  // Content, Layer, PageBlock, CompositeObject
    }
  }
}

}  // namespace

bool ReadOfd(std::string_view bytes, const Options& options, FileDocument* doc, ReadError* error) {
  ZipReader zip;
  if (!zip.Open(bytes, error)) return false;
  std::string ofd_xml;
  if (!zip.Read("OFD.xml", options.max_unzipped_bytes, &ofd_xml, error)) return false;
  xml::Doc ofd = xml::Parse(ofd_xml);
  const xmlNode* body = ofd ? xml::Child(xmlDocGetRootElement(ofd.get()), "DocBody") : nullptr;
  const xmlNode* root_ref = xml::Child(body, "DocRoot");
  if (root_ref == nullptr) {
    *error = {FileError::kDamaged, "OFD.xml names no DocRoot"};
    return false;
  }
  std::string doc_path = ZipJoin("", xml::Text(root_ref));
  std::string document_xml;
  if (!zip.Read(doc_path, options.max_unzipped_bytes, &document_xml, error)) return false;
  xml::Doc document = xml::Parse(document_xml);
  if (!document) {
    *error = {FileError::kDamaged, doc_path + " is not well-formed XML"};
    return false;
  }
  const xmlNode* droot = xmlDocGetRootElement(document.get());
  double width = 210, height = 297;
  const xmlNode* common = xml::Child(droot, "CommonData");
  if (const xmlNode* area = xml::Child(common, "PageArea")) {
    std::vector<double> pb = Numbers(xml::Text(xml::Child(area, "PhysicalBox")));
    if (pb.size() >= 4) {
      width = pb[2];
      height = pb[3];
    }
  }
  // Fonts whose names say heavy type (黑体, 小标宋, Bold).
  std::map<std::string, bool> bold_fonts;
  for (const xmlNode* res = common == nullptr ? nullptr : common->children; res != nullptr; res = res->next) {
    if (!xml::Is(res, "PublicRes") && !xml::Is(res, "DocumentRes")) continue;
    std::string path = ZipJoin(doc_path, xml::Text(res));
    std::string res_xml;
    ReadError ignored;
    if (!zip.Read(path, options.max_unzipped_bytes, &res_xml, &ignored)) continue;
    xml::Doc r = xml::Parse(res_xml);
    const xmlNode* fonts = r ? xml::Child(xmlDocGetRootElement(r.get()), "Fonts") : nullptr;
    for (const xmlNode* f = fonts == nullptr ? nullptr : fonts->children; f != nullptr; f = f->next) {
      if (!xml::Is(f, "Font")) continue;
      std::string name = xml::Attr(f, "FontName") + xml::Attr(f, "FamilyName");
      bool heavy = name.find("黑") != std::string::npos || name.find("Hei") != std::string::npos ||
                   name.find("Bold") != std::string::npos || name.find("小标宋") != std::string::npos ||
                   xml::Attr(f, "Bold") == "true";
      bold_fonts[xml::Attr(f, "ID")] = heavy;
    }
  }
  std::vector<std::string> page_paths;
  const xmlNode* pages = xml::Child(droot, "Pages");
  for (const xmlNode* p = pages == nullptr ? nullptr : pages->children; p != nullptr; p = p->next)
    if (xml::Is(p, "Page")) page_paths.push_back(ZipJoin(doc_path, xml::Attr(p, "BaseLoc")));
  if (page_paths.empty()) {
    *error = {FileError::kDamaged, doc_path + " lists no pages"};
    return false;
  }
  if (static_cast<int>(page_paths.size()) > options.max_file_pages) {
    *error = {FileError::kTooLarge, std::to_string(page_paths.size()) +
                                        " pages, more than extract.max_file_pages (" +
                                        std::to_string(options.max_file_pages) + ")"};
    return false;
  }
  std::vector<LayoutPage> layout;
  for (const std::string& path : page_paths) {
    LayoutPage lp;
    lp.width = width * kPointsPerMm;
    lp.height = height * kPointsPerMm;
    std::string content;
    if (!zip.Read(path, options.max_unzipped_bytes, &content, error)) return false;
    xml::Doc page = xml::Parse(content);
    if (!page) {
      *error = {FileError::kDamaged, path + " is not well-formed XML"};
      return false;
    }
    Walk(xmlDocGetRootElement(page.get()), bold_fonts, &lp);
    layout.push_back(std::move(lp));
  }
  *doc = LayOut(std::move(layout));
  return true;
}

}  // namespace gongkai::extract
