// `gongkai crawl [--seeds FILE|DIR] [--max-pages N] [--max-duration S] [--archive PATH]
//                [--progress auto|live|log|none] [--log-interval S]`
// Crawls the seed lists (seeds/*.toml by default, [seeds] dir in config.toml) into the archive.
// An unfinished run (killed, interrupted, or stopped by --max-pages/--max-duration) is resumed by
// the next `gongkai crawl`; a finished run makes the next one incremental (conditional GETs).
// Exit codes: 0 ok; 1 archive cannot be opened/written; 2 bad flags, config or seed file;
// 4 another crawl holds the archive lock; 5 ended with failures or hosts not crawled (README "How a
// crawl ends"); 130 interrupted by SIGINT/SIGTERM (resumable).
#include <iostream>

#include "seed_files.h"
#include "adapters/crawl_run.h"
#include "command.h"

namespace gongkai::app {
namespace {

struct CrawlArgs {
  std::string seeds;
  std::vector<std::string> urls;  // --url: crawl these entry points without a seed file
  std::string archive;
  int64_t max_pages = 0;
  double max_duration_s = 0;
  std::string progress = "auto";
  double log_interval_s = 30;
};

ProgressMode ParseProgress(const std::string& mode) {
  if (mode == "live") return ProgressMode::kLive;
  if (mode == "log") return ProgressMode::kLog;
  if (mode == "none") return ProgressMode::kNone;
  return ProgressMode::kAuto;
}

int Run(Context& ctx, const CrawlArgs& args) {
  Config& config = ctx.config();
  CrawlRunRequest request;
  request.crawler = config.crawler;
  request.extract = config.extract;
  request.archive = config.archive;
  if (!args.archive.empty()) request.archive.path = args.archive;
  std::string seeds_path = args.seeds.empty() ? config.seeds_dir : args.seeds;
  if (!args.urls.empty()) {
    crawler::Seed seed;
    if (!args.seeds.empty()) throw Failure(kExitUsage, "crawl: give --url or --seeds, not both");
    Status status = crawler::SeedFromUrls(args.urls, &seed);
    if (!status.ok()) throw Failure(kExitUsage, "crawl: " + status.message());
    request.seeds.push_back(std::move(seed));
  } else if (Status status = LoadSeeds(seeds_path, &request.seeds); !status.ok()) {
    throw Failure(kExitUsage, status.message());
  }
  if (request.seeds.empty()) throw Failure(kExitUsage, seeds_path + ": no [[seed]] entries to crawl");
  request.seeds_text = DescribeSeeds(request.seeds);
  request.config_digest = ConfigDigest(config);
  request.limits.max_pages = args.max_pages;
  request.limits.max_duration_ms = static_cast<int64_t>(args.max_duration_s * 1000);
  request.progress = ctx.quiet ? ProgressMode::kNone : ParseProgress(args.progress);
  request.log_interval_ms = static_cast<int64_t>(args.log_interval_s * 1000);
  CrawlRunOutcome outcome;
  int code = RunCrawl(request, &outcome, std::cerr);
  if (outcome.run_id == 0) return code;
  ctx.run_summary = outcome.summary.ToJson();
  std::cout << "Run " << outcome.run_id << (outcome.resumed ? " (resumed)" : "") << " — archive "
            << request.archive.path << "\n"
            << outcome.summary.ToText();
  if (!outcome.finished) std::cout << "The run is unfinished; `gongkai crawl` again resumes it.\n";
  return code;
}

void Setup(CLI::App& root, Context& ctx) {
  static CrawlArgs storage;  // lives as long as the CLI
  CrawlArgs* args = &storage;
  auto* cmd = root.add_subcommand("crawl", "crawl the seed lists into the archive (resumable, incremental)");
  cmd->add_option("--url", args->urls,
                  "crawl this entry point (home page, 政府信息公开 page or 年报 column) without a seed file; "
                  "repeatable; the seed is named after the host");
  cmd->add_option("--seeds", args->seeds,
                  "a seed file or a directory of *.toml seed files (default: [seeds] dir)");
  cmd->add_option("--archive", args->archive, "the SQLite archive (default: [archive] path)");
  cmd->add_option("--max-pages", args->max_pages, "stop after this many page requests (run stays resumable)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-duration", args->max_duration_s,
                  "stop after this many seconds (run stays resumable)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--progress", args->progress,
                  "auto (live on a terminal, log lines otherwise), live, log, none")
      ->check(CLI::IsMember({"auto", "live", "log", "none"}));
  cmd->add_option("--log-interval", args->log_interval_s, "seconds between progress log lines (default 30)")
      ->check(CLI::PositiveNumber);
  cmd->callback([&ctx, args] { ctx.exit_code = Run(ctx, *args); });
}

const CommandRegistration kRegistration(10, Setup);

}  // namespace
}  // namespace gongkai::app
