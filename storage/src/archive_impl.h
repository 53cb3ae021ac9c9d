// The SQLite implementation of Archive (see storage/archive.h). Internal to storage: its methods
// are spread over archive_*.cc by concern (open/runs/frontier, write path, reads, search, verify).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "archive_file.h"
#include "blob_store.h"
#include "index_changes.h"
#include "sqlite_util.h"
#include "storage/archive.h"

namespace gongkai::storage {

// Longest discovered_from chain Provenance() follows (seed -> listings -> report is ~10 hops;
// max_depth in crawler options is 6); a guard against cycles in imported data.
inline constexpr int kMaxProvenanceDepth = 64;

class SqliteArchive final : public Archive {
 public:
  SqliteArchive(const Options& options, bool read_only);
  ~SqliteArchive() override;

  // Opens the file, configures the connection and migrates (unless read-only).
  Status Init();

  bool TryLockForCrawl(int* holder_pid) override;
  void UnlockCrawl() override;

  Status BeginRun(const RunInfo& info, int64_t* run_id) override;
  std::optional<int64_t> FindUnfinishedRun() override;
  Status FinishRun(int64_t run_id, const std::string& summary_json, int64_t ended_at_ms) override;
  Status GetRun(int64_t run_id, Run* run) override;
  Status CompactSearchIndex() override;
  Status ListRuns(std::vector<Run>* runs) override;

  Status AddToFrontier(int64_t run_id, const std::vector<FrontierEntry>& entries, int* added) override;
  Status PendingFrontier(int64_t run_id, std::vector<FrontierEntry>* entries) override;
  Status ListFrontier(int64_t run_id, std::vector<FrontierEntry>* entries) override;
  Status MarkFrontierDone(int64_t run_id, const std::string& url) override;

  Status RecordFetch(const Capture& capture, std::optional<std::string_view> body, bool frontier_entry_done,
                     const std::vector<FrontierEntry>& discovered, const ExtractionRecord* extraction,
                     RecordedFetch* recorded) override;
  Status LatestValidators(const std::string& url, Validators* validators) override;

  Status GetBody(const std::string& sha256, std::string* body) override;
  bool HasBody(const std::string& sha256) override;
  Status GetCapture(int64_t capture_id, Capture* capture) override;
  Status FindLatestCapture(const std::string& url, Capture* capture) override;
  Status History(const std::string& url, std::vector<Capture>* captures) override;
  Status ForEachCapture(const ReportFilter& filter, const std::function<bool(const Capture&)>& fn) override;
  Status Provenance(int64_t capture_id, std::vector<Capture>* chain) override;

  Status PutExtraction(const ExtractionRecord& extraction, bool* changed) override;
  Status PutExtractions(const std::vector<ExtractionRecord>& extractions, int64_t* changed_count) override;
  Status CurrentExtraction(int64_t capture_id, ExtractionRecord* extraction) override;
  Status ListExtractions(int64_t capture_id, std::vector<ExtractionRecord>* extractions) override;
  Status ForEachExtraction(const ReportFilter& filter,
                           const std::function<bool(const ExtractionRecord&)>& fn) override;
  Status ListExtractTasks(const std::string& extractor_version, bool all, int64_t redo_before_ms,
                          std::vector<ExtractTask>* tasks) override;

  Status Search(const SearchQuery& query, std::vector<SearchHit>* hits, int64_t* total) override;
  Status ForEachReport(const ReportFilter& filter, const std::function<bool(const Report&)>& fn) override;
  Status ForEachReportFacts(const ReportFilter& filter,
                            const std::function<bool(const ReportFacts&)>& fn) override;
  Status Stats(std::vector<SiteStats>* sites) override;
  Status Coverage(std::vector<CoverageRow>* rows) override;

  Status PutPoliteness(const std::vector<PolitenessRow>& rows) override;
  Status ListPoliteness(std::vector<PolitenessRow>* rows) override;

  Status GetMeta(const std::string& key, std::string* value) override;
  Status SetMeta(const std::string& key, const std::string& value) override;

  Status Verify(VerifyReport* report) override;

  Status RedirectHops(int64_t capture_id, std::vector<RedirectHop>* hops) override;
  Status FirstCompleteCaptureOfBody(const std::string& sha256, Capture* capture) override;
  Status FirstExportedCaptureOfBody(const std::string& sha256, const ReportFilter& filter, int64_t before_id,
                                    Capture* capture) override;
  Status CountForExport(const ReportFilter& filter, ExportCounts* counts) override;
  Status FindImported(const std::string& record_id, const std::string& url, int64_t started_at_ms,
                      const std::string& body_sha256, int64_t* capture_id) override;

  const Options& options() const override { return options_; }

