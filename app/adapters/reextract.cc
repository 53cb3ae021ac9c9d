#include "adapters/reextract.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "base/time.h"
#include "adapters/archive_crawl_store.h"
#include "adapters/report_files.h"

namespace gongkai::app {
namespace {

// Results are committed in batches of this many: the search index is flushed once per transaction,
// which made one-by-one commits 3x slower than extraction itself. A kill loses at most one batch.
constexpr size_t kWriteBatch = 64;

std::string AllRunKey() {
  return std::string("reextract_all_started_at_ms:") + extract::kExtractorVersion;
}

// Shared state of one reextract: the task list, the pending batch, the single writer, the first
// error. Workers hand a full batch to the writer outside state_mutex, so the others go on
// extracting while it is written.
struct Work {
  std::vector<storage::ExtractTask> tasks;
  std::atomic<size_t> next{0};
  std::mutex state_mutex;                        // guards batch, stats->failed and error
  std::vector<storage::ExtractionRecord> batch;  // extracted, not yet handed to the writer
  ReextractStats* stats = nullptr;
  storage::Status error;
  std::mutex writer_mutex;  // guards writer and stats->extracted/changed
  storage::Archive* writer = nullptr;
};

void Fail(Work* work, const storage::Status& status) {
  std::lock_guard<std::mutex> lock(work->state_mutex);
  if (work->error.ok()) work->error = status;
}

bool Failed(Work* work) {
  std::lock_guard<std::mutex> lock(work->state_mutex);
  return !work->error.ok();
}

// Writes one batch in one transaction (the search index is updated once per transaction).
void Write(Work* work, std::vector<storage::ExtractionRecord>* records) {
  if (records->empty() || Failed(work)) return;
  std::lock_guard<std::mutex> lock(work->writer_mutex);
  int64_t changed = 0;
  storage::Status status = work->writer->PutExtractions(*records, &changed);
  if (!status.ok()) return Fail(work, status);
  work->stats->extracted += static_cast<int64_t>(records->size());
  work->stats->changed += changed;
  records->clear();
}

void Worker(Work* work, const storage::Options& archive_options, const extract::Options& extract_options,
            Progress* progress) {
  std::unique_ptr<storage::Archive> reader;  // each worker reads bodies on its own connection
  storage::Status status = storage::Archive::OpenReadOnly(archive_options, &reader);
  if (!status.ok()) return Fail(work, status);
  for (size_t i = work->next++; i < work->tasks.size(); i = work->next++) {
    const storage::ExtractTask& task = work->tasks[i];
    std::string body;
    status = reader->GetBody(task.body_sha256, &body);
    if (!status.ok() && !status.IsNotFound()) return Fail(work, status);  // damaged: `verify` names it
    extract::Extraction extraction;
    bool ok = status.ok() &&
              extract::Extract({body, task.url, task.content_type, ""}, extract_options, &extraction).ok();
    if (progress != nullptr) progress->Add(1);
    std::vector<storage::ExtractionRecord> full;
    // The report's files (attachments with an archived body) are re-read and folded in too.
    storage::ExtractionRecord record;
    std::vector<storage::ExtractionRecord> files;
    if (ok && extraction.agency.empty() && !task.column_agency.empty()) {
      extraction.agency = task.column_agency;  // the column named it when the crawler found the page
      extraction.agency_source = extract::kAgencySourceColumn;
    }
    if (ok) {
      record = ToExtractionRecord(extraction, NowMs());
      record.capture_id = task.capture_id;
      FoldArchivedFiles(reader.get(), extract_options, body, task.url, &record, &files);
    }
    {
      std::lock_guard<std::mutex> lock(work->state_mutex);
      if (!work->error.ok()) return;
      if (!ok) {
        work->stats->failed++;
        continue;
      }
      for (auto& file : files) work->batch.push_back(std::move(file));
      work->batch.push_back(std::move(record));
      if (work->batch.size() >= kWriteBatch) full.swap(work->batch);
    }
    Write(work, &full);
  }
}

}  // namespace

storage::Status Reextract(const storage::Options& archive_options, const extract::Options& extract_options,
                          const ReextractOptions& options, ReextractStats* stats) {
  *stats = ReextractStats();
  auto start = std::chrono::steady_clock::now();
  storage::Options writer_options = archive_options;
  writer_options.durable_commits = false;  // still SIGKILL-safe; a lost tail is simply redone
  std::unique_ptr<storage::Archive> writer;
  storage::Status status = storage::Archive::Open(writer_options, &writer);
  if (!status.ok()) return status;
  int64_t redo_before = 0;
  if (options.all) {
    std::string started;
    if (writer->GetMeta(AllRunKey(), &started).ok() && !started.empty()) {
      redo_before = std::stoll(started);  // resume an interrupted --all run
    } else {
      redo_before = NowMs();
      status = writer->SetMeta(AllRunKey(), std::to_string(redo_before));
      if (!status.ok()) return status;
    }
  }
  Work work;
  work.writer = writer.get();
  work.stats = stats;
  status = writer->ListExtractTasks(extract::kExtractorVersion, options.all, redo_before, &work.tasks);
  if (!status.ok()) return status;
  stats->tasks = static_cast<int64_t>(work.tasks.size());
  if (options.progress != nullptr) options.progress->SetTotal(stats->tasks);
  int jobs =
      options.jobs > 0 ? options.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::min<int>(jobs, std::max<int>(1, static_cast<int>(work.tasks.size())));
  std::vector<std::thread> threads;
  for (int i = 0; i < jobs; ++i) {
    threads.emplace_back(Worker, &work, std::cref(archive_options), std::cref(extract_options),
                         options.progress);
  }
  for (auto& thread : threads) thread.join();
  Write(&work, &work.batch);
  if (work.error.ok() && options.all) work.error = writer->SetMeta(AllRunKey(), "");
  if (work.error.ok() && stats->changed > 0) work.error = writer->CompactSearchIndex();
  stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return work.error;
}

}  // namespace gongkai::app
