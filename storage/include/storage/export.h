// Exports of the archive for the tools researchers already use: JSONL (one report per line with its
// provenance), CSV (report metadata) and WARC 1.1 (every exchange, revisits, and the extractions as
// conversion records), and the import of other crawlers' WARC files. Formats: docs/archive-format.md.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "storage/archive.h"

namespace gongkai::storage {

struct ExportOptions {
  ReportFilter filter;               // which reports/captures to export
  std::string software = "gongkai";  // warcinfo "software"
  std::string software_version;      // e.g. "0.1.0"
  int64_t now_ms = 0;                // WARC-Date of the warcinfo record
  std::string warc_filename;         // warcinfo WARC-Filename ("" to omit)
  // Header fields written with the value "REDACTED" (Options::redact_headers; case-insensitive).
  std::vector<std::string> redact_headers;
};

// `headers` with the value of every field named in `names` (case-insensitive) replaced by
// "REDACTED"; names and order are kept, so a reader still sees that the field was there.
Headers RedactHeaders(const Headers& headers, const std::vector<std::string>& names);

struct ExportResult {
  int64_t reports = 0;      // JSONL/CSV lines, WARC conversion records
  int64_t records = 0;      // WARC records in all
  int64_t skipped = 0;      // captures without a response (not representable in WARC)
  int64_t bytes = 0;        // bytes written
};

// One JSON object per line per report (current extraction + provenance). Zero reports write
// nothing. IOError when the stream fails; errors reading the archive are passed on.
Status ExportJsonl(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result);
// RFC 4180 CSV with a header row (written even for zero reports).
Status ExportCsv(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result);
// WARC 1.1, each record its own gzip member (a .warc.gz). Zero captures write only the warcinfo.
Status ExportWarc(Archive& archive, const ExportOptions& options, std::ostream& out, ExportResult* result);

struct ImportResult {
  int64_t records = 0;    // WARC records read
  int64_t captures = 0;   // captures recorded (responses and revisits)
  int64_t skipped = 0;    // records that are not captures (warcinfo, metadata, request, ...)
  std::vector<std::string> warnings;  // records that could not be parsed, one line each
};

// Reads a WARC file (plain or gzip, whole-file or per-record) and records each `response` (with its
// matching `request`'s headers) and `revisit` as a capture of run `run_id` with origin
// "warc:<file name>", discovery kImported; 2xx HTML responses get page_kind kReport so they are
// extracted and searched. NotFound when the file is missing, Corruption when it is not a WARC file;
// damaged records after a good start are skipped with a warning.
Status ImportWarc(Archive& archive, const std::string& path, int64_t run_id, ImportResult* result);

// ISO 8601 UTC: "2026-11-30T10:05:34Z" (with ".123" when ms != 0 and with_ms).
std::string FormatIsoTime(int64_t ms, bool with_ms = false);
// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" (fraction optional) into ms since the epoch (UTC).
bool ParseIsoTime(const std::string& text, int64_t* ms);

}  // namespace gongkai::storage
