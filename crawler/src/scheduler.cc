// The scheduler's event loop: dispatch under politeness (dispatcher.h), poll the transport, stop
// cleanly (see scheduler.h; answers are handled in page_handler.cc), and the scheduler's side of
// dispatch: sending the requests the dispatcher starts.
#include "crawler/scheduler.h"

#include <algorithm>
#include <climits>

#include "crawler/url.h"
#include "scheduler_impl.h"

namespace gongkai::crawler {

uint64_t UrlHash(std::string_view url) {
  // FNV-1a 64: the seen set holds 8 bytes per URL; a collision (p ~ n^2 / 2^65) skips one URL.
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : url) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

Scheduler::Scheduler(const Options& options, const extract::Options& extract_options, std::vector<Seed> seeds,
                     CrawlStore* store, SchedulerEnv env)
    : impl_(std::make_unique<Impl>(options, extract_options, std::move(seeds), store, env, &stop_requests_)) {
}

Scheduler::~Scheduler() = default;

Status Scheduler::Run(const CrawlLimits& limits, RunSummary* summary) {
  return impl_->Run(limits, summary);
}

void Scheduler::SetProgressCallback(std::function<void(const Progress&)> callback, int64_t interval_ms) {
  impl_->progress_callback = std::move(callback);
  impl_->progress_interval_ms = std::max<int64_t>(1, interval_ms);
}

Scheduler::Impl::Impl(const Options& options, const extract::Options& extract_options,
                      std::vector<Seed> seeds, CrawlStore* store, SchedulerEnv env,
                      std::atomic<int>* stop_requests)
    : options_(options),
      extract_options_(extract_options),
      seeds_(std::move(seeds)),
      store_(store),
      clock_(env.clock),
      stop_requests_(stop_requests),
      politeness_(options, env.clock),
      owned_transport_(env.transport ? nullptr : NewCurlTransport(options, env.clock)),
      transport_(env.transport ? env.transport : owned_transport_.get()),
      pool_(extract_options, env.extract_threads, env.extract_inline_max_bytes,
            [this] { transport_->Wakeup(); }),
      crawl_discovery_(options),
      sitemaps_(options),
      dispatcher_(options, env.clock, &politeness_, store, transport_, this) {
  default_rules_ = DiscoveryRulesFrom(options);
  for (const auto& seed : seeds_) {
    DiscoveryRules rules = default_rules_;
    if (!seed.report_link_keywords.empty()) rules.report_keywords = seed.report_link_keywords;
    rules.allowed_hosts = SeedHosts(seed);
    rules_[seed.name] = rules;
  }
}

const Seed* Scheduler::Impl::SeedNamed(const std::string& name) const {
  for (const auto& seed : seeds_) {
    if (seed.name == name) return &seed;
  }
  return nullptr;
}

const DiscoveryRules& Scheduler::Impl::RulesFor(const std::string& seed_name) const {
  auto it = rules_.find(seed_name);
  return it == rules_.end() ? default_rules_ : it->second;
}

Host* Scheduler::Impl::HostFor(const std::string& url, const std::string& seed_name) {
  auto parsed = ParseUrl(url);
  std::string key = parsed ? parsed->Authority() : "";
  auto& slot = hosts_[key];
  if (slot) return slot.get();
  slot = std::make_unique<Host>(options_, &frontier_, key, parsed ? parsed->Origin() : "", seed_name,
                                RulesFor(seed_name).allowed_hosts);
  Host* host = slot.get();
  host->figures.host = key;
  host->figures.seed = seed_name;
  host->queue.max_pages = options_.max_pages_per_host;
  if (auto pages = restored_pages_.find(key); pages != restored_pages_.end())
    host->queue.page_requests = pages->second;
  host->name = parsed ? parsed->host : "";
  host->ip_known = !parsed;  // nothing to resolve: the transport reports the URL's error
  if (const Seed* seed = SeedNamed(seed_name)) {
    if (seed->min_delay_ms) politeness_.SetMinDelayOverride(key, *seed->min_delay_ms);
    if (seed->max_pages) host->queue.max_pages = *seed->max_pages;
  }
  dispatcher_.AddHost(host);
  return host;
}

void Scheduler::Impl::Enqueue(const FrontierItem& item) {
  HostFor(item.url, item.seed_name)->queue.PushFresh(item);
}

Status Scheduler::Impl::Start() {
  std::vector<FrontierItem> pending;
  std::vector<std::string> seen;
  Status status = store_->Load(&pending, &seen);
  if (!status.ok()) return status;
  std::vector<PolitenessState> this_run, earlier;
  status = store_->LoadPoliteness(&this_run, &earlier);
  if (!status.ok()) return status;
  politeness_.Restore(earlier, /*same_run=*/false);
  politeness_.Restore(this_run, /*same_run=*/true);
  for (const auto& state : this_run) {
    if (state.scope == PolitenessState::Scope::kHost) restored_pages_[state.key] = state.page_requests;
  }
  for (const auto& url : seen) {
    seen_.insert(UrlHash(url));
    crawl_discovery_.NoteSeen(url);
  }
  for (const auto& item : pending) Enqueue(item);
  std::vector<FrontierItem> seeds;
  for (const auto& seed : seeds_) {
    for (const auto& url : SeedUrls(seed)) {
      FrontierItem item;
      item.url = CanonicalUrl(url, options_.session_parameters);
      item.kind = LinkKind::kSeed;
      item.seed_name = seed.name;
      if (!item.url.empty() && seen_.insert(UrlHash(item.url)).second) seeds.push_back(item);
    }
  }
  if (!seeds.empty()) {
    status = store_->Add(seeds);
    if (!status.ok()) return status;
  }
  for (const auto& item : seeds) Enqueue(item);
  return Status::OK();
}

bool Scheduler::Impl::OnStoredRobots(Host* host) {
  Task parent = RobotsTask(*host);
  parent.chain.push_back(host->robots.url());
  std::vector<FrontierItem> sitemaps = OnRobotsOpen(host, parent);
  if (!sitemaps.empty()) {
    if (Status status = store_->Add(sitemaps); !status.ok()) {
      store_status_ = status;
      return false;
    }
  }
  for (const auto& item : sitemaps) Enqueue(item);
  return true;
}

bool Scheduler::Impl::SkipRecent(Task* task) {
  const LinkKind kind = task->item.kind;
  bool known_kind = kind == LinkKind::kReport || kind == LinkKind::kAttachment || kind == LinkKind::kSitemap;
  if (options_.recrawl_interval_ms <= 0 || !known_kind || !task->chain.empty()) return false;
  task->validators = store_->LatestValidators(task->item.url);
  task->validators_read = true;
  const auto& validators = task->validators;
  if (!validators || clock_->WallUs() / 1000 - validators->fetched_at_ms >= options_.recrawl_interval_ms)
    return false;
  ++summary_.skipped_recent;
  if (Status status = store_->MarkDone(task->item.url); !status.ok()) store_status_ = status;
  return true;
}

void Scheduler::Impl::StartRequest(Host* host, Task task, const Route& route) {
  FetchRequest request;
  request.id = next_transfer_id_++;
  request.url = task.url;
  request.connect_ip = route.ip;
  if (!task.robots) {
    bool revalidate = task.item.kind == LinkKind::kReport || task.item.kind == LinkKind::kAttachment ||
                      task.item.kind == LinkKind::kSitemap;
    if (revalidate && task.chain.empty()) {
      if (!task.validators_read) task.validators = store_->LatestValidators(task.item.url);
      if (const auto& validators = task.validators) {
        if (!validators->etag.empty()) request.extra_headers.emplace_back("If-None-Match", validators->etag);
        if (!validators->last_modified.empty()) {
          request.extra_headers.emplace_back("If-Modified-Since", validators->last_modified);
        }
      }
    }
    ++page_requests_;
  }
  if (task.chain.empty() || task.chain.back() != task.url) task.chain.push_back(task.url);
  SavePoliteness(route.key, route.ip);  // durable before the request leaves: a kill now still leaves its mark
  in_flight_.emplace(request.id, InFlight{host, std::move(task), route});
  transport_->Start(std::move(request));
}

void Scheduler::Impl::SavePoliteness(const std::string& key, const std::string& ip) {
  std::vector<PolitenessState> states = politeness_.Export(key, ip);
  for (auto& state : states) {
    if (state.scope != PolitenessState::Scope::kHost) continue;
    auto host = hosts_.find(state.key);
    if (host != hosts_.end()) {
      state.page_requests = host->second->queue.page_requests;
    } else if (auto pages = restored_pages_.find(state.key); pages != restored_pages_.end()) {
      state.page_requests = pages->second;
    }
  }
  Status status = store_->SavePoliteness(states);
  if (!status.ok() && store_status_.ok()) store_status_ = status;
}

void Scheduler::Impl::DropCapped(Host* host) {
  while (!host->queue.empty() && store_status_.ok()) {
    Task task = host->queue.Peek();
    host->queue.Pop();
    ++host->figures.capped;
    if (Status status = store_->MarkDone(task.item.url); !status.ok()) store_status_ = status;
  }
}

bool Scheduler::Impl::HasWork() const {
  return !in_flight_.empty() || !reports_in_progress_.empty() || dispatcher_.HasQueuedWork();
}

Status Scheduler::Impl::Run(const CrawlLimits& limits, RunSummary* summary) {
  started_us_ = clock_->NowUs();
  last_progress_us_ = started_us_;
  if (Status status = Start(); !status.ok()) {
    summary_.stop_reason = StopReason::kStoreError;
    FillSummary(summary);
    return status;
  }
  int64_t stop_deadline_us = 0;
  int64_t due_us = 0;
  bool changed = true;
  while (true) {
    int64_t now = clock_->NowUs();
    int stops = stop_requests_->load(std::memory_order_relaxed);
    if (stops > 0 && summary_.stop_reason == StopReason::kDone) summary_.stop_reason = StopReason::kSignal;
    if (limits.max_pages > 0 && page_requests_ >= limits.max_pages &&
        summary_.stop_reason == StopReason::kDone) {
      summary_.stop_reason = StopReason::kMaxPages;
    }
    if (limits.max_duration_ms > 0 && now - started_us_ >= limits.max_duration_ms * 1000 &&
        summary_.stop_reason == StopReason::kDone) {
      summary_.stop_reason = StopReason::kMaxDuration;
    }
    if (!store_status_.ok()) summary_.stop_reason = StopReason::kStoreError;
    bool stopping = summary_.stop_reason != StopReason::kDone;
    if (stopping && stop_deadline_us == 0) {
      stop_deadline_us = now + kStopGraceMs * 1000;
      changed = true;
    }
    bool idle = in_flight_.empty() && reports_in_progress_.empty();
    if (stopping && (idle || stops > 1 || now >= stop_deadline_us)) break;
    // Hosts are scanned only when something changed or a wake-up time came: socket activity alone
    // (most of Poll's returns) cannot make a host ready.
    if (changed || now >= due_us) {
      if (!stopping && !HasWork()) break;
      due_us = stopping ? now + kMaxPollUs : dispatcher_.Dispatch(now, in_flight_.size());
      changed = false;
    }
    now = clock_->NowUs();
    int timeout_ms = static_cast<int>(std::clamp<int64_t>((due_us - now + 999) / 1000, 0, kMaxPollUs / 1000));
    TransportEvents events;
    transport_->Poll(timeout_ms, &events);
    for (const auto& resolution : events.resolutions) dispatcher_.OnResolved(resolution);
    for (auto& result : events.fetches) Handle(std::move(result));
    changed |= !events.empty();
    for (auto& done : pool_.TakeDone()) {
      FinishReport(std::move(done));
      changed = true;
    }
    ReportProgress(clock_->NowUs(), false);
  }
  if (summary_.stop_reason == StopReason::kDone) {
    for (Host* host : dispatcher_.hosts()) {
      if (host->queue.page_requests >= host->queue.max_pages) DropCapped(host);
    }
  }
  transport_->CancelAll();  // abandoned transfers and extractions stay pending in the store
  ReportProgress(clock_->NowUs(), true);
  FillSummary(summary);  // counts the abandoned ones as pending
  in_flight_.clear();
  reports_in_progress_.clear();
  return store_status_;
}

}  // namespace gongkai::crawler
