// robots.txt answers (see scheduler.h): a fetched robots.txt applied to its host (RFC 9309 section
// 2.3.1: 2xx = its rules, 4xx = allow all, 5xx/unreachable = disallow all and try again later,
// redirects followed), and one stored by an earlier run reused while younger than
// Options::robots_cache_ms, so a nightly crawl does not ask every host for robots.txt again.
#include <algorithm>

#include "crawler/url.h"
#include "extract/links.h"
#include "scheduler_impl.h"

namespace gongkai::crawler {
namespace {

// RFC 9309 section 2.3.1.2: follow at least five consecutive redirects for robots.txt.
constexpr int kMaxRobotsRedirects = 5;

// A robots.txt fetched in this run is used at least this long whatever robots_cache_ms says, so a
// tiny (or zero) TTL cannot turn into one robots.txt request before every page.
constexpr int64_t kMinRobotsTrustMs = 60'000;

bool IsRedirect(int status) {
  return ClassifyRobotsStatus(status) == RobotsStatus::kRedirect;
}

}  // namespace

bool Scheduler::Impl::ApplyRobots(Host* host, int status, std::string_view body, int64_t valid_until_us) {
  RobotsStatus kind = ClassifyRobotsStatus(status);
  if (kind != RobotsStatus::kSuccessful && kind != RobotsStatus::kUnavailable) return false;
  host->rules = RobotsRules::ForStatus(status, body);
  if (kind == RobotsStatus::kSuccessful) {
    host->figures.robots = "ok";
    if (auto delay = host->rules.CrawlDelaySeconds(options_.robots_product_token)) {
      politeness_.SetCrawlDelay(host->key, *delay);
      host->figures.crawl_delay_ms =
          std::min<int64_t>(static_cast<int64_t>(*delay * 1000), options_.max_crawl_delay_ms);
    }
  } else {
    host->figures.robots = "none (" + std::to_string(status) + ")";  // 2.3.1.3: allow all
  }
  host->robots_state = RobotsState::kReady;
  host->robots_valid_until_us = valid_until_us;
  host->robots_failures = 0;
  host->robots_given_up = false;
  return true;
}

std::vector<FrontierItem> Scheduler::Impl::SitemapItems(Host* host, const Task& robots_task) {
  std::vector<DiscoveredLink> links;
  const auto& allowed = RulesFor(host->seed).allowed_hosts;
  for (const auto& url : host->rules.sitemaps()) {
    std::string canonical = CanonicalUrl(url, options_.session_parameters);
    std::string key = HostKeyOf(canonical);
    if (key == host->key || std::find(allowed.begin(), allowed.end(), key) != allowed.end()) {
      links.push_back({canonical, LinkKind::kSitemap});
    }
  }
  return NewItems(robots_task, links);
}

bool Scheduler::Impl::RobotsHopInScope(const Host* host, const std::string& url) const {
  auto parsed = ParseUrl(url);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) return false;
  const std::string key = parsed->Authority();
  const auto& allowed = RulesFor(host->seed).allowed_hosts;
  return key == host->key || std::find(allowed.begin(), allowed.end(), key) != allowed.end();
}

Task Scheduler::Impl::RobotsTask(const Host* host) const {
  Task task;
  task.robots = true;
  task.url = host->robots_url;
  task.item.url = host->robots_url;
  task.item.kind = LinkKind::kRobots;
  task.item.seed_name = host->seed;
  return task;
}

