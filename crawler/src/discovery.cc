// Page kinds and link discovery on listing pages, report pages and sitemaps (see discovery.h).
#include "crawler/discovery.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <unordered_set>

#include "crawler/url.h"
#include "extract/links.h"
#include "page_structure.h"
#include "pager.h"

namespace gongkai::crawler {
namespace {

// Anchor texts without a year shorter than this are navigation, not report titles.
constexpr size_t kMinYearlessReportTitleChars = 10;
// Column and navigation anchors are short: longer yearless texts are titles.
constexpr size_t kMaxColumnNameChars = 20;
// Prose (code points in text runs outside links) above which a page is a document, when it also
// outweighs its list's titles by kProseOverListFactor.
constexpr size_t kReportProseChars = 300;
constexpr double kProseOverListFactor = 3.0;
// A page with no list but at least this much prose is a (short) document.
constexpr size_t kShortReportProseChars = 60;
// A dated share at or above this makes a list a listing without a pager.
constexpr double kListingDatedShare = 0.5;

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool ContainsAny(std::string_view text, const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return !w.empty() && text.find(w) != std::string_view::npos;
  });
}

// A report link names a report: a keyword plus a year, or a keyword in a title-length text.
// Navigation links ("政府信息公开", "年度报告" columns, "搜索历年年度报告") are short and yearless.
bool NamesReport(std::string_view text, const DiscoveryRules& rules) {
  if (!HasYear(text) && CodePoints(text) < kMinYearlessReportTitleChars) return false;
  return ContainsAny(text, rules.report_keywords);
}

bool InScope(const std::string& canonical, std::string_view page_url, const DiscoveryRules& rules) {
  std::string host = HostKeyOf(canonical);
  if (host.empty()) return false;
  if (rules.allowed_hosts.empty()) return host == HostKeyOf(page_url);
  return std::find(rules.allowed_hosts.begin(), rules.allowed_hosts.end(), host) != rules.allowed_hosts.end();
}

enum class ColumnLink { kNone, kColumn, kNavigation };

// A yearless short anchor naming an annual-report column, or navigation towards one.
ColumnLink ColumnLinkKind(std::string_view raw, const DiscoveryRules& rules) {
  // "政府信息<br>公开年报": menu labels are broken over lines.
  std::string text;
  for (char c : raw) {
    if (c != ' ') text += c;
  }
  if (text.empty() || HasYear(text) || CodePoints(text) > kMaxColumnNameChars) return ColumnLink::kNone;
  if (ContainsAny(text, rules.column_keywords)) return ColumnLink::kColumn;
  if (ContainsAny(text, rules.navigation_keywords)) return ColumnLink::kNavigation;
  return ColumnLink::kNone;
}

// An item of a list that is a column (a department's sub-column, a nav entry), not a document:
// yearless, undated, short, and named like a column or shaped like a column URL.
bool IsColumnItem(const StructItem& item, const std::string& url, const DiscoveryRules& rules) {
  if (!item.date.empty() || HasYear(item.title) || CodePoints(item.title) > kMaxColumnNameChars) return false;
  if (ColumnLinkKind(item.title, rules) != ColumnLink::kNone) return true;
  auto parsed = ParseUrl(url);
  if (!parsed) return false;
  const std::string& path = parsed->path;
  std::string file = path.substr(path.rfind('/') + 1);
  return path.empty() || path.back() == '/' || path.find("/col/col") != std::string::npos ||
         file.rfind("index.", 0) == 0;
}

// "dir/index.html" and "dir/" name one page.
std::string WithoutIndexFile(const std::string& url) {
  size_t slash = url.rfind('/');
  if (slash == std::string::npos || url.find('?', slash) != std::string::npos) return url;
  std::string file = url.substr(slash + 1);
  bool index = file.rfind("index.", 0) == 0 || file.rfind("default.", 0) == 0;
  return index ? url.substr(0, slash + 1) : url;
}

std::string Percent(double share) {
  return std::to_string(static_cast<int>(share * 100 + 0.5)) + "%";
}

std::optional<ListingFamily> FamilyOf(const std::string& page_url) {
  std::optional<ParsedUrl> page = ParseUrl(page_url);
  if (!page) return std::nullopt;
  return ListingFamily(*page);
}

class Analyzer {
 public:
  Analyzer(std::string_view page_url, const DiscoveryRules& rules)
      : page_url_(page_url),
        page_(CanonicalUrl(page_url)),
        page_dir_(WithoutIndexFile(page_)),
        listing_family_(FamilyOf(page_)),
        rules_(rules) {}

