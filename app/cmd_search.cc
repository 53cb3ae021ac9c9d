// `gongkai search QUERY [--site S] [--year Y] [--limit N] [--json] [--archive PATH]`: full-text search
// over the current extraction of each archived report, best first, with highlighted snippets.
// Queries of 3+ characters per word use the trigram index; shorter words scan.
// Exit codes: 0 ok (also when nothing matched), 1 archive missing/unreadable, 2 bad query.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "adapters/archive_open.h"
#include "command.h"
#include "storage/archive.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string query;
  std::string site;
  int year = 0;
  int limit = 20;
  bool json = false;
  std::string archive;
};

int Run(Context& ctx, const Args& args) {
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  storage::SearchQuery query;
  query.text = args.query;
  query.site = args.site;
  query.year = args.year;
  query.limit = args.limit;
  bool tty = !args.json && isatty(STDOUT_FILENO);
  query.highlight_open = tty ? "\033[1;31m" : "[";
  query.highlight_close = tty ? "\033[0m" : "]";
  std::vector<storage::SearchHit> hits;
  storage::Status status = archive->Search(query, &hits);
  if (status.IsInvalidArgument()) throw Failure(kExitUsage, status.message());
  ThrowIfFailed(status);
  if (args.json) {
    for (const auto& h : hits) {
      nlohmann::json line = {{"capture_id", h.capture_id}, {"url", h.url},       {"title", h.title},
                             {"published", h.published},   {"site", h.site},     {"snippet", h.snippet},
                             {"score", h.score}};
      std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return kExitOk;
  }
  int n = 0;
  for (const auto& h : hits) {
    std::cout << ++n << ". " << h.title << "  (" << (h.published.empty() ? "no date" : h.published) << ", "
              << h.site << ")\n   " << h.url << "  [" << h.capture_id << "]\n   " << h.snippet << "\n";
  }
  if (!ctx.quiet) std::cerr << hits.size() << (hits.size() == 1 ? " report" : " reports") << " found\n";
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("search", "full-text search of the archived reports");
  static Args args;
  cmd->add_option("query", args.query, "words to find (Chinese needs no spaces)")->required();
  cmd->add_option("--site", args.site, "only this host or site name");
  cmd->add_option("--year", args.year, "only reports published in this year")->check(CLI::Range(1949, 2100));
  cmd->add_option("--limit", args.limit, "at most this many results")->check(CLI::Range(1, 10000));
  cmd->add_flag("--json", args.json, "one JSON object per line");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(40, Setup);

}  // namespace
}  // namespace gongkai::app
