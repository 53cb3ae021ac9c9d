// The scheduler's event loop: dispatch under politeness, poll the transport, stop cleanly
// (see scheduler.h; answers are handled in page_handler.cc).
#include "crawler/scheduler.h"

#include <algorithm>
#include <climits>

#include "crawler/url.h"
#include "scheduler_impl.h"

namespace gongkai::crawler {
namespace {

// The loop never sleeps longer than this, so Stop() and progress are noticed promptly.
constexpr int64_t kMaxPollUs = 100'000;

}  // namespace

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
  std::string error;
  return impl_->Run(limits, summary, &error) ? Status::OK() : Status::IOError(error);
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
      pool_(extract_options, env.extract_threads, [this] { transport_->Wakeup(); }),
      crawl_discovery_(options),
      sitemaps_(options) {
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
  if (const std::string* ip = parsed ? KnownIp(host->name) : nullptr) {
    host->ip = *ip;
    host->ip_known = true;
  }
  host->ip_known |= !parsed;  // nothing to resolve: the transport reports the URL's error
  if (const Seed* seed = SeedNamed(seed_name)) {
    if (seed->min_delay_ms) politeness_.SetMinDelayOverride(key, *seed->min_delay_ms);
    if (seed->max_pages) host->queue.max_pages = *seed->max_pages;
  }
  host_order_.push_back(host);
  return host;
}

const std::string* Scheduler::Impl::KnownIp(const std::string& host_name) {
  auto [it, added] = addresses_.try_emplace(host_name);
  if (added) transport_->Resolve(host_name);
  return it->second ? &*it->second : nullptr;
}

void Scheduler::Impl::OnResolved(const Resolution& resolution) {
  addresses_[resolution.host_name] = resolution.ip;
  for (Host* host : host_order_) {
    if (host->name != resolution.host_name) continue;
    host->ip = resolution.ip;
    host->ip_known = true;
  }
}

bool Scheduler::Impl::ForeignHopMayStart(const Host* host, const Task& task, int64_t now_us,
                                         int64_t* wake_us) {
  auto parsed = ParseUrl(task.url);
  if (!parsed || parsed->Authority() == host->key) return true;
  const std::string key = parsed->Authority();
  const std::string* ip = KnownIp(parsed->host);
  if (ip == nullptr) return false;  // asked again when the address comes (Poll's resolutions)
  if (politeness_.CanStart(key, *ip, now_us)) return true;
  int64_t earliest = politeness_.EarliestStartUs(key, *ip);
  *wake_us = std::min(*wake_us, std::max(earliest, now_us + 1000));
  return false;
}

void Scheduler::Impl::Enqueue(const FrontierItem& item) {
  HostFor(item.url, item.seed_name)->queue.PushFresh(item);
}

bool Scheduler::Impl::Start(std::string* error) {
  std::vector<FrontierItem> pending;
  std::vector<std::string> seen;
  if (!store_->Load(&pending, &seen, error)) return false;
  std::vector<PolitenessState> this_run, earlier;
  if (!store_->LoadPoliteness(&this_run, &earlier, error)) return false;
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
  if (!seeds.empty() && !store_->Add(seeds, error)) return false;
  for (const auto& item : seeds) Enqueue(item);
  return true;
}

std::optional<Task> Scheduler::Impl::NextTask(Host* host, int64_t now_us, int64_t* wake_us) {
  HostQueue& queue = host->queue;
  while (!queue.empty()) {
    if (politeness_.IsParked(host->key)) return std::nullopt;
    if (queue.page_requests >= queue.max_pages) {
      DropCapped(host);
      return std::nullopt;
    }
    bool reused = false;
    switch (host->robots.Check(now_us, store_, clock_->WallUs() / 1000, wake_us, &reused)) {
      case RobotsGate::Verdict::kAsk:
        return RobotsTask(host);
      case RobotsGate::Verdict::kWait:
      case RobotsGate::Verdict::kClosed:
        return std::nullopt;
      case RobotsGate::Verdict::kOpen:
        break;
    }
    if (reused) {  // an earlier run's robots.txt: applied as if fetched now
      Task parent = RobotsTask(host);
      parent.chain.push_back(host->robots.url());
      std::vector<FrontierItem> sitemaps = OnRobotsOpen(host, parent);
      if (!sitemaps.empty() && !store_->Add(sitemaps, &store_error_)) return std::nullopt;
      for (const auto& item : sitemaps) Enqueue(item);
      continue;
    }
    Task next = queue.Peek();
    auto parsed = ParseUrl(next.url);
    if (parsed && host->robots.Allows(options_.robots_product_token, parsed->PathAndQuery())) {
      if (!SkipRecent(&next)) return next;
      queue.Pop();  // known and fresh enough: not asked again this run; try the next one
      continue;
    }
    queue.Pop();
    Task refused = std::move(next);
    if (!RecordDisallowed(host, refused)) return std::nullopt;
  }
  return std::nullopt;
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
  store_->MarkDone(task->item.url, &store_error_);
  return true;
}

int64_t Scheduler::Impl::Dispatch(int64_t now_us, bool may_dispatch) {
  int64_t wake_us = now_us + kMaxPollUs;
  if (!may_dispatch || host_order_.empty()) return wake_us;
  const size_t n = host_order_.size();
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<int>(in_flight_.size()) >= options_.max_in_flight_total) break;
    Host* host = host_order_[(round_robin_ + i) % n];
    // Cheap checks first: this runs after every answer, over every host.
    if (!host->ip_known || host->robots.fetching() ||
        host->queue.in_flight >= options_.max_in_flight_per_host || host->queue.empty()) {
      continue;
    }
    if (host->queue.wait_until_us > now_us) {
      wake_us = std::min(wake_us, host->queue.wait_until_us);
      continue;
    }
    if (!politeness_.CanStart(host->key, host->ip, now_us)) {
      int64_t earliest = politeness_.EarliestStartUs(host->key, host->ip);
      if (earliest > now_us) {
        host->queue.wait_until_us = earliest;
        wake_us = std::min(wake_us, earliest);
      }
      continue;
    }
    std::optional<Task> task = NextTask(host, now_us, &wake_us);
    if (!task) continue;
    if (task->robots && !ForeignHopMayStart(host, *task, now_us, &wake_us)) continue;
    if (!task->robots) host->queue.Pop();
    StartTask(host, std::move(*task));
  }
  round_robin_ = (round_robin_ + 1) % n;
  return wake_us;
}

