// `gongkai discover PAGE|URL [--url URL] [--json] [--archive PATH]`: what the crawler will make of
// one page: its kind (entry, listing, report, other) and why, its report items in list order, the
// further pages of its listing (pager), its column links and its attachments. PAGE is a saved file
// (offline; --url gives its address, for absolute links); an http(s) URL is looked up in the archive
// (its newest capture with a body). A challenge answer is "other" with the challenge named.
// Exit codes: 0 ok, 1 unreadable file / URL not in the archive, 2 bad command line.
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>

#include "adapters/archive_open.h"
#include "command.h"
#include "crawler/challenge.h"
#include "crawler/discovery.h"
#include "extract/charset.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string target;
  std::string url;
  std::string archive;
  bool json = false;
};

struct Page {
  std::string body;
  std::string url;
  std::string content_type;
  int status = 200;
};

bool IsHttpUrl(const std::string& s) {
  return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

Page FromArchive(Context& ctx, const Args& args) {
  auto archive = OpenArchiveReadOnly(ctx, args.archive);
  storage::Capture c;
  if (!archive->FindLatestCapture(args.target, &c).ok()) {
    throw Failure(kExitFailure, "discover: '" + args.target + "' has no capture in the archive");
  }
  if (c.body_sha256.empty() && c.revisit_of) ThrowIfFailed(archive->GetCapture(c.revisit_of, &c));
  if (c.body_sha256.empty()) {
    throw Failure(kExitFailure,
                  "discover: the capture of '" + args.target + "' has no body (" +
                      (c.error_kind.empty() ? "HTTP " + std::to_string(c.status) : c.error_kind) + ")");
  }
  Page page;
  ThrowIfFailed(archive->GetBody(c.body_sha256, &page.body));
  page.url = args.url.empty() ? (c.final_url.empty() ? c.url : c.final_url) : args.url;
  page.content_type = c.content_type;
  page.status = c.status;
  return page;
}

Page FromFile(const Args& args) {
  std::ifstream in(args.target, std::ios::binary);
  if (!in) throw Failure(kExitFailure, "discover: cannot read '" + args.target + "'");
  Page page;
  page.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) throw Failure(kExitFailure, "discover: cannot read '" + args.target + "'");
  page.url = args.url.empty() ? "http://localhost/" : args.url;
  return page;
}

std::vector<std::string> Urls(const std::vector<crawler::DiscoveredLink>& links) {
  std::vector<std::string> out;
  for (const auto& link : links) out.push_back(link.url);
  return out;
}

void PrintText(const crawler::PageAnalysis& a) {
  std::cout << "kind: " << crawler::ToString(a.kind) << (a.uncertain ? " (uncertain)" : "") << "\n"
            << "reason: " << a.reason << "\n";
  if (!a.column.empty()) std::cout << "column: " << a.column << "\n";
  if (!a.items.empty()) {
    std::cout << "items (" << a.items.size() << (a.mixed ? ", mixed list" : "") << "):\n";
    for (const auto& item : a.items) {
      const char* role = item.role == crawler::ListItem::Role::kReport     ? "report"
                         : item.role == crawler::ListItem::Role::kFiltered ? "skipped"
                         : item.role == crawler::ListItem::Role::kColumn   ? "column"
                                                                           : "attachment";
      std::cout << "  " << role << "  " << (item.date.empty() ? "-" : item.date) << "  " << item.title << "\n"
                << "      " << item.url << "\n";
    }
  }
  std::cout << "reports (" << a.reports.size() << "):\n";
  for (const auto& url : a.reports) std::cout << "  " << url << "\n";
  std::cout << "listings (" << a.listings.size() << "):\n";
  for (const auto& url : a.listings) std::cout << "  " << url << "\n";
  std::cout << "columns (" << a.columns.size() << "):\n";
  for (const auto& link : a.columns) {
    std::cout << "  " << link.url << (link.navigation ? "  (navigation)" : "")
              << (link.agency.empty() ? "" : "  agency: " + link.agency) << "\n";
  }
  std::cout << "attachments (" << a.attachments.size() << "):\n";
  for (const auto& url : a.attachments) std::cout << "  " << url << "\n";
}

int Run(Context& ctx, const Args& args) {
  Page page = IsHttpUrl(args.target) ? FromArchive(ctx, args) : FromFile(args);
  crawler::PageAnalysis analysis;
  crawler::ChallengeKind challenge = crawler::DetectChallenge(page.status, page.body);
  if (challenge == crawler::ChallengeKind::kNone && !IsHttpUrl(args.target) &&
      page.body.find("<a ") == std::string::npos && page.body.find("<script") != std::string::npos) {
    // A saved challenge answer has lost its status: a linkless body that runs a script is read as a
    // 521 would be. A linkless page of prose (a saved report) is analysed as a page.
    challenge = crawler::DetectChallenge(521, page.body);
  }
  if (challenge != crawler::ChallengeKind::kNone) {
    analysis.kind = crawler::PageClass::kOther;
    analysis.reason = std::string("anti-bot challenge (") + crawler::ToString(challenge) + "), not a page";
  } else {
    auto decoded = extract::DecodeToUtf8(page.body, page.content_type);
    crawler::DiscoveryRules rules = crawler::DiscoveryRulesFrom(ctx.config().crawler);
    analysis = crawler::AnalyzePage(decoded.utf8, page.url, rules);
  }
  if (args.json) {
    nlohmann::json out = {{"kind", crawler::ToString(analysis.kind)},
                          {"reason", analysis.reason},
                          {"reports", analysis.reports},
                          {"listings", analysis.listings},
                          {"columns", Urls(analysis.columns)},
                          {"attachments", analysis.attachments}};
    std::cout << out.dump(2) << "\n";
  } else {
    PrintText(analysis);
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  static Args args;
  auto* cmd =
      root.add_subcommand("discover", "show what the crawler makes of a page: kind, reports, pager, columns");
  cmd->add_option("page", args.target, "a saved HTML file, or an http(s) URL captured in the archive")
      ->required();
  cmd->add_option("--url", args.url, "the page's address (for a file: resolves its relative links)");
  cmd->add_flag(
      "--json", args.json,
      "print {\"kind\",\"reason\",\"reports\",\"listings\",\"columns\",\"attachments\"} (absolute URLs)");
  cmd->add_option("--archive", args.archive, "archive to read a URL from (default: [archive] path)");
  cmd->footer("Exit codes: 0 ok, 1 unreadable file or URL not in the archive, 2 bad command line.");
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(25, Setup);

}  // namespace
}  // namespace gongkai::app
