// `gongkai export --format jsonl|csv|warc [--out PATH] [--since DATE] [--site S] [--archive PATH]`:
// JSONL (one report per line: extraction + provenance), CSV (report metadata) or WARC 1.1
// (.warc.gz: warcinfo, request/response, revisit, conversion records). Writes to PATH (via a
// temporary file renamed on success) or to stdout. Formats: docs/archive-format.md.
// Exit codes: 0 ok (also for zero reports), 1 archive unreadable or output unwritable, 2 bad arguments.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "adapters/archive_open.h"
#include "command.h"
#include "progress.h"
#include "storage/export.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string format = "jsonl";
  std::string out;
  std::string since;
  std::string site;
  std::string archive;
};

storage::Status Export(storage::Archive& archive, const Args& args, const storage::ExportOptions& options,
                       std::ostream& target, storage::ExportResult* result, bool quiet) {
  Progress progress("export", "bytes", 0, ProgressMode(quiet));
  ProgressOstream out(target, &progress);
  if (args.format == "csv") return storage::ExportCsv(archive, options, out, result);
  if (args.format == "warc") return storage::ExportWarc(archive, options, out, result);
  return storage::ExportJsonl(archive, options, out, result);
}

int Run(Context& ctx, const Args& args) {
  storage::ExportOptions options;
  options.filter.site = args.site;
  if (!args.since.empty() && !storage::ParseIsoTime(args.since, &options.filter.since_ms)) {
    throw Failure(kExitUsage, "--since '" + args.since + "' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
  }
  options.software_version = GONGKAI_VERSION;
  options.redact_headers = ctx.config().archive.redact_headers;
  options.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  options.warc_filename = args.out.empty() ? "" : std::filesystem::path(args.out).filename().string();
  const crawler::Options& crawl = ctx.config().crawler;
  options.operator_contact = crawl.user_agent;
  options.robots_policy = "obey (RFC 9309; product token \"" + crawl.robots_product_token +
                          "\"; Crawl-delay honoured up to " + std::to_string(crawl.max_crawl_delay_ms / 1000) + " s)";
  options.config_digest = ConfigDigest(ctx.config());
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  storage::Status status;
  storage::ExportResult result;
  if (args.out.empty() || args.out == "-") {
    status = Export(*archive, args, options, std::cout, &result, ctx.quiet);
  } else {
    std::string temporary = args.out + ".partial";
    {
      std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
      if (!out) throw Failure(kExitFailure, "cannot write " + temporary);
      status = Export(*archive, args, options, out, &result, ctx.quiet);
    }
    std::error_code ec;
    if (status.ok()) std::filesystem::rename(temporary, args.out, ec);
    if (!status.ok() || ec) std::filesystem::remove(temporary, ec);
    if (status.ok() && ec) throw Failure(kExitFailure, "cannot create " + args.out + ": " + ec.message());
  }
  ThrowIfFailed(status);
  if (!ctx.quiet) {
    std::cerr << "export: " << result.reports << " reports";
    if (args.format == "warc") std::cerr << ", " << result.records << " WARC records";
    std::cerr << (args.out.empty() ? "" : " -> " + args.out) << "\n";
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("export", "export reports as JSONL or CSV, or every capture as WARC 1.1");
  static Args args;
  cmd->add_option("--format", args.format, "jsonl, csv or warc")->check(CLI::IsMember({"jsonl", "csv", "warc"}));
  cmd->add_option("--out,-o", args.out, "output file (default: stdout)");
  cmd->add_option("--since", args.since, "only captures made on or after this date (YYYY-MM-DD)");
  cmd->add_option("--site", args.site, "only this host or site name");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(60, Setup);

}  // namespace
}  // namespace gongkai::app
