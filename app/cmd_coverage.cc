// `gongkai coverage [--format text|csv|json] [--from Y] [--to Y] [--site S] [--agency A]
// [--seeds FILE|DIR] [--archive PATH]`: per publishing agency and report year (the year a report
// covers, read from its content), whether a report was found, whether its statistics tables were
// found and whether they passed their checks. Every seed's portal is listed even when nothing of it
// was archived. Exit codes: 0 ok, 1 archive unreadable, 2 bad arguments.
#include <iostream>
#include <nlohmann/json.hpp>

#include "seed_files.h"
#include "adapters/archive_open.h"
#include "command.h"
#include "crawler/seed.h"
#include "storage/agency_coverage.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string format = "text";
  int from = 0;
  int to = 0;
  std::string site;
  std::string agency;
  std::string seeds;
  std::string archive;
};

std::string Csv(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char ch : value) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  return out;
}

// "yes", "no", or "2/3" when some of several reports qualify.
std::string Share(int part, int whole) {
  if (whole == 0) return "-";
  if (part == whole) return "yes";
  if (part == 0) return "no";
  return std::to_string(part) + "/" + std::to_string(whole);
}

void PrintText(const std::vector<storage::AgencyCoverageRow>& rows) {
  std::cout << "agency\tregion\treport_year\treport\ttables\tchecks\tfailed rules\n";
  for (const auto& r : rows) {
    std::cout << r.agency << "\t" << (r.region.empty() ? "-" : r.region) << "\t"
              << (r.report_year ? std::to_string(r.report_year) : "unknown") << "\t"
              << (r.reports == 0   ? "MISSING"
                  : r.reports == 1 ? "yes"
                                   : std::to_string(r.reports) + " reports")
              << "\t" << Share(r.with_tables, r.reports) << "\t" << Share(r.checks_passed, r.with_tables)
              << "\t" << (r.failed_rules.empty() ? "-" : Join(r.failed_rules)) << "\n";
  }
}

void PrintCsv(const std::vector<storage::AgencyCoverageRow>& rows) {
  std::cout << "agency,region,report_year,reports,with_tables,checks_passed,failed_rules,urls\r\n";
  for (const auto& r : rows) {
    std::cout << Csv(r.agency) << "," << Csv(r.region) << ","
              << (r.report_year ? std::to_string(r.report_year) : "") << "," << r.reports << ","
              << r.with_tables << "," << r.checks_passed << "," << Csv(Join(r.failed_rules)) << ","
              << Csv(Join(r.urls)) << "\r\n";
  }
}

void PrintJson(const std::vector<storage::AgencyCoverageRow>& rows) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& r : rows) {
    out.push_back({{"agency", r.agency},
                   {"region", r.region},
                   {"report_year",
                    r.report_year ? nlohmann::ordered_json(r.report_year) : nlohmann::ordered_json(nullptr)},
                   {"report_found", r.reports > 0},
                   {"reports", r.reports},
                   {"tables_found", r.with_tables},
                   {"checks_passed", r.checks_passed},
                   {"failed_rules", r.failed_rules},
                   {"urls", r.urls}});
  }
  std::cout << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

int Run(Context& ctx, const Args& args) {
  if (args.from && args.to && args.from > args.to)
    throw Failure(kExitUsage,
                  "--from " + std::to_string(args.from) + " is after --to " + std::to_string(args.to));
  storage::AgencyCoverageOptions options;
  options.filter.site = args.site;
  options.filter.agency = args.agency;
  options.first_year = args.from;
  options.last_year = args.to;
  std::vector<crawler::Seed> seeds;
  std::string seeds_path = args.seeds.empty() ? ctx.config().seeds_dir : args.seeds;
  if (Status status = LoadSeeds(seeds_path, &seeds); !status.ok()) {
    if (!args.seeds.empty()) throw Failure(kExitUsage, status.message());  // asked for: must be readable
    seeds.clear();
  }
  for (const auto& seed : seeds)
    if (args.agency.empty() || seed.name.find(args.agency) != std::string::npos)
      options.expected_agencies.push_back({seed.name, seed.region});
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  std::vector<storage::AgencyCoverageRow> rows;
  storage::Status status = storage::AgencyCoverage(*archive, options, &rows);
  if (!status.ok()) throw Failure(kExitFailure, status.message());
  if (args.format == "csv")
    PrintCsv(rows);
  else if (args.format == "json")
    PrintJson(rows);
  else
    PrintText(rows);
  if (!ctx.quiet) {
    int missing = 0;
    for (const auto& r : rows) missing += r.reports == 0;
    std::cerr << "coverage: " << rows.size() << " agency-years, " << missing << " without a report\n";
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("coverage",
                                  "per agency and report year: report found, tables found, checks passed");
  static Args args;
  cmd->add_option("--format", args.format, "text, csv or json")
      ->check(CLI::IsMember({"text", "csv", "json"}));
  cmd->add_option("--from", args.from, "first report year (default: the earliest found)")
      ->check(CLI::Range(1990, 2100));
  cmd->add_option("--to", args.to, "last report year (default: the latest found)")
      ->check(CLI::Range(1990, 2100));
  cmd->add_option("--site", args.site, "only this host or site name");
  cmd->add_option("--agency", args.agency, "only agencies whose name contains this");
  cmd->add_option("--seeds", args.seeds,
                  "seed file or directory whose portals are expected (default: [seeds] dir)");
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(75, Setup);

}  // namespace
}  // namespace gongkai::app