void Scheduler::Impl::StartTask(Host* host, Task task) {
  FetchRequest request;
  request.id = next_transfer_id_++;
  request.url = task.url;
  // Every request is pinned to the address of its own URL's host, never to another host's: a
  // robots.txt redirect hop to another authority is resolved, charged and contacted as that
  // authority (RFC 9309 2.3.1.2 follows redirects across authorities).
  std::string key = host->key;
  std::string ip = host->ip;
  if (auto parsed = ParseUrl(task.url); parsed && parsed->Authority() != host->key) {
    key = parsed->Authority();
    const std::string* known = KnownIp(parsed->host);
    ip = known ? *known : "";  // known: ForeignHopMayStart() waited for it
  }
  request.connect_ip = ip;
  if (task.robots) {
    host->robots.OnRequested();
  } else {
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
    ++host->queue.page_requests;
    ++page_requests_;
  }
  if (task.chain.empty() || task.chain.back() != task.url) task.chain.push_back(task.url);
  politeness_.OnStart(key, ip, clock_->NowUs());
  SavePoliteness(key, ip);  // durable before the request leaves: a kill now still leaves its mark
  ++host->queue.in_flight;
  in_flight_.emplace(request.id, InFlight{host, std::move(task), key, ip});
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
  std::string error;
  if (!store_->SavePoliteness(states, &error) && store_error_.empty()) store_error_ = error;
}

void Scheduler::Impl::DropCapped(Host* host) {
  while (!host->queue.empty() && store_error_.empty()) {
    Task task = host->queue.Peek();
    host->queue.Pop();
    ++host->figures.capped;
    store_->MarkDone(task.item.url, &store_error_);
  }
}

bool Scheduler::Impl::HasWork() const {
  if (!in_flight_.empty() || !reports_in_progress_.empty()) return true;
  for (const Host* host : host_order_) {
    if (host->queue.empty() || politeness_.IsParked(host->key) ||
        host->queue.page_requests >= host->queue.max_pages)
      continue;
    // A host whose robots.txt is unavailable keeps the run alive while it has retries left.
    if (!host->robots.given_up()) return true;
  }
  return false;
}

bool Scheduler::Impl::Run(const CrawlLimits& limits, RunSummary* summary, std::string* error) {
  started_us_ = clock_->NowUs();
  last_progress_us_ = started_us_;
  if (!Start(error)) {
    summary_.stop_reason = StopReason::kStoreError;
    FillSummary(summary);
    return false;
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
    if (!store_error_.empty()) summary_.stop_reason = StopReason::kStoreError;
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
      due_us = Dispatch(now, !stopping);
      changed = false;
    }
    now = clock_->NowUs();
    int timeout_ms = static_cast<int>(std::clamp<int64_t>((due_us - now + 999) / 1000, 0, kMaxPollUs / 1000));
    TransportEvents events;
    transport_->Poll(timeout_ms, &events);
    for (const auto& resolution : events.resolutions) OnResolved(resolution);
    for (auto& result : events.fetches) Handle(std::move(result));
    changed |= !events.empty();
    for (auto& done : pool_.TakeDone()) {
      FinishReport(std::move(done));
      changed = true;
    }
    ReportProgress(clock_->NowUs(), false);
  }
  if (summary_.stop_reason == StopReason::kDone) {
    for (Host* host : host_order_) {
      if (host->queue.page_requests >= host->queue.max_pages) DropCapped(host);
    }
  }
  transport_->CancelAll();  // abandoned transfers and extractions stay pending in the store
  ReportProgress(clock_->NowUs(), true);
  FillSummary(summary);  // counts the abandoned ones as pending
  in_flight_.clear();
  reports_in_progress_.clear();
  if (!store_error_.empty()) {
    *error = store_error_;
    return false;
  }
  return true;
}

}  // namespace gongkai::crawler
