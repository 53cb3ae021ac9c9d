// Politeness: when may the next request to a host start? Tracks, per hostname and per remote IP
// (so twenty hostnames on one 集约化 platform share one budget), requests in flight and the end
// of the last request, and computes the gap before the next start:
//
//   gap = max(Crawl-delay, clamp(adaptive_delay_factor x last response time, min_delay, max_delay))
//
// plus back-off after failures (Retry-After honoured, else exponential with jitter) and parking of
// hosts that keep failing. Time comes from an injected Clock; nothing here sleeps or does I/O.
// Not thread-safe: owned by the scheduler's single event loop.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crawler/clock.h"
#include "crawler/options.h"

namespace gongkai::crawler {

// How a finished request counts for its host.
enum class RequestOutcome {
  kSuccess,    // any HTTP answer that is not a server-side failure (2xx, 3xx, 304, 4xx but 429)
  kRetryable,  // 429, 5xx, timeout, reset, DNS/connect failure: counts towards parking
  kThrottled,  // a 429 or 503 without a usable Retry-After: kRetryable plus the throttle block
};

// What the politeness budget of one host or one IP must remember across a restart (a resumed run)
// and across runs (the next night's): the crawler persists it through CrawlStore before every
// request starts and after every request ends, so a crawl killed at any instant and started again
// at once never asks a host sooner than its policy allows. Times are wall-clock ms since the Unix
// epoch (monotonic time does not survive a reboot).
struct PolitenessState {
  enum class Scope { kHost, kIp };
  Scope scope = Scope::kHost;
  std::string key;             // host[:port], or an IP address
  int64_t last_start_ms = 0;   // start of the newest request (0 = none yet)
  int64_t last_end_ms = 0;     // end of the newest finished request; < last_start_ms while one is in flight
  int64_t next_start_ms = 0;   // no request before this (gap, back-off, Retry-After and throttle holds)
  int64_t gap_ms = 0;          // the gap the newest finished request earned (Crawl-delay included)
  int64_t crawl_delay_ms = 0;  // hosts: robots.txt Crawl-delay as capped
  int failures = 0;            // hosts: consecutive failures (parking), this run
  bool parked = false;         // hosts: parked for the rest of this run
  int throttle_level = 0;      // hosts: headerless 429/503 incidents not yet forgiven
  int64_t throttle_until_ms = 0;  // hosts: end of the current throttle block
  // Hosts, kept by the scheduler rather than Politeness: page requests started in this run, for
  // Options::max_pages_per_host over the whole run however often it is resumed.
  int64_t page_requests = 0;
};

class Politeness {
 public:
  Politeness(const Options& options, Clock* clock, uint64_t jitter_seed = 0x9e3779b9);

  // robots.txt Crawl-delay for `host`, capped at options.max_crawl_delay_ms.
  void SetCrawlDelay(const std::string& host, double seconds);
  // A per-seed override of min_delay_ms for `host` (demo and test seeds lower it).
  void SetMinDelayOverride(const std::string& host, int64_t min_delay_ms);

  // The earliest monotonic time (us) a request to `host` at `ip` may start, ignoring in-flight
  // caps. `ip` may be "" when not known yet (then only the host's budget applies).
  int64_t EarliestStartUs(const std::string& host, const std::string& ip) const;
  // True when a request may start now: gap elapsed, in-flight caps not reached, host not parked.
  bool CanStart(const std::string& host, const std::string& ip, int64_t now_us) const;

  void OnStart(const std::string& host, const std::string& ip, int64_t now_us);
  // `retry_after_ms`: the server's Retry-After, if it sent one (already parsed).
  void OnFinish(const std::string& host, const std::string& ip, int64_t start_us, int64_t end_us,
                RequestOutcome outcome, std::optional<int64_t> retry_after_ms = std::nullopt);

  // The gap (us) that will follow a request to `host` that took `response_us`.
  int64_t GapUs(const std::string& host, int64_t response_us) const;
  // Back-off (ms) after the `failures`-th consecutive failure: base x 2^(failures-1), capped at
  // backoff_max_ms, times a random factor in [0.5, 1.0) ("equal jitter").
  int64_t BackoffMs(int failures);

  // Throttle block after the `level`-th headerless 429/503 incident: throttle_base_ms x 2^(level-1),
  // capped at throttle_max_ms, plus up to 10 % jitter so blocked hosts do not all come back at once.
  int64_t ThrottleMs(int level);

  // The state of `host` and of `ip` (when not "") to persist now.
  std::vector<PolitenessState> Export(const std::string& host, const std::string& ip) const;
  // Takes over states persisted by an earlier process (this run's, or an earlier run's when
  // `same_run` is false: then the run-scoped fields -- failures, parking -- start afresh). A host or IP
  // whose newest request never finished (the process died with it in flight) waits a full gap from
  // now. A throttle level quiet for throttle_forgive_ms after its block ended is forgiven.
  void Restore(const std::vector<PolitenessState>& states, bool same_run);

  bool IsParked(const std::string& host) const;
  std::vector<std::string> ParkedHosts() const;
  int InFlight(const std::string& host) const;

 private:
  struct Budget {
    int in_flight = 0;
    int64_t next_start_us = 0;  // no request may start before this
    int64_t last_start_us = 0;  // monotonic; 0 = none
    int64_t last_end_us = 0;
    int64_t gap_us = 0;  // earned by the newest finished request
  };
  struct HostState {
    Budget budget;
    int64_t crawl_delay_ms = 0;
    std::optional<int64_t> min_delay_override_ms;
    int consecutive_failures = 0;
    bool parked = false;
    int throttle_level = 0;
    int64_t throttle_until_us = 0;
  };
  // Monotonic us <-> wall-clock ms, at the clock's current offset.
  int64_t ToWallMs(int64_t mono_us) const;
  int64_t ToMonoUs(int64_t wall_ms) const;
  void ExportBudget(const Budget& budget, PolitenessState* state) const;
  void RestoreBudget(const PolitenessState& state, Budget* budget, int64_t min_gap_us);
  // Forgets the throttle level once it has been quiet for throttle_forgive_ms after its block.
  void MaybeForgive(HostState* state, int64_t now_us) const;

  const Options& options_;
  Clock* clock_;
  std::mt19937_64 rng_;
  std::unordered_map<std::string, HostState> hosts_;
  std::unordered_map<std::string, Budget> ips_;
};

// Parses a Retry-After value: delta-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00
// GMT", relative to `now_unix_s`). Returns milliseconds (0 for dates in the past), or nullopt.
std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_s);

}  // namespace gongkai::crawler
