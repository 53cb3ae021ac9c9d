// The crawler's politeness memory on the archive (see archive_crawl_store.h): one
// storage::PolitenessRow per host and per IP, tagged with the run that wrote it.

#include "adapters/archive_crawl_store.h"
#include "base/time.h"

namespace gongkai::app {
namespace {

crawler::PolitenessState FromRow(const storage::PolitenessRow& r, bool same_run) {
  crawler::PolitenessState s;
  s.scope = r.scope == "ip" ? crawler::PolitenessState::Scope::kIp : crawler::PolitenessState::Scope::kHost;
  s.key = r.key;
  s.last_start_ms = r.last_start_ms;
  s.last_end_ms = r.last_end_ms;
  s.next_start_ms = r.next_start_ms;
  s.gap_ms = r.gap_ms;
  s.crawl_delay_ms = r.crawl_delay_ms;
  s.throttle_level = static_cast<int>(r.throttle_level);
  s.throttle_until_ms = r.throttle_until_ms;
  if (same_run) {  // the rest belongs to the run that wrote it
    s.failures = static_cast<int>(r.failures);
    s.parked = r.parked;
    s.page_requests = r.page_requests;
  }
  return s;
}

}  // namespace

Status ArchiveCrawlStore::LoadPoliteness(std::vector<crawler::PolitenessState>* this_run,
                                         std::vector<crawler::PolitenessState>* earlier) {
  std::vector<storage::PolitenessRow> rows;
  storage::Status status = archive_->ListPoliteness(&rows);
  if (!status.ok()) return status.WithPrefix("cannot read the politeness state");
  for (const auto& row : rows) {
    bool same_run = row.run_id == run_id_;
    (same_run ? this_run : earlier)->push_back(FromRow(row, same_run));
  }
  return Status::OK();
}

Status ArchiveCrawlStore::SavePoliteness(const std::vector<crawler::PolitenessState>& states) {
  std::vector<storage::PolitenessRow> rows;
  const int64_t now = NowMs();
  for (const auto& s : states) {
    storage::PolitenessRow r;
    r.scope = s.scope == crawler::PolitenessState::Scope::kIp ? "ip" : "host";
    r.key = s.key;
    r.run_id = run_id_;
    r.last_start_ms = s.last_start_ms;
    r.last_end_ms = s.last_end_ms;
    r.next_start_ms = s.next_start_ms;
    r.gap_ms = s.gap_ms;
    r.crawl_delay_ms = s.crawl_delay_ms;
    r.failures = s.failures;
    r.parked = s.parked;
    r.throttle_level = s.throttle_level;
    r.throttle_until_ms = s.throttle_until_ms;
    r.page_requests = s.page_requests;
    r.updated_at_ms = now;
    rows.push_back(std::move(r));
  }
  return archive_->PutPoliteness(rows).WithPrefix("cannot write the politeness state");
}

}  // namespace gongkai::app
