// `gongkai import-warc FILE... [--archive PATH] [--no-extract]`: records the exchanges in other
// crawlers' WARC files (e.g. `wget --warc-file`) as captures of a new run, origin "warc:<file>",
// then extracts the imported HTML pages so they can be searched like our own.
// Exit codes: 0 ok, 1 unreadable file or archive, 4 a crawl holds the archive.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "adapters/reextract.h"
#include "command.h"
#include "storage/export.h"

namespace gongkai::app {
namespace {

struct Args {
  std::vector<std::string> files;
  bool no_extract = false;
  std::string archive;
};

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Run(Context& ctx, const Args& args) {
  storage::Options options = ctx.config().archive;
  if (!args.archive.empty()) options.path = args.archive;
  std::unique_ptr<storage::Archive> archive;
  storage::Status status = storage::Archive::Open(options, &archive);
  if (status.IsLocked()) throw Failure(kExitLocked, status.message());
  if (!status.ok()) throw Failure(status.IsCorruption() ? kExitDamaged : kExitFailure, status.ToString());
  int holder = 0;
  if (!archive->TryLockForCrawl(&holder)) {
    throw Failure(kExitLocked, "archive " + options.path + " is being written by process " + std::to_string(holder));
  }
  std::string seeds = "import-warc";
  for (const auto& file : args.files) seeds += "\n" + file;
  int64_t run_id = 0;
  status = archive->BeginRun({GONGKAI_VERSION, ConfigDigest(ctx.config()), seeds, NowMs()}, &run_id);
  if (!status.ok()) throw Failure(kExitFailure, status.ToString());
  nlohmann::json summary = {{"files", nlohmann::json::array()}};
  int exit_code = kExitOk;
  for (const auto& file : args.files) {
    storage::ImportResult result;
    status = storage::ImportWarc(*archive, file, run_id, &result);
    for (const auto& warning : result.warnings) std::cerr << "gongkai: warning: " << warning << "\n";
    if (!status.ok()) {
      std::cerr << "gongkai: " << status.ToString() << "\n";
      exit_code = kExitFailure;
    }
    std::cout << file << ": " << result.records << " records, " << result.captures << " captures imported\n";
    summary["files"].push_back({{"file", file}, {"records", result.records}, {"captures", result.captures},
                                {"warnings", result.warnings.size()}, {"ok", status.ok()}});
  }
  if (!args.no_extract) {
    ReextractStats stats;
    status = Reextract(options, ctx.config().extract, ReextractOptions{}, &stats);
    if (!status.ok()) throw Failure(kExitFailure, status.ToString());
    std::cout << "extracted " << stats.extracted << " pages (" << stats.failed << " not extractable)\n";
    summary["extracted"] = stats.extracted;
  }
  status = archive->FinishRun(run_id, summary.dump(), NowMs());
  if (!status.ok()) throw Failure(kExitFailure, status.ToString());
  return exit_code;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("import-warc", "bring captures from other crawlers' WARC files into the archive");
  static Args args;
  cmd->add_option("files", args.files, "WARC files (.warc or .warc.gz)")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--no-extract", args.no_extract, "import only; extract later with `gongkai reextract`");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(65, Setup);

}  // namespace
}  // namespace gongkai::app