void Scheduler::Impl::HandleRobots(Host* host, Task& task, FetchResult& result) {
  Exchange e = MakeExchange(task, result);
  e.page_kind = PageKind::kRobots;
  int64_t now = clock_->NowUs();
  bool answered = result.error == FetchError::kNone && result.status > 0;
  bool redirect = answered && IsRedirect(result.status) && !result.location.empty();
  if (redirect && (host->robots_hops >= kMaxRobotsRedirects || !RobotsHopInScope(host, result.location))) {
    // RFC 9309 2.3.1.2: past five hops the crawler MAY take robots.txt as unavailable (4xx: allow
    // all). A hop out of the seed's scope is refused like any other redirect, with the same
    // outcome: nothing is requested from a host the seed does not name.
    host->rules = RobotsRules::AllowAll();
    host->robots_state = RobotsState::kReady;
    host->robots_valid_until_us = now + std::max(options_.robots_cache_ms, kMinRobotsTrustMs) * 1000;
    bool too_many = host->robots_hops >= kMaxRobotsRedirects;
    host->figures.robots = too_many ? "none (too many redirects)" : "none (redirect out of scope)";
    e.error_kind = too_many ? ErrorKind::kTooManyRedirects : ErrorKind::kRedirectOutOfScope;
    e.error_message = "robots.txt redirect to " + result.location;
  } else if (redirect) {
    ++host->robots_hops;
    host->robots_url = result.location;
    host->robots_state = RobotsState::kUnknown;
  } else if (!answered || !ApplyRobots(host, result.status, result.body,
                                       now + std::max(options_.robots_cache_ms, kMinRobotsTrustMs) * 1000)) {
    host->rules = RobotsRules::ForStatus(result.status, "");  // 2.3.1.4: unreachable = complete disallow
    host->robots_state = RobotsState::kUnavailable;
    // ... only until it can be fetched again: retried within the run with back-off
    // (backoff_base_ms doubling, at most robots_retry_ms apart), max_retries times.
    ++host->robots_failures;
    int shift = std::clamp(host->robots_failures - 1, 0, 20);
    int64_t wait_ms = std::min(options_.robots_retry_ms, options_.backoff_base_ms << shift);
    host->robots_retry_at_us = now + wait_ms * 1000;
    if (host->robots_failures > options_.max_retries) host->robots_given_up = true;
    host->figures.robots =
        "unavailable (" + (result.status ? std::to_string(result.status) : ToString(e.error_kind)) + ")";
    e.error_kind = result.status ? ErrorKind::kHttp : e.error_kind;
  }
  bool has_body = result.error == FetchError::kNone && result.status > 0 && result.status != 304;
  std::vector<FrontierItem> sitemaps;
  if (host->robots_state == RobotsState::kReady) sitemaps = SitemapItems(host, task);
  Record(host, e, has_body ? std::optional<std::string_view>(result.body) : std::nullopt, false, sitemaps,
         nullptr);
}

bool Scheduler::Impl::ReuseStoredRobots(Host* host, int64_t now_us) {
  if (options_.robots_cache_ms <= 0) return false;
  const int64_t now_ms = clock_->WallUs() / 1000;
  std::string url = host->robots_url;
  int64_t oldest_ms = now_ms;  // a redirect chain is as fresh as its oldest answer
  for (int hop = 0; hop <= kMaxRobotsRedirects; ++hop) {
    std::optional<StoredRobots> stored = store_->LatestRobots(url);
    if (!stored || stored->fetched_at_ms > now_ms) return false;
    oldest_ms = std::min(oldest_ms, stored->fetched_at_ms);
    const int64_t age_ms = now_ms - oldest_ms;
    if (age_ms >= options_.robots_cache_ms) return false;
    if (IsRedirect(stored->status)) {
      if (stored->location.empty()) return false;
      url = extract::ResolveUrl(url, stored->location);  // as the fetcher resolves Location
      if (!RobotsHopInScope(host, url)) {                // as HandleRobots decided when it was fetched
        ApplyRobots(host, 404, "", now_us + (options_.robots_cache_ms - age_ms) * 1000);
        host->figures.robots =
            "none (redirect out of scope, stored " + std::to_string(age_ms / 1000) + " s ago)";
        return true;
      }
      continue;
    }
    if (!ApplyRobots(host, stored->status, stored->body,
                     now_us + (options_.robots_cache_ms - age_ms) * 1000)) {
      return false;  // 5xx/429 are never reused: the host is asked again
    }
    host->robots_url = url;
    host->figures.robots += " (stored " + std::to_string(age_ms / 1000) + " s ago)";
    Task parent = RobotsTask(host);
    parent.chain.push_back(url);
    std::vector<FrontierItem> sitemaps = SitemapItems(host, parent);
    if (!sitemaps.empty() && !store_->Add(sitemaps, &store_error_)) return true;
    for (const auto& item : sitemaps) Enqueue(item);
    return true;
  }
  return false;
}

}  // namespace gongkai::crawler
