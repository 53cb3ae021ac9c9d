// `gongkai import-warc FILE... [--archive PATH] [--no-extract]`: records the exchanges in other
// crawlers' WARC files (e.g. `wget --warc-file`; `-` reads standard input) as captures of a new
// run of kind "import" (never resumed by a crawl), origin "warc:<file>", then extracts the imported
// report pages so they can be searched like our own. Streams with bounded memory; a record
// imported before is skipped; damage is skipped up to the next record and counted.
// Exit codes: 0 ok, 1 unreadable file or archive, 4 a crawl holds the archive, 6 a file was damaged
// (the records around the damage were imported).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/time.h"
#include "adapters/import_classify.h"
#include "adapters/reextract.h"
#include "command.h"
#include "log.h"
#include "progress.h"
#include "storage/export.h"

namespace gongkai::app {
namespace {

struct Args {
  std::vector<std::string> files;
  bool no_extract = false;
  std::string archive;
};

// The size of a file to import in megabytes (MiB), rounded up; 0 (no total) for standard input.
int64_t MegabytesOfFile(const std::string& file) {
  std::error_code ec;
  if (file == "-" || !std::filesystem::is_regular_file(file, ec)) return 0;
  const auto bytes = static_cast<int64_t>(std::filesystem::file_size(file, ec));
  return ec ? 0 : (bytes + (1 << 20) - 1) >> 20;
}

// Progress (progress.h: a live line on a terminal, log lines otherwise) counts the megabytes of
// the file read, against its size (an ETA; none for standard input).
storage::ImportOptions MakeImportOptions(Context& ctx, Progress* progress) {
  storage::ImportOptions options;
  const crawler::Options& crawl = ctx.config().crawler;
  options.max_body_bytes = crawl.max_body_bytes;
  options.classify = [&crawl](const std::string& url, const std::string& type, std::string_view body) {
    return ClassifyImportedPage(crawl, url, type, body);
  };
  options.progress = [progress](const storage::ImportResult& r) { progress->Set(r.raw_bytes >> 20); };
  return options;
}

int Run(Context& ctx, const Args& args) {
  storage::Options options = ctx.config().archive;
  if (!args.archive.empty()) options.path = args.archive;
  std::unique_ptr<storage::Archive> archive;
  storage::Status status = storage::Archive::Open(options, &archive);
  if (status.IsLocked()) throw Failure(kExitLocked, status.message());
  if (!status.ok()) throw Failure(status.IsCorruption() ? kExitDamaged : kExitFailure, status.message());
  int holder = 0;
  if (!archive->TryLockForCrawl(&holder)) {
    throw Failure(kExitLocked,
                  "archive " + options.path + " is being written by process " + std::to_string(holder));
  }
  std::string seeds = "import-warc";
  for (const auto& file : args.files) seeds += "\n" + file;
  storage::RunInfo info{GONGKAI_VERSION, ConfigDigest(ctx.config()), seeds, NowMs()};
  info.kind = storage::kRunKindImport;
  int64_t run_id = 0;
  status = archive->BeginRun(info, &run_id);
  if (!status.ok()) throw Failure(kExitFailure, status.message());
  nlohmann::json summary = {{"files", nlohmann::json::array()}};
  int exit_code = kExitOk;
  for (const auto& file : args.files) {
    storage::ImportResult result;
    Progress progress("import-warc", "megabytes", MegabytesOfFile(file), CommandProgressMode(ctx.quiet));
    storage::ImportOptions import_options = MakeImportOptions(ctx, &progress);
    status = file == "-" ? storage::ImportWarcStream(*archive, std::cin, "-", run_id, import_options, &result)
                         : storage::ImportWarc(*archive, file, run_id, import_options, &result);
    progress.Set((result.raw_bytes + (1 << 20) - 1) >> 20);  // rounded up as the total is
    progress.Finish(file + ": " + std::to_string(result.records) + " records, " +
                    std::to_string(result.captures) + " captures, " + std::to_string(result.damaged) +
                    " damaged");
    for (const auto& warning : result.warnings) log::Warn("import-warc: " + warning);
    if (!status.ok()) {
      log::Error("gongkai: " + status.message());
      exit_code = kExitFailure;
    } else if (result.damaged > 0 && exit_code == kExitOk) {
      exit_code = kExitImportDamaged;
    }
    std::cout << file << ": " << result.records << " records, " << result.captures << " captures imported, "
              << result.duplicates << " already imported, " << result.damaged << " damaged\n";
    summary["files"].push_back({{"file", file},
                                {"records", result.records},
                                {"captures", result.captures},
                                {"duplicates", result.duplicates},
                                {"damaged", result.damaged},
                                {"warnings", result.warnings.size()},
                                {"ok", status.ok()}});
  }
  if (!args.no_extract) {
    ReextractStats stats;
    Progress progress("import-warc: extract", "bodies", 0, CommandProgressMode(ctx.quiet));
    ReextractOptions reextract;
    reextract.progress = &progress;
    status = Reextract(options, ctx.config().extract, reextract, &stats);
    progress.Finish();
    if (!status.ok()) throw Failure(kExitFailure, status.message());
    std::cout << "extracted " << stats.extracted << " pages (" << stats.failed << " not extractable)\n";
    summary["extracted"] = stats.extracted;
  }
  status = archive->FinishRun(run_id, summary.dump(), NowMs());
  if (!status.ok()) throw Failure(kExitFailure, status.message());
  if (exit_code == kExitImportDamaged) log::Error("import-warc: damaged input (see the warnings above)");
  return exit_code;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd =
      root.add_subcommand("import-warc", "bring captures from other crawlers' WARC files into the archive");
  static Args args;
  cmd->add_option("files", args.files, "WARC files (.warc or .warc.gz); - reads standard input")
      ->required()
      ->check(CLI::ExistingFile | CLI::IsMember({"-"}));
  cmd->add_flag("--no-extract", args.no_extract, "import only; extract later with `gongkai reextract`");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(65, Setup);

}  // namespace
}  // namespace gongkai::app
