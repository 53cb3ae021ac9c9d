// The CLI's reference documents, generated from the command-line parser itself so that they cannot
// drift from it: the man page gongkai(1) (WriteManPage) and the bash and zsh completion scripts
// (WriteBashCompletion, WriteZshCompletion). DescribeCli() reads the commands and options the CLI11
// app knows; the writers only format that description. The build runs `gongkai completion
// bash|zsh|man` to make the installed files (see CMakeLists.txt, `cmake --install`).
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace gongkai::app {

// One option or positional argument of a command, as the parser knows it.
struct CliOption {
  std::vector<std::string> names;    // "-o", "--out" (short names first); a positional's name alone
  std::string value;                 // "FILE", "INT", "TEXT", ... ("" for a flag)
  std::vector<std::string> choices;  // the accepted values when the option checks membership
  std::string description;
  bool positional = false;
  bool required = false;
  bool repeatable = false;  // takes several values (a positional list, an option given again)
};

// One command (or the root: name "", its options are the global ones).
struct CliCommand {
  std::string name;
  std::string description;
  std::string footer;  // the text `<command> --help` ends with (syntax, exit codes)
  std::vector<CliOption> options;
};

struct CliDescription {
  std::string program;      // "gongkai"
  std::string description;  // the root's one-line description
  std::string version;
  CliCommand global;                 // the root's own options (accepted before or after a command)
  std::vector<CliCommand> commands;  // in `--help` order; hidden commands (group "") left out
};

// Reads `root` (after SetUpCommands): every visible command and option, help flags left out.
CliDescription DescribeCli(const CLI::App& root);

// gongkai.1 in man(7) roff: NAME, SYNOPSIS, DESCRIPTION, GLOBAL OPTIONS, COMMANDS (each with its
// options and footer), EXIT STATUS (app/exit_codes.h), ENVIRONMENT, FILES, EXAMPLES, SEE ALSO.
void WriteManPage(const CliDescription& cli, std::ostream& out);

// A bash completion script: `complete -F _gongkai gongkai`; completes commands, each command's
// options (global ones too), the values of options that take one of a fixed set, files otherwise.
void WriteBashCompletion(const CliDescription& cli, std::ostream& out);

// A zsh completion function (#compdef gongkai) with the same knowledge and the options' descriptions.
void WriteZshCompletion(const CliDescription& cli, std::ostream& out);

}  // namespace gongkai::app
