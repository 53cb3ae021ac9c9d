// The archive: one SQLite file holding every byte gongkai fetched (content-addressed by SHA-256,
// zstd-compressed, stored once), one record per HTTP exchange with its provenance, the crawl runs
// and their frontiers, the extractions of each body, and a full-text index over the reports.
// The on-disk format is documented in docs/archive-format.md.
//
// Entry points: Archive::Open(); crawl side TryLockForCrawl(), BeginRun(), AddToFrontier(),
// RecordFetch(), FinishRun(); read side GetCapture(), GetBody(), Search(), Provenance(), Stats();
// Verify(). Export/import live in storage/warc.h and storage/export.h.
//
// Consistency: every write method is one SQLite transaction (WAL journal, foreign keys on), so a
// SIGKILL at any point leaves either all of a call's effects or none.
//
// Archive is an interface (tests may substitute their own); Open() returns the SQLite one.
// An Archive is not thread-safe: use one per thread, or serialise calls. Several processes may open
// the same file (SQLite locking); only one may hold the crawl lock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/options.h"
#include "storage/records.h"
#include "storage/status.h"

namespace gongkai::storage {

class Archive {
 public:
  // Opens (creating the file and its directory if missing) the archive at options.path and brings
  // its schema up to the current version. On success stores the archive in *archive.
  // Fails with Corruption when the file is not a SQLite database or is damaged, with
  // InvalidArgument when its schema is newer than this build understands or when the file has
  // more than one hard link (SQLite's write-ahead log is kept per name), with Locked when it has
  // several links and a crawl holds its lock, IOError otherwise.
  static Status Open(const Options& options, std::unique_ptr<Archive>* archive);

  // Opens an existing archive read-only (no creation, no migration). NotFound if missing.
  static Status OpenReadOnly(const Options& options, std::unique_ptr<Archive>* archive);

  virtual ~Archive() = default;
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // The schema version this build writes (PRAGMA user_version).
  static int SchemaVersion();

  // ---- crawl lock: two crawls must never write one archive ----

  // Takes an exclusive advisory lock (flock on the database file itself, so every alias of it:
  // symlink, hard link, bind mount, meets the same lock) for the life of this Archive or until
  // UnlockCrawl(). Returns false when another process (or another Archive object) holds it, with
  // *holder_pid set to its pid (0 if unknown) when holder_pid is not null; always false when
  // opened read-only. Readers never take it (WAL lets them read while a crawl writes).
  virtual bool TryLockForCrawl(int* holder_pid) = 0;
  virtual void UnlockCrawl() = 0;

  // ---- runs ----

  // Starts a run; *run_id receives its id. IOError on write failure.
  virtual Status BeginRun(const RunInfo& info, int64_t* run_id) = 0;
  // The newest crawl run (kind "crawl") that has no end (a crawl that was killed), for resuming.
  // Unfinished imports are never returned. nullopt if none.
  virtual std::optional<int64_t> FindUnfinishedRun() = 0;
  // Marks a run ended and compacts the search index (CompactSearchIndex). NotFound for an
  // unknown run id.
  virtual Status FinishRun(int64_t run_id, const std::string& summary_json, int64_t ended_at_ms) = 0;
  // NotFound for an unknown run id.
  virtual Status GetRun(int64_t run_id, Run* run) = 0;
  // All runs, oldest first.
  virtual Status ListRuns(std::vector<Run>* runs) = 0;

  // ---- frontier (per run; also the run's seen set) ----

  // Adds entries not yet in the run's frontier (same URL = same entry; duplicates within `entries`
  // keep the first). *added (may be null) receives how many were new. NotFound for an unknown run.
  virtual Status AddToFrontier(int64_t run_id, const std::vector<FrontierEntry>& entries, int* added) = 0;
  // Entries of the run not yet done, in insertion order (what a resumed crawl must still fetch).
  virtual Status PendingFrontier(int64_t run_id, std::vector<FrontierEntry>* entries) = 0;
  // Every entry of the run (done or not), in insertion order.
  virtual Status ListFrontier(int64_t run_id, std::vector<FrontierEntry>* entries) = 0;
  // Marks a URL done without a capture (e.g. dropped by scope rules). OK if the URL is absent.
  virtual Status MarkFrontierDone(int64_t run_id, const std::string& url) = 0;

  // ---- the write path of a crawl: one call per HTTP exchange ----

