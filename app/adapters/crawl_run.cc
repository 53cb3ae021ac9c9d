// One crawl run from seeds to archive (see crawl_run.h).
#include "adapters/crawl_run.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ostream>

#include "adapters/archive_crawl_store.h"
#include "exit_codes.h"
#include "storage/archive.h"

namespace gongkai::app {
namespace {

crawler::Scheduler* g_running = nullptr;  // the scheduler the signal handler stops

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

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string ProgressLine(const crawler::Progress& p) {
  char line[256];
  std::snprintf(line, sizeof line,
                "%4llds  %lld requests  %lld pages  %lld reports  %lld errors  %lld queued  hosts %d active / %d parked"
                "  %.0f pages/min",
                static_cast<long long>(p.elapsed_ms / 1000), static_cast<long long>(p.requests),
                static_cast<long long>(p.pages), static_cast<long long>(p.reports), static_cast<long long>(p.errors),
                static_cast<long long>(p.queued), p.hosts_active, p.hosts_parked, p.pages_per_min);
  return line;
}

void WireProgress(crawler::Scheduler* scheduler, const CrawlRunRequest& request, std::ostream& err) {
  ProgressMode mode = request.progress;
  if (mode == ProgressMode::kAuto) mode = isatty(STDERR_FILENO) ? ProgressMode::kLive : ProgressMode::kLog;
  if (mode == ProgressMode::kNone) return;
  if (mode == ProgressMode::kLive) {
    scheduler->SetProgressCallback([&err](const crawler::Progress& p) { err << "\r\033[K" << ProgressLine(p) << std::flush; },
                                   500);
  } else {
    scheduler->SetProgressCallback([&err](const crawler::Progress& p) { err << "gongkai crawl: " << ProgressLine(p) << "\n"; },
                                   request.log_interval_ms);
  }
}

}  // namespace

std::string DescribeSeeds(const std::vector<crawler::Seed>& seeds) {
  std::string out;
  for (const auto& seed : seeds) {
    out += "[[seed]]\nname = \"" + seed.name + "\"\nlisting_urls = [";
    for (size_t i = 0; i < seed.listing_urls.size(); ++i) out += (i ? ", \"" : "\"") + seed.listing_urls[i] + "\"";
    out += "]\n";
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
    err << "gongkai: cannot open the archive " << request.archive.path << ": " << status.ToString() << "\n";
    return kExitFailure;
  }
  int holder = 0;
  if (!archive->TryLockForCrawl(&holder)) {
    err << "gongkai: another crawl (pid " << holder << ") is writing " << request.archive.path << "\n";
    return kExitLocked;
  }
  storage::RunInfo info{GONGKAI_VERSION, request.config_digest, request.seeds_text, NowMs()};
  status = BeginOrResumeRun(archive.get(), info, &outcome->run_id, &outcome->resumed);
  if (!status.ok()) {
    err << "gongkai: cannot start a run in " << request.archive.path << ": " << status.ToString() << "\n";
    return kExitFailure;
  }
  if (outcome->resumed) err << "gongkai crawl: resuming unfinished run " << outcome->run_id << "\n";
  ArchiveCrawlStore store(archive.get(), outcome->run_id);
  crawler::Scheduler scheduler(request.crawler, request.extract, request.seeds, &store);
  WireProgress(&scheduler, request, err);
  std::string error;
  bool ok;
  {
    StopSignals signals(&scheduler);
    ok = scheduler.Run(request.limits, &outcome->summary, &error);
  }
  if (request.progress != ProgressMode::kNone && isatty(STDERR_FILENO)) err << "\n";
  if (!ok) {
    err << "gongkai: crawl stopped: " << error << " (run " << outcome->run_id << " is resumable)\n";
    return kExitFailure;
  }
  const crawler::RunSummary& summary = outcome->summary;
  if (summary.stop_reason == "done") {
    status = archive->FinishRun(outcome->run_id, summary.ToJson(), NowMs());
    if (!status.ok()) {
      err << "gongkai: cannot finish run " << outcome->run_id << ": " << status.ToString() << "\n";
      return kExitFailure;
    }
    outcome->finished = true;
  }
  if (summary.stop_reason == "signal") return kExitInterrupted;
  if (!summary.ParkedHosts().empty() || !summary.ChallengedHosts().empty()) return kExitPartial;
  return kExitOk;
}

}  // namespace gongkai::app
