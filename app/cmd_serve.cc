// `gongkai serve [--archive PATH] [--port 8600] [--raw-port P] [--bind 127.0.0.1] [--allow-remote]
//                [--token-file FILE] [--seeds FILE|DIR] [--duration SEC]`: the archive in a browser
// (serve/server.h): search, reports, provenance, coverage and runs on --port, the sandboxed raw view
// on --raw-port (default port + 1). The seed lists (--seeds, default [seeds] dir) give the regions
// (search filter, coverage) and the agencies the coverage expects. Loopback only unless --allow-remote; then
// a token is required, from the environment (GONGKAI_SERVE_TOKEN) or --token-file (not config.toml: `gongkai
// config` prints and digests it). Runs until SIGINT/SIGTERM (or --duration), then stops cleanly. Exit codes:
// 0 stopped by a signal or --duration, 1 archive missing/unreadable or port in use, 2 bad options (a
// non-loopback bind without --allow-remote or token).
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "seed_files.h"
#include "adapters/archive_open.h"
#include "command.h"
#include "crawler/seed.h"
#include "serve/server.h"

namespace gongkai::app {
namespace {

struct Args {
  std::string archive;
  std::string bind = "127.0.0.1";
  int port = 8600;
  int raw_port = -1;
  bool allow_remote = false;
  std::string token_file;
  std::string seeds;
  int duration_s = 0;  // 0 = until SIGINT/SIGTERM (tests use a duration)
};

std::string ReadToken(const Args& args) {
  if (!args.token_file.empty()) {
    std::ifstream in(args.token_file);
    if (!in) throw Failure(kExitUsage, "cannot read --token-file " + args.token_file);
    std::stringstream text;
    text << in.rdbuf();
    std::string token = text.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
      token.pop_back();
    if (token.empty()) throw Failure(kExitUsage, "--token-file " + args.token_file + " is empty");
    return token;
  }
  const char* env = std::getenv("GONGKAI_SERVE_TOKEN");
  return env == nullptr ? "" : env;
}

int Run(Context& ctx, const Args& args) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any server thread exists
  serve::Options options;
  options.archive_path = ArchiveOptions(ctx, args.archive).path;
  options.bind = args.bind;
  options.port = args.port;
  options.raw_port = args.raw_port;
  options.allow_remote = args.allow_remote;
  options.token = ReadToken(args);
  std::vector<crawler::Seed> seeds;
  if (Status status = LoadSeeds(args.seeds.empty() ? ctx.config().seeds_dir : args.seeds, &seeds);
      !status.ok()) {
    if (!args.seeds.empty()) throw Failure(kExitUsage, status.message());  // asked for: must be readable
    seeds.clear();  // the default: regions are optional
  }
  for (const crawler::Seed& seed : seeds) options.seeds.emplace_back(seed.name, seed.region);
  std::unique_ptr<serve::Server> server;
  storage::Status status = serve::Server::Start(options, &server);
  if (status.IsInvalidArgument()) throw Failure(kExitUsage, status.message());
  if (!status.ok()) throw Failure(kExitFailure, status.message());  // names the archive
  const std::string host = args.bind.find(':') != std::string::npos ? "[" + args.bind + "]" : args.bind;
  if (!serve::IsLoopbackAddress(args.bind)) {
    std::fprintf(
        stderr,
        "gongkai serve: WARNING: listening on %s, reachable from other machines; every request needs the "
        "token\n",
        args.bind.c_str());
  }
  if (!ctx.quiet) {
    std::printf(
        "gongkai serve: %s\n  pages and API  http://%s:%d/\n  raw view       http://%s:%d/raw/<capture id>\n"
        "Ctrl-C stops\n",
        options.archive_path.c_str(), host.c_str(), server->port(), host.c_str(), server->raw_port());
    std::fflush(stdout);
  }
  int sig = 0;
  if (args.duration_s > 0) {
    timespec timeout{args.duration_s, 0};
    sigtimedwait(&signals, nullptr, &timeout);
  } else {
    sigwait(&signals, &sig);
  }
  server->Stop();
  if (!ctx.quiet) std::printf("gongkai serve: stopped\n");
  return kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd =
      root.add_subcommand("serve", "browse the archive: search, reports, provenance, coverage, raw pages");
  static Args args;
  cmd->add_option("--archive", args.archive, "archive file (default: [archive] path)");
  cmd->add_option("--port", args.port, "port of the pages and the JSON API (0 = any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--raw-port", args.raw_port, "port of the sandboxed raw view (default: port + 1)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--bind", args.bind, "address to listen on (loopback unless --allow-remote)");
  cmd->add_flag("--allow-remote", args.allow_remote, "allow a non-loopback --bind (needs a token)");
  cmd->add_option("--token-file", args.token_file,
                  "file holding the shared-secret token (else GONGKAI_SERVE_TOKEN)");
  cmd->add_option("--seeds", args.seeds,
                  "seed file or directory naming each portal's region (default: [seeds] dir)");
  cmd->add_option("--duration", args.duration_s, "stop after this many seconds (0 = at SIGINT/SIGTERM)")
      ->check(CLI::Range(0, 365 * 24 * 3600));
  cmd->callback([&ctx] { ctx.exit_code = Run(ctx, args); });
}

const CommandRegistration kRegistration(95, Setup);

}  // namespace
}  // namespace gongkai::app
