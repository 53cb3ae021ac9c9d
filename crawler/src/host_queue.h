// The queue of one host and its dispatch state: redirect hops are served first (a chain is finished
// before new work starts), then retries interleaved with fresh frontier items (a bad URL must not
// block the host); requests in flight, the time before which the host is not looked at, and the
// page count for Options::max_pages_per_host. Politeness itself (gaps, back-off, parking) is the
// Politeness budget's; this is what the dispatcher needs to pick the host's next task cheaply.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "crawler/crawl_store.h"
#include "crawler/frontier.h"

namespace gongkai::crawler {

// One request to make: a frontier item, or the next hop of its redirect chain, or robots.txt.
struct Task {
  FrontierItem item;
  std::string url;                 // what to request now (item.url unless following a redirect)
  std::vector<std::string> chain;  // URLs requested so far for this item
  std::vector<RedirectHop> hops;   // the 3xx answers followed so far (page_handler.cc)
  int attempt = 0;                 // retries so far
  bool robots = false;
  // The store's validators of item.url once read (SkipRecent), so the conditional GET that
  // follows does not ask the store again.
  bool validators_read = false;
  std::optional<StoredValidators> validators;
};

class HostQueue {
 public:
  // The host's fresh items live in `frontier` (which must outlive the queue), in a queue of its own.
  explicit HostQueue(Frontier* frontier) : frontier_(frontier), queue_id_(frontier->AddQueue()) {}

  bool empty() const { return hops_.empty() && retries_.empty() && frontier_->Empty(queue_id_); }
  size_t size() const { return hops_.size() + retries_.size() + frontier_->Size(queue_id_); }

  // The next task (hop, retry or fresh item) without removing it; Pop() removes the one peeked.
  Task Peek();
  void Pop();

  void PushFresh(const FrontierItem& item) { frontier_->Push(queue_id_, item); }
  void PushHop(Task hop) { hops_.push_front(std::move(hop)); }
  void PushRetry(Task retry) { retries_.push_back(std::move(retry)); }

  int in_flight = 0;
  // Not dispatchable before this (the politeness budget's earliest start when last asked; that
  // bound only moves later, so the dispatcher skips the host without asking again until then).
  int64_t wait_until_us = 0;
  int64_t page_requests = 0;  // started, for the per-host cap
  int max_pages = 0;

 private:
  enum class Source { kNone, kHop, kRetry, kFrontier };

  Frontier* frontier_;
  size_t queue_id_;
  std::deque<Task> hops_;
  std::deque<Task> retries_;
  bool retry_turn_ = false;
  Source peeked_ = Source::kNone;
};

}  // namespace gongkai::crawler