  PageAnalysis Run(const extract::HtmlPage& page);

 private:
  // Canonical in-scope URL, or "" (also for the page itself).
  std::string Accept(std::string_view url) const {
    std::string canonical = CanonicalUrl(url);
    if (canonical.empty() || canonical == page_ || WithoutIndexFile(canonical) == page_dir_ ||
        !InScope(canonical, page_url_, rules_)) {
      return "";
    }
    return canonical;
  }
  bool Taken(const std::string& url) { return !url.empty() && !taken_.insert(url).second; }

  void AddPager(const std::string& url) {
    std::string canonical = Accept(url);
    if (!canonical.empty() && !Taken(canonical)) out_.listings.push_back(canonical);
  }
  void AddColumn(const std::string& url, bool navigation, const std::string& agency) {
    std::string canonical = Accept(url);
    if (canonical.empty() || Taken(canonical)) return;
    out_.columns.push_back({canonical, LinkKind::kListing, navigation, agency});
  }
  // In the listing's directory, and named like a pager or of the listing's own URL family (which
  // is always in its directory).
  bool IsPagerLink(const StructAnchor& anchor, const std::string& canonical) const {
    if (!listing_family_ || canonical.empty()) return false;
    const std::optional<ParsedUrl> link = ParseUrl(canonical);
    if (!link || !listing_family_->IsInDirectory(*link)) return false;
    return IsPagerText(anchor.text) || listing_family_->IsSamePager(*link);
  }

  void ReadItems(const std::vector<StructItem>& items, const std::vector<StructAnchor>& anchors);
  void Datastore(std::string_view xml, JpageParams* jpage, std::vector<StructItem>* items,
                 std::vector<StructAnchor>* anchors);
  void FilterMixed();
  bool NamesReportLike(std::string_view title) const {
    return ContainsAny(title, rules_.report_keywords) || ContainsAny(title, rules_.report_document_words);
  }
  void Decide(const PageStructure& ps, const StructList* list, const StructList* second);

  std::string_view page_url_;
  std::string page_;
  std::string page_dir_;
  std::optional<ListingFamily> listing_family_;  // none when the page URL does not parse
  const DiscoveryRules& rules_;
  PageAnalysis out_;
  std::unordered_set<std::string> taken_;
  size_t title_chars_ = 0;
};

// Items of the dominant list: files, sub-columns, report candidates.
void Analyzer::ReadItems(const std::vector<StructItem>& items, const std::vector<StructAnchor>& anchors) {
  for (const StructItem& item : items) {
    std::string url = Accept(anchors[item.anchor].url);
    if (url.empty() || Taken(url)) continue;
    ListItem li{url, item.title, item.date, ListItem::Role::kReport};
    if (HasAttachmentExtension(url, rules_.attachment_extensions)) {
      li.role = ListItem::Role::kAttachment;
    } else if (IsColumnItem(item, url, rules_)) {
      li.role = ListItem::Role::kColumn;
    }
    title_chars_ += CodePoints(item.title);
    out_.items.push_back(std::move(li));
  }
}

// Items whose title names no report, in a list where too few do: filtered (reason says so).
void Analyzer::FilterMixed() {
  int candidates = 0, named = 0;
  for (const ListItem& item : out_.items) {
    if (item.role != ListItem::Role::kReport) continue;
    ++candidates;
    named += NamesReportLike(item.title);
  }
  if (candidates == 0) return;
  double share = static_cast<double>(named) / candidates;
  if (share >= rules_.mixed_list_min_keyword_share) return;
  out_.mixed = true;
  for (ListItem& item : out_.items) {
    if (item.role == ListItem::Role::kReport && !NamesReportLike(item.title)) {
      item.role = ListItem::Role::kFiltered;
    }
  }
  out_.reason += "; mixed list: " + std::to_string(named) + " of " + std::to_string(candidates) +
                 " items name a report (" + Percent(share) + " < mixed_list_min_keyword_share " +
                 Percent(rules_.mixed_list_min_keyword_share) + "), the others are skipped";
}

