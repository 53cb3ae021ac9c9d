#include "usage_errors.h"

#include <algorithm>
#include <cctype>

namespace gongkai::app {
namespace {

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// "-word": one dash, then not a dash; not a negative number's lone "-".
bool IsDashWord(const std::string& arg) {
  return arg.size() >= 2 && arg[0] == '-' && arg[1] != '-';
}

std::vector<std::string> LeftOvers(CLI::App& app) {
  std::vector<std::string> all = app.remaining();
  for (CLI::App* sub : app.get_subcommands()) {
    std::vector<std::string> more = sub->remaining();
    all.insert(all.end(), more.begin(), more.end());
  }
  return all;
}

}  // namespace

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string NearestName(const std::string& word, const std::vector<std::string>& names) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, word.size() / 3) + 1;
  for (const std::string& name : names) {
    size_t d = EditDistance(Lower(word), name);
    if (name.rfind(Lower(word), 0) == 0 && word.size() >= 3) d = std::min<size_t>(d, 1);  // a prefix: "exp"
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

bool ExplainUnknownCommand(CLI::App& root, std::ostream& err) {
  if (!root.get_subcommands().empty()) return false;
  std::vector<std::string> names;
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  for (const std::string& word : root.remaining()) {
    if (word.empty() || word[0] == '-') continue;
    err << "gongkai: unknown command '" << word << "'";
    std::string nearest = NearestName(word, names);
    if (!nearest.empty()) err << "; did you mean '" << nearest << "'?";
    err << "\nRun 'gongkai --help' for the list of commands.\n";
    return true;
  }
  return false;
}

void CheckLeftOvers(CLI::App& root) {
  std::vector<CLI::App*> used = root.get_subcommands();
  const bool dash_words_allowed = !used.empty() && used.front()->get_allow_extras();
  std::vector<std::string> unexpected;
  for (const std::string& arg : LeftOvers(root)) {
    if (dash_words_allowed && IsDashWord(arg)) continue;
    unexpected.push_back(arg);
  }
  if (!unexpected.empty())
    throw CLI::ExtrasError(used.empty() ? root.get_name() : used.front()->get_name(), unexpected);
}

std::string UsageMessage(const CLI::App* app, const CLI::Error& e) {
  std::string where = "gongkai";
  if (app->get_parent() != nullptr) {
    where += " " + app->get_name();
  } else if (!app->get_subcommands().empty()) {
    where += " " + app->get_subcommands().front()->get_name();
  }
  std::string message = "gongkai: ";
  message += e.what();
  message += "\nRun '" + where + " --help' for the usage.\n";
  return message;
}

std::vector<std::string> DashWords(CLI::App& cmd) {
  std::vector<std::string> words;
  CLI::App* root = cmd.get_parent() != nullptr ? cmd.get_parent() : &cmd;
  for (const std::string& arg : LeftOvers(*root)) {
    if (IsDashWord(arg)) words.push_back(arg);
  }
  return words;
}

}  // namespace gongkai::app
