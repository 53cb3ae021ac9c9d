// `gongkai stats [--archive PATH]`: per site (host): reports, captures, errors, bytes downloaded vs
// distinct vs stored (compressed), and the archive file's size on disk against the bytes downloaded.
// Exit codes: 0 ok, 1 archive missing/unreadable.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "adapters/archive_open.h"
#include "command.h"
#include "json_records.h"
#include "storage/archive.h"

namespace gongkai::app {
namespace {

struct Args {
  bool json = false;
  std::string archive;
};

std::string Megabytes(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.2f", bytes / 1e6);
  return text;
}

int64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(size);
}

nlohmann::json SiteJson(const storage::SiteStats& s) {
  return {{"host", s.host},
          {"reports", s.reports},
          {"captures", s.captures},
          {"errors", s.errors},
          {"raw_bytes", s.raw_bytes},
          {"unique_bytes", s.unique_bytes},
          {"stored_bytes", s.stored_bytes}};
}

// --json: {"sites": [...], "total": {...}, "archive": {"path", "bytes_on_disk"}}.
void PrintJson(const std::string& path, const std::vector<storage::SiteStats>& sites) {
  nlohmann::json list = nlohmann::json::array();
  storage::SiteStats total;
  for (const auto& s : sites) {
    list.push_back(SiteJson(s));
    total.reports += s.reports;
    total.captures += s.captures;
    total.errors += s.errors;
    total.raw_bytes += s.raw_bytes;
    total.unique_bytes += s.unique_bytes;
    total.stored_bytes += s.stored_bytes;
  }
  nlohmann::json totals = SiteJson(total);
  totals.erase("host");
  std::cout << JsonLine({{"sites", list},
                         {"total", totals},
                         {"archive",
                          {{"path", path}, {"bytes_on_disk", FileSize(path) + FileSize(path + "-wal")}}}})
            << "\n";
}

int Run(Context& ctx, const Args& args) {
  const storage::Options options = ArchiveOptions(ctx, args.archive);
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  std::vector<storage::SiteStats> sites;
  ThrowIfFailed(archive->Stats(&sites));
  if (args.json) {
    PrintJson(options.path, sites);
    return kExitOk;
  }
  std::printf("%-32s %8s %9s %7s %11s %11s %11s\n", "site", "reports", "captures", "errors", "raw MB",
              "unique MB", "stored MB");
  storage::SiteStats total;
  for (const auto& s : sites) {
    std::printf("%-32s %8lld %9lld %7lld %11s %11s %11s\n", s.host.empty() ? "-" : s.host.c_str(),
                static_cast<long long>(s.reports), static_cast<long long>(s.captures),
                static_cast<long long>(s.errors), Megabytes(s.raw_bytes).c_str(),
                Megabytes(s.unique_bytes).c_str(), Megabytes(s.stored_bytes).c_str());
    total.reports += s.reports;
    total.captures += s.captures;
    total.errors += s.errors;
    total.raw_bytes += s.raw_bytes;
    total.unique_bytes += s.unique_bytes;
    total.stored_bytes += s.stored_bytes;
  }
  std::printf("%-32s %8lld %9lld %7lld %11s %11s %11s\n", "total", static_cast<long long>(total.reports),
              static_cast<long long>(total.captures), static_cast<long long>(total.errors),
              Megabytes(total.raw_bytes).c_str(), Megabytes(total.unique_bytes).c_str(),
              Megabytes(total.stored_bytes).c_str());
  int64_t on_disk = FileSize(options.path) + FileSize(options.path + "-wal");
  std::printf("archive file %s: %s MB on disk", options.path.c_str(), Megabytes(on_disk).c_str());
  if (total.raw_bytes > 0) std::printf(" = %.3f x raw bytes", static_cast<double>(on_disk) / total.raw_bytes);
  std::printf("\n");
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("stats", "per-site figures of the archive");
  static Args args;
  cmd->add_flag("--json", args.json, "one JSON object: per-site figures, totals, the file's size");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(80, Setup);

}  // namespace
}  // namespace gongkai::app
