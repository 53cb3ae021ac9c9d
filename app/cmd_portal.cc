// `gongkai portal [--bind-prefix 127.0.1] [--port N] [--generated N] [--seed S] [--log FILE]
//                 [--truth FILE] [--duration SEC]`: runs the simulated government portal in the foreground
//                 until
// SIGINT/SIGTERM (or --duration), printing each site and its URLs; writes the request log as JSONL
// on exit when --log is given. Exit codes: 0 ok, 1 a site could not bind or the log not be written,
// 2 bad options.
#include <signal.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>

#include "command.h"
#include "portal/portal.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string bind_prefix = "127.0.1";  // first three octets of the demo sites' addresses
  int port = 0;                         // 0 = ephemeral; else site i listens on port + i
  int generated = 0;                    // extra hosts from portal::GeneratedSites
  bool structure = false;               // also portal::StructureSites (deep navigation, 集约化)
  uint64_t seed = 1;
  std::string log_path;
  std::string truth_path;
  int duration_s = 0;  // 0 = until SIGINT/SIGTERM
};

const char* TemplateName(portal::Template t) {
  switch (t) {
    case portal::Template::kTrsWcm:
      return "trs";
    case portal::Template::kHanwebJcms:
      return "hanweb";
    case portal::Template::kPlain:
      return "plain";
  }
  return "?";
}

const char* CharsetName(portal::Charset c) {
  switch (c) {
    case portal::Charset::kUtf8:
      return "utf-8";
    case portal::Charset::kGbkMetaOnly:
      return "gbk(meta)";
    case portal::Charset::kGbkHeaderOnly:
      return "gbk(header)";
    case portal::Charset::kWrongDeclaration:
      return "gbk(declared utf-8)";
  }
  return "?";
}

const char* RobotsName(portal::Robots r) {
  switch (r) {
    case portal::Robots::kRules:
      return "rules";
    case portal::Robots::kRulesWithCrawlDelay:
      return "rules+crawl-delay";
    case portal::Robots::kNone:
      return "empty";
    case portal::Robots::kNotFound:
      return "404";
    case portal::Robots::kServerError:
      return "5xx";
  }
  return "?";
}

portal::Options BuildOptions(const Args& args) {
  portal::Options options;
  options.seed = args.seed;
  if (args.structure) {
    for (const auto& site : portal::StructureSites()) options.sites.push_back(site);
  }
  for (auto& site : options.sites) site.ip = args.bind_prefix + site.ip.substr(site.ip.rfind('.'));
  for (auto& site : portal::GeneratedSites(args.generated, args.seed)) options.sites.push_back(site);
  if (args.port > 0) {
    for (size_t i = 0; i < options.sites.size(); ++i) options.sites[i].port = args.port + static_cast<int>(i);
  }
  return options;
}

void PrintSites(const portal::Portal& p) {
  for (const auto& s : p.sites()) {
    std::printf("%-52s %-7s %-20s robots=%-18s reports=%-3zu %s\n",
                s.listing_urls.empty() ? s.base_url.c_str() : s.listing_urls[0].c_str(), TemplateName(s.tmpl),
                CharsetName(s.spec.charset), RobotsName(s.spec.robots), s.report_urls.size(), s.name.c_str());
  }
  std::fflush(stdout);
}

// Blocks until SIGINT/SIGTERM, or for duration_s when positive. The signals must already be
// blocked in every thread (done before the servers start), so sigtimedwait receives them.
void WaitForStop(const sigset_t& signals, int duration_s) {
  if (duration_s <= 0) {
    int sig = 0;
    sigwait(&signals, &sig);
    return;
  }
  timespec timeout{duration_s, 0};
  sigtimedwait(&signals, nullptr, &timeout);
}

int Run(Context& ctx, const Args& args) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any server thread exists
  std::unique_ptr<portal::Portal> p;
  const Status started = portal::Portal::Start(BuildOptions(args), &p);
  if (!started.ok()) throw Failure(kExitFailure, started.message());
  if (!ctx.quiet)
    std::printf("gongkai portal: %zu sites (seed %llu); Ctrl-C stops\n", p->sites().size(),
                static_cast<unsigned long long>(args.seed));
  PrintSites(*p);
  if (!args.truth_path.empty()) {
    std::ofstream out(args.truth_path, std::ios::binary | std::ios::trunc);
    out << p->TruthsJsonl();
    if (!out.flush()) throw Failure(kExitFailure, "cannot write ground truth " + args.truth_path);
  }
  WaitForStop(signals, args.duration_s);
  p->Stop();
  const auto log = p->RequestLog();
  if (!ctx.quiet) std::printf("gongkai portal: stopped after %zu requests\n", log.size());
  if (!args.log_path.empty()) {
    std::ofstream out(args.log_path, std::ios::binary | std::ios::trunc);
    out << p->RequestLogJsonl();
    if (!out.flush()) throw Failure(kExitFailure, "cannot write request log " + args.log_path);
  }
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd =
      root.add_subcommand("portal", "run the simulated government portal on loopback (for tests and demos)");
  static Args args;
  cmd->add_option("--bind-prefix", args.bind_prefix,
                  "first three octets of the demo sites' loopback addresses")
      ->check([](const std::string& v) {
        unsigned a, b, c;
        char tail;
        return std::sscanf(v.c_str(), "%u.%u.%u%c", &a, &b, &c, &tail) == 3 && a == 127 && b < 256 && c < 256
                   ? std::string()
                   : "must look like 127.X.Y (loopback only)";
      })
      ->capture_default_str();
  cmd->add_option("--port", args.port, "first port (site i listens on port+i); 0 = ephemeral")
      ->check(CLI::Range(0, 65000))
      ->capture_default_str();
  cmd->add_flag(
      "--structure", args.structure,
      "also serve the sites built around their 年报 columns (home -> navigation -> column, a 集约化 platform "
      "with 24 departments)");
  cmd->add_option("--generated", args.generated, "extra generated hosts (benchmark bed), 0-1000")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  cmd->add_option("--seed", args.seed, "content seed (same seed, same bytes)")->capture_default_str();
  cmd->add_option("--log", args.log_path, "write the request log as JSON lines to FILE on exit");
  cmd->add_option(
      "--truth", args.truth_path,
      "write every report page's ground truth (title, date, body text, snippets) as JSON lines to FILE");
  cmd->add_option("--duration", args.duration_s, "stop after SEC seconds (0 = run until Ctrl-C)")
      ->check(CLI::Range(0, 86400 * 7))
      ->capture_default_str();
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(100, Setup);

}  // namespace
}  // namespace gongkai::app
