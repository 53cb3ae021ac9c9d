#include "cli_reference.h"

#include <sstream>

#include "exit_codes.h"

namespace gongkai::app {
namespace {

// The accepted values of an option whose only check is membership: CLI11 describes IsMember as
// "TEXT:{a,b}" and CheckedTransformer as "TEXT:value in {a->x,b->y} OR {x,y}" (the keys are taken).
// Anything else (a file check OR a set, a range) has no fixed list.
std::vector<std::string> ChoicesOf(const std::string& type_name) {
  size_t colon = type_name.find(':');
  if (colon == std::string::npos) return {};
  std::string check = type_name.substr(colon + 1);
  if (check.rfind("value in ", 0) == 0) check = check.substr(9);
  if (check.empty() || check.front() != '{') return {};
  size_t close = check.find('}');
  if (close == std::string::npos) return {};
  if (close + 1 != check.size() && check.compare(close + 1, 4, " OR ") != 0) return {};
  std::vector<std::string> choices;
  std::stringstream items(check.substr(1, close - 1));
  std::string item;
  while (std::getline(items, item, ',')) {
    item = item.substr(0, item.find("->"));
    if (!item.empty()) choices.push_back(item);
  }
  return choices;
}

// "INT", "TEXT", "FILE": the value's kind as --help shows it, without its checks.
std::string ValueKind(const CLI::Option& opt) {
  std::string type = opt.get_type_name();
  type = type.substr(0, type.find(':'));
  return type.empty() ? "VALUE" : type;
}

CliOption DescribeOption(const CLI::Option& opt) {
  CliOption out;
  out.positional = opt.get_positional() && opt.nonpositional() == false;
  if (out.positional) {
    out.names.push_back(opt.get_name(true));
  } else {
    for (const auto& s : opt.get_snames()) out.names.push_back("-" + s);
    for (const auto& l : opt.get_lnames()) out.names.push_back("--" + l);
  }
  if (opt.get_items_expected_max() > 0) {  // 0 for a flag
    out.value = ValueKind(opt);
    out.choices = ChoicesOf(opt.get_type_name());
  }
  out.description = opt.get_description();
  out.required = opt.get_required();
  out.repeatable = opt.get_items_expected_max() > 1;
  return out;
}

CliCommand DescribeCommand(const CLI::App& app, const std::string& name) {
  CliCommand out;
  out.name = name;
  out.description = app.get_description();
  out.footer = app.get_footer();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt == app.get_help_ptr() || opt == app.get_help_all_ptr()) continue;
    if (opt->get_group().empty()) continue;  // hidden
    out.options.push_back(DescribeOption(*opt));
  }
  return out;
}

// ---- roff ----

// Text for a roff line: backslashes escaped, '-' as \- (so names copy and search right), a break
// point after each comma, a line never starting with a control character.
std::string Roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c == ',') {
      out += ",\\:";  // a break point: {"kind","reason",...} must fit an 80-column terminal
    } else {
      out += c;
    }
  }
  if (!out.empty() && (out.front() == '.' || out.front() == '\'')) out = "\\&" + out;
  return out;
}

// Multi-line text (a footer) kept as laid out: each line escaped, inside .nf/.fi.
void RoffVerbatim(const std::string& text, std::ostream& out) {
  out << ".nf\n";
  std::stringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) out << (line.empty() ? "\\&" : Roff(line)) << "\n";
  out << ".fi\n";
}

std::string OptionSynopsis(const CliOption& opt) {
  if (opt.positional) return "\\fI" + Roff(opt.names.front()) + "\\fR" + (opt.repeatable ? "\\&..." : "");
  std::string out;
  for (size_t i = 0; i < opt.names.size(); ++i) {
    if (i > 0) out += ", ";
    out += "\\fB" + Roff(opt.names[i]) + "\\fR";
  }
  if (!opt.value.empty()) out += " \\fI" + Roff(opt.value) + "\\fR";
  return out;
}

void WriteOptions(const std::vector<CliOption>& options, std::ostream& out) {
  for (const CliOption& opt : options) {
    out << ".TP\n" << OptionSynopsis(opt) << "\n" << Roff(opt.description);
    if (!opt.choices.empty()) {
      out << " (one of:";
      for (const auto& c : opt.choices) out << " " << Roff(c);
      out << ")";
    }
    if (opt.required) out << " (required)";
    out << "\n";
  }
}