  // Records one exchange, in ONE transaction:
  //  - `body` (nullopt when there is none: no response, 304, HEAD) is hashed (SHA-256), compressed
  //    with zstd and stored once however often it is seen; capture.body_sha256/body_size are set
  //    from it (capture.body_size keeps the caller's value when body is nullopt);
  //  - the capture row is inserted (capture.id, body_sha256, content_type, host are ignored);
  //  - when frontier_entry_done, capture.url's entry in the run's frontier is marked done
  //    (no-op if capture.url is not in the frontier, e.g. robots.txt);
  //  - `discovered` entries are added to the run's frontier as AddToFrontier() does;
  //  - `extraction`, when not null, is stored for this capture's body (capture_id/body_sha256
  //    filled in) and becomes the current extraction of capture.url when page_kind is kReport;
  //  - the body is compared with the newest earlier 2xx capture with a body of capture.url (the
  //    one LatestValidators() names): a 2xx body is new, changed or unchanged, a 304 is a revisit
  //    (BodyChange), and a 304's revisit_of, when the caller left it 0, is set to that capture.
  // *recorded (may be null) receives the new capture's id and the body change.
  // Fails with InvalidArgument on an unknown run or empty URL, IOError on write failure; on any
  // failure nothing was written.
  virtual Status RecordFetch(const Capture& capture, std::optional<std::string_view> body,
                             bool frontier_entry_done, const std::vector<FrontierEntry>& discovered,
                             const ExtractionRecord* extraction, RecordedFetch* recorded) = 0;

  // Validators of the newest 2xx capture with a body whose url or final_url is `url`, for a
  // conditional GET. NotFound when there is none.
  virtual Status LatestValidators(const std::string& url, Validators* validators) = 0;

  // ---- bodies and captures ----

  // The body with this SHA-256 (lower-case hex), decompressed and re-hashed. NotFound when absent,
  // Corruption when stored bytes do not decompress or hash to `sha256`.
  virtual Status GetBody(const std::string& sha256, std::string* body) = 0;
  virtual bool HasBody(const std::string& sha256) = 0;
  // NotFound for an unknown id.
  virtual Status GetCapture(int64_t capture_id, Capture* capture) = 0;
  // The newest capture whose url or final_url is `url` (preferring ones with a body).
  virtual Status FindLatestCapture(const std::string& url, Capture* capture) = 0;
  // Every capture of `url` (as url or final_url), newest first. Empty (OK) when there is none.
  virtual Status History(const std::string& url, std::vector<Capture>* captures) = 0;
  // Calls fn for each capture passing the filter (ReportFilter::year ignored), oldest first;
  // stop early by returning false from fn.
  virtual Status ForEachCapture(const ReportFilter& filter,
                                const std::function<bool(const Capture&)>& fn) = 0;

  // The path that led to a capture: [seed listing capture, listing capture(s)..., this capture],
  // following discovered_from_url to the newest capture of that URL made at or before the
  // capture (same run preferred). Stops at a seed, at an uncaptured URL, or at a cycle.
  virtual Status Provenance(int64_t capture_id, std::vector<Capture>* chain) = 0;

  // ---- extractions ----

  // Stores an extraction of capture_id's body (reextract, import). If an extraction by the same
  // extractor_version exists for that body it is replaced. The body's newest-version extraction
  // becomes the current extraction of the capture's URL when the capture is a report.
  // *changed (may be null) is true when title/published/text/tables/attachments differ from the
  // body's previous current extraction (or there was none). NotFound for an unknown capture.
  virtual Status PutExtraction(const ExtractionRecord& extraction, bool* changed) = 0;
  // PutExtraction for many extractions in ONE transaction (much faster: the search index is
  // flushed once). *changed_count (may be null) counts the changed ones. On any failure (e.g.
  // NotFound for an unknown capture) nothing of the batch was written.
  virtual Status PutExtractions(const std::vector<ExtractionRecord>& extractions, int64_t* changed_count) = 0;
  // The current extraction of the capture's body. NotFound when it has none.
  virtual Status CurrentExtraction(int64_t capture_id, ExtractionRecord* extraction) = 0;
  // Every extraction of the capture's body, newest extractor run first.
  virtual Status ListExtractions(int64_t capture_id, std::vector<ExtractionRecord>* extractions) = 0;
  // Calls fn for every stored extraction passing the filter, oldest first (for WARC conversion
  // records); stop early by returning false.
  virtual Status ForEachExtraction(const ReportFilter& filter,
                                   const std::function<bool(const ExtractionRecord&)>& fn) = 0;
  // Report bodies to (re-)extract with `extractor_version`: one task per distinct body of the
  // newest capture of every report URL (page_kind kReport, 2xx, with body). With all == false,
  // only bodies that have no extraction by that version; with all == true, also those whose
  // extraction by that version was made before `redo_before_ms` (so an interrupted --all run
  // resumes where it stopped).
  virtual Status ListExtractTasks(const std::string& extractor_version, bool all, int64_t redo_before_ms,
                                  std::vector<ExtractTask>* tasks) = 0;

  // ---- reports: search, listing, stats ----