void Analyzer::Decide(const PageStructure& ps, const StructList* list, const StructList* second) {
  int columns = 0, reports = 0, dated = 0;
  for (const ListItem& item : out_.items) {
    columns += item.role == ListItem::Role::kColumn;
    reports += item.role != ListItem::Role::kColumn;
    dated += !item.date.empty();
  }
  size_t n = out_.items.size();
  const std::string what = list != nullptr ? list->signature : std::string("datastore records");
  const std::string prose = std::to_string(ps.prose_chars) + " chars of prose";
  if (n > 0 && columns * 2 >= static_cast<int>(n) && columns >= 2) {
    out_.kind = PageClass::kEntry;
    out_.reason = "its list (" + what + ") holds " + std::to_string(columns) + " sub-columns of " +
                  std::to_string(n) + " items";
    return;
  }
  const bool listing_shape =
      n >= 2 && (dated * 1.0 >= kListingDatedShare * n || !out_.listings.empty() || n >= 3);
  const bool prose_page =
      ps.prose_chars >= kReportProseChars &&
      static_cast<double>(ps.prose_chars) > kProseOverListFactor * static_cast<double>(title_chars_);
  if (n > 0 && !prose_page && (listing_shape || (n == 1 && dated == 1))) {
    out_.kind = PageClass::kListing;
    out_.reason =
        "its main list (" + what + ") holds " + std::to_string(n) + " items, " + std::to_string(dated) +
        " dated" +
        (out_.listings.empty() ? ""
                               : ", with a pager of " + std::to_string(out_.listings.size()) + " pages") +
        "; " + prose;
    if (n == 1 || (dated == 0 && out_.listings.empty())) {
      out_.uncertain = true;
      out_.reason += " (uncertain: " + std::string(n == 1 ? "a single item" : "no dates and no pager") + ")";
    }
    if (list != nullptr && second != nullptr && second->score * 1.25 >= list->score) {
      out_.uncertain = true;
      out_.reason += " (uncertain: another list, " + second->signature + ", scores nearly as high)";
    }
    (void)reports;
    return;
  }
  if (prose_page || (n == 0 && ps.prose_chars >= kShortReportProseChars)) {
    out_.kind = PageClass::kReport;
    out_.reason = prose + " outside links";
    if (n > 0) {
      out_.reason += "; its list of " + std::to_string(n) + " items (" + what + ") is beside the text";
    }
    if (!prose_page) {
      out_.uncertain = true;
      out_.reason += " (uncertain: short text)";
    }
    out_.items.clear();
    return;
  }
  if (!out_.columns.empty()) {
    out_.kind = PageClass::kEntry;
    out_.reason =
        "no item list; it links " + std::to_string(out_.columns.size()) + " columns or their navigation";
    out_.items.clear();
    return;
  }
  // A short undated list without a pager: a listing only when its items name reports.
  bool named = std::any_of(out_.items.begin(), out_.items.end(),
                           [&](const ListItem& item) { return NamesReport(item.title, rules_); });
  if (n > 0 && !named) out_.items.clear();
  n = out_.items.size();
  out_.kind = n > 0 ? PageClass::kListing : PageClass::kOther;
  out_.uncertain = true;
  out_.reason =
      n > 0 ? "a short list (" + what + ", " + std::to_string(n) + " item, undated) and " + prose +
                  " (uncertain: taken as a listing)"
            : "no item list (or a short undated one naming no report), " + prose + ", no column links";
}

