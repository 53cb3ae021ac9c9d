// Names of the crawl-store enums (see crawl_store.h).
#include "crawler/crawl_store.h"

namespace gongkai::crawler {

const char* ToString(LinkKind kind) {
  switch (kind) {
    case LinkKind::kSeed:
      return "seed";
    case LinkKind::kListing:
      return "listing";
    case LinkKind::kPagination:
      return "pagination";
    case LinkKind::kReport:
      return "report";
    case LinkKind::kAttachment:
      return "attachment";
    case LinkKind::kSitemap:
      return "sitemap";
    case LinkKind::kRobots:
      return "robots";
  }
  return "?";
}

const char* ToString(PageKind kind) {
  switch (kind) {
    case PageKind::kRobots:
      return "robots";
    case PageKind::kListing:
      return "listing";
    case PageKind::kReport:
      return "report";
    case PageKind::kAttachment:
      return "attachment";
    case PageKind::kChallenge:
      return "challenge";
    case PageKind::kOther:
      return "other";
  }
  return "?";
}

}  // namespace gongkai::crawler
