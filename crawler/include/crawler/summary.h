// What a crawl run did, for the progress display, the end-of-run summary and the archive's run
// record: pages, reports new/changed/unchanged, errors by kind, and per-host figures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "crawler/outcome.h"

namespace gongkai::crawler {

struct HostFigures {
  std::string host;
  std::string seed;
  int64_t requests = 0;  // every request, robots.txt and retries included
  int64_t pages = 0;     // frontier items completed (any outcome)
  int64_t reports_new = 0, reports_changed = 0, reports_unchanged = 0;
  int64_t not_modified = 0;  // 304 answers
  int64_t errors = 0;        // final failures (after retries), HTTP >= 400, network errors
  int64_t retries = 0;
  int64_t challenges = 0;  // anti-bot challenge answers
  int64_t disallowed = 0;  // URLs refused by robots.txt
  std::string robots;      // "ok", "none (404)", "unavailable (5xx)", ...
  bool parked = false;
  int64_t crawl_delay_ms = 0;
  int64_t failed = 0;              // pages failed for good: retries exhausted (429/5xx, resets, timeouts),
                                   // redirect loops and chains too long (not 4xx answers: those are answers)
  int64_t pending = 0;             // frontier items left undone at the end (kept for the next run)
  int64_t capped = 0;              // items dropped by max_pages_per_host (marked done: a deliberate limit)
  bool robots_unresolved = false;  // robots.txt never obtained (5xx/unreachable after every retry)
};

struct Progress {
  int64_t elapsed_ms = 0;
  int64_t requests = 0;
  int64_t pages = 0;
  int64_t reports = 0;  // report pages fetched (new + changed + unchanged + 304)
  int64_t errors = 0;
  int64_t queued = 0;    // items waiting
  int hosts_active = 0;  // hosts with work left
  int hosts_parked = 0;
  double pages_per_min = 0;
};

struct RunSummary {
  StopReason stop_reason = StopReason::kDone;
  int64_t duration_ms = 0;
  int64_t requests = 0;
  int64_t pages = 0;
  int64_t reports_new = 0, reports_changed = 0, reports_unchanged = 0;
  int64_t not_modified = 0;
  int64_t attachments = 0;
  int64_t errors = 0;
  int64_t skipped_recent = 0;  // known URLs not revalidated (within recrawl_interval_ms)
  int64_t pending = 0;         // frontier items left (resumable unless the run finished)
  int64_t failed = 0;          // pages failed for good, all hosts (HostFigures::failed)
  // Set by the caller when it finished the run although work was still pending (the run ended with
  // the same hosts unreachable too many times): that work is given up, not kept.
  bool gave_up_pending = false;
  std::map<std::string, int64_t> errors_by_kind;
  std::vector<HostFigures> hosts;
  // Why discovery doubted or dropped something: pages whose kind is uncertain, pager traps,
  // report candidates walked as listings, navigation pages that are not 年报 columns (capped).
  std::vector<std::string> notes;

  bool complete() const { return stop_reason == StopReason::kDone; }
  std::vector<std::string> ParkedHosts() const;
  std::vector<std::string> ChallengedHosts() const;
  std::vector<std::string> UnresolvedRobotsHosts() const;
  // Anything that was not done as asked: pages failed for good, parked hosts, anti-bot challenges,
  // robots.txt never obtained, work left pending. A crawl with failures exits 5 (kExitPartial).
  bool HasFailures() const;
  std::string ToJson() const;  // stored with the run
  std::string ToText() const;  // printed at the end of `gongkai crawl` / `gongkai demo`
};

}  // namespace gongkai::crawler