PageAnalysis Analyzer::Run(const extract::HtmlPage& page) {
  const std::string_view body = page.utf8();
  JpageParams jpage = MayNameJpagePages(body, page_url_) ? FindJpageParams(body) : JpageParams{};
  std::string_view trimmed =
      body.substr(std::min(body.size(), body.find_first_not_of(" \t\r\n\xEF\xBB\xBF")));
  std::vector<StructItem> record_items;
  std::vector<StructAnchor> record_anchors;
  if (trimmed.substr(0, 5) == "<?xml" || trimmed.substr(0, 11) == "<datastore>") {
    Datastore(body, &jpage, &record_items, &record_anchors);
    ReadItems(record_items, record_anchors);
    for (const auto& url : JpageUrls(jpage, page_url_, rules_.max_listing_pages)) AddPager(url);
    out_.kind = PageClass::kListing;
    out_.reason = "a Hanweb dataproxy answer with " + std::to_string(out_.items.size()) + " records";
    FilterMixed();
  } else {
    PageStructure ps = ReadPageStructure(page, page_url_, rules_.box_headings);
    out_.column = !ps.column_meta.empty() ? ps.column_meta : ps.title;
    // Inline <datastore> blocks (inside <script type="text/xml">, invisible to an HTML parser).
    for (size_t at = body.find("<datastore"); at != std::string_view::npos;
         at = body.find("<datastore", at + 1)) {
      size_t end = body.find("</datastore>", at);
      if (end == std::string_view::npos) break;
      Datastore(body.substr(at, end + 12 - at), &jpage, &record_items, &record_anchors);
    }
    const StructList* list = nullptr;
    const StructList* second = nullptr;
    for (const StructList& candidate : ps.lists) {
      if (candidate.excluded) continue;
      if (list == nullptr) {
        list = &candidate;
      } else if (second == nullptr) {
        second = &candidate;
      }
    }
    if (!record_items.empty()) {
      ReadItems(record_items, record_anchors);
      second = list;
      list = nullptr;
    } else if (list != nullptr) {
      ReadItems(list->items, ps.anchors);
    }
    // Pager, columns, attachments, from every anchor outside the list.
    for (const StructAnchor& anchor : ps.anchors) {
      std::string canonical = CanonicalUrl(anchor.url);
      if (canonical.empty()) continue;
      if (HasAttachmentExtension(canonical, rules_.attachment_extensions)) {
        std::string accepted = Accept(canonical);
        if (!accepted.empty() && !Taken(accepted)) out_.attachments.push_back(accepted);
        continue;
      }
      if (IsPagerLink(anchor, canonical)) {
        AddPager(canonical);
        continue;
      }
      ColumnLink kind = ColumnLinkKind(anchor.text, rules_);
      if (kind == ColumnLink::kNone && anchor.text.empty()) kind = ColumnLinkKind(anchor.title, rules_);
      if (kind != ColumnLink::kNone) AddColumn(canonical, kind == ColumnLink::kNavigation, "");
    }
    for (const auto& url : CreatePageHtmlUrls(body, page_url_, rules_.max_listing_pages)) AddPager(url);
    for (const auto& url : JpageUrls(jpage, page_url_, rules_.max_listing_pages)) AddPager(url);
    Decide(ps, list, second);
    if (out_.kind == PageClass::kOther) {
      // No item list: links naming a report with its year (the keyword rule) make an uncertain listing.
      for (const StructAnchor& anchor : ps.anchors) {
        if (anchor.in_chrome || !(NamesReport(anchor.text, rules_) || NamesReport(anchor.title, rules_)))
          continue;
        std::string url = Accept(anchor.url);
        if (url.empty() || HasAttachmentExtension(url, rules_.attachment_extensions) || Taken(url)) continue;
        out_.items.push_back(
            {url, anchor.text.empty() ? anchor.title : anchor.text, "", ListItem::Role::kReport});
      }
      if (!out_.items.empty()) {
        out_.kind = PageClass::kListing;
        out_.uncertain = true;
        out_.reason =
            "no item list; " + std::to_string(out_.items.size()) +
            " links name a report with its year (uncertain: taken as a listing by the keyword rule)";
      }
    }
    if (out_.kind == PageClass::kListing) {
      FilterMixed();
      bool any_report = std::any_of(out_.items.begin(), out_.items.end(),
                                    [](const ListItem& i) { return i.role == ListItem::Role::kReport; });
      if (!any_report && !out_.columns.empty()) {
        out_.kind = PageClass::kEntry;
        out_.reason += "; no item names a report and it links " + std::to_string(out_.columns.size()) +
                       " columns: an entry page";
      }
    }
    if (out_.kind == PageClass::kListing) {
      // Links beside the list in the main area that name a report with its year (a 年报 column's
      // extra links): candidates too, never from chrome or from a 相关链接/热点-style box.
      std::unordered_set<std::string> boxed;
      for (const StructList& candidate : ps.lists) {
        if (!candidate.excluded) continue;
        for (const StructItem& item : candidate.items)
          boxed.insert(CanonicalUrl(ps.anchors[item.anchor].url));
      }
      for (const StructAnchor& anchor : ps.anchors) {
        if (anchor.in_chrome || !(NamesReport(anchor.text, rules_) || NamesReport(anchor.title, rules_)))
          continue;
        std::string url = Accept(anchor.url);
        if (url.empty() || boxed.count(url) || HasAttachmentExtension(url, rules_.attachment_extensions) ||
            Taken(url)) {
          continue;
        }
        out_.items.push_back({url, anchor.text, "", ListItem::Role::kReport});
        out_.reason += "; beside the list: " + anchor.text;
      }
    }
  }
  for (const ListItem& item : out_.items) {
    if (item.role == ListItem::Role::kReport) out_.reports.push_back(item.url);
    if (item.role == ListItem::Role::kAttachment) out_.attachments.push_back(item.url);
    if (item.role != ListItem::Role::kColumn) continue;
    // A sub-column named like a column or its navigation is one; any other (教育局, 机构职能) is an
    // agency's column, followed down only from a page that names a 年报 column (部门年报).
    ColumnLink kind = ColumnLinkKind(item.title, rules_);
    if (kind != ColumnLink::kNone) {
      out_.columns.push_back({item.url, LinkKind::kListing, kind == ColumnLink::kNavigation, ""});
    } else {
      out_.columns.push_back({item.url, LinkKind::kListing, false, item.title});
    }
  }
  if (out_.kind != PageClass::kListing && out_.kind != PageClass::kEntry) out_.listings.clear();
  return std::move(out_);
}

