// Private state of the Scheduler (see scheduler.h), by job:
//   robots_gate.h     each host's robots.txt: ask first, obey, cache, retry (RFC 9309)
//   host_queue.h      each host's queue: hops, retries and fresh items, in flight, not-before time
//   politeness.h      the gap, back-off and parking budgets per host and per IP
//   dispatcher.h      dispatch: the round-robin over hosts, each host's next task, name resolution
//   scheduler.cc      the loop, and what dispatch hands back (Dispatcher::Delegate): sending requests
//   robots_handler.cc recording robots.txt answers and applying an open gate (Crawl-delay, Sitemap)
//   page_handler.cc   turning page answers into records and links (retries, redirects, 304, bodies)
// Hooks for more per-host fetches (e.g. sitemaps found elsewhere) go through Enqueue(); a new kind of
// answer gets its own Handle* beside HandleRobots/HandlePage.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crawler/discovery.h"
#include "crawler/frontier.h"
#include "crawler/politeness.h"
#include "crawler/robots.h"
#include "crawler/scheduler.h"
#include "crawler/sitemaps.h"
#include "crawler/transport.h"
#include "crawl_discovery.h"
#include "dispatcher.h"
#include "extract_pool.h"
#include "host.h"

namespace gongkai::crawler {

struct InFlight {
  Host* host;
  Task task;
  Route route;  // where the request went (dispatcher.h)
};

// A report page handed to the ExtractPool, waiting to be recorded.
struct ReportInProgress {
  Host* host;
  Task task;
  Exchange exchange;
};

class Scheduler::Impl : private Dispatcher::Delegate {
 public:
  Impl(const Options& options, const extract::Options& extract_options, std::vector<Seed> seeds,
       CrawlStore* store, SchedulerEnv env, std::atomic<int>* stop_requests);

  Status Run(const CrawlLimits& limits, RunSummary* summary);

  std::function<void(const Progress&)> progress_callback;
  int64_t progress_interval_ms = 1000;

 private:
  // scheduler.cc
  Status Start();
  Host* HostFor(const std::string& url, const std::string& seed_name);
  void Enqueue(const FrontierItem& item);
  bool HasWork() const;
  // Persists the politeness state of `key` and `ip` (and the host's page count) through the store.
  void SavePoliteness(const std::string& key, const std::string& ip);
  void ReportProgress(int64_t now_us, bool force);
  void FillSummary(RunSummary* summary) const;

  // Dispatcher::Delegate (scheduler.cc; see dispatcher.h)
  bool OnStoredRobots(Host* host) override;
  // A known report/attachment/sitemap fetched less than recrawl_interval_ms ago is skipped.
  bool SkipRecent(Task* task) override;
  bool OnDisallowed(Host* host, const Task& task) override { return RecordDisallowed(host, task); }
  void OnCapped(Host* host) override { DropCapped(host); }
  void StartRequest(Host* host, Task task, const Route& route) override;

  // robots_handler.cc: what the scheduler does around the robots gate (robots_gate.h)
  void HandleRobots(Host* host, Task& task, FetchResult& result);
  // The gate of `host` opened (a fetched or stored robots.txt): Crawl-delay to the politeness
  // budget, the figures, and the sitemaps to read (robots.txt's in scope, else the /sitemap.xml
  // probe) as discovered items of `robots_task`.
  std::vector<FrontierItem> OnRobotsOpen(Host* host, const Task& robots_task);

  // page_handler.cc
  void Handle(FetchResult result);
  void HandlePage(Host* host, Task& task, FetchResult& result);
  bool FollowRedirect(Host* host, Task& task, const FetchResult& result);
  void HandleBody(Host* host, Task& task, FetchResult& result, Exchange& exchange);
  // A fetched sitemap: its child sitemaps and column candidates (crawler/sitemaps.h).
  std::vector<FrontierItem> SitemapLinks(Host* host, const Task& task, const Exchange& exchange,
                                         std::string_view body);
  // Moves the sitemap reader's notes to the run's notes.
  void TakeSitemapNotes();
  void FinishReport(ReportJobResult done);
  bool RecordDisallowed(Host* host, const Task& task);
  bool Record(Host* host, const Exchange& exchange, std::optional<std::string_view> body, bool done,
              std::vector<FrontierItem> discovered, const extract::Extraction* extraction);
  Exchange MakeExchange(const Task& task, const FetchResult& result) const;
  std::vector<FrontierItem> NewItems(const Task& task, const std::vector<DiscoveredLink>& links);
  // The links of a walked page (listing, entry, column) that the column finder and the pager
  // bounds admit (crawl_discovery.h), as new frontier items.
  std::vector<FrontierItem> AdmitPageLinks(const Task& task, const ReportJobResult& done);
  const DiscoveryRules& RulesFor(const std::string& seed_name) const;
  const Seed* SeedNamed(const std::string& seed_name) const;
  void CountError(Host* host, const std::string& kind);
  // A page failed for good (retries exhausted, redirect loop or chain too long): counted apart from
  // 4xx answers, and the run exits 5.
  void CountFailed(Host* host);
  // The host reached max_pages_per_host: every item still queued for it is marked done (a
  // deliberate limit, not work to resume) and counted as capped.
  void DropCapped(Host* host);

  const Options& options_;
  const extract::Options& extract_options_;
  std::vector<Seed> seeds_;
  std::map<std::string, DiscoveryRules> rules_;  // per seed name
  DiscoveryRules default_rules_;
  CrawlStore* store_;
  Clock* clock_;
  std::atomic<int>* stop_requests_;
  Politeness politeness_;
  std::unique_ptr<Transport> owned_transport_;  // when the env gave none
  Transport* transport_;
  ExtractPool pool_;
  std::unordered_map<uint64_t, ReportInProgress> reports_in_progress_;
  CrawlDiscovery crawl_discovery_;  // column hops, pager bounds and traps, agencies (page_handler.cc)
  SitemapReader sitemaps_;          // which sitemaps to ask for and which of their URLs to queue

  Frontier frontier_;
  std::map<std::string, std::unique_ptr<Host>> hosts_;
  Dispatcher dispatcher_;              // holds the hosts in round-robin order
  std::unordered_set<uint64_t> seen_;  // 64-bit hashes of canonical URLs
  std::unordered_map<uint64_t, InFlight> in_flight_;
  uint64_t next_transfer_id_ = 1;
  // Page requests this run made before it was resumed, per host (Options::max_pages_per_host
  // holds over the whole run).
  std::unordered_map<std::string, int64_t> restored_pages_;

  RunSummary summary_;
  Status store_status_;  // why the store failed (ok while it has not): the run stops
  int64_t started_us_ = 0;
  int64_t last_progress_us_ = 0;
  int64_t page_requests_ = 0;
};

uint64_t UrlHash(std::string_view canonical_url);

}  // namespace gongkai::crawler