  // Full-text search over the current extraction of each report, with the query syntax, filters,
  // order and paging of SearchQuery (storage/records.h). *hits receives the page
  // [query.offset, query.offset + query.limit) of all matches in query.sort order, each with a
  // snippet; *total (may be null) the number of all matches, however many are on the page. No
  // match is left out: paging reaches every one. Full-width/half-width forms and letter case match
  // each other (NFKC_Casefold). InvalidArgument, saying what is wrong, for an empty or malformed
  // query; Corruption when a candidate's stored text does not decompress.
  virtual Status Search(const SearchQuery& query, std::vector<SearchHit>* hits, int64_t* total) = 0;
  Status Search(const SearchQuery& query, std::vector<SearchHit>* hits) {
    return Search(query, hits, nullptr);
  }
  // Calls fn for each report (current extraction + its capture) passing the filter, oldest
  // capture first; stop early by returning false.
  virtual Status ForEachReport(const ReportFilter& filter, const std::function<bool(const Report&)>& fn) = 0;
  // Like ForEachReport, with each report's facts only (no text is decompressed, no statistic cell is
  // read): what coverage counts, in a fraction of the time.
  virtual Status ForEachReportFacts(const ReportFilter& filter,
                                    const std::function<bool(const ReportFacts&)>& fn) = 0;
  // Per-host figures, hosts in alphabetical order.
  virtual Status Stats(std::vector<SiteStats>* sites) = 0;
  // Reports per (host, site, publication year), ordered by host, site, year; one indexed pass over
  // the reports (no text is read).
  virtual Status Coverage(std::vector<CoverageRow>* rows) = 0;

  // ---- crawler politeness memory (PolitenessRow) ----

  // Inserts or replaces each row by (scope, key), in ONE transaction. IOError on write failure.
  virtual Status PutPoliteness(const std::vector<PolitenessRow>& rows) = 0;
  // Every row, in (scope, key) order.
  virtual Status ListPoliteness(std::vector<PolitenessRow>* rows) = 0;

  // ---- small key/value store for commands (e.g. a resumable reextract's start time) ----
  // NotFound when unset.
  virtual Status GetMeta(const std::string& key, std::string* value) = 0;
  virtual Status SetMeta(const std::string& key, const std::string& value) = 0;

  // Merges the search index, which grows in many small pieces while reports are written one
  // transaction at a time, into one piece (half the size on a fresh crawl), and gives the pages
  // freed by it back to the file system (archives created since schema 3). Time proportional to
  // the index; meant for the end of a batch of writes (a crawl run, a reextract).
  virtual Status CompactSearchIndex() = 0;

  // ---- WARC support (exports and imports) ----

  // The redirect hops RecordFetch stored with a capture, in request order. Empty (OK) when it
  // followed no redirect.
  virtual Status RedirectHops(int64_t capture_id, std::vector<RedirectHop>* hops) = 0;
  // The capture whose response holds the body `sha256` in a full WARC export: the first (lowest
  // id) capture of it whose transfer completed (not truncated, not broken off). NotFound if none.
  virtual Status FirstCompleteCaptureOfBody(const std::string& sha256, Capture* capture) = 0;
  // The capture whose response holds the body `sha256` in an export with `filter` (ForEachCapture's
  // filter), as far as capture `before_id` (exclusive): the first (lowest id) capture passing the
  // filter that has a response (status not 0, not 304) whose transfer completed. An export asks
  // the archive instead of remembering every body it wrote, so its memory stays flat however large
  // the archive. One indexed lookup (captures_by_body). NotFound if none.
  virtual Status FirstExportedCaptureOfBody(const std::string& sha256, const ReportFilter& filter,
                                            int64_t before_id, Capture* capture) = 0;
  // What an export with `filter` goes through, counted without reading bodies or texts (for
  // progress with a total and an ETA): captures (ForEachCapture), extractions (ForEachExtraction)
  // and reports (ForEachReport).
  virtual Status CountForExport(const ReportFilter& filter, ExportCounts* counts) = 0;
  // An earlier import of the same record: the capture made from WARC-Record-ID `record_id`, or
  // else a capture of `url` started at `started_at_ms` whose body hashes to `body_sha256` ("" = no
  // body). OK with *capture_id set when found; NotFound otherwise.
  virtual Status FindImported(const std::string& record_id, const std::string& url, int64_t started_at_ms,
                              const std::string& body_sha256, int64_t* capture_id) = 0;

  // ---- integrity ----

  // In ONE read snapshot (a crawl may write meanwhile): re-hashes every blob (decompressing each
  // frame with its dictionary), decompresses every text frame (zstd checksums), recomputes every
  // row seal, checks every reference (captures -> blobs/runs, extractions -> captures, frontier ->
  // runs, the search index) and runs PRAGMA integrity_check and foreign_key_check. Never repairs.
  // Returns OK with problems listed in *report; a non-OK Status only when the check itself could
  // not run (e.g. the file is unreadable).
  virtual Status Verify(VerifyReport* report) = 0;

  virtual const Options& options() const = 0;

 protected:
  Archive() = default;
};

}  // namespace gongkai::storage
