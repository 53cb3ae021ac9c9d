// What link discovery decides and remembers during a crawl, beside the frontier: which links lead by
// navigation (the lists they reach are reports only when the page names a 年报 column), how many pages each
// pager family has produced (every pagination style is bounded by max_listing_pages, plain 下一页
// chains included), which item lists a family has already shown (a pager whose pages repeat their
// items is a trap), and the agency each column and report belongs to (集约化 sub-columns).
// It decides which links of a walked page become frontier items and notes why it dropped any.
// Navigation marks and agencies travel with the frontier items (FrontierItem::navigation, ::agency),
// so the store keeps them across a stop and resume; pager counts are rebuilt from the seen URLs.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/crawl_store.h"
#include "crawler/discovery.h"
#include "crawler/options.h"

namespace gongkai::crawler {

// "dir/index_3.html" -> "dir/index.html", "list.jsp?a=1&page=3" -> "list.jsp?a=1&": the listing a
// pager page belongs to. Other URLs map to themselves.
std::string PagerFamilyKey(const std::string& canonical_url);

class CrawlDiscovery {
 public:
  explicit CrawlDiscovery(const Options& options) : options_(options) {}

  // A resumed run: counts pager pages already seen per family.
  void NoteSeen(const std::string& canonical_url);

  // The links of a walked page `analysis` (found on `page_url`, reached as `item`) that may be
  // followed, each with the kind and depth it gets; links dropped by a bound are noted.
  // `links` are LinksOf(analysis).
  std::vector<FrontierItem> Admit(const FrontierItem& item, const std::string& page_url,
                                  const PageAnalysis& analysis, const std::vector<DiscoveredLink>& links);

  // Notes for the run summary (kinds in doubt, traps), at most kMaxNotes; `Note` adds one.
  void Note(const std::string& note);
  const std::vector<std::string>& notes() const { return notes_; }
  int64_t pager_traps() const { return pager_traps_; }

  static constexpr size_t kMaxNotes = 200;

 private:
  bool NamesReportColumn(const PageAnalysis& analysis) const;

  const Options& options_;
  std::unordered_map<std::string, int> family_pages_;
  std::unordered_map<std::string, std::unordered_set<uint64_t>> family_lists_;
  std::vector<std::string> notes_;
  int64_t pager_traps_ = 0;
};

}  // namespace gongkai::crawler
