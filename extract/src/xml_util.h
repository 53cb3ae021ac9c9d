// libxml2 helpers for the package readers (DOCX, OFD): parse untrusted XML without network or
// entity expansion, and look at elements by local name (prefixes vary between producers).
#pragma once

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>
#include <string>
#include <string_view>

namespace gongkai::extract::xml {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using Doc = std::unique_ptr<xmlDoc, DocFree>;

// Null when the XML is not well-formed.
inline Doc Parse(std::string_view bytes) {
  return Doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_COMPACT));
}

inline bool Is(const xmlNode* n, const char* local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE &&
         xmlStrcmp(n->name, reinterpret_cast<const xmlChar*>(local)) == 0;
}

// The attribute whose local name is `local`, whatever its namespace; "" when absent.
inline std::string Attr(const xmlNode* n, const char* local) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (xmlStrcmp(a->name, reinterpret_cast<const xmlChar*>(local)) != 0) continue;
    xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
    std::string out = v != nullptr ? reinterpret_cast<const char*>(v) : "";
    xmlFree(v);
    return out;
  }
  return "";
}

inline const xmlNode* Child(const xmlNode* n, const char* local) {
  for (const xmlNode* c = n == nullptr ? nullptr : n->children; c != nullptr; c = c->next)
    if (Is(c, local)) return c;
  return nullptr;
}

inline std::string Text(const xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  std::string out = v != nullptr ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

}  // namespace gongkai::extract::xml
