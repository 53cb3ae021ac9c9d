// Link discovery on listing pages, report pages and sitemaps (see discovery.h).
#include "crawler/discovery.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include "crawler/url.h"
#include "extract/links.h"
#include "pager.h"

namespace gongkai::crawler {
namespace {

// Anchor texts that mean "another page of this listing".
const char* const kPagerTexts[] = {"下一页", "上一页", "首页", "尾页", "末页", "下页", "上页",
                                   "最后一页", "第一页", "next", "Next", "»", "›"};

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool IsPagerText(std::string_view raw_text) {
  std::string text = Trim(raw_text);
  if (text.empty()) return false;
  // "[2]", "2": page numbers.
  std::string digits = text;
  if (digits.size() > 2 && digits.front() == '[' && digits.back() == ']') digits = digits.substr(1, digits.size() - 2);
  if (!digits.empty() && digits.size() <= 4 && std::all_of(digits.begin(), digits.end(), ::isdigit)) return true;
  for (const char* pager : kPagerTexts) {
    if (text.find(pager) != std::string::npos && text.size() <= 4 * std::string_view(pager).size()) return true;
  }
  return false;
}

// Anchor texts without a year shorter than this are navigation, not report titles.
constexpr size_t kMinYearlessReportTitleChars = 10;

// A 4-digit year 1990-2099 in the text: report titles carry the year they report on; navigation
// links ("政府信息公开", "年度报告" columns) do not.
bool HasYear(std::string_view text) {
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    if ((text.compare(i, 2, "19") == 0 && text[i + 2] == '9') || text.compare(i, 2, "20") == 0) {
      if (std::isdigit(static_cast<unsigned char>(text[i + 2])) && std::isdigit(static_cast<unsigned char>(text[i + 3])) &&
          (i == 0 || !std::isdigit(static_cast<unsigned char>(text[i - 1]))) &&
          (i + 4 == text.size() || !std::isdigit(static_cast<unsigned char>(text[i + 4])))) {
        return true;
      }
    }
  }
  return false;
}

size_t CodePoints(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// A report link names a report: a keyword plus a year, or a keyword in a title-length text.
// Navigation links ("政府信息公开", "年度报告" columns, "搜索历年年度报告") are short and yearless.
bool MatchesKeyword(const extract::Link& link, const DiscoveryRules& rules) {
  for (const std::string* text : {&link.text, &link.title}) {
    if (!HasYear(*text) && CodePoints(*text) < kMinYearlessReportTitleChars) continue;
    for (const auto& keyword : rules.report_keywords) {
      if (text->find(keyword) != std::string::npos) return true;
    }
  }
  return false;
}

bool InScope(const std::string& canonical, std::string_view page_url, const DiscoveryRules& rules) {
  std::string host = HostKeyOf(canonical);
  if (host.empty()) return false;
  if (rules.allowed_hosts.empty()) return host == HostKeyOf(page_url);
  return std::find(rules.allowed_hosts.begin(), rules.allowed_hosts.end(), host) != rules.allowed_hosts.end();
}

// Collects unique in-scope links.
class LinkSink {
 public:
  LinkSink(std::string_view page_url, const DiscoveryRules& rules)
      : page_(CanonicalUrl(page_url)), page_url_(page_url), rules_(rules) {}
  void Add(std::string_view url, LinkKind kind) {
    std::string canonical = CanonicalUrl(url);
    if (canonical.empty() || canonical == page_ || !InScope(canonical, page_url_, rules_)) return;
    if (seen_.insert(canonical).second) links_.push_back({canonical, kind});
  }
  std::vector<DiscoveredLink> Take() { return std::move(links_); }

 private:
  std::string page_;
  std::string_view page_url_;
  const DiscoveryRules& rules_;
  std::unordered_set<std::string> seen_;
  std::vector<DiscoveredLink> links_;
};

void ClassifyAnchors(const std::vector<extract::Link>& links, std::string_view page_url,
                     const DiscoveryRules& rules, LinkSink* sink) {
  auto page = ParseUrl(CanonicalUrl(page_url));
  for (const auto& link : links) {
    std::string canonical = CanonicalUrl(link.url);
    if (canonical.empty()) continue;
    if (HasAttachmentExtension(canonical, rules.attachment_extensions)) {
      if (MatchesKeyword(link, rules)) sink->Add(canonical, LinkKind::kAttachment);
      continue;
    }
    if (page && (IsPagerText(link.text) || IsSamePagerFamily(*page, canonical))) {
      if (IsInListingDirectory(*page, canonical)) {
        sink->Add(canonical, LinkKind::kPagination);
        continue;
      }
    }
    if (MatchesKeyword(link, rules)) sink->Add(canonical, LinkKind::kReport);
  }
}

// Calls fn(content) for every <record> of a Hanweb <datastore> document.
template <typename Fn>
void ForEachDatastoreRecord(std::string_view xml, Fn fn, std::string* total_record) {
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "datastore.xml", "UTF-8",
                                XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return;
  std::vector<xmlNodePtr> stack = {xmlDocGetRootElement(doc)};
  while (!stack.empty()) {
    xmlNodePtr node = stack.back();
    stack.pop_back();
    for (; node != nullptr; node = node->next) {
      if (node->type != XML_ELEMENT_NODE) continue;
      std::string name = reinterpret_cast<const char*>(node->name);
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      if (name == "record" || name == "totalrecord" || name == "nextgroup") {
        xmlChar* content = xmlNodeGetContent(node);
        if (content != nullptr) {
          std::string text = reinterpret_cast<const char*>(content);
          if (name == "totalrecord") {
            *total_record = Trim(text);
          } else {
            fn(text);
          }
          xmlFree(content);
        }
      } else if (node->children != nullptr) {
        stack.push_back(node->children);
      }
    }
  }
  xmlFreeDoc(doc);
}

void DiscoverDatastore(std::string_view xml, std::string_view page_url, const DiscoveryRules& rules,
                       LinkSink* sink, JpageParams* jpage) {
  std::string total;
  ForEachDatastoreRecord(
      xml, [&](const std::string& html) { ClassifyAnchors(extract::FindLinks(html, page_url), page_url, rules, sink); },
      &total);
  if (!total.empty() && std::all_of(total.begin(), total.end(), ::isdigit) && total.size() < 9) {
    jpage->total_records = std::stoi(total);
  }
}

}  // namespace

namespace {

bool EndsWithExtension(std::string_view name, const std::vector<std::string>& extensions) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || name.find('/', dot) != std::string_view::npos) return false;
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return std::find(extensions.begin(), extensions.end(), ext) != extensions.end();
}

}  // namespace

