// One crawl run from seeds to archive (see crawl_run.h).
#include "adapters/crawl_run.h"

#include <unistd.h>

#include <cstdlib>
#include <csignal>
#include <cstdio>
#include <ostream>

#include "base/time.h"
#include "adapters/archive_crawl_store.h"
#include "exit_codes.h"
#include "log.h"
#include "terminal.h"
#include "storage/archive.h"

namespace gongkai::app {
namespace {

crawler::Scheduler* g_running = nullptr;  // the scheduler the signal handler stops

// How many times a run may end with work still pending (hosts unreachable, robots.txt unresolved,
// parked) and stay unfinished for the next crawl to resume; the next such end finishes it. Three
// nights give a host that is down for maintenance its chance without holding the run open forever.
constexpr int kMaxEndsWithPendingWork = 3;

extern "C" void OnStopSignal(int) {
  if (g_running != nullptr) g_running->Stop();  // Stop() is async-signal-safe
}

// Installs SIGINT/SIGTERM handlers for the life of the object, restoring the old ones after.
class StopSignals {
 public:
  explicit StopSignals(crawler::Scheduler* scheduler) {
    g_running = scheduler;
    struct sigaction action {};
    action.sa_handler = OnStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    g_running = nullptr;
  }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

std::string ProgressLine(const crawler::Progress& p) {
  char line[256];
  std::snprintf(
      line, sizeof line,
      "%4llds  %lld requests  %lld pages  %lld reports  %lld errors  %lld queued  hosts %d active / %d parked"
      "  %.0f pages/min",
      static_cast<long long>(p.elapsed_ms / 1000), static_cast<long long>(p.requests),
      static_cast<long long>(p.pages), static_cast<long long>(p.reports), static_cast<long long>(p.errors),
      static_cast<long long>(p.queued), p.hosts_active, p.hosts_parked, p.pages_per_min);
  return line;
}

// kAuto made definite: a live line on a terminal that can redraw one (not TERM=dumb), else log lines.
ProgressMode EffectiveMode(ProgressMode mode) {
  if (mode != ProgressMode::kAuto) return mode;
  return UseLiveLines(STDERR_FILENO) ? ProgressMode::kLive : ProgressMode::kLog;
}

void WireProgress(crawler::Scheduler* scheduler, const CrawlRunRequest& request, std::ostream& err) {
  ProgressMode mode = EffectiveMode(request.progress);
  if (mode == ProgressMode::kNone) return;
  if (mode == ProgressMode::kLive) {
    scheduler->SetProgressCallback(
        [&err](const crawler::Progress& p) { err << "\r\033[K" << ProgressLine(p) << std::flush; }, 500);
  } else {
    scheduler->SetProgressCallback([](const crawler::Progress& p) { log::Info("crawl: " + ProgressLine(p)); },
                                   request.log_interval_ms);
  }
}

}  // namespace

std::string DescribeSeeds(const std::vector<crawler::Seed>& seeds) {
  std::string out;
  for (const auto& seed : seeds) {
    out += "[[seed]]\nname = \"" + seed.name + "\"\n";
    if (!seed.urls.empty()) {
      out += "urls = [";
      for (size_t i = 0; i < seed.urls.size(); ++i) out += (i ? ", \"" : "\"") + seed.urls[i] + "\"";
      out += "]\n";
    }
    if (!seed.listing_urls.empty()) {
      out += "listing_urls = [";
      for (size_t i = 0; i < seed.listing_urls.size(); ++i)
        out += (i ? ", \"" : "\"") + seed.listing_urls[i] + "\"";
      out += "]\n";
    }
  }
  return out;
}

int RunCrawl(const CrawlRunRequest& request, CrawlRunOutcome* outcome, std::ostream& err) {
  std::unique_ptr<storage::Archive> archive;
  storage::Status status = storage::Archive::Open(request.archive, &archive);
  if (status.IsLocked()) {
    err << "gongkai: " << status.message() << "\n";
    return kExitLocked;
  }
  if (!status.ok()) {
    log::Error("gongkai: cannot open the archive " + request.archive.path + ": " + status.message());
    return kExitFailure;
  }
  int holder = 0;
  if (!archive->TryLockForCrawl(&holder)) {
    log::Error("gongkai: another crawl (pid " + std::to_string(holder) + ") is writing " +
               request.archive.path);
    return kExitLocked;
  }
  storage::RunInfo info{GONGKAI_VERSION, request.config_digest, request.seeds_text, NowMs()};
  status = BeginOrResumeRun(archive.get(), info, &outcome->run_id, &outcome->resumed);
  if (!status.ok()) {
    log::Error("gongkai: cannot start a run in " + request.archive.path + ": " + status.message());
    return kExitFailure;
  }
  log::Info(std::string(outcome->resumed ? "crawl: resuming unfinished run " : "crawl: run ") +
            std::to_string(outcome->run_id) + " into " + request.archive.path);
  ArchiveCrawlStore store(archive.get(), outcome->run_id, &request.extract);
  crawler::Scheduler scheduler(request.crawler, request.extract, request.seeds, &store);
  WireProgress(&scheduler, request, err);
  Status run_status;
  {
    StopSignals signals(&scheduler);
    run_status = scheduler.Run(request.limits, &outcome->summary);
  }
  if (EffectiveMode(request.progress) == ProgressMode::kLive) err << "\n";  // end the live line
  if (!run_status.ok()) {
    log::Error("gongkai: crawl stopped: " + run_status.message() + " (run " +
               std::to_string(outcome->run_id) + " is resumable)");
    return kExitFailure;
  }
  crawler::RunSummary& summary = outcome->summary;
  bool finish = summary.complete();
  if (finish && summary.pending > 0) {
    // Work that could not be done (hosts unreachable, robots.txt unresolved, parked) stays pending
    // and the run unfinished, so the next crawl resumes it -- but a host that stays dead must not keep
    // a run open forever: after kMaxEndsWithPendingWork such ends the run is finished and says so.
    const std::string key = "crawl_ends_with_pending_work_run_" + std::to_string(outcome->run_id);
    std::string value;
    int ends = archive->GetMeta(key, &value).ok() ? std::atoi(value.c_str()) : 0;
    ++ends;
    status = archive->SetMeta(key, std::to_string(ends));
    if (!status.ok()) {
      err << "gongkai: cannot write to " << request.archive.path << ": " << status.message() << "\n";
      return kExitFailure;
    }
    if (ends < kMaxEndsWithPendingWork) {
      finish = false;
      err << "gongkai crawl: " << summary.pending << " pending items could not be done; run "
          << outcome->run_id << " stays unfinished (attempt " << ends << " of " << kMaxEndsWithPendingWork
          << ")\n";
    } else {
      summary.gave_up_pending = true;
      err << "gongkai crawl: giving up on " << summary.pending << " pending items after " << ends
          << " runs ended with them undone; run " << outcome->run_id << " is finished\n";
    }
  }
  if (finish) {
    status = archive->FinishRun(outcome->run_id, summary.ToJson(), NowMs());
    if (!status.ok()) {
      log::Error("gongkai: cannot finish run " + std::to_string(outcome->run_id) + ": " + status.message());
      return kExitFailure;
    }
    outcome->finished = true;
  }
  log::Info("crawl: run " + std::to_string(outcome->run_id) + " stopped (" +
            std::string(crawler::ToString(summary.stop_reason)) +
            "): " + std::to_string(outcome->summary.requests) + " requests");
  if (summary.stop_reason == crawler::StopReason::kSignal) return kExitInterrupted;
  if (summary.HasFailures()) return kExitPartial;
  return kExitOk;
}

}  // namespace gongkai::app
