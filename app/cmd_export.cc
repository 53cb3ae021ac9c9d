// `gongkai export --format jsonl|csv|warc|cdxj|wacz|stats-csv|stats-long [--out PATH] [--since DATE]
// [--site S] [--report-year Y] [--agency A] [--no-gzip] [--max-warc-bytes N] [--archive PATH]`: JSONL (one
// report per line: extraction + provenance), CSV (report metadata), WARC 1.1 (.warc.gz: warcinfo,
// request/response per redirect hop and capture, revisit, conversion records; rotated past --max-warc-bytes),
// CDXJ (the WARC files plus a sorted index beside them), WACZ 1.1.1, or the statistics tables (stats-csv: one
// row per report, one column per field id; stats-long: report, field, value; docs/statistics-schema.md).
// Writes to PATH (a temporary file beside it, renamed when complete; a directory, device or other non-regular
// PATH is refused) or, for jsonl, csv and warc, to stdout. Formats: docs/archive-format.md. Exit codes: 0 ok
// (also for zero reports), 1 archive unreadable or output unwritable, 2 bad arguments (including a bad
// --out).
#include <filesystem>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include <cstdio>

#include "seed_files.h"
#include "base/time.h"
#include "adapters/archive_open.h"
#include "adapters/export_warc.h"
#include "adapters/output_file.h"
#include "command.h"
#include "crawler/seed.h"
#include "extract/statistics.h"
#include "progress.h"
#include "storage/export.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string format = "jsonl";
  std::string out;
  std::string since;
  std::string site;
  int report_year = 0;
  std::string agency;
  std::string archive;
  bool no_gzip = false;
  int64_t max_warc_bytes = 1LL << 30;
  bool bom = false;
  std::string encoding = "utf-8";
};

bool IsWarcFormat(const std::string& format) {
  return format == "warc" || format == "cdxj" || format == "wacz";
}

// What the export goes through (ExportResult::done counts it): captures and extractions for the
// WARC formats (and reports for WACZ's pages), reports for the others. Cheap COUNT queries.
int64_t ExportTotal(storage::Archive& archive, const Args& args, const storage::ReportFilter& filter) {
  storage::ExportCounts counts;
  if (!archive.CountForExport(filter, &counts).ok()) return 0;  // no total: progress without an ETA
  if (!IsWarcFormat(args.format)) return counts.reports;
  return counts.captures + counts.extractions + (args.format == "wacz" ? counts.reports : 0);
}

storage::Status Export(storage::Archive& archive, const Args& args, const storage::ExportOptions& options,
                       std::ostream& out, storage::ExportResult* result) {
  if (args.format == "csv") return storage::ExportCsv(archive, options, out, result);
  if (args.format == "stats-csv") return storage::ExportStatsCsv(archive, options, out, result);
  if (args.format == "stats-long") return storage::ExportStatsLong(archive, options, out, result);
  return storage::ExportJsonl(archive, options, out, result);
}

