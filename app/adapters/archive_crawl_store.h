// The adapter from the crawler's persistence interface (crawler::CrawlStore) onto the archive
// (storage::Archive): frontier and captures go to the run's tables, extract::Extraction becomes
// storage::ExtractionRecord. Also the run bookkeeping `gongkai crawl` and `gongkai demo` share:
// begin or resume a run, finish it with its summary.
#pragma once

#include <cstdint>
#include <string>

#include "crawler/crawl_store.h"
#include "storage/archive.h"

namespace gongkai::app {

class ArchiveCrawlStore : public crawler::CrawlStore {
 public:
  // `archive` must outlive this object; `run_id` must name an existing run. With `extract_options`
  // (must outlive this object too), attachment bodies are extracted as report files and folded
  // into the report page they were found on (report_files.h).
  ArchiveCrawlStore(storage::Archive* archive, int64_t run_id,
                    const extract::Options* extract_options = nullptr)
      : archive_(archive), run_id_(run_id), extract_options_(extract_options) {}

  // Failures are the archive's Status, its message prefixed with "archive: ".
  Status Add(const std::vector<crawler::FrontierItem>& items) override;
  Status Load(std::vector<crawler::FrontierItem>* pending, std::vector<std::string>* seen) override;
  Status Record(const crawler::Exchange& exchange, std::optional<std::string_view> body, bool item_done,
                const std::vector<crawler::FrontierItem>& discovered, const extract::Extraction* extraction,
                crawler::BodyChange* change) override;
  Status MarkDone(const std::string& url) override;
  std::optional<crawler::StoredValidators> LatestValidators(const std::string& url) override;
  std::optional<std::string> LatestBody(const std::string& url) override;
  std::optional<crawler::StoredRobots> LatestRobots(const std::string& url) override;
  // archive_politeness.cc: PolitenessState <-> storage::PolitenessRow (run-scoped fields of rows
  // written by another run are dropped on load).
  Status LoadPoliteness(std::vector<crawler::PolitenessState>* this_run,
                        std::vector<crawler::PolitenessState>* earlier) override;
  Status SavePoliteness(const std::vector<crawler::PolitenessState>& states) override;

  int64_t run_id() const { return run_id_; }

 private:
  storage::Archive* archive_;
  int64_t run_id_;
  const extract::Options* extract_options_;
};

// Conversions (exposed for tests).
storage::FrontierEntry ToFrontierEntry(const crawler::FrontierItem& item);
crawler::FrontierItem ToFrontierItem(const storage::FrontierEntry& entry);
storage::Capture ToCapture(const crawler::Exchange& exchange, int64_t run_id);
storage::ExtractionRecord ToExtractionRecord(const extract::Extraction& extraction, int64_t now_ms);

// Resumes the newest unfinished run, or begins a new one with `info`. *resumed says which.
storage::Status BeginOrResumeRun(storage::Archive* archive, const storage::RunInfo& info, int64_t* run_id,
                                 bool* resumed);

}  // namespace gongkai::app