 private:
  // Write-path pieces; each runs inside the caller's transaction.
  Status CheckRunExists(int64_t run_id);
  Status InsertFrontier(int64_t run_id, const std::vector<FrontierEntry>& entries, int* added);
  // The id and body (blobs row id) of the newest 2xx capture with a body of `url` (as
  // LatestValidators()); *id = 0 when there is none.
  Status PreviousBody(const std::string& url, int64_t* id, int64_t* body_id);
  Status StoredRequestHeaders(const Capture& capture, std::string* stored);
  // revisit_of replaces capture.revisit_of (0 = none); body_id 0 = no body.
  Status InsertCapture(const Capture& capture, int64_t body_id, int64_t body_size, int64_t revisit_of,
                       int64_t* capture_id);
  // The capture's redirect hops and import record id (archive_warc.cc).
  Status InsertWarcExtras(const Capture& capture, int64_t capture_id);
  Status PutExtractionInTransaction(const ExtractionRecord& extraction, bool* changed);
  // Bodies by blobs row id (body_id) and hex digest (sha256), the same body.
  Status UpsertExtraction(const ExtractionRecord& extraction, int64_t body_id, const std::string& sha256,
                          bool* changed);
  Status UpdateReport(const std::string& url, int64_t capture_id, int64_t body_id);
  Status RefreshReportsOfBody(int64_t body_id);
  // The report is keyed by the capture showing it.
  Status SetReportExtraction(int64_t report_capture_id, int64_t old_id, int64_t new_id);
  Status IndexExtraction(int64_t extraction_id, bool add);
  Status RebuildSearchIndexIfAsked();  // after the migration to the passage index (schema.cc, v14)
  Status CurrentExtractionIdOfBody(int64_t body_id, int64_t* id);
  Status ReadExtraction(int64_t extraction_id, ExtractionRecord* extraction);
  // report_facts and statistic_cells of one extraction (report_facts.cc).
  Status WriteReportFacts(int64_t extraction_id, const ExtractionRecord& extraction);
  Status LoadReportFacts(ExtractionRecord* extraction);
  Status CountReports(const ReportFilter& filter, int64_t* count);  // archive_search.cc
  Status FindCapture(const char* sql, const std::string& url, Capture* capture);
  Status FindProvenanceParent(const Capture& child, Capture* parent);
  void VerifyInSnapshot(VerifyReport* report);
  void VerifyBlobs(VerifyReport* report, int64_t total);  // total: for report->progress
  // Text dictionaries (archive_dictionaries.cc): the "text" dictionary of the capture's host for
  // compressing an extraction, and training the next one when the host has grown enough.
  Status TextDictionaryOfCapture(int64_t capture_id, std::string* host, const ZSTD_CDict** dict);
  Status MaybeTrainTexts(const std::string& host);
  void VerifyReferences(VerifyReport* report, int64_t total);

  Options options_;
  bool read_only_;
  ArchiveFile file_;  // the crawl lock; declared before db_ so that it is closed after it
  Db db_;
  IndexChanges index_changes_{&db_};            // of the write transaction in progress
  std::unique_ptr<Dictionaries> dictionaries_;  // zstd dictionaries of bodies and texts
  std::unique_ptr<BlobStore> blobs_;
  std::map<std::string, int64_t> text_until_check_;  // per host, as BlobStore's until_check_
};

// Rows name their body by blobs row id (body_id, schema 16); the API speaks hex digests. The hex
// digest of the body `col` names (NULL for none), and the row id of hex digest `param` (NULL when
// no such body: it then matches no row).
#define GONGKAI_BODY_HEX(col) "(SELECT lower(hex(sha256)) FROM blobs WHERE id = " col ")"
#define GONGKAI_BODY_ID(param) "(SELECT id FROM blobs WHERE " GONGKAI_BLOB_DIGEST_IS(param) ")"

// Column list and row readers shared by the archive_*.cc files.
extern const char kCaptureColumns[];     // "c.id, c.run_id, ..." for a `captures c` alias
extern const char kExtractionColumns[];  // "e.id, e.capture_id, ..." for an `extractions e` alias
void ReadCaptureRow(const Stmt& stmt, int first_column, Capture* capture);
void ReadExtractionRow(const Stmt& stmt, int first_column, ExtractionRecord* extraction);
// Each list ends with its row-seal check (seal.h): a damaged row fails the query with Corruption.
constexpr int kCaptureColumnCount = 28;
constexpr int kExtractionColumnCount = 15;

// A transfer that broke off before its body was complete (crawler error kinds); such a capture's
// body is never the one a WARC response shows as complete.
bool IsBrokenOffTransfer(const std::string& error_kind);
inline constexpr char kBrokenOffErrorKinds[] = "('timeout', 'reset', 'tls', 'other', 'too_large')";

// Headers as stored: "Name: value\r\n" per field.
std::string SerializeHeaders(const Headers& headers);
// A header block column: packed (a BLOB, header_codec.h) or as written before v14 (TEXT).
std::string HeaderBlockColumn(const Stmt& s, int column);
Headers ParseHeaders(std::string_view block);
// The site of an absolute URL: lower-cased host, plus ":port" when not the default (base/url.h
// HostPortOf; archives written before it filed every capture under the bare host).
std::string HostOfUrl(std::string_view url);

}  // namespace gongkai::storage
