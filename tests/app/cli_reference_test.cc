// cli_reference.h: what DescribeCli() reads from a CLI11 app, and how the writers put it.
#include "cli_reference.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace gongkai::app {
namespace {

class CliReferenceTest : public ::testing::Test {
 protected:
  CliReferenceTest() : root_("tool: does things", "tool") {
    root_.add_flag("-q,--quiet", flag_, "print less");
    auto* cmd = root_.add_subcommand("export", "export things");
    cmd->add_option("--format", text_, "the format")->check(CLI::IsMember({"jsonl", "csv"}));
    cmd->add_option("--sort", text_, "order")
        ->transform(CLI::CheckedTransformer(std::map<std::string, int>{{"date", 1}, {"relevance", 2}}));
    cmd->add_option("files", files_, "inputs")->check(CLI::ExistingFile | CLI::IsMember({"-"}));
    cmd->add_option("--out,-o", text_, "output file");
    cmd->add_flag("--bom", flag_, "a BOM");
    cmd->footer("Exit codes: 0 ok.\n.starts with a dot\\");
    root_.add_subcommand("secret", "not for users")->group("");
  }
  const CliOption& Option(const CliCommand& cmd, const std::string& name) {
    for (const auto& opt : cmd.options) {
      for (const auto& n : opt.names) {
        if (n == name) return opt;
      }
    }
    ADD_FAILURE() << name << " not described";
    static CliOption none;
    return none;
  }

  CLI::App root_;
  bool flag_ = false;
  std::string text_;
  std::vector<std::string> files_;
};

TEST_F(CliReferenceTest, DescribesVisibleCommandsAndTheirOptions) {
  CliDescription cli = DescribeCli(root_);
  ASSERT_EQ(cli.commands.size(), 1u);  // "secret" is hidden
  EXPECT_EQ(cli.commands[0].name, "export");
  EXPECT_EQ(Option(cli.global, "--quiet").names, (std::vector<std::string>{"-q", "--quiet"}));
  const CliCommand& cmd = cli.commands[0];
  EXPECT_EQ(Option(cmd, "--format").choices, (std::vector<std::string>{"jsonl", "csv"}));
  EXPECT_EQ(Option(cmd, "--sort").choices, (std::vector<std::string>{"date", "relevance"}));
  EXPECT_TRUE(Option(cmd, "files").positional);
  EXPECT_TRUE(Option(cmd, "files").repeatable);
  EXPECT_TRUE(Option(cmd, "files").choices.empty());  // a file OR "-": no fixed list
  EXPECT_EQ(Option(cmd, "--out").names, (std::vector<std::string>{"-o", "--out"}));
  EXPECT_EQ(Option(cmd, "--out").value, "TEXT");
  EXPECT_TRUE(Option(cmd, "--bom").value.empty());
  for (const auto& opt : cmd.options) EXPECT_NE(opt.names.front(), "-h");  // help left out
}

TEST_F(CliReferenceTest, ManPageEscapesRoff) {
  std::ostringstream page;
  WriteManPage(DescribeCli(root_), page);
  const std::string text = page.str();
  EXPECT_NE(text.find(".SS tool export\n"), std::string::npos);
  EXPECT_NE(text.find("\\fB\\-o\\fR, \\fB\\-\\-out\\fR \\fITEXT\\fR"), std::string::npos);
  EXPECT_NE(text.find("\\&.starts with a dot\\e\n"), std::string::npos);  // no request, no escape
  EXPECT_NE(text.find("(one of: jsonl csv)"), std::string::npos);
  EXPECT_EQ(text.find("secret"), std::string::npos);
  EXPECT_NE(text.find(".TH GONGKAI 1"), std::string::npos);
}

TEST_F(CliReferenceTest, BashCompletionKnowsValuesAndOptions) {
  std::ostringstream script;
  WriteBashCompletion(DescribeCli(root_), script);
  const std::string text = script.str();
  EXPECT_NE(text.find("--format) values='jsonl csv' ;;"), std::string::npos);
  EXPECT_NE(text.find("-o|--out) values=files ;;"), std::string::npos);
  EXPECT_NE(text.find("complete -o filenames -F _tool tool"), std::string::npos);
  EXPECT_EQ(text.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace gongkai::app
