// `gongkai show URL|ID [--text|--raw|--provenance|--history] [--archive PATH]`: one archived capture
// (by capture id, or the newest capture of a URL). Default: its record and current extraction;
// --text the cleaned report; --raw the body bytes as fetched (refused on a terminal unless --force:
// an archived page's control sequences must not reach a terminal); --provenance the chain
// seed -> listing page(s) -> report with each capture's time, status, digest and IP, and the
// extractor version; --history every capture of the URL. The default view ends with the report
// year, agency and the statistics tables with their check results.
// Exit codes: 0 ok, 1 not found / archive unreadable, 2 bad arguments (or --raw to a terminal),
// 3 the archive is damaged where show read it ("damaged: run gongkai verify").
#include <charconv>
#include <filesystem>
#include <unistd.h>

#include <iostream>

#include "adapters/archive_open.h"
#include "adapters/report_files.h"
#include "adapters/statistics_print.h"
#include "command.h"
#include "json_records.h"
#include "storage/archive.h"
#include "storage/export.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string target;
  bool text = false;
  bool raw = false;
  bool provenance = false;
  bool history = false;
  bool force = false;
  bool json = false;
  std::string archive;
};

void Check(const storage::Status& status) {
  if (status.IsCorruption()) ThrowIfFailed(status);
  if (!status.ok()) throw Failure(kExitFailure, status.message());
}

// The current extraction, if any; damage is an error, not "no extraction".
bool FindExtraction(storage::Archive& archive, int64_t capture_id, storage::ExtractionRecord* e) {
  storage::Status status = archive.CurrentExtraction(capture_id, e);
  if (status.IsNotFound()) return false;
  Check(status);
  return true;
}

storage::Capture Resolve(storage::Archive& archive, const std::string& target) {
  storage::Capture capture;
  bool numeric = !target.empty() && target.find_first_not_of("0123456789") == std::string::npos;
  int64_t id = 0;
  if (numeric) {
    auto [end, ec] = std::from_chars(target.data(), target.data() + target.size(), id);
    if (ec != std::errc() || end != target.data() + target.size() || id <= 0) {
      throw Failure(kExitUsage, "'" + target +
                                    "' is not a capture id (ids run from 1 to the newest capture; "
                                    "gongkai search or show URL finds one)");
    }
  }
  Check(numeric ? archive.GetCapture(id, &capture) : archive.FindLatestCapture(target, &capture));
  return capture;
}

std::string ShortDigest(const std::string& sha256) {
  return sha256.empty() ? "-" : "sha256:" + sha256.substr(0, 16) + "…";
}

void PrintCaptureLine(const storage::Capture& c) {
  std::cout << "[" << c.id << "] " << storage::FormatIsoTime(c.started_at_ms) << "  "
            << (c.status               ? std::to_string(c.status)
                : c.error_kind.empty() ? "error"
                                       : c.error_kind)
            << "  " << ShortDigest(c.body_sha256) << "  " << (c.remote_ip.empty() ? "-" : c.remote_ip) << "  "
            << storage::ToString(c.page_kind) << "  " << c.url << "\n";
}

void PrintRecord(storage::Archive& archive, const storage::Capture& c) {
  std::cout << "capture      " << c.id << " (run " << c.run_id << ", " << c.origin << ")\n"
            << "url          " << c.url << "\n";
  if (c.final_url != c.url) std::cout << "final url    " << c.final_url << "\n";
  std::cout << "fetched      " << storage::FormatIsoTime(c.started_at_ms, true) << " in " << c.duration_ms
            << " ms from " << (c.remote_ip.empty() ? "-" : c.remote_ip) << "\n"
            << "status       " << c.status
            << (c.error_kind.empty() ? "" : " " + c.error_kind + ": " + c.error_message) << "\n"
            << "body         " << (c.body_sha256.empty() ? "none" : "sha256:" + c.body_sha256) << ", "
            << c.body_size << " bytes" << (c.truncated ? " (truncated)" : "") << ", " << c.content_type
            << "\n"
            << "kind         " << storage::ToString(c.page_kind) << ", found as "
            << storage::ToString(c.discovery)
            << (c.discovered_from_url.empty() ? "" : " on " + c.discovered_from_url) << "\n";
  if (c.revisit_of) std::cout << "revisit of   capture " << c.revisit_of << "\n";
  storage::ExtractionRecord e;
  if (FindExtraction(archive, c.id, &e)) {
    std::cout << "title        " << e.title << "\n"
              << "published    " << (e.published.empty() ? "-" : storage::FormatPublished(e.published))
              << "\n"
              << "site/source  " << e.site << " / " << e.source << " / " << e.column << "\n"
              << "extractor    " << e.extractor_version << " at " << storage::FormatIsoTime(e.extracted_at_ms)
              << " (" << e.text.size() << " bytes of text)\n"
              << "report year  " << (e.report_year > 0 ? std::to_string(e.report_year) : "-") << "\n"
              << "agency       " << (e.agency.empty() ? "-" : e.agency)
              << (e.agency_source.empty() ? "" : " (source: " + e.agency_source + ")") << "\n";
    for (const auto& [url, what] : DescribeFiles(e))
      std::cout << "file         " << url << " (" << what << ")\n";
    PrintStatistics(e, std::cout);
  }
}

