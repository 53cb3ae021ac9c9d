// The crawl scheduler: the frontier, fair host scheduling under politeness, and the pipeline from
// seeds to archive. One thread runs one event loop: it picks, host by host in round-robin order,
// the next URL whose host (and IP) may be asked now, hands it to the Transport, and turns each
// answer into a CrawlStore record plus newly discovered links. Everything it touches outside itself
// -- time, the network, the archive -- is injected, so its policy is unit-tested with a FakeClock
// and a scripted Transport (tests/crawler/scheduler_test.cc).
//
// Guarantees: robots.txt is the first request to every host and is obeyed (RFC 9309, see
// robots.h); no two requests to one host or one IP overlap or come closer than Politeness::GapUs();
// each URL is fetched at most once per run (plus bounded retries); every exchange is recorded;
// discovered links reach the store in the same Record() as the page they came from, so a run killed
// at any instant resumes (a new Scheduler over the same store) by refetching only what was in flight.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/clock.h"
#include "crawler/crawl_store.h"
#include "crawler/options.h"
#include "crawler/seed.h"
#include "crawler/summary.h"
#include "crawler/transport.h"
#include "extract/extractor.h"

namespace gongkai::crawler {

struct CrawlLimits {
  int64_t max_pages = 0;        // stop dispatching after this many page requests (0 = no limit)
  int64_t max_duration_ms = 0;  // stop dispatching after this long (0 = no limit)
};

// When stopping, in-flight requests get this long to finish before they are abandoned (they stay
// pending in the frontier and are fetched again on resume).
inline constexpr int64_t kStopGraceMs = 5000;

// What the scheduler uses of the world outside it (leveldb's Env): each part must outlive the
// scheduler; tests replace all of them.
struct SchedulerEnv {
  Clock* clock = RealClock();
  // nullptr: a libcurl transport (NewCurlTransport) that the scheduler owns.
  Transport* transport = nullptr;
  // Threads that decode, analyse and extract fetched pages, so a huge page never holds up the
  // loop. 0: on the loop thread as each answer arrives (deterministic: for tests).
  int extract_threads = 2;
  // A page body of at most this many bytes is processed on the loop thread as it arrives, whatever
  // extract_threads says (0: every page goes to the threads). Page work runs at about 0.1 ms per KB
  // of ordinary markup (page_cpu_bench: 1.9 ms for a ~18 KB report; real pages of 200-260 KB:
  // 14 ms), so this holds the loop up for some 25 ms at most; gaps are kept from the clock, so a
  // held-up loop starts requests later, never sooner. A page handed to a sleeping thread and back
  // costs two wake-ups, which on an idle machine cost more than a few percent of the work:
  // crawl_bench --seeding home --min-delay-ms 250, whole process, 2.483 s per 1000 pages with 0
  // against 2.359 with 256 KB, run side by side.
  std::size_t extract_inline_max_bytes = 256 * 1024;
};

class Scheduler {
 public:
  // `store` must outlive the scheduler.
  Scheduler(const Options& options, const extract::Options& extract_options, std::vector<Seed> seeds,
            CrawlStore* store, SchedulerEnv env = {});
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Crawls until the frontier is exhausted, a limit is reached or Stop() is called. *summary is
  // filled in every case. Returns IOError (the store's message) only when the store failed.
  Status Run(const CrawlLimits& limits, RunSummary* summary);

  // Async-signal-safe. First call: dispatch nothing more, let in-flight requests finish (up to
  // kStopGraceMs). Second call: abandon them now.
  void Stop() { stop_requests_.fetch_add(1, std::memory_order_relaxed); }

  // Called from the loop every `interval_ms` with the current figures.
  void SetProgressCallback(std::function<void(const Progress&)> callback, int64_t interval_ms);

  class Impl;

 private:
  std::atomic<int> stop_requests_{0};
  std::unique_ptr<Impl> impl_;
};

}  // namespace gongkai::crawler
