// Exports of the archive for the tools researchers already use: JSONL (one report per line with its
// provenance), CSV (report metadata) and WARC 1.1 (every exchange, revisits, and the extractions as
// conversion records), and the import of other crawlers' WARC files. Formats: docs/archive-format.md.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "storage/archive.h"

namespace gongkai::storage {

struct ExportResult {
  int64_t reports = 0;  // JSONL/CSV lines, WARC conversion records
  int64_t records = 0;  // WARC records in all
  int64_t skipped = 0;  // captures without a response (not representable in WARC)
  int64_t bytes = 0;    // bytes written
  // What the export has gone through, against Archive::CountForExport: captures and extractions
  // for WARC (WACZ: then reports, for its pages), reports for JSONL, CSV and the statistics tables.
  int64_t done = 0;
};

struct ExportOptions {
  ReportFilter filter;               // which reports/captures to export
  std::string software = "gongkai";  // warcinfo "software"
  std::string software_version;      // e.g. "0.1.0"
  int64_t now_ms = 0;                // WARC-Date of the warcinfo record
  std::string warc_filename;         // warcinfo WARC-Filename ("" to omit)
  // warcinfo: who crawled (the User-Agent, which carries the contact), how robots.txt was treated,
  // and the digest of the exporting configuration. "" omits a field.
  std::string operator_contact;
  std::string robots_policy;
  std::string config_digest;
  bool gzip = true;  // each record its own gzip member (.warc.gz); false: a plain .warc
  // WARC files (ExportWarcFiles) are closed and a new one begun once a file reaches this size.
  int64_t max_warc_file_bytes = 1LL << 30;
  // Called every progress_every captures, extractions or reports (ExportResult::done) and once at
  // the end (progress on a terminal); may be empty.
  std::function<void(const ExportResult&)> progress;
  int64_t progress_every = 200;  // cheap next to the records written between; a terminal shows 5 a second
  // CSV only. Excel on a Chinese Windows reads BOM-less UTF-8 as GBK (mojibake): csv_bom writes
  // the UTF-8 byte order mark first; csv_encoding "gb18030" writes GB18030 instead of UTF-8
  // (for old Excel versions; every character survives). Only "utf-8" and "gb18030" are valid.
  bool csv_bom = false;
  std::string csv_encoding = "utf-8";
  // stats-csv: the field-id columns, in order (app/ passes the extractor's catalogue); empty = the
  // ids the exported reports carry, sorted.
  std::vector<std::string> statistic_fields;
  std::map<std::string, std::string> seed_regions;  // seed name -> region, for stats-csv's region
  // Header fields written with the value "REDACTED" (Options::redact_headers; case-insensitive).
  std::vector<std::string> redact_headers;
};

// For exporters: one more capture, extraction or report gone through (result->done), with
// options.progress called every options.progress_every.
inline void ReportDone(const ExportOptions& options, ExportResult* result) {
  ++result->done;
  if (options.progress && result->done % options.progress_every == 0) options.progress(*result);
}

// `headers` with the value of every field named in `names` (case-insensitive) replaced by
// "REDACTED"; names and order are kept, so a reader still sees that the field was there.
Headers RedactHeaders(const Headers& headers, const std::vector<std::string>& names);

// One JSON object per line per report (current extraction + provenance). Zero reports write
// nothing. IOError when the stream fails; errors reading the archive are passed on.
Status ExportJsonl(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result);
// RFC 4180 CSV with a header row (written even for zero reports).
Status ExportCsv(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result);
// The statistics tables (export_stats.cc, docs/statistics-schema.md): one row per report with
// agency, region, report year, edition, every field id and the check results (RFC 4180 CSV, header
// row always written) ...
Status ExportStatsCsv(Archive& archive, const ExportOptions& options, std::ostream& out,
                      ExportResult* result);
// ... or one row per report and field: capture_id, url, report_year, agency, field, state, value.
Status ExportStatsLong(Archive& archive, const ExportOptions& options, std::ostream& out,
                       ExportResult* result);
// The JSONL `statistics` object of an extraction ({edition, cells, empty, checks}), "null" when it
// has none; JSON text.
std::string StatisticsJsonText(const ExtractionRecord& extraction);

// The JSONL `tables` array of an extraction (each table an array of rows of cells) and its
// `attachments` array (objects with name, url and, for files read as reports, format, error or
// pages, ocr, title, published, text, tables, primary; keys in alphabetical order); JSON text.
std::string TablesJsonText(const ExtractionRecord& extraction);
std::string AttachmentsJsonText(const ExtractionRecord& extraction);

// WARC 1.1, each record its own gzip member (a .warc.gz; options.gzip false: plain). Zero
// captures write only the warcinfo. Record ids derive from the archive's UUID and the capture, so
// two archives never share one and exporting one archive twice gives the same ids.
Status ExportWarc(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result);

// Where ExportWarcFiles writes: a sequence of files, opened one at a time.
class WarcFileSink {
 public:
  virtual ~WarcFileSink() = default;
  // Opens file number `index` (0, 1, ...) for writing; *out stays valid until Close().
  // *filename is its name as the warcinfo and the CDXJ index give it.
  virtual Status Open(int index, std::ostream** out, std::string* filename) = 0;
  // Flushes and closes the file opened last. IOError when it could not be written.
  virtual Status Close() = 0;
};

// Where one response or revisit record landed: one CDXJ line.
struct CdxjEntry {
  std::string url;      // WARC-Target-URI
  int64_t date_ms = 0;  // WARC-Date
  std::string mime;     // Content-Type of the HTTP payload, without parameters
  int status = 0;
  std::string digest;    // WARC-Payload-Digest ("sha1:...")
  std::string filename;  // the WARC file
  int64_t offset = 0;    // of the record (its gzip member) in that file
  int64_t length = 0;    // bytes of the record (its gzip member)
  bool revisit = false;
};

// A sorted CDXJ index of any size in bounded memory: Add() collects lines in runs of about
// `run_bytes`, each sorted and spilled to an unnamed temporary file in `temp_dir` (O_TMPFILE, or a
// file unlinked as soon as it is open: nothing is left behind, even after a crash); Write() merges
// the runs, at most kMaxMergeWays at a time (every kMaxMergeWays runs of one size are merged into
// one run as soon as they exist), and writes "SURT TIMESTAMP14 {json}" lines with url, mime, status, digest,
// length, offset, filename (pywb's keys; a revisit's mime is "warc/revisit"). The output is byte for byte
// what sorting every line in memory gives (bytewise order). Not thread-safe.
class CdxjIndex {
 public:
  // A run: ~8 MiB of lines (~25,000 entries) sorted in memory before it is spilled.
  static constexpr size_t kDefaultRunBytes = 8u << 20;
  // Open runs merged at once: 64 read buffers, well inside any file-descriptor limit.
  static constexpr int kMaxMergeWays = 64;