int Run(Context& ctx, const Args& args) {
  storage::ExportOptions options;
  options.filter.site = args.site;
  options.filter.report_year = args.report_year;
  options.filter.agency = args.agency;
  if (args.format == "stats-csv") {
    options.statistic_fields = extract::AllStatisticFieldIds();
    // The region column comes from the seed lists; without readable seeds it stays empty.
    std::vector<crawler::Seed> seeds;
    if (LoadSeeds(ctx.config().seeds_dir, &seeds).ok())
      for (const auto& seed : seeds) options.seed_regions[seed.name] = seed.region;
  }
  if (!args.since.empty() && !storage::ParseIsoTime(args.since, &options.filter.since_ms)) {
    throw Failure(kExitUsage,
                  "--since '" + args.since + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  }
  options.software_version = GONGKAI_VERSION;
  options.csv_bom = args.bom;
  options.csv_encoding = args.encoding;
  options.redact_headers = ctx.config().archive.redact_headers;
  options.now_ms = NowMs();
  options.warc_filename = args.out.empty() ? "" : std::filesystem::path(args.out).filename().string();
  const crawler::Options& crawl = ctx.config().crawler;
  options.operator_contact = crawl.user_agent;
  options.robots_policy = "obey (RFC 9309; product token \"" + crawl.robots_product_token +
                          "\"; Crawl-delay honoured up to " +
                          std::to_string(crawl.max_crawl_delay_ms / 1000) + " s)";
  options.config_digest = ConfigDigest(ctx.config());
  options.gzip = !args.no_gzip;
  options.max_warc_file_bytes = args.max_warc_bytes;
  const bool warc_format = IsWarcFormat(args.format);
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  // Progress (progress.h): done/total with an ETA on a terminal, log lines otherwise.
  // Items: captures and extractions (and WACZ pages), see ExportTotal.
  Progress progress("export", warc_format ? "items" : "reports",
                    ctx.quiet ? 0 : ExportTotal(*archive, args, options.filter),
                    CommandProgressMode(ctx.quiet));
  options.progress = [&progress](const storage::ExportResult& r) { progress.Set(r.done); };
  storage::Status status;
  storage::ExportResult result;
  std::vector<std::string> written;
  if (warc_format) {
    status = RunWarcExport(*archive, options, {args.format, args.out}, std::cout, &result, &written);
  } else if (args.out.empty() || args.out == "-") {
    status = Export(*archive, args, options, std::cout, &result);
  } else {
    OutputFile out;
    status = out.Open(args.out);
    if (status.ok()) status = Export(*archive, args, options, out.stream(), &result);
    if (status.ok()) status = out.Commit();
    if (status.ok()) written.push_back(args.out);
  }
  progress.Finish(std::to_string(result.bytes >> 20) + " MB written");
  if (status.IsInvalidArgument()) throw Failure(kExitUsage, status.message());
  ThrowIfFailed(status);
  if (!ctx.quiet) {
    std::cerr << "export: " << result.reports << " reports";
    if (warc_format) std::cerr << ", " << result.records << " WARC records";
    for (size_t i = 0; i < written.size(); ++i) std::cerr << (i ? ", " : " -> ") << written[i];
    std::cerr << "\n";
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("export", "export reports as JSONL or CSV, or every capture as WARC 1.1");
  static Args args;
  cmd->add_option("--format", args.format,
                  "jsonl, csv, warc, cdxj (WARC + sorted index), wacz, stats-csv or stats-long")
      ->check(CLI::IsMember({"jsonl", "csv", "warc", "cdxj", "wacz", "stats-csv", "stats-long"}));
  cmd->add_flag("--no-gzip", args.no_gzip, "warc/cdxj: write a plain .warc (default: gzip per record)");
  cmd->add_option("--max-warc-bytes", args.max_warc_bytes,
                  "start a new WARC file past this size (default 1 GiB)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--out,-o", args.out, "output file (default: stdout)");
  cmd->add_option("--since", args.since, "only captures made on or after this date (YYYY-MM-DD)");
  cmd->add_option("--site", args.site, "only this host or site name");
  cmd->add_option("--report-year", args.report_year,
                  "only reports covering this year (read from their content)")
      ->check(CLI::Range(1990, 2100));
  cmd->add_option("--agency", args.agency, "only reports whose publishing body's name contains this");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->add_flag("--bom", args.bom, "csv: start with a UTF-8 byte order mark (Excel on Chinese Windows)");
  cmd->add_option("--encoding", args.encoding, "csv: utf-8 (default) or gb18030 (old Excel)")
      ->check(CLI::IsMember({"utf-8", "gb18030"}));
  cmd->callback([&ctx] {
    if ((args.bom || args.encoding != "utf-8") && args.format != "csv") {
      throw Failure(kExitUsage, "export: --bom and --encoding apply to --format csv only");
    }
    if (args.bom && args.encoding != "utf-8")
      throw Failure(kExitUsage, "export: --bom is for UTF-8; GB18030 needs none");
    ctx.exit_code = Run(ctx, args);
  });
}

const CommandRegistration kRegistration(60, Setup);

}  // namespace
}  // namespace gongkai::app
