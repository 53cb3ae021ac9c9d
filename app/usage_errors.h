// Usage errors the command-line parser cannot word well by itself: an unknown command (with the
// nearest known one suggested) and arguments no command takes.
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace gongkai::app {

// Levenshtein distance between two byte strings.
size_t EditDistance(const std::string& a, const std::string& b);

// The name among `names` nearest to `word` (case-insensitive), or "" when none is near enough to
// be a typo of it (distance at most 2, or a third of the word).
std::string NearestName(const std::string& word, const std::vector<std::string>& names);

// After a parse error: when no command was recognised but a word was given, prints
// "gongkai: unknown command 'serach'; did you mean 'search'?" to `err` and returns true.
bool ExplainUnknownCommand(CLI::App& root, std::ostream& err);

// Root parse-complete hook: arguments nobody took are an error (CLI::ExtrasError), except "-word"
// arguments for a command that allows extras (search's excluded terms), which it takes itself.
void CheckLeftOvers(CLI::App& root);

// The wording of parse errors (CLI::App::failure_message): "gongkai: <what is wrong>" and where to
// look for the right usage.
std::string UsageMessage(const CLI::App* app, const CLI::Error& e);

// The "-word" arguments left over for `cmd` (see CheckLeftOvers).
std::vector<std::string> DashWords(CLI::App& cmd);

}  // namespace gongkai::app
