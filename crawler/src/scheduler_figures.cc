// The scheduler's figures (see scheduler.h): the periodic Progress callback and the RunSummary
// filled at the end of Run(), per host included.
#include <algorithm>

#include "scheduler_impl.h"

namespace gongkai::crawler {

void Scheduler::Impl::ReportProgress(int64_t now_us, bool force) {
  if (!progress_callback || (!force && now_us - last_progress_us_ < progress_interval_ms * 1000)) return;
  last_progress_us_ = now_us;
  Progress p;
  p.elapsed_ms = (now_us - started_us_) / 1000;
  p.requests = summary_.requests;
  p.pages = summary_.pages;
  p.reports =
      summary_.reports_new + summary_.reports_changed + summary_.reports_unchanged + summary_.not_modified;
  p.errors = summary_.errors;
  for (const Host* host : dispatcher_.hosts()) {
    p.queued += static_cast<int64_t>(host->queue.size());
    if (politeness_.IsParked(host->key)) {
      ++p.hosts_parked;
    } else if (!host->queue.empty() || host->queue.in_flight > 0) {
      ++p.hosts_active;
    }
  }
  p.pages_per_min =
      p.elapsed_ms > 0 ? 60000.0 * static_cast<double>(p.pages) / static_cast<double>(p.elapsed_ms) : 0;
  progress_callback(p);
}

void Scheduler::Impl::FillSummary(RunSummary* summary) const {
  *summary = summary_;
  summary->duration_ms = (clock_->NowUs() - started_us_) / 1000;
  summary->pending = 0;
  summary->hosts.clear();
  for (const Host* host : dispatcher_.hosts()) {
    summary->pending += static_cast<int64_t>(host->queue.size());
    HostFigures figures = host->figures;
    figures.parked = politeness_.IsParked(host->key);
    figures.robots = host->robots.figure();
    figures.pending = static_cast<int64_t>(host->queue.size());
    figures.robots_unresolved = host->robots.unavailable() && figures.pending > 0;
    summary->hosts.push_back(figures);
  }
  summary->pending += static_cast<int64_t>(in_flight_.size() + reports_in_progress_.size());
  std::sort(summary->hosts.begin(), summary->hosts.end(),
            [](const HostFigures& a, const HostFigures& b) { return a.host < b.host; });
}

}  // namespace gongkai::crawler
