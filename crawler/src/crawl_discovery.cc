// Column hops, pager bounds and traps, agencies during a crawl (see crawl_discovery.h).
#include "crawl_discovery.h"

#include <algorithm>

#include "crawler/url.h"
#include "pager.h"

namespace gongkai::crawler {
namespace {

uint64_t Fnv1a(uint64_t hash, std::string_view text) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool IsPageParameter(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return std::any_of(std::begin(kPageParameters), std::end(kPageParameters),
                     [&](const char* p) { return lower == p; });
}

}  // namespace

std::string PagerFamilyKey(const std::string& url) {
  size_t q = url.find('?');
  if (q != std::string::npos) {
    std::string out = url.substr(0, q + 1);
    bool paged = false;
    for (const QueryParam& param : SplitQuery(std::string_view(url).substr(q + 1))) {
      if (IsPageParameter(param.name)) {
        paged = true;
      } else if (!param.pair.empty()) {
        out += param.pair;
        out += '&';
      }
    }
    return paged ? out : url;
  }
  size_t slash = url.rfind('/');
  size_t underscore = url.rfind('_');
  size_t dot = url.rfind('.');
  if (slash == std::string::npos || underscore == std::string::npos || dot == std::string::npos ||
      underscore < slash || dot < underscore) {
    return url;
  }
  std::string digits = url.substr(underscore + 1, dot - underscore - 1);
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), ::isdigit)) return url;
  return url.substr(0, underscore) + url.substr(dot);  // index_3.html -> index.html
}

void CrawlDiscovery::NoteSeen(const std::string& url) {
  std::string family = PagerFamilyKey(url);
  if (family != url) ++family_pages_[family];
}

void CrawlDiscovery::Note(const std::string& note) {
  if (notes_.size() < kMaxNotes) notes_.push_back(note);
}

bool CrawlDiscovery::NamesReportColumn(const PageAnalysis& analysis) const {
  static const char* const kColumnWords[] = {"年度报告", "年报", "工作报告"};
  return std::any_of(std::begin(kColumnWords), std::end(kColumnWords),
                     [&](const char* w) { return analysis.column.find(w) != std::string::npos; });
}

std::vector<FrontierItem> CrawlDiscovery::Admit(const FrontierItem& item, const std::string& page_url,
                                                const PageAnalysis& analysis,
                                                const std::vector<DiscoveredLink>& links) {
  std::vector<FrontierItem> out;
  const std::string page = CanonicalUrl(page_url);
  const std::string family = PagerFamilyKey(page);
  const bool navigated = item.navigation;
  const std::string& agency = item.agency;
  // A page reached through navigation (政府信息公开, 法定主动公开内容 ...) is a 年报 column only when it
  // says so; otherwise its list (news, policies) is not followed, only its columns.
  const bool items_are_reports = !navigated || NamesReportColumn(analysis);
  // Navigation is not followed from a page whose list gave reports (a 年报 column and its sidebars).
  const bool report_listing =
      analysis.kind == PageClass::kListing && items_are_reports && !analysis.reports.empty();
  if (navigated && !items_are_reports && !analysis.reports.empty()) {
    Note("not a report column (reached by navigation, named '" + analysis.column + "'): " + page + " — " +
         std::to_string(analysis.reports.size()) + " list items not taken");
  }
  bool pager_ok = true;
  if (analysis.kind == PageClass::kListing && !analysis.items.empty()) {
    uint64_t hash = 1469598103934665603ULL;
    for (const auto& it : analysis.items) hash = Fnv1a(Fnv1a(hash, it.url), "\n");
    if (!family_lists_[family].insert(hash).second) {
      pager_ok = false;
      ++pager_traps_;
      Note("pager trap: " + page +
           " repeats the items of an earlier page of its listing; its pager is not followed");
    }
  }
  bool capped_noted = false;
  for (const auto& link : links) {
    FrontierItem next{link.url,     page, link.kind, item.depth + 1, item.seed_name, /*navigation=*/false,
                      /*agency=*/""};
    switch (link.kind) {
      case LinkKind::kReport:
      case LinkKind::kAttachment:
        if (!items_are_reports) continue;
        next.agency = agency;
        break;
      case LinkKind::kPagination: {
        if (!pager_ok || !items_are_reports) continue;
        std::string link_family = PagerFamilyKey(link.url);
        // A page of the same family (index_N, ?page=N) keeps the depth: the family count bounds it.
        // Any other "next page" (a new path each time) costs a hop as well.
        bool same_family = link_family != link.url && link_family == family;
        if (same_family) next.depth = item.depth;
        std::string counted = link_family != link.url ? link_family : family;
        if (family_pages_[counted] >= options_.max_listing_pages) {
          if (!capped_noted) {
            ++pager_traps_;
            Note("pager does not converge: " + counted + " reached max_listing_pages (" +
                 std::to_string(options_.max_listing_pages) + "); further pages dropped");
            capped_noted = true;
          }
          continue;
        }
        ++family_pages_[counted];
        next.agency = agency;
        break;
      }
      case LinkKind::kListing:
        if (!link.agency.empty()) {
          // A department's sub-column: followed down from a 年报 column (部门年报), never elsewhere.
          if (!NamesReportColumn(analysis)) continue;
          next.agency = link.agency;
        } else {
          if (next.depth > options_.max_column_hops) continue;
          // Navigation is followed from entry pages and other navigation, not from a 年报 list.
          if (link.navigation && report_listing) continue;
          next.navigation = link.navigation;
        }
        break;
      default:
        break;
    }
    if (next.depth > options_.max_depth) continue;
    out.push_back(std::move(next));
  }
  return out;
}

}  // namespace gongkai::crawler
