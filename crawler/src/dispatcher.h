// Dispatch: which request starts now. The Dispatcher walks the hosts round-robin and starts each
// host's next task when the host's address is known, its robots gate lets it (robots_gate.h), its
// queue has work (host_queue.h) and the politeness budget of its name and its address allows a start
// now (politeness.h); otherwise it says when to look again. It also keeps the name -> address table:
// each name is handed to the Transport once, and OnResolved() takes the answer.
//
// What dispatch finds along the way that needs the store or the run's figures (a robots.txt stored by
// an earlier run, a recently fetched URL, a URL robots.txt refuses, a host at its page cap) and the
// request itself go to a Delegate, which the scheduler implements. Nothing here sleeps or touches a
// socket: tests drive it with a FakeClock and check what it starts (tests/crawler/dispatcher_test.cc).
// Not thread-safe: owned by the scheduler's event loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "crawler/clock.h"
#include "crawler/crawl_store.h"
#include "crawler/options.h"
#include "crawler/politeness.h"
#include "crawler/transport.h"
#include "host.h"

namespace gongkai::crawler {

// The event loop never waits longer than this for a host to become ready, so Stop() and progress
// are noticed promptly (100 ms: well under the 1 s progress interval, and a Poll() per 100 ms of
// idling costs nothing measurable).
inline constexpr int64_t kMaxPollUs = 100'000;

// A robots.txt redirect hop to another authority that may not start yet is looked at again no sooner
// than this, so a budget that is open in time but full in requests (in-flight caps) cannot make the
// loop spin.
inline constexpr int64_t kMinForeignHopWaitUs = 1'000;

// Where a request goes, as its politeness budget was charged: the authority and address of the
// requested URL's own host (a robots.txt redirect hop may leave the task's host).
struct Route {
  std::string key;  // host[:port]
  std::string ip;   // "" when the name did not resolve (the transport reports the error)
};

class Dispatcher {
 public:
  class Delegate {
   public:
    virtual ~Delegate() = default;
    // The gate of `host` opened on a robots.txt stored by an earlier run: apply it as if fetched now
    // (Crawl-delay, sitemaps to read). False when the store failed: the host is left alone this round.
    virtual bool OnStoredRobots(Host* host) = 0;
    // True (and the item marked done) when `task` is known and was fetched less than
    // recrawl_interval_ms ago: the dispatcher drops it and tries the host's next task. May fill the
    // task's validators for the request that follows.
    virtual bool SkipRecent(Task* task) = 0;
    // `task` (already popped from the host's queue) is refused by the host's robots.txt: record the
    // refusal. False when the store failed: the host is left alone this round.
    virtual bool OnDisallowed(Host* host, const Task& task) = 0;
    // `host` reached its page cap (HostQueue::max_pages): drop what is still queued for it.
    virtual void OnCapped(Host* host) = 0;
    // Sends `task` of `host` to `route` now. The dispatcher has already popped the task (pages) or
    // told the robots gate (robots.txt), counted the page request and the request in flight in the
    // host's queue, and charged the politeness budgets of `route`.
    virtual void StartRequest(Host* host, Task task, const Route& route) = 0;
  };

  // Every pointer must outlive the dispatcher. `store` is read for robots.txt answers of earlier
  // runs; `transport` is asked to resolve names.
  Dispatcher(const Options& options, Clock* clock, Politeness* politeness, CrawlStore* store,
             Transport* transport, Delegate* delegate);

  // Takes `host` (which must outlive the dispatcher) into the round-robin, at its end. Unless
  // host->ip_known is already set, its address is looked up (KnownIp()).
  void AddHost(Host* host);
  // Every host, in the order they were added.
  const std::vector<Host*>& hosts() const { return hosts_; }

  // Starts whatever may start at `now_us`, `in_flight` being the requests in flight over all hosts
  // (Options::max_in_flight_total); returns the earliest time something else may start, at most
  // now_us + kMaxPollUs.
  int64_t Dispatch(int64_t now_us, size_t in_flight);

  // True while some host has queued work that may still be dispatched this run: not parked, under
  // its page cap, and a robots gate that has not given up.
  bool HasQueuedWork() const;

  // The address of `host_name` when the transport has answered for it ("" when it did not resolve),
  // else null: the name is then handed to the transport once, and OnResolved() takes the answer.
  const std::string* KnownIp(const std::string& host_name);
  void OnResolved(const Resolution& resolution);

 private:
  // Next task of `host` that may be attempted, or nullopt (robots pending, nothing queued).
  std::optional<Task> NextTask(Host* host, int64_t now_us, int64_t* wake_us);
  // For a robots.txt task whose URL is on another authority (a redirect hop): true when that
  // authority's own politeness budget lets it start now; else *wake_us is lowered to when it may.
  bool ForeignHopMayStart(const Host* host, const Task& task, int64_t now_us, int64_t* wake_us);
  // The first half of starting `task`: pins it to its route, charges the budgets, then hands it to
  // the delegate.
  void StartTask(Host* host, Task task);

  const Options& options_;
  Clock* clock_;
  Politeness* politeness_;
  CrawlStore* store_;
  Transport* transport_;
  Delegate* delegate_;
  std::vector<Host*> hosts_;  // round-robin order
  size_t round_robin_ = 0;
  // Host name -> address ("" = did not resolve); nullopt while the transport is resolving it.
  std::unordered_map<std::string, std::optional<std::string>> addresses_;
};

}  // namespace gongkai::crawler