struct ExitStatus {
  int code;
  const char* meaning;
};

const ExitStatus kExitStatuses[] = {
    {kExitOk, "success"},
    {kExitFailure,
     "the command failed (missing or unreadable input, I/O error); the message names the input"},
    {kExitUsage, "usage or configuration error (unknown command or option, bad query, bad config.toml)"},
    {kExitDamaged, "the archive is damaged: verify found damage, or a read command met a damaged record"},
    {kExitLocked, "another crawl or import holds the archive's lock"},
    {kExitPartial,
     "the crawl ended, but not everything was done (pages failed for good, or hosts not crawled)"},
    {kExitImportDamaged, "import-warc read past damage; the records around it were imported"},
    {kExitInterrupted, "interrupted by SIGINT or SIGTERM; run gongkai crawl again to resume"},
};

// ---- shell ----

std::string ShellWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> AllNames(const std::vector<CliOption>& options) {
  std::vector<std::string> names;
  for (const auto& opt : options) {
    if (!opt.positional) names.insert(names.end(), opt.names.begin(), opt.names.end());
  }
  return names;
}

// A number is typed, not completed.
bool IsNumber(const CliOption& opt) {
  return opt.value == "INT" || opt.value == "UINT" || opt.value == "FLOAT" || opt.value == "NUMBER";
}

// Single-quoted for sh; a quote inside becomes '\''.
std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// zsh _arguments description: brackets and colons escaped, first line only.
std::string ZshText(const std::string& text) {
  std::string out;
  for (char c : text.substr(0, text.find('\n'))) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    if (c == '\'') {
      out += "'\\''";
      continue;
    }
    out += c;
  }
  return out;
}

void WriteZshSpecs(const std::vector<CliOption>& options, const std::string& indent, std::ostream& out) {
  for (const CliOption& opt : options) {
    std::string action = !opt.choices.empty() ? "(" + ShellWords(opt.choices) + ")"
                         : IsNumber(opt)      ? " "
                                              : "_files";
    if (opt.positional) {
      out << indent << "'" << (opt.repeatable ? "*" : "") << ":" << ZshText(opt.names.front()) << ":"
          << action << "' \\\n";
      continue;
    }
    std::string names = ShellWords(opt.names);
    std::string spec = opt.names.size() > 1 ? "'(" + names + ")'{" : "'";
    for (size_t i = 0; i < opt.names.size() && opt.names.size() > 1; ++i) {
      spec += (i > 0 ? "," : "") + opt.names[i];
    }
    if (opt.names.size() > 1) {
      spec += "}'";
    } else {
      spec += opt.names.front();
    }
    spec += "[" + ZshText(opt.description) + "]";
    if (!opt.value.empty()) spec += ":" + ZshText(opt.value) + ":" + action;
    out << indent << spec << "' \\\n";
  }
}

// The root's description without its "gongkai: " prefix.
std::string Summary(const CliDescription& cli) {
  const std::string prefix = cli.program + ": ";
  if (cli.description.rfind(prefix, 0) == 0) return cli.description.substr(prefix.size());
  return cli.description;
}

}  // namespace

CliDescription DescribeCli(const CLI::App& root) {
  CliDescription cli;
  cli.program = root.get_name();
  cli.description = root.get_description();
  cli.version = GONGKAI_VERSION;
  cli.global = DescribeCommand(root, "");
  for (const CLI::App* sub : root.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->get_group().empty()) continue;  // hidden
    cli.commands.push_back(DescribeCommand(*sub, sub->get_name()));
  }
  return cli;
}