bool HasAttachmentExtension(std::string_view url, const std::vector<std::string>& extensions) {
  url = url.substr(0, url.find('#'));
  size_t q = url.find('?');
  if (EndsWithExtension(url.substr(0, q), extensions)) return true;
  if (q == std::string_view::npos) return false;
  // Download scripts: /module/download/downfile.jsp?classid=0&filename=2021.pdf
  std::string_view query = url.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && EndsWithExtension(pair.substr(eq + 1), extensions)) return true;
    pos = amp + 1;
  }
  return false;
}

std::vector<DiscoveredLink> DiscoverFromListing(std::string_view body, std::string_view page_url,
                                                const DiscoveryRules& rules) {
  LinkSink sink(page_url, rules);
  JpageParams jpage = FindJpageParams(body);
  std::string_view trimmed = body.substr(std::min(body.size(), body.find_first_not_of(" \t\r\n\xEF\xBB\xBF")));
  bool is_xml = trimmed.substr(0, 5) == "<?xml" || trimmed.substr(0, 11) == "<datastore>";
  if (is_xml) {
    DiscoverDatastore(body, page_url, rules, &sink, &jpage);
  } else {
    ClassifyAnchors(extract::FindLinks(body, page_url), page_url, rules, &sink);
    // Inline <datastore> blocks (inside <script type="text/xml">, invisible to an HTML parser).
    for (size_t at = body.find("<datastore"); at != std::string_view::npos; at = body.find("<datastore", at + 1)) {
      size_t end = body.find("</datastore>", at);
      if (end == std::string_view::npos) break;
      DiscoverDatastore(body.substr(at, end + 12 - at), page_url, rules, &sink, &jpage);
    }
    for (const auto& url : CreatePageHtmlUrls(body, page_url, rules.max_listing_pages)) {
      sink.Add(url, LinkKind::kPagination);
    }
  }
  for (const auto& url : JpageUrls(jpage, page_url, rules.max_listing_pages)) {
    sink.Add(url, LinkKind::kPagination);
  }
  return sink.Take();
}

std::vector<DiscoveredLink> DiscoverAttachments(std::string_view utf8_html, std::string_view page_url,
                                                const DiscoveryRules& rules) {
  LinkSink sink(page_url, rules);
  for (const auto& link : extract::FindLinks(utf8_html, page_url)) {
    if (HasAttachmentExtension(link.url, rules.attachment_extensions)) sink.Add(link.url, LinkKind::kAttachment);
  }
  return sink.Take();
}

std::vector<std::string> ParseSitemap(std::string_view xml, bool* is_index) {
  std::vector<std::string> out;
  *is_index = false;
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "sitemap.xml", nullptr,
                                XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return out;
  xmlNodePtr root = xmlDocGetRootElement(doc);
  if (root != nullptr) {
    *is_index = xmlStrcmp(root->name, BAD_CAST "sitemapindex") == 0;
    for (xmlNodePtr entry = root->children; entry != nullptr; entry = entry->next) {
      if (entry->type != XML_ELEMENT_NODE) continue;
      for (xmlNodePtr field = entry->children; field != nullptr; field = field->next) {
        if (field->type != XML_ELEMENT_NODE || xmlStrcmp(field->name, BAD_CAST "loc") != 0) continue;
        xmlChar* content = xmlNodeGetContent(field);
        if (content != nullptr) {
          std::string loc = Trim(reinterpret_cast<const char*>(content));
          if (!loc.empty()) out.push_back(loc);
          xmlFree(content);
        }
      }
    }
  }
  xmlFreeDoc(doc);
  return out;
}

}  // namespace gongkai::crawler