// Calls fn(content) for every <record> of a Hanweb <datastore> document.
template <typename Fn>
void ForEachDatastoreRecord(std::string_view xml, Fn fn, std::string* total_record) {
  xmlDocPtr doc =
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "datastore.xml", "UTF-8",
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

// Records of a Hanweb <datastore>: each record is one item (its first title link).
void Analyzer::Datastore(std::string_view xml, JpageParams* jpage, std::vector<StructItem>* items,
                         std::vector<StructAnchor>* anchors) {
  std::string total;
  ForEachDatastoreRecord(
      xml,
      [&](const std::string& html) {
        for (const auto& link : extract::FindLinks(html, page_url_)) {
          if (link.text.empty() && link.title.empty()) continue;
          StructItem item;
          item.anchor = anchors->size();
          item.title = CodePoints(link.title) > CodePoints(link.text) ? link.title : link.text;
          size_t close = html.find("</a>");
          std::string rest = close == std::string::npos ? "" : html.substr(close);
          item.date = FindDate(rest);
          anchors->push_back({link.url, link.text, link.title, false});
          items->push_back(std::move(item));
          break;
        }
      },
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
  for (const QueryParam& param : SplitQuery(url.substr(q + 1)))
    if (param.has_value && EndsWithExtension(param.value, extensions)) return true;
  return false;
}

DiscoveryRules DiscoveryRulesFrom(const Options& options) {
  DiscoveryRules rules;
  rules.report_keywords = options.report_link_keywords;
  rules.attachment_extensions = options.attachment_extensions;
  rules.max_listing_pages = options.max_listing_pages;
  rules.mixed_list_min_keyword_share = options.mixed_list_min_keyword_share;
  return rules;
}

const char* ToString(PageClass kind) {
  switch (kind) {
    case PageClass::kEntry:
      return "entry";
    case PageClass::kListing:
      return "listing";
    case PageClass::kReport:
      return "report";
    case PageClass::kOther:
      return "other";
  }
  return "?";
}

PageAnalysis AnalyzePage(std::string_view utf8_body, std::string_view page_url, const DiscoveryRules& rules) {
  return AnalyzePage(extract::HtmlPage::FromUtf8(utf8_body), page_url, rules);
}

PageAnalysis AnalyzePage(const extract::HtmlPage& page, std::string_view page_url,
                         const DiscoveryRules& rules) {
  Analyzer analyzer(page_url, rules);
  return analyzer.Run(page);
}

std::vector<DiscoveredLink> LinksOf(const PageAnalysis& analysis) {
  std::vector<DiscoveredLink> out;
  for (const auto& url : analysis.reports) out.push_back({url, LinkKind::kReport});
  for (const auto& url : analysis.attachments) out.push_back({url, LinkKind::kAttachment});
  for (const auto& url : analysis.listings) out.push_back({url, LinkKind::kPagination});
  for (const auto& link : analysis.columns) out.push_back(link);
  return out;
}

std::vector<DiscoveredLink> DiscoverFromListing(std::string_view body, std::string_view page_url,
                                                const DiscoveryRules& rules) {
  return LinksOf(AnalyzePage(body, page_url, rules));
}

std::vector<DiscoveredLink> DiscoverAttachments(std::string_view utf8_html, std::string_view page_url,
                                                const DiscoveryRules& rules) {
  return DiscoverAttachments(extract::HtmlPage::FromUtf8(utf8_html), page_url, rules);
}

std::vector<DiscoveredLink> DiscoverAttachments(const extract::HtmlPage& html, std::string_view page_url,
                                                const DiscoveryRules& rules) {
  std::vector<DiscoveredLink> out;
  std::unordered_set<std::string> seen;
  const std::string page = CanonicalUrl(page_url);
  for (const auto& link : extract::FindLinks(html, page_url)) {
    if (!HasAttachmentExtension(link.url, rules.attachment_extensions)) continue;
    std::string canonical = CanonicalUrl(link.url);
    if (canonical.empty() || canonical == page || !InScope(canonical, page_url, rules)) continue;
    if (seen.insert(canonical).second) out.push_back({canonical, LinkKind::kAttachment});
  }
  return out;
}

}  // namespace gongkai::crawler
