// gongkai — crawler and archiver for Chinese government information-disclosure reports.
//
// Usage: gongkai [--config FILE] [--quiet] <command> [options]; `gongkai <command> --help` for each.
// Exit codes (app/exit_codes.h): 0 ok, 1 failure, 2 usage/config error, 3 archive damaged,
// 4 archive locked, 5 crawl finished with parked hosts or errors, 130 interrupted (resumable).
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>

#include "command.h"

int main(int argc, char** argv) {
  using namespace gongkai::app;
  CLI::App root{"gongkai: crawl, clean and archive Chinese government information-disclosure reports",
                "gongkai"};
  root.require_subcommand(1);
  root.set_version_flag("--version", GONGKAI_VERSION);
  Context ctx;
  root.add_option("--config", ctx.config_path, "configuration file (default: ./config.toml if present)")
      ->check(CLI::ExistingFile);
  root.add_flag("-q,--quiet", ctx.quiet, "print only errors and results");
  SetUpCommands(root, ctx);
  try {
    root.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = root.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  } catch (const Failure& e) {
    std::cerr << "gongkai: " << e.what() << "\n";
    return e.exit_code();
  } catch (const std::exception& e) {
    std::cerr << "gongkai: error: " << e.what() << "\n";
    return kExitFailure;
  }
  return ctx.exit_code;
}