  explicit CdxjIndex(std::string temp_dir, size_t run_bytes = kDefaultRunBytes);
  ~CdxjIndex();
  CdxjIndex(const CdxjIndex&) = delete;
  CdxjIndex& operator=(const CdxjIndex&) = delete;

  // IOError when a run cannot be spilled (temp_dir missing or full).
  Status Add(const CdxjEntry& entry);
  // Writes every line added, sorted; once. IOError when a run or `out` cannot be read or written.
  Status Write(std::ostream& out);

  int64_t lines() const { return lines_; }
  int64_t runs_spilled() const { return runs_spilled_; }  // runs sorted in memory and spilled
  int64_t runs_merged() const { return runs_merged_; }    // runs written by a merge before Write()

 private:
  class Run;
  using Runs = std::vector<std::unique_ptr<Run>>;
  Status Spill();
  Status NewRun(std::unique_ptr<Run>* run);
  // Merges `runs` (at most kMaxMergeWays) into one new run.
  Status MergeToRun(Runs runs, std::unique_ptr<Run>* merged);
  // Calls emit with each line of the sorted `runs` in bytewise order. False when a run cannot be
  // read or emit returns false.
  static bool MergeRuns(const std::vector<Run*>& runs, const std::function<bool(std::string_view)>& emit);

