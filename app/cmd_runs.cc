// `gongkai runs [--json] [--archive PATH]`: the crawl and import runs in the archive, oldest first.
// Exit codes: 0 ok, 1 archive missing/unreadable.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "adapters/archive_open.h"
#include "command.h"
#include "storage/archive.h"
#include "storage/export.h"

namespace gongkai::app {
namespace {

struct Args {
  bool json = false;
  std::string archive;
};

// One line of the run's figures: the scalars of its summary (per-host tables are left to --json).
std::string SummaryLine(const std::string& summary_json) {
  nlohmann::json summary = nlohmann::json::parse(summary_json, nullptr, false);
  if (!summary.is_object()) return summary_json;
  std::string line;
  for (const auto& [key, value] : summary.items()) {
    if (value.is_object() && key == "reports") {
      for (const auto& [kind, count] : value.items()) line += " reports_" + kind + "=" + count.dump();
    } else if (value.is_primitive()) {
      line += " " + key + "=" + value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  return line.empty() ? line : line.substr(1);
}

int Run(Context& ctx, const Args& args) {
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  std::vector<storage::Run> runs;
  ThrowIfFailed(archive->ListRuns(&runs));
  for (const auto& run : runs) {
    std::string ended = run.ended_at_ms ? storage::FormatIsoTime(run.ended_at_ms) : "unfinished";
    if (args.json) {
      nlohmann::json line = {{"id", run.id},
                             {"started_at", storage::FormatIsoTime(run.info.started_at_ms)},
                             {"ended_at", run.ended_at_ms ? nlohmann::json(ended) : nlohmann::json(nullptr)},
                             {"gongkai_version", run.info.gongkai_version},
                             {"config_digest", run.info.config_digest},
                             {"summary", nlohmann::json::parse(run.summary_json, nullptr, false)}};
      if (line["summary"].is_discarded()) line["summary"] = nullptr;
      std::cout << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      continue;
    }
    std::cout << std::setw(4) << run.id << "  " << storage::FormatIsoTime(run.info.started_at_ms) << "  "
              << std::setw(20) << std::left << ended << std::right << "  v" << run.info.gongkai_version
              << "  config " << run.info.config_digest.substr(0, 12) << "  " << SummaryLine(run.summary_json)
              << "\n";
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("runs", "crawl runs recorded in the archive");
  static Args args;
  cmd->add_flag("--json", args.json, "one JSON object per line");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(70, Setup);

}  // namespace
}  // namespace gongkai::app
