// gongkai — crawler and archiver for Chinese government information-disclosure reports.
//
// Usage: gongkai [--config FILE] [--quiet] <command> [options]; `gongkai <command> --help` for each.
// Global options may also follow the command (CLI11 fallthrough).
// Exit codes (app/exit_codes.h): 0 ok, 1 failure, 2 usage/config error, 3 archive damaged,
// 4 archive locked, 5 crawl finished with failures, 130 interrupted (resumable).
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <new>

#include "command.h"
#include "failure_hook.h"
#include "log.h"
#include "usage_errors.h"

int main(int argc, char** argv) {
  using namespace gongkai::app;
  CLI::App root{"gongkai: crawl, clean and archive Chinese government information-disclosure reports",
                "gongkai"};
  root.require_subcommand(1);
  root.set_version_flag("--version", GONGKAI_VERSION);
  // Global options anywhere: a command passes the options it does not know to the root (every
  // command inherits fallthrough); the root keeps what nobody knows for CheckLeftOvers().
  root.fallthrough();
  Context ctx;
  root.add_option("--config", ctx.config_path, "configuration file (default: ./config.toml if present)")
      ->check(CLI::ExistingFile);
  root.add_flag("-q,--quiet", ctx.quiet, "print only errors and results");
  root.add_option("--log-file", ctx.log_file,
                  "append log lines (time-stamped, levelled) to this file, creating its directory; "
                  "SIGHUP reopens it");
  SetUpCommands(root, ctx);
  root.allow_extras();  // after the commands: they must not inherit it
  root.parse_complete_callback([&root, &ctx] {
    CheckLeftOvers(root);
    std::string error;
    if (!ctx.log_file.empty() && !log::OpenFile(ctx.log_file, &error)) throw Failure(kExitFailure, error);
    if (!root.get_subcommands().empty()) ctx.command = root.get_subcommands().front()->get_name();
  });
  root.failure_message(UsageMessage);
  std::string message;
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (ExplainUnknownCommand(root, std::cerr)) return kExitUsage;
    int code = root.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const Failure& e) {
    log::Error(std::string("gongkai: ") + e.what());
    ctx.exit_code = e.exit_code();
    message = e.what();
  } catch (const std::bad_alloc&) {
    log::Error("gongkai: out of memory");
    ctx.exit_code = kExitFailure;
    message = "out of memory";
  } catch (const std::exception& e) {
    message = std::string("unexpected failure (") + e.what() + "); please report it";
    log::Error("gongkai: " + message);
    ctx.exit_code = kExitFailure;
  }
  // Results that could not be written (a full disk, /dev/full, a closed file) are a failure.
  std::cout.flush();
  const bool stream_failed = !std::cout;
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0;
  if ((stream_failed || flush_failed) && ctx.exit_code == kExitOk) {
    message = flush_failed ? std::string("cannot write the output: ") + std::strerror(errno)
                           : "cannot write the output (disk full, or stdout closed)";
    log::Error("gongkai: " + message);
    ctx.exit_code = kExitFailure;
  }
  const Config* config = ctx.loaded_config();
  if (RunsFailureHook(ctx.exit_code) && config != nullptr && !config->on_failure.empty()) {
    RunFailureHook(config->on_failure, {ctx.command, ctx.exit_code, message, ctx.run_summary});
  }
  return ctx.exit_code;
}