void WriteManPage(const CliDescription& cli, std::ostream& out) {
  const std::string name = Roff(cli.program);
  out << ".\\\" Generated by `" << cli.program << " manpage` from the command-line parser; do not edit.\n"
      << ".TH "
      << "GONGKAI 1 \"\" \"" << name << " " << Roff(cli.version) << "\" \"User Commands\"\n"
      << ".nh\n.ad l\n"  // option names are neither hyphenated nor stretched
      << ".SH NAME\n"
      << name << " \\- " << Roff(Summary(cli)) << "\n"
      << ".SH SYNOPSIS\n"
      << ".B " << name << "\n[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]\n"
      << ".br\n.B " << name << "\n\\fIcommand\\fR \\fB\\-\\-help\\fR\n"
      << ".SH DESCRIPTION\n"
      << name << " crawls the disclosure pages of government portals (politely: robots.txt, per-host and\n"
      << "per-IP gaps, back-off), extracts each report's text and statistics tables, and keeps every\n"
      << "fetch in one SQLite archive that can be searched, shown, verified, re-extracted offline and\n"
      << "exported (JSONL, CSV, WARC). It is meant to run unattended, every night; a crawl that is\n"
      << "killed is resumed by the next one.\n"
      << ".PP\n"
      << "Every command that reads or writes the archive takes \\fB\\-\\-archive\\fR \\fIPATH\\fR\n"
      << "(default: \\fB[archive] path\\fR in config.toml).\n"
      << ".SH GLOBAL OPTIONS\n"
      << "Accepted before or after the command.\n";
  WriteOptions(cli.global.options, out);
  out << ".SH COMMANDS\n";
  for (const CliCommand& cmd : cli.commands) {
    out << ".SS " << Roff(cli.program + " " + cmd.name) << "\n" << Roff(cmd.description) << ".\n";
    if (!cmd.options.empty()) out << ".RS\n";
    WriteOptions(cmd.options, out);
    if (!cmd.options.empty()) out << ".RE\n";
    if (!cmd.footer.empty()) {
      out << ".PP\n";
      RoffVerbatim(cmd.footer, out);
    }
  }
  out << ".SH EXIT STATUS\n";
  for (const ExitStatus& status : kExitStatuses) {
    out << ".TP\n.B " << status.code << "\n" << Roff(status.meaning) << "\n";
  }
  out << ".SH ENVIRONMENT\n"
      << ".TP\n.B NO_COLOR\nWhen set and not empty: no colour, even on a terminal.\n"
      << ".TP\n.B TERM\n\\fBdumb\\fR: no colour and no live progress line.\n"
      << ".TP\n.B GONGKAI_SERVE_TOKEN\nThe token \\fBserve \\-\\-allow\\-remote\\fR asks remote clients for.\n"
      << ".SH FILES\n"
      << ".TP\n.I ./config.toml\nRead when present and no \\fB\\-\\-config\\fR is given. The installed example\n"
      << "lists every key with its default and the reason for it.\n"
      << ".TP\n.I archive/gongkai.sqlite\nThe archive (one SQLite file), unless \\fB[archive] path\\fR says otherwise.\n"
      << ".TP\n\\fIgongkai\\-crawl.service\\fR, \\fIgongkai\\-crawl.timer\\fR\n"
      << "The nightly crawl, installed with the systemd units: \\fBsystemctl enable \\-\\-now gongkai\\-crawl.timer\\fR.\n"
      << ".SH EXAMPLES\n"
      << ".nf\n"
      << name << " crawl \\-\\-log\\-file logs/crawl.log\n"
      << name << " search \\(aq年度报告 \\-通知\\(aq \\-\\-sort date\n"
      << name << " export \\-\\-format csv \\-\\-bom \\-o reports.csv\n"
      << name << " verify\n"
      << ".fi\n"
      << ".SH SEE ALSO\n"
      << ".BR systemd.timer (5),\n.BR cron (8).\n"
      << "The README and docs/ (installed with the documentation) describe the archive format, the seeds\n"
      << "and the nightly setup.\n";
}

