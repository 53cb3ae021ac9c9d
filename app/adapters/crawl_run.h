// One crawl run from seeds to archive, shared by `gongkai crawl` and `gongkai demo`: open the
// archive, take its crawl lock, begin or resume the run, drive the crawler::Scheduler over an
// ArchiveCrawlStore with SIGINT/SIGTERM wired to a graceful stop, show progress, store the summary.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "crawler/options.h"
#include "crawler/scheduler.h"
#include "crawler/seed.h"
#include "extract/extractor.h"
#include "storage/options.h"

namespace gongkai::app {

enum class ProgressMode {
  kAuto,  // a live line when stderr is a terminal, periodic log lines otherwise
  kLive,
  kLog,
  kNone,
};

struct CrawlRunRequest {
  crawler::Options crawler;
  extract::Options extract;
  storage::Options archive;
  std::vector<crawler::Seed> seeds;
  std::string seeds_text;     // stored with the run
  std::string config_digest;  // stored with the run
  crawler::CrawlLimits limits;
  ProgressMode progress = ProgressMode::kAuto;
  int64_t log_interval_ms = 30000;  // periodic log lines when not on a terminal
};

struct CrawlRunOutcome {
  crawler::RunSummary summary;
  int64_t run_id = 0;
  bool resumed = false;   // an unfinished run was continued
  bool finished = false;  // the run was marked ended (frontier exhausted)
};

// Runs the crawl; prints progress to `err`. Returns an exit code (app/exit_codes.h, README "Exit
// codes"): kExitOk; kExitPartial when RunSummary::HasFailures() (pages failed for good, hosts
// parked, unreachable or behind anti-bot challenges, robots.txt unresolved, work left pending: the
// run then stays unfinished, up to 3 such ends, so the next crawl resumes it); kExitInterrupted
// (signal, resumable), kExitLocked, kExitFailure (archive cannot be opened or written) with a
// message on `err`.
int RunCrawl(const CrawlRunRequest& request, CrawlRunOutcome* outcome, std::ostream& err);

// The seed list as TOML text (what is stored with a run).
std::string DescribeSeeds(const std::vector<crawler::Seed>& seeds);

}  // namespace gongkai::app
