// `gongkai search QUERY... [--site S] [--year Y] [--report-year Y] [--agency A] [--sort relevance|date]
// [--offset N] [--limit N] [--json] [--archive PATH]`: full-text search over the current extraction
// of each archived report, with highlighted snippets, and the number of all matches ("20 of 70").
// --year is the publication year; --report-year the year the report covers (from its content).
// Query syntax: storage::SearchQuery (storage/records.h), summarised in `search --help`.
// Exit codes: 0 ok (also when nothing matched), 1 archive missing/unreadable, 2 bad query.
#include <unistd.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "adapters/archive_open.h"
#include "command.h"
#include "storage/archive.h"
#include "storage/export.h"
#include "terminal.h"
#include "usage_errors.h"

namespace gongkai::app {
namespace {

constexpr char kSyntax[] =
    R"(Query syntax (full-width and half-width forms, and letter case, match each other;
Chinese needs no spaces: a term matches anywhere in the text):
  年度报告 复议          both terms (terms are ANDed)
  复议 OR 诉讼           either term (OR in capitals joins the terms beside it)
  -通知                  reports without the term
  "工作 年度报告"        the phrase, spaces included (“…” works too)
  title:年度报告         the term in the title only; title:"…" for a phrase
Quote the query for the shell: gongkai search '年度报告 -通知'.
The total of all matches goes to stderr ("20 of 70 reports"); --offset pages through them all.)";

struct Args {
  std::vector<std::string> words;
  std::string site;
  int year = 0;
  int report_year = 0;
  std::string agency;
  storage::SearchSort sort = storage::SearchSort::kRelevance;
  int64_t offset = 0;
  int64_t limit = 20;
  bool json = false;
  std::string archive;
};

std::string Join(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& w : words) text += (text.empty() ? "" : " ") + w;
  return text;
}

int Run(Context& ctx, const Args& args) {
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  storage::SearchQuery query;
  query.text = Join(args.words);
  query.site = args.site;
  query.year = args.year;
  query.report_year = args.report_year;
  query.agency = args.agency;
  query.sort = args.sort;
  query.offset = args.offset;
  query.limit = args.limit;
  bool color = !args.json && UseColor(STDOUT_FILENO);
  query.highlight_open = color ? "\033[1;31m" : "[";
  query.highlight_close = color ? "\033[0m" : "]";
  std::vector<storage::SearchHit> hits;
  int64_t total = 0;
  storage::Status status = archive->Search(query, &hits, &total);
  if (status.IsInvalidArgument()) throw Failure(kExitUsage, status.message());
  if (status.IsCorruption()) throw Failure(kExitDamaged, status.message() + ": damaged: run gongkai verify");
  if (!status.ok()) throw Failure(kExitFailure, status.message());
  int64_t rank = args.offset;
  for (const auto& h : hits) {
    ++rank;
    if (args.json) {
      nlohmann::json line = {
          {"rank", rank},   {"total", total},       {"capture_id", h.capture_id},
          {"url", h.url},   {"title", h.title},     {"published", storage::FormatPublished(h.published)},
          {"site", h.site}, {"snippet", h.snippet}, {"score", h.score}};
      std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      continue;
    }
    std::cout << rank << ". " << h.title << "  ("
              << (h.published.empty() ? "no date" : storage::FormatPublished(h.published)) << ", " << h.site
              << ")\n   " << h.url << "  [" << h.capture_id << "]\n   " << h.snippet << "\n";
  }
  if (!ctx.quiet) {
    std::cerr << hits.size() << " of " << total << (total == 1 ? " report" : " reports");
    if (!hits.empty()) std::cerr << " (" << args.offset + 1 << "-" << rank << ")";
    if (rank < total) std::cerr << "; next: --offset " << rank;
    std::cerr << "\n";
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("search", "full-text search of the archived reports");
  cmd->footer(kSyntax);
  static Args args;
  cmd->add_option("query", args.words, "words to find (see the syntax below)");
  cmd->add_option("--site", args.site, "only this host or site name");
  cmd->add_option("--year", args.year, "only reports published in this year")->check(CLI::Range(1949, 2100));
  cmd->add_option("--report-year", args.report_year,
                  "only reports covering this year (read from their content)")
      ->check(CLI::Range(1990, 2100));
  cmd->add_option("--agency", args.agency, "only reports whose publishing body's name contains this");
  const std::map<std::string, storage::SearchSort> sorts{{"relevance", storage::SearchSort::kRelevance},
                                                         {"date", storage::SearchSort::kDate}};
  cmd->add_option("--sort", args.sort, "relevance (default) or date (newest first)")
      ->transform(CLI::CheckedTransformer(sorts));
  cmd->add_option("--offset", args.offset, "skip this many results (paging)");
  cmd->add_option("--limit", args.limit, "show this many results (default 20; 0 = all)");
  cmd->add_flag("--json", args.json, "one JSON object per line (with rank and total)");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->allow_extras();
  cmd->callback([&ctx, cmd] {
    // "-word" excludes a word, but CLI11 reads it as an unknown short option (usage_errors.h).
    for (const std::string& word : DashWords(*cmd)) args.words.push_back(word);
    if (args.offset < 0 || args.limit < 0)
      throw Failure(kExitUsage, "search: --offset and --limit must be 0 or more");
    if (args.words.empty())
      throw Failure(kExitUsage, "search: a query is required (see gongkai search --help)");
    ctx.exit_code = Run(ctx, args);
  });
}

const CommandRegistration kRegistration(40, Setup);

}  // namespace
}  // namespace gongkai::app
