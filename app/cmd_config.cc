// `gongkai config`: prints the effective configuration (config.toml over the defaults) and its digest.
#include <iostream>

#include "command.h"

namespace gongkai::app {
namespace {

void Setup(CLI::App& root, Context& ctx) {
  auto* cmd = root.add_subcommand("config", "check config.toml and print the effective configuration");
  cmd->footer(
      "Exit codes: 0 the configuration is valid, 2 it is not (the message names file, line and key).");
  cmd->callback([&ctx] {
    const Config& config = ctx.config();
    std::cout << DescribeConfig(config) << "# digest " << ConfigDigest(config) << "\n";
  });
}

const CommandRegistration kRegistration(120, Setup);

}  // namespace
}  // namespace gongkai::app
