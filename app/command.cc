#include "command.h"

#include <algorithm>
#include <filesystem>
#include <utility>
#include <vector>

namespace gongkai::app {
namespace {

std::vector<std::pair<int, CommandSetup>>& Registry() {
  static std::vector<std::pair<int, CommandSetup>> registry;
  return registry;
}

}  // namespace

CommandRegistration::CommandRegistration(int order, CommandSetup setup) {
  Registry().emplace_back(order, setup);
}

void SetUpCommands(CLI::App& root, Context& ctx) {
  auto commands = Registry();
  std::stable_sort(commands.begin(), commands.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [order, setup] : commands) setup(root, ctx);
}

Config& Context::config() {
  if (loaded_) return config_;
  std::string path = config_path;
  if (path.empty() && std::filesystem::exists("config.toml")) path = "config.toml";
  std::string error;
  if (!path.empty() && !LoadConfigFile(path, &config_, &error)) throw Failure(kExitUsage, error);
  loaded_ = true;
  return config_;
}

}  // namespace gongkai::app
