// Classing imported pages (see import_classify.h).
#include "adapters/import_classify.h"

#include <algorithm>
#include <cctype>

#include "crawler/discovery.h"
#include "extract/charset.h"
#include "extract/extractor.h"
#include "extract/links.h"

namespace gongkai::app {
namespace {

// A listing names at least this many reports, or two and a pager...
constexpr int kListingMinReportLinks = 5;
constexpr int kListingMinReportLinksWithPager = 2;
// ...and has little text of its own: a report page may carry a "related reports" box of five or
// more links (the simulated portal's jsp template does), but its own text is a report's length.
// Text is what the extractor keeps, less the report links' titles in it.
constexpr size_t kReportMinOwnTextBytes = 1500;  // ~500 CJK characters

bool LooksLikeHtml(const std::string& content_type, std::string_view body) {
  std::string type = content_type;
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  if (type.find("html") != std::string::npos || type.find("xml") != std::string::npos) return true;
  if (!type.empty() && type.find("text/plain") == std::string::npos) return false;
  size_t first = body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string_view::npos && body[first] == '<';
}

}  // namespace

storage::PageKind ClassifyImportedPage(const crawler::Options& options, const std::string& url,
                                       const std::string& content_type, std::string_view body) {
  if (!LooksLikeHtml(content_type, body)) return storage::PageKind::kAttachment;
  crawler::DiscoveryRules rules;
  rules.report_keywords = options.report_link_keywords;
  rules.attachment_extensions = options.attachment_extensions;
  rules.max_listing_pages = options.max_listing_pages;
  extract::DecodedText decoded = extract::DecodeToUtf8(body, content_type);
  int reports = 0, pages = 0;
  for (const auto& link : crawler::DiscoverFromListing(decoded.utf8, url, rules)) {
    if (link.kind == crawler::LinkKind::kReport) ++reports;
    if (link.kind == crawler::LinkKind::kPagination) ++pages;
  }
  bool listing =
      reports >= kListingMinReportLinks || (reports >= kListingMinReportLinksWithPager && pages > 0);
  if (!listing) return storage::PageKind::kReport;
  extract::Extraction extraction;
  extract::ExtractInput input{body, url, content_type, ""};
  if (!extract::Extract(input, extract::Options{}, &extraction).ok()) return storage::PageKind::kListing;
  size_t own = extraction.text.size();
  for (const auto& link : extract::FindLinks(decoded.utf8, url)) {
    if (link.text.size() >= 12 && extraction.text.find(link.text) != std::string::npos) {
      own -= std::min(own, link.text.size());
    }
  }
  return own >= kReportMinOwnTextBytes ? storage::PageKind::kReport : storage::PageKind::kListing;
}

}  // namespace gongkai::app
