// Dispatch (see dispatcher.h): the round-robin over hosts, each host's next task, the address table.
#include "dispatcher.h"

#include <algorithm>

#include "crawler/url.h"

namespace gongkai::crawler {

Dispatcher::Dispatcher(const Options& options, Clock* clock, Politeness* politeness, CrawlStore* store,
                       Transport* transport, Delegate* delegate)
    : options_(options),
      clock_(clock),
      politeness_(politeness),
      store_(store),
      transport_(transport),
      delegate_(delegate) {}

void Dispatcher::AddHost(Host* host) {
  if (!host->ip_known) {
    if (const std::string* ip = KnownIp(host->name)) {
      host->ip = *ip;
      host->ip_known = true;
    }
  }
  hosts_.push_back(host);
}

const std::string* Dispatcher::KnownIp(const std::string& host_name) {
  auto [it, added] = addresses_.try_emplace(host_name);
  if (added) transport_->Resolve(host_name);
  return it->second ? &*it->second : nullptr;
}

void Dispatcher::OnResolved(const Resolution& resolution) {
  addresses_[resolution.host_name] = resolution.ip;
  for (Host* host : hosts_) {
    if (host->name != resolution.host_name) continue;
    host->ip = resolution.ip;
    host->ip_known = true;
  }
}

bool Dispatcher::HasQueuedWork() const {
  for (const Host* host : hosts_) {
    if (host->queue.empty() || politeness_->IsParked(host->key) ||
        host->queue.page_requests >= host->queue.max_pages)
      continue;
    // A host whose robots.txt is unavailable keeps the run alive while it has retries left.
    if (!host->robots.given_up()) return true;
  }
  return false;
}

int64_t Dispatcher::Dispatch(int64_t now_us, size_t in_flight) {
  int64_t wake_us = now_us + kMaxPollUs;
  if (hosts_.empty()) return wake_us;
  const size_t n = hosts_.size();
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<int>(in_flight) >= options_.max_in_flight_total) break;
    Host* host = hosts_[(round_robin_ + i) % n];
    // Cheap checks first: this runs after every answer, over every host.
    if (!host->ip_known || host->robots.fetching() ||
        host->queue.in_flight >= options_.max_in_flight_per_host || host->queue.empty()) {
      continue;
    }
    if (host->queue.wait_until_us > now_us) {
      wake_us = std::min(wake_us, host->queue.wait_until_us);
      continue;
    }
    if (!politeness_->CanStart(host->key, host->ip, now_us)) {
      int64_t earliest = politeness_->EarliestStartUs(host->key, host->ip);
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
    ++in_flight;
  }
  round_robin_ = (round_robin_ + 1) % n;
  return wake_us;
}

std::optional<Task> Dispatcher::NextTask(Host* host, int64_t now_us, int64_t* wake_us) {
  HostQueue& queue = host->queue;
  while (!queue.empty()) {
    if (politeness_->IsParked(host->key)) return std::nullopt;
    if (queue.page_requests >= queue.max_pages) {
      delegate_->OnCapped(host);
      return std::nullopt;
    }
    bool reused = false;
    switch (host->robots.Check(now_us, store_, clock_->WallUs() / 1000, wake_us, &reused)) {
      case RobotsGate::Verdict::kAsk:
        return RobotsTask(*host);
      case RobotsGate::Verdict::kWait:
      case RobotsGate::Verdict::kClosed:
        return std::nullopt;
      case RobotsGate::Verdict::kOpen:
        break;
    }
    if (reused) {  // an earlier run's robots.txt: applied as if fetched now
      if (!delegate_->OnStoredRobots(host)) return std::nullopt;
      continue;
    }
    Task next = queue.Peek();
    auto parsed = ParseUrl(next.url);
    if (parsed && host->robots.Allows(options_.robots_product_token, parsed->PathAndQuery())) {
      if (!delegate_->SkipRecent(&next)) return next;
      queue.Pop();  // known and fresh enough: not asked again this run; try the next one
      continue;
    }
    queue.Pop();
    if (!delegate_->OnDisallowed(host, next)) return std::nullopt;
  }
  return std::nullopt;
}

bool Dispatcher::ForeignHopMayStart(const Host* host, const Task& task, int64_t now_us, int64_t* wake_us) {
  auto parsed = ParseUrl(task.url);
  if (!parsed || parsed->Authority() == host->key) return true;
  const std::string key = parsed->Authority();
  const std::string* ip = KnownIp(parsed->host);
  if (ip == nullptr) return false;  // asked again when the address comes (OnResolved)
  if (politeness_->CanStart(key, *ip, now_us)) return true;
  int64_t earliest = politeness_->EarliestStartUs(key, *ip);
  *wake_us = std::min(*wake_us, std::max(earliest, now_us + kMinForeignHopWaitUs));
  return false;
}

void Dispatcher::StartTask(Host* host, Task task) {
  // Every request is pinned to the address of its own URL's host, never to another host's: a
  // robots.txt redirect hop to another authority is resolved, charged and contacted as that
  // authority (RFC 9309 2.3.1.2 follows redirects across authorities).
  Route route{host->key, host->ip};
  if (auto parsed = ParseUrl(task.url); parsed && parsed->Authority() != host->key) {
    route.key = parsed->Authority();
    const std::string* known = KnownIp(parsed->host);
    route.ip = known ? *known : "";  // known: ForeignHopMayStart() waited for it
  }
  if (task.robots) {
    host->robots.OnRequested();
  } else {
    ++host->queue.page_requests;
  }
  politeness_->OnStart(route.key, route.ip, clock_->NowUs());
  ++host->queue.in_flight;
  delegate_->StartRequest(host, std::move(task), route);
}

}  // namespace gongkai::crawler
