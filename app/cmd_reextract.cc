// `gongkai reextract [--all|--outdated] [--jobs N] [--archive PATH]`: re-runs the current extractor
// over archived report bodies, offline, on all cores. --outdated (default): bodies without an
// extraction by this extractor version; --all: every report body. Resumable after a kill; old
// extractions stay. Prints how many outputs changed.
// Exit codes: 0 ok, 1 archive unreadable/unwritable, 3 a stored body is damaged.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "adapters/reextract.h"
#include "command.h"

namespace gongkai::app {
namespace {

struct Args {
  bool all = false;
  bool outdated = false;
  int jobs = 0;
  std::string archive;
};

int Run(Context& ctx, const Args& args) {
  storage::Options options = ctx.config().archive;
  if (!args.archive.empty()) options.path = args.archive;
  if (!std::filesystem::exists(options.path)) throw Failure(kExitFailure, "no archive at " + options.path);
  ReextractOptions reextract;
  reextract.all = args.all;
  reextract.jobs = args.jobs;
  ReextractStats stats;
  Progress progress("reextract", "bodies", 0, CommandProgressMode(ctx.quiet));
  reextract.progress = &progress;
  storage::Status status = Reextract(options, ctx.config().extract, reextract, &stats);
  progress.Finish(std::to_string(stats.changed) + " changed");
  if (!status.ok()) throw Failure(status.IsCorruption() ? kExitDamaged : kExitFailure, status.message());
  char rate[32];
  std::snprintf(rate, sizeof(rate), "%.1f", stats.seconds > 0 ? stats.extracted / stats.seconds : 0.0);
  std::cout << "reextract: " << stats.tasks << " bodies, " << stats.extracted << " extracted, "
            << stats.changed << " changed, " << stats.failed << " not extractable; extractor "
            << extract::kExtractorVersion << ", " << rate << " pages/s\n";
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("reextract",
                                  "re-run the current extractor over archived bodies, offline, in parallel");
  static Args args;
  auto* all = cmd->add_flag("--all", args.all, "every report body (not only outdated ones)");
  cmd->add_flag("--outdated", args.outdated,
                "bodies without an extraction by this extractor version (default)")
      ->excludes(all);
  cmd->add_option("--jobs,-j", args.jobs, "worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(30, Setup);

}  // namespace
}  // namespace gongkai::app
