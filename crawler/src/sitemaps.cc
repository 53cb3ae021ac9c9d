// Sitemaps as a source of annual-report columns, within per-host bounds (see sitemaps.h).
#include "crawler/sitemaps.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>

#include "crawler/url.h"

namespace gongkai::crawler {
namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX sequences decoded (UTF-8 column names in paths), ASCII lower-cased.
std::string DecodeAndLower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))));
    }
  }
  return out;
}

std::string NodeText(xmlNodePtr node) {
  xmlChar* content = xmlNodeGetContent(node);
  if (content == nullptr) return "";
  std::string text = Trim(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return text;
}

// Dropped sitemaps are noted one by one up to this many; the count goes on.
constexpr int64_t kMaxNotesPerBound = 20;

bool IsNamed(xmlNodePtr node, const char* name) {
  return xmlStrcmp(node->name, BAD_CAST name) == 0;
}

}  // namespace

SitemapDocument ParseSitemapDocument(std::string_view xml) {
  SitemapDocument out;
  xmlDocPtr doc =
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "sitemap.xml", nullptr,
                    XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return out;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (root != nullptr) {
    out.is_index = IsNamed(root, "sitemapindex");
    for (xmlNodePtr entry = root->children; entry != nullptr; entry = entry->next) {
      if (entry->type != XML_ELEMENT_NODE) continue;
      SitemapEntry item;
      for (xmlNodePtr field = entry->children; field != nullptr; field = field->next) {
        if (field->type != XML_ELEMENT_NODE) continue;
        if (IsNamed(field, "loc")) {
          item.url = NodeText(field);
        } else if (!IsNamed(field, "lastmod") && !IsNamed(field, "changefreq") &&
                   !IsNamed(field, "priority")) {
          std::string text = NodeText(field);
          if (!text.empty()) item.context += (item.context.empty() ? "" : " ") + text;
        }
      }
      if (!item.url.empty()) out.entries.push_back(std::move(item));
    }
  }
  xmlFreeDoc(doc);
  return out;
}

std::vector<std::string> ParseSitemap(std::string_view xml, bool* is_index) {
  SitemapDocument doc = ParseSitemapDocument(xml);
  *is_index = doc.is_index;
  std::vector<std::string> out;
  for (auto& entry : doc.entries) out.push_back(std::move(entry.url));
  return out;
}

bool NamesAnyWord(std::string_view text, const std::vector<std::string>& words) {
  const std::string folded = DecodeAndLower(text);
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) {
    return !word.empty() && folded.find(DecodeAndLower(word)) != std::string::npos;
  });
}

bool SitemapReader::AdmitSitemap(const std::string& url) {
  const std::string host = HostKeyOf(url);
  int& count = sitemaps_[host];
  if (count >= options_.max_sitemaps_per_host) {
    if (++sitemaps_dropped_ <= kMaxNotesPerBound) {
      notes_.push_back("sitemap not read: " + url + " — " + host + " reached max_sitemaps_per_host (" +
                       std::to_string(options_.max_sitemaps_per_host) + ")");
    }
    return false;
  }
  ++count;
  return true;
}

bool SitemapReader::AdmitUrl(const std::string& host_key) {
  int& count = urls_[host_key];
  if (count >= options_.max_sitemap_urls_per_host) return false;
  ++count;
  return true;
}

std::vector<DiscoveredLink> SitemapReader::Select(const std::string& host_key, const std::string& sitemap_url,
                                                  const SitemapDocument& doc,
                                                  const std::vector<bool>& reports) {
  const auto& words = options_.sitemap_column_words;
  std::vector<DiscoveredLink> out;
  if (doc.is_index) {
    // Child sitemaps naming a column word are read first: the bound may not reach the others.
    std::vector<const SitemapEntry*> children;
    for (const auto& entry : doc.entries) children.push_back(&entry);
    std::stable_partition(children.begin(), children.end(), [&](const SitemapEntry* e) {
      return NamesAnyWord(e->url, words) || NamesAnyWord(e->context, words);
    });
    for (const SitemapEntry* entry : children) {
      std::string url = CanonicalUrl(entry->url, options_.session_parameters);
      if (!url.empty() && HostKeyOf(url) == host_key && AdmitSitemap(url))
        out.push_back({url, LinkKind::kSitemap});
    }
    return out;
  }
  const bool sitemap_names_column = NamesAnyWord(sitemap_url, words);
  int64_t dropped = 0;
  for (size_t i = 0; i < doc.entries.size(); ++i) {
    const SitemapEntry& entry = doc.entries[i];
    const bool candidate =
        sitemap_names_column || NamesAnyWord(entry.url, words) || NamesAnyWord(entry.context, words);
    if (!candidate && !reports[i]) continue;
    std::string url = CanonicalUrl(entry.url, options_.session_parameters);
    if (url.empty() || HostKeyOf(url) != host_key) continue;
    if (!AdmitUrl(host_key)) {
      ++dropped;
      continue;
    }
    // A column candidate is reached as navigation: its list counts only where it names a 年报 column.
    out.push_back({url, LinkKind::kReport, /*navigation=*/candidate && !reports[i]});
  }
  if (dropped > 0) {
    urls_dropped_ += dropped;
    notes_.push_back("sitemap " + sitemap_url + ": " + std::to_string(dropped) + " URLs not queued — " +
                     host_key + " reached max_sitemap_urls_per_host (" +
                     std::to_string(options_.max_sitemap_urls_per_host) + ")");
  }
  return out;
}

std::vector<std::string> SitemapReader::TakeNotes() {
  std::vector<std::string> out;
  out.swap(notes_);
  return out;
}

}  // namespace gongkai::crawler
