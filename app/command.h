// The CLI's plumbing: each subcommand lives in its own app/cmd_<name>.cc and registers itself with a
// static CommandRegistration, so adding a command touches no shared file.
#pragma once

#include <CLI/CLI.hpp>

#include <stdexcept>
#include <string>

#include "config.h"
#include "exit_codes.h"

namespace gongkai::app {

// What every command sees: global flags, the loaded configuration, the exit code to return.
class Context {
 public:
  // Loads config.toml (from --config, else ./config.toml if present, else built-in defaults) once.
  // Throws Failure(kExitUsage, ...) naming file, line and key on a bad configuration.
  Config& config();

  std::string config_path;  // --config
  bool quiet = false;       // --quiet
  std::string log_file;     // --log-file ("" = log lines to stderr)
  int exit_code = kExitOk;  // set by the command's callback

 private:
  bool loaded_ = false;
  Config config_;
};

// Thrown by a command to stop with a message ("gongkai: <message>") and an exit code.
class Failure : public std::runtime_error {
 public:
  Failure(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

using CommandSetup = void (*)(CLI::App& root, Context& ctx);

// Registers a subcommand; `order` fixes its place in `gongkai --help`.
struct CommandRegistration {
  CommandRegistration(int order, CommandSetup setup);
};

// Called by main(): adds every registered command to `root` in order.
void SetUpCommands(CLI::App& root, Context& ctx);

}  // namespace gongkai::app