void WriteBashCompletion(const CliDescription& cli, std::ostream& out) {
  const std::string fn = "_" + cli.program;
  std::vector<std::string> commands;
  for (const auto& cmd : cli.commands) commands.push_back(cmd.name);
  std::vector<std::string> global = AllNames(cli.global.options);
  std::vector<std::string> global_with_value;
  for (const auto& opt : cli.global.options) {
    if (!opt.value.empty())
      global_with_value.insert(global_with_value.end(), opt.names.begin(), opt.names.end());
  }
  out << "# bash completion for " << cli.program << "; generated by `" << cli.program
      << " completion bash` from the command-line parser (do not edit).\n"
      << fn << "() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
      << "  local cmd= i w\n"
      << "  # The command is the first word that is not an option or a global option's value.\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    w=${COMP_WORDS[i]}\n"
      << "    case $w in\n";
  if (!global_with_value.empty())
    out << "      " << [&] {
      std::string s;
      for (const auto& n : global_with_value) s += (s.empty() ? "" : "|") + n;
      return s;
    }() << ") ((i++)) ;;\n";
  out << "      -*) ;;\n"
      << "      *) cmd=$w; break ;;\n"
      << "    esac\n"
      << "  done\n"
      << "  local opts values= arguments=\n"
      << "  case $cmd in\n";
  for (const CliCommand& cmd : cli.commands) {
    std::vector<std::string> arguments;  // a positional's fixed values
    for (const CliOption& opt : cmd.options) {
      if (opt.positional) arguments.insert(arguments.end(), opt.choices.begin(), opt.choices.end());
    }
    out << "    " << cmd.name << ")\n"
        << "      opts=" << ShellQuote(ShellWords(AllNames(cmd.options))) << "\n";
    if (!arguments.empty()) out << "      arguments=" << ShellQuote(ShellWords(arguments)) << "\n";
    out << "      case $prev in\n";
    for (const CliOption& opt : cmd.options) {
      if (opt.positional || opt.value.empty()) continue;
      std::string names;
      for (const auto& n : opt.names) names += (names.empty() ? "" : "|") + n;
      if (opt.choices.empty()) {
        out << "        " << names << ") values=" << (IsNumber(opt) ? "none" : "files") << " ;;\n";
      } else {
        out << "        " << names << ") values=" << ShellQuote(ShellWords(opt.choices)) << " ;;\n";
      }
    }
    out << "      esac ;;\n";
  }
  out << "    '') opts= ;;\n"
      << "  esac\n"
      << "  case $prev in\n";
  for (const CliOption& opt : cli.global.options) {
    if (opt.value.empty()) continue;
    std::string names;
    for (const auto& n : opt.names) names += (names.empty() ? "" : "|") + n;
    out << "    " << names << ") values=files ;;\n";
  }
  out << "  esac\n"
      << "  if [[ $values == none ]]; then\n"
      << "    COMPREPLY=()\n"
      << "  elif [[ $values == files ]]; then\n"
      << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  elif [[ -n $values ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$values\" -- \"$cur\"))\n"
      << "  elif [[ $cur == -* ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$opts " << ShellWords(global) << " --help\" -- \"$cur\"))\n"
      << "  elif [[ -z $cmd ]]; then\n"
      << "    COMPREPLY=($(compgen -W " << ShellQuote(ShellWords(commands)) << " -- \"$cur\"))\n"
      << "  elif [[ -n $arguments ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$arguments\" -- \"$cur\"))\n"
      << "  else\n"
      << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  fi\n"
      << "}\n"
      << "complete -o filenames -F " << fn << " " << cli.program << "\n";
}

void WriteZshCompletion(const CliDescription& cli, std::ostream& out) {
  const std::string fn = "_" + cli.program;
  out << "#compdef " << cli.program << "\n"
      << "# zsh completion for " << cli.program << "; generated by `" << cli.program
      << " completion zsh` from the command-line parser (do not edit).\n"
      << fn << "() {\n"
      << "  local curcontext=$curcontext state line ret=1\n"
      << "  local -a global_opts commands\n"
      << "  global_opts=(\n";
  WriteZshSpecs(cli.global.options, "    ", out);
  out << "  )\n"
      << "  commands=(\n";
  for (const CliCommand& cmd : cli.commands) {
    out << "    '" << cmd.name << ":" << ZshText(cmd.description) << "'\n";
  }
  out << "  )\n"
      << "  _arguments -C $global_opts '1:command:->command' '*::argument:->argument' && ret=0\n"
      << "  case $state in\n"
      << "    command) _describe -t commands command commands && ret=0 ;;\n"
      << "    argument)\n"
      << "      case $line[1] in\n";
  for (const CliCommand& cmd : cli.commands) {
    out << "        " << cmd.name << ")\n"
        << "          _arguments $global_opts \\\n";
    WriteZshSpecs(cmd.options, "            ", out);
    out << "            && ret=0 ;;\n";
  }
  out << "      esac ;;\n"
      << "  esac\n"
      << "  return ret\n"
      << "}\n"
      << fn << " \"$@\"\n";
}

}  // namespace gongkai::app
