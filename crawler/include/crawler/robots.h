// robots.txt per RFC 9309 (https://www.rfc-editor.org/rfc/rfc9309): a parser (ParseRobotsTxt())
// and a matcher (RobotsRules::Allowed()) for URLs against one parsed file, plus the two
// non-standard lines government portals use: Crawl-delay (honoured, capped by the caller) and
// Sitemap (kept, for discovery).
//
// What the crawler does with a robots.txt *fetch* result (RFC 9309 section 2.3.1) lives here too:
// RobotsRules::ForStatus() maps 4xx to "allow all" and 5xx/unreachable to "disallow all".
//
// RobotsRules is immutable after parsing and safe to share between threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gongkai::crawler {

// RFC 9309 section 2.5: crawlers must parse at least 500 KiB; bytes past this are ignored.
inline constexpr size_t kRobotsMaxParseBytes = 500 * 1024;

struct RobotsRule {
  bool allow = false;
  std::string pattern;  // percent-encoding normalised; may contain '*' and a final '$'
};

struct RobotsGroup {
  std::vector<std::string> user_agents;  // lower-cased product tokens; "*" for the default group
  std::vector<RobotsRule> rules;
  std::optional<double> crawl_delay_s;  // Crawl-delay in this group, seconds
};

// RFC 9309 section 2.3.1: what the status of a robots.txt fetch means (status 0 = no answer).
enum class RobotsStatus {
  kSuccessful,   // 2xx (2.3.1.1): the body's rules
  kRedirect,     // 3xx (2.3.1.2): follow it (up to five hops, across authorities) before deciding
  kUnavailable,  // 4xx but 429 (2.3.1.3): no rules, everything allowed
  kUnreachable,  // 5xx, 429, no answer (2.3.1.4): complete disallow, until it can be fetched again
};
RobotsStatus ClassifyRobotsStatus(int status);

class RobotsRules {
 public:
  // The rules a final (non-redirect) robots.txt answer gives: ParseRobotsTxt(body) for 2xx,
  // AllowAll() for 4xx but 429, DisallowAll() for everything else (a 3xx that could not be
  // followed included).
  static RobotsRules ForStatus(int status, std::string_view body);
  // No robots.txt (4xx): everything allowed.
  static RobotsRules AllowAll();
  // robots.txt unreachable or 5xx: nothing allowed (RFC 9309 section 2.3.1.4).
  static RobotsRules DisallowAll();

  // True when `path_and_query` (percent-encoded, starting with '/') may be fetched by a crawler
  // whose product token is `product_token` (case-insensitive). "/robots.txt" is always allowed.
  bool Allowed(std::string_view product_token, std::string_view path_and_query) const;

  // Crawl-delay of the group that applies to `product_token`, in seconds, if that group has one.
  std::optional<double> CrawlDelaySeconds(std::string_view product_token) const;

  // Sitemap: lines, absolute URLs as written (they are not tied to any group).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  friend RobotsRules ParseRobotsTxt(std::string_view body);
  // The groups that apply to `product_token` (all groups naming it, else all "*" groups).
  std::vector<const RobotsGroup*> GroupsFor(std::string_view product_token) const;

  std::vector<RobotsGroup> groups_;
  std::vector<std::string> sitemaps_;
  bool disallow_all_ = false;
};

// Parses a robots.txt body (UTF-8, BOM tolerated, any line ending). Never fails: lines it cannot
// read are skipped, as RFC 9309 section 2.2 asks.
RobotsRules ParseRobotsTxt(std::string_view body);

// True when `path` matches robots.txt `pattern` ('*' = any sequence, final '$' = end of path).
bool RobotsPatternMatches(std::string_view pattern, std::string_view path);

}  // namespace gongkai::crawler
