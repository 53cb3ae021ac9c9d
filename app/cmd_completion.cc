// `gongkai completion bash|zsh`: prints the shell completion script, and `gongkai manpage` (not
// listed in --help): prints gongkai(1) in roff. Both are generated from the command-line parser
// (cli_reference.h), so they know every command and option --help knows. The build writes them
// into build/dist/ and `cmake --install` installs them.
// Exit codes: 0 ok, 2 unknown shell.
#include <iostream>

#include "cli_reference.h"
#include "command.h"

namespace gongkai::app {
namespace {

void Setup(CLI::App& root, Context& ctx) {
  auto* completion =
      root.add_subcommand("completion", "print the shell completion script (bash or zsh) for gongkai");
  static std::string shell;
  completion->add_option("shell", shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  completion->footer(
      "Installed by `cmake --install` (bash-completion and zsh site-functions directories); by hand:\n"
      "  source <(gongkai completion bash)          # in ~/.bashrc\n"
      "  gongkai completion zsh > ~/.zfunc/_gongkai  # with fpath+=(~/.zfunc) before compinit");
  completion->callback([&root, &ctx] {
    CliDescription cli = DescribeCli(root);
    if (shell == "bash") {
      WriteBashCompletion(cli, std::cout);
    } else {
      WriteZshCompletion(cli, std::cout);
    }
    ctx.exit_code = kExitOk;
  });

  auto* manpage = root.add_subcommand("manpage", "print the man page gongkai(1) in roff");
  manpage->group("");  // for the build, not for users: `man gongkai` reads the installed page
  manpage->callback([&root, &ctx] {
    WriteManPage(DescribeCli(root), std::cout);
    ctx.exit_code = kExitOk;
  });
}

const CommandRegistration kRegistration(200, Setup);

}  // namespace
}  // namespace gongkai::app