  std::string temp_dir_;
  size_t run_bytes_;
  std::vector<std::string> pending_;  // the run being collected
  size_t pending_bytes_ = 0;
  // Spilled runs by level: a run of level L + 1 is kMaxMergeWays runs of level L merged, so at
  // most kMaxMergeWays - 1 runs wait per level and the open files stay few (~63 per 512 MiB x 64^L).
  std::vector<Runs> levels_;
  int64_t lines_ = 0;
  int64_t runs_spilled_ = 0;
  int64_t runs_merged_ = 0;
};

// ExportWarc into the sink's files, starting a new file (with its own warcinfo) whenever one
// reaches options.max_warc_file_bytes. When `index` is not null it receives one entry per
// response and revisit record.
Status ExportWarcFiles(Archive& archive, const ExportOptions& options, WarcFileSink& sink, CdxjIndex* index,
                       ExportResult* result);

// The SURT form of a URL for CDXJ keys (pywb's): host labels lower-cased and reversed ("www."
// dropped; IP addresses kept as they are), ":port" unless 80/443, then ")" and the lower-cased path
// and query with its parameters sorted. "http://www.Example.gov.cn/a?b=1&a=2" -> "cn,gov,example)/a?a=2&b=1".
std::string SurtKey(const std::string& url);
// The CDXJ line of `entry`, without its newline (CdxjIndex sorts them).
std::string CdxjLine(const CdxjEntry& entry);

// A WACZ 1.1.1 file (https://specs.webrecorder.net/wacz/1.1.1/) at `path`, built in `work_dir`
// (which must exist and be empty; the caller removes it): archive/data-NNNNN.warc.gz (stored, not
// deflated), indexes/index.cdxj, pages/pages.jsonl (url, ts, title, text of every report),
// datapackage.json (sha256 and size of each) and datapackage-digest.json. Memory stays flat
// however large the archive (the index is a CdxjIndex spilling to work_dir). IOError when a file
// cannot be written.
Status ExportWacz(Archive& archive, const ExportOptions& options, const std::string& work_dir,
                  const std::string& path, ExportResult* result);

struct ImportResult {
  int64_t records = 0;                // WARC records read
  int64_t captures = 0;               // captures recorded (responses and revisits)
  int64_t skipped = 0;                // records that are not captures (warcinfo, metadata, request, ...)
  int64_t duplicates = 0;             // records imported before (same WARC-Record-ID, or URI + date + digest)
  int64_t damaged = 0;                // places where the file is damaged (each skipped up to the next record)
  int64_t raw_bytes = 0;              // bytes of the file read
  std::vector<std::string> warnings;  // damage and cut bodies, one line each (the first 100)
};

struct ImportOptions {
  // A decoded body (after Transfer- and Content-Encoding) is cut at this size and the capture
  // marked truncated: the crawler's max_body_bytes, so a gzip bomb costs no more than a fetch.
  int64_t max_body_bytes = 50LL * 1024 * 1024;
  // What an imported 2xx page is (report, listing, attachment, other), from its URL, Content-Type
  // and decoded body; empty: HTML is a report, anything else an attachment.
  std::function<PageKind(const std::string& url, const std::string& content_type, std::string_view body)>
      classify;
  // Called every few hundred records and once at the end; may be empty.
  std::function<void(const ImportResult&)> progress;
};

// Reads a WARC stream (plain or gzip, whole-file or per-record) in bounded memory and records
// each `response` (with its matching `request`'s headers) and `revisit` as a capture of run
// `run_id` with origin "warc:<name>", discovery kImported. Bodies are decoded (chunked; gzip,
// deflate, br, zstd). A record imported before is skipped (a no-op). Control bytes in a
// WARC-Target-URI are percent-encoded. Damage (a member that does not inflate, a malformed record,
// a negative or overflowing length, a truncated file) is counted in result->damaged and skipped:
// reading resumes at the next gzip member or record. Corruption when the stream holds no WARC
// record at all; IOError when it cannot be read or the archive cannot be written.
Status ImportWarcStream(Archive& archive, std::istream& in, const std::string& name, int64_t run_id,
                        const ImportOptions& options, ImportResult* result);
// ImportWarcStream on a file. NotFound when it is missing; InvalidArgument when it is not a regular
// file.
Status ImportWarc(Archive& archive, const std::string& path, int64_t run_id, const ImportOptions& options,
                  ImportResult* result);
inline Status ImportWarc(Archive& archive, const std::string& path, int64_t run_id, ImportResult* result) {
  return ImportWarc(archive, path, run_id, ImportOptions(), result);
}

// ISO 8601 UTC: "2026-11-30T10:05:34Z" (with ".123" when ms != 0 and with_ms).
std::string FormatIsoTime(int64_t ms, bool with_ms = false);
// A report's publication date for output: a date stays a date ("2023-01-31"); a date-time without
// a zone is a Chinese portal's local time and gets +08:00 ("2023-01-31T09:30:00+08:00"); anything
// else is returned as stored. Every other time gongkai prints is UTC with "Z" (FormatIsoTime).
std::string FormatPublished(const std::string& published);
// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" (fraction optional) into ms since the epoch (UTC).
bool ParseIsoTime(const std::string& text, int64_t* ms);

}  // namespace gongkai::storage
