// What the scheduler does around a host's robots gate (robots_gate.h): it asks for robots.txt when
// the gate says so, records every answer, and when the gate opens applies Crawl-delay to the
// politeness budget and queues the sitemaps to read (sitemaps.h): the Sitemap lines in the seed's
// scope, or the /sitemap.xml probe.
#include <algorithm>

#include "crawler/url.h"
#include "scheduler_impl.h"

namespace gongkai::crawler {

std::vector<FrontierItem> Scheduler::Impl::OnRobotsOpen(Host* host, const Task& robots_task) {
  if (auto delay = host->robots.rules().CrawlDelaySeconds(options_.robots_product_token)) {
    politeness_.SetCrawlDelay(host->key, *delay);
    host->figures.crawl_delay_ms =
        std::min<int64_t>(static_cast<int64_t>(*delay * 1000), options_.max_crawl_delay_ms);
  }
  const auto& allowed = RulesFor(host->seed).allowed_hosts;
  std::vector<std::string> named;
  for (const auto& url : host->robots.rules().sitemaps())
    named.push_back(CanonicalUrl(url, options_.session_parameters));
  // In the seed's scope, and asked once per run (a robots.txt fetched again names the same ones).
  auto wanted = [&](const std::string& canonical) {
    std::string key = HostKeyOf(canonical);
    bool in_scope = key == host->key || std::find(allowed.begin(), allowed.end(), key) != allowed.end();
    return !key.empty() && in_scope && seen_.count(UrlHash(canonical)) == 0;
  };
  std::vector<DiscoveredLink> links = sitemaps_.SitemapsFor(host->origin, named, wanted);
  TakeSitemapNotes();
  return NewItems(robots_task, links);
}

void Scheduler::Impl::HandleRobots(Host* host, Task& task, FetchResult& result) {
  Exchange e = MakeExchange(task, result);
  e.page_kind = PageKind::kRobots;
  e.error_kind = host->robots.OnAnswer(result, clock_->NowUs(), e.error_kind, &e.error_message);
  bool has_body = result.error == FetchError::kNone && result.status > 0 && result.status != 304;
  std::vector<FrontierItem> sitemaps;
  if (host->robots.open()) sitemaps = OnRobotsOpen(host, task);
  Record(host, e, has_body ? std::optional<std::string_view>(result.body) : std::nullopt, false, sitemaps,
         nullptr);
}

}  // namespace gongkai::crawler
