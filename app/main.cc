// gongkai — crawler and archiver for Chinese government information-disclosure reports.
//
// Usage: gongkai [--config FILE] [--quiet] <command> [options]; `gongkai <command> --help` for each.
// Global options may also follow the command (CLI11 fallthrough).
// Exit codes (app/exit_codes.h): 0 ok, 1 failure, 2 usage/config error, 3 archive damaged,
// 4 archive locked, 5 crawl finished with failures, 130 interrupted (resumable).
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <new>

#include "command.h"
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
  });
  root.failure_message(UsageMessage);
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (ExplainUnknownCommand(root, std::cerr)) return kExitUsage;
    int code = root.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const Failure& e) {
    log::Error(std::string("gongkai: ") + e.what());
    return e.exit_code();
  } catch (const std::bad_alloc&) {
    log::Error("gongkai: out of memory");
    return kExitFailure;
  } catch (const std::exception& e) {
    log::Error(std::string("gongkai: unexpected failure (") + e.what() + "); please report it");
    return kExitFailure;
  }
  return ctx.exit_code;
}
