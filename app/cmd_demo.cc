// `gongkai demo [--archive PATH] [--port-base N] [--min-delay-ms N]`
// Starts the simulated government portal in-process on loopback (8 sites, every CMS template,
// charset and robots mode, the faults), crawls it with the default politeness (robots.txt,
// Crawl-delay, per-host and per-IP gaps; only the demo seeds' minimum gap is lowered so it takes
// under a minute) into a local SQLite archive, then prints the run summary, the first reports and
// how to look further. The sites listen on fixed ports (port-base + site index), so a second run
// crawls the same URLs: conditional GETs, 304s, nothing stored twice.
// Exit codes: 0 ok (a parked or challenged host is part of the demo); 1 the portal could not start
// or the archive failed; 4 another crawl holds the archive; 130 interrupted.
#include <iostream>

#include "adapters/crawl_run.h"
#include "command.h"
#include "portal/portal.h"
#include "storage/archive.h"

namespace gongkai::app {
namespace {

// Demo overrides: politeness stays on; only waits that would make the demo slow are shortened.
constexpr int64_t kDemoMinDelayMs = 250;      // seed override of min_delay_ms (default 3 s)
constexpr int64_t kDemoRobotsRetryMs = 2000;  // the flaky site's robots.txt recovers quickly
constexpr int64_t kDemoBackoffBaseMs = 500;
constexpr int64_t kDemoMaxBodyBytes = 4 << 20;  // the oversized page is cut (and recorded as such)
constexpr int kDemoReportsShown = 10;

struct DemoArgs {
  std::string archive = "demo-archive/gongkai.sqlite";
  int port_base = 18700;
  int64_t min_delay_ms = kDemoMinDelayMs;
};

std::vector<crawler::Seed> SeedsFromPortal(const portal::Portal& portal, int64_t min_delay_ms) {
  std::vector<crawler::Seed> seeds;
  for (const auto& site : portal.sites()) {
    crawler::Seed seed;
    seed.name = site.name;
    seed.region = "simulated";
    seed.listing_urls = site.listing_urls;
    seed.allowed_hosts = {site.host};
    seed.verified = true;
    seed.min_delay_ms = min_delay_ms;
    seeds.push_back(seed);
  }
  return seeds;
}

void PrintReports(const std::string& path) {
  std::unique_ptr<storage::Archive> archive;
  storage::Options options;
  options.path = path;
  if (!storage::Archive::OpenReadOnly(options, &archive).ok()) return;
  int shown = 0;
  int64_t total = 0;
  std::cout << "\nFirst reports in the archive:\n";
  const Status listed = archive->ForEachReport({}, [&](const storage::Report& r) {
    ++total;
    if (shown < kDemoReportsShown) {
      ++shown;
      std::cout << "  "
                << (r.extraction.published.empty() ? "----------" : r.extraction.published.substr(0, 10))
                << "  " << r.extraction.title << "  ["
                << (!r.extraction.site.empty() ? r.extraction.site
                    : !r.seed.empty()          ? r.seed
                                               : r.capture.host)
                << "]\n";
    }
    return true;
  });
  if (!listed.ok()) {
    std::cout << "  (cannot list the reports: " << listed.message() << ")\n";
    return;
  }
  std::cout << "  (" << total << " reports archived)\n";
}

int Run(Context& ctx, const DemoArgs& args) {
  Config& config = ctx.config();
  portal::Options portal_options;
  portal_options.sites = portal::DefaultSites();
  for (size_t i = 0; i < portal_options.sites.size(); ++i) {
    portal_options.sites[i].port = args.port_base + static_cast<int>(i);
  }
  std::unique_ptr<portal::Portal> portal;
  const Status started = portal::Portal::Start(portal_options, &portal);
  if (!started.ok())
    throw Failure(kExitFailure,
                  "cannot start the simulated portal: " + started.message() + " (try --port-base)");
  std::cerr << "Simulated portal: " << portal->sites().size() << " sites on loopback";
  for (const auto& site : portal->sites()) std::cerr << " " << site.host;
  std::cerr << "\n";

  CrawlRunRequest request;
  request.crawler = config.crawler;
  request.crawler.robots_retry_ms = std::min(request.crawler.robots_retry_ms, kDemoRobotsRetryMs);
  request.crawler.backoff_base_ms = std::min(request.crawler.backoff_base_ms, kDemoBackoffBaseMs);
  request.crawler.max_body_bytes = std::min<int64_t>(request.crawler.max_body_bytes, kDemoMaxBodyBytes);
  request.extract = config.extract;
  request.archive = config.archive;
  request.archive.path = args.archive;
  request.seeds = SeedsFromPortal(*portal, args.min_delay_ms);
  request.seeds_text = DescribeSeeds(request.seeds);
  request.config_digest = ConfigDigest(config);
  request.progress = ctx.quiet ? ProgressMode::kNone : ProgressMode::kAuto;
  request.log_interval_ms = 5000;
  CrawlRunOutcome outcome;
  int code = RunCrawl(request, &outcome, std::cerr);
  portal->Stop();
  if (outcome.run_id == 0) return code;
  std::cout << "Run " << outcome.run_id << (outcome.resumed ? " (resumed)" : "") << " into " << args.archive
            << "\n"
            << outcome.summary.ToText();
  PrintReports(args.archive);
  std::cout << "\nLook further:\n"
            << "  gongkai search 政府信息公开 --archive " << args.archive << "\n"
            << "  gongkai show URL --provenance --archive " << args.archive << "\n"
            << "  gongkai runs --archive " << args.archive << "     gongkai stats --archive " << args.archive
            << "\n"
            << "  gongkai demo                 (again: the incremental path, 304s, nothing stored twice)\n"
            << "  gongkai portal               (browse the simulated sites yourself)\n";
  return code == kExitPartial ? kExitOk : code;
}

void Setup(CLI::App& root, Context& ctx) {
  static DemoArgs storage;  // lives as long as the CLI
  DemoArgs* args = &storage;
  auto* cmd =
      root.add_subcommand("demo", "crawl a simulated government portal on loopback into a local archive");
  cmd->add_option("--archive", args->archive,
                  "the SQLite archive to fill (default: demo-archive/gongkai.sqlite)");
  cmd->add_option("--port-base", args->port_base, "first port of the simulated sites (default 18700)")
      ->check(CLI::Range(1024, 65000));
  cmd->add_option("--min-delay-ms", args->min_delay_ms,
                  "minimum gap per host for the demo seeds (default 250)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([&ctx, args] { ctx.exit_code = Run(ctx, *args); });
}

const CommandRegistration kRegistration(15, Setup);

}  // namespace
}  // namespace gongkai::app
