// Page processing: decoding, link discovery and extraction of a page. A huge page can take seconds,
// and the loop must keep every other host's clock honest meanwhile: such a page runs on one of a few
// worker threads (extract::Extract is pure and thread-safe), and the loop collects the result with
// TakeDone(), which the `wake` callback prompts it to call. A small page (at most `inline_max_bytes`)
// runs on the caller's thread as it is submitted: it costs a few milliseconds, and handing it to an
// idle worker and back costs two wake-ups on top (a polite crawl leaves its workers idle most of the
// time; SchedulerEnv::extract_inline_max_bytes in scheduler.h has the figures).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crawler/discovery.h"
#include "extract/extractor.h"

namespace gongkai::crawler {

struct ReportJob {
  uint64_t id = 0;
  // Fetched as a listing (seed, column, pagination): its links, never an extraction. Otherwise a
  // report candidate: extracted unless its structure shows a listing or an entry page.
  bool listing = false;
  std::string body;
  std::string url;  // final URL (base for links)
  std::string content_type;
  const DiscoveryRules* rules = nullptr;  // must outlive the job
};

struct ReportJobResult {
  uint64_t id = 0;
  std::string body;                         // the job's body, handed back for recording
  std::vector<DiscoveredLink> attachments;  // or, for a listing page, its reports and pages
  PageAnalysis analysis;                    // kind, reason, items (links are in `attachments`)
  bool walked_as_listing = false;           // links come from the page's list/columns, nothing extracted
  std::optional<extract::Extraction> extraction;
  std::string extract_error;  // why extraction failed ("" when it did not)
  std::string charset_declared, charset_used;
  bool made_by_worker = false;  // else on Submit()'s thread (ExtractPool::Recycle)
};

class ExtractPool {
 public:
  // `threads` workers; 0 = none: Submit() runs every job on the caller's thread (deterministic, for
  // tests). A job whose body is at most `inline_max_bytes` runs on the caller's thread whatever the
  // workers. When the OS refuses a thread, the pool keeps those it started (none: as with 0); it
  // never throws.
  ExtractPool(const extract::Options& options, int threads, std::size_t inline_max_bytes,
              std::function<void()> wake);
  ~ExtractPool();  // finishes queued jobs' threads after the current one; drops the rest
  ExtractPool(const ExtractPool&) = delete;
  ExtractPool& operator=(const ExtractPool&) = delete;

  // Queues `job` for a worker, or runs it at once on this thread (then its result is ready for the
  // next TakeDone(), without a wake).
  void Submit(ReportJob job);
  std::vector<ReportJobResult> TakeDone();
  size_t Outstanding() const;  // submitted and not yet taken
  // Hands a used result back to be destroyed by a worker, before its next job: a result's
  // thousands of strings were allocated there, and freeing them there keeps the allocator's
  // memory on the thread that reuses it (freed on the loop, it travels back through tcmalloc's
  // central lists). A result made on the caller's thread, or without workers, is destroyed at once.
  void Recycle(ReportJobResult used);

 private:
  void Work();

  // Built once (patterns compiled once); null with extractor_error_ when the Options are invalid,
  // and then every report comes back unextracted with that error.
  std::string extractor_error_;
  std::unique_ptr<const extract::Extractor> extractor_;
  std::size_t inline_max_bytes_;
  std::function<void()> wake_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<ReportJob> queue_;
  std::vector<ReportJobResult> done_;
  std::vector<ReportJobResult> used_;  // Recycle()d, for a worker to destroy
  size_t outstanding_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Decodes, discovers attachments and extracts one report page (what a worker runs); the page is
// decoded and parsed once for all three. A null `extractor` leaves it unextracted with `extractor_error`.
// Never throws: a page whose processing throws comes back unextracted, the reason in extract_error.
ReportJobResult ProcessReport(const ReportJob& job, const extract::Extractor* extractor,
                              const std::string& extractor_error);

}  // namespace gongkai::crawler
