// `gongkai verify [--archive PATH]`: re-hashes every stored body, checks every reference, the search
// index and SQLite's integrity. Never repairs anything.
// Exit codes: 0 clean, 1 archive missing/unreadable, 3 damage found (each problem printed).
#include <filesystem>
#include <iostream>

#include "adapters/archive_open.h"
#include "command.h"
#include "progress.h"
#include "storage/archive.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string archive;
};

int Run(Context& ctx, const Args& args) {
  storage::Options options = ArchiveOptions(ctx, args.archive);
  if (!std::filesystem::exists(options.path)) throw Failure(kExitFailure, "no archive at " + options.path);
  std::unique_ptr<storage::Archive> archive;
  storage::Status status = storage::Archive::OpenReadOnly(options, &archive);
  storage::VerifyReport report;
  Progress progress("verify", "checks", 0, CommandProgressMode(ctx.quiet));
  if (status.ok()) status = archive->Verify(&report);
  progress.Add(report.blobs_checked + report.captures_checked + report.extractions_checked);
  progress.Finish(report.ok() ? "no damage found" : std::to_string(report.problems.size()) + " problem(s)");
  if (status.IsCorruption())
    report.problems.push_back(status.message());
  else if (!status.ok())
    throw Failure(kExitFailure, status.message());
  for (const auto& problem : report.problems) std::cout << "DAMAGE: " << problem << "\n";
  std::cout << options.path << ": " << report.blobs_checked << " bodies re-hashed, "
            << report.captures_checked << " captures, " << report.extractions_checked
            << " extractions checked; "
            << (report.ok() ? "no damage found" : std::to_string(report.problems.size()) + " problem(s)")
            << "\n";
  return report.ok() ? kExitOk : kExitDamaged;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("verify", "re-hash every blob, check references and SQLite integrity");
  static Args args;
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(90, Setup);

}  // namespace
}  // namespace gongkai::app