// --json: one object; the capture and its current extraction (with the text under --text), or the
// chain under --provenance, or every capture under --history.
void PrintJson(storage::Archive& archive, const storage::Capture& c, const Args& args) {
  nlohmann::json out = {{"capture", CaptureJson(c)}};
  storage::ExtractionRecord e;
  storage::Status status = archive.CurrentExtraction(c.id, &e);
  if (!status.IsNotFound()) Check(status);
  out["extraction"] = status.ok() ? ExtractionJson(e, args.text) : nlohmann::json(nullptr);
  if (args.provenance || args.history) {
    std::vector<storage::Capture> captures;
    Check(args.provenance ? archive.Provenance(c.id, &captures) : archive.History(c.url, &captures));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& step : captures) list.push_back(CaptureJson(step));
    out[args.provenance ? "provenance" : "history"] = list;
  }
  std::cout << JsonLine(out) << "\n";
}

int Run(Context& ctx, const Args& args) {
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  storage::Capture c = Resolve(*archive, args.target);
  if (args.json) {
    PrintJson(*archive, c, args);
    return kExitOk;
  }
  if (args.raw) {
    if (!args.force && isatty(STDOUT_FILENO)) {
      // An archived page is data: its ESC/OSC/BEL sequences would be executed by the terminal.
      throw Failure(kExitUsage,
                    "show --raw: standard output is a terminal, and the raw body may hold control "
                    "sequences the terminal would run; redirect it to a file or a pipe, or pass --force");
    }
    int64_t id = c.revisit_of && c.body_sha256.empty() ? c.revisit_of : c.id;
    if (id != c.id) Check(archive->GetCapture(id, &c));
    if (c.body_sha256.empty())
      throw Failure(kExitFailure, "capture " + std::to_string(c.id) + " has no body");
    std::string body;
    Check(archive->GetBody(c.body_sha256, &body));
    std::cout.write(body.data(), static_cast<std::streamsize>(body.size()));
  } else if (args.text) {
    storage::ExtractionRecord e;
    Check(archive->CurrentExtraction(c.id, &e));
    std::cout << e.title << "\n"
              << (e.published.empty() ? "" : e.published + "  ") << e.source << "\n\n"
              << e.text << "\n";
  } else if (args.provenance) {
    std::vector<storage::Capture> chain;
    Check(archive->Provenance(c.id, &chain));
    for (const auto& step : chain) PrintCaptureLine(step);
    storage::ExtractionRecord e;
    if (FindExtraction(*archive, c.id, &e)) {
      // The report's files: listing -> page -> file capture -> the file's extraction.
      for (const auto& [url, what] : DescribeFiles(e)) {
        storage::Capture file;
        if (!archive->FindLatestCapture(url, &file).ok()) continue;
        PrintCaptureLine(file);
        std::cout << "  file " << what << "\n";
      }
      std::cout << "extracted by " << e.extractor_version << "\n";
    }
  } else if (args.history) {
    std::vector<storage::Capture> history;
    Check(archive->History(c.url, &history));
    for (const auto& step : history) PrintCaptureLine(step);
  } else {
    PrintRecord(*archive, c);
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("show", "one archived report or capture");
  static Args args;
  cmd->add_option("target", args.target, "capture id, or URL (its newest capture)")->required();
  auto* text = cmd->add_flag("--text", args.text, "the cleaned report text");
  auto* raw = cmd->add_flag("--raw", args.raw, "the raw body as fetched");
  auto* provenance =
      cmd->add_flag("--provenance", args.provenance, "seed -> listing page(s) -> this capture");
  auto* history = cmd->add_flag("--history", args.history, "every capture of this URL");
  cmd->add_flag("--force", args.force, "with --raw: write the body even to a terminal");
  text->excludes(raw)->excludes(provenance)->excludes(history);
  raw->excludes(provenance)->excludes(history);
  provenance->excludes(history);
  cmd->add_flag("--json", args.json, "one JSON object (capture, extraction; with --text the text)")
      ->excludes(raw);
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(50, Setup);

}  // namespace
}  // namespace gongkai::app
