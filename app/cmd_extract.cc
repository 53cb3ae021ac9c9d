// `gongkai extract PATH|- [--url URL] [--charset NAME] [--format json|text|markdown]`: prints the
// report extracted from one saved page or report file (PDF, DOCX, OFD, DOC/WPS; sniffed from its bytes).
// `gongkai extract --bench DIR [--repeat N]` times extraction of every .html/.htm file under DIR in one
// process, on one thread, and prints `files=N seconds=S pages_per_s=X mb_per_s=Y`. Exit codes: 0 ok, 1
// unreadable file / empty or binary input, 2 bad command line.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "command.h"
#include "extract/extractor.h"

namespace gongkai::app {
namespace {

struct ExtractArgs {
  std::string path;
  std::string url;
  std::string charset;
  std::string format = "json";
  std::string bench_dir;
  int repeat = 1;
};

bool ReadAll(const std::string& path, std::string* out) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    *out = ss.str();
    return true;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Failure(kExitFailure,
                  "'" + path + "' is a directory: give one page or file (--bench DIR reads a directory)");
  }
  if (!std::filesystem::exists(path, ec)) throw Failure(kExitFailure, "'" + path + "' does not exist");
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

int RunOne(const ExtractArgs& args, const extract::Options& options) {
  std::string bytes;
  if (!ReadAll(args.path, &bytes)) throw Failure(kExitFailure, "cannot read '" + args.path + "'");
  extract::ExtractInput input;
  input.bytes = bytes;
  input.url = args.url;
  input.forced_charset = args.charset;
  extract::Extraction e;
  if (Status status = extract::Extract(input, options, &e); !status.ok()) {
    throw Failure(kExitFailure, args.path + ": " + status.message());
  }
  if (args.format == "text")
    std::cout << extract::ToText(e);
  else if (args.format == "markdown")
    std::cout << extract::ToMarkdown(e);
  else
    std::cout << extract::ToJson(e) << "\n";
  return kExitOk;
}

int RunBench(const ExtractArgs& args, const extract::Options& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(args.bench_dir, ec))
    throw Failure(kExitFailure, "not a directory: '" + args.bench_dir + "'");
  std::vector<std::string> pages;
  std::vector<fs::path> paths;
  for (fs::recursive_directory_iterator it(args.bench_dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    if (it->is_regular_file() && (ext == ".html" || ext == ".htm")) paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  std::size_t total_bytes = 0;
  for (const auto& p : paths) {
    std::string bytes;
    if (!ReadAll(p.string(), &bytes)) throw Failure(kExitFailure, "cannot read '" + p.string() + "'");
    total_bytes += bytes.size();
    pages.push_back(std::move(bytes));
  }
  std::size_t sink = 0;
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < args.repeat; ++r) {
    for (const std::string& bytes : pages) {
      extract::ExtractInput input;
      input.bytes = bytes;
      extract::Extraction e;
      if (extract::Extract(input, options, &e).ok()) sink += extract::ToJson(e).size();
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double files = static_cast<double>(pages.size()) * args.repeat;
  double mb = static_cast<double>(total_bytes) * args.repeat / 1e6;
  std::printf("files=%zu seconds=%.3f pages_per_s=%.1f mb_per_s=%.2f\n", pages.size() * args.repeat, seconds,
              seconds > 0 ? files / seconds : 0.0, seconds > 0 ? mb / seconds : 0.0);
  return sink == static_cast<std::size_t>(-1) ? kExitFailure : kExitOk;
}

void Setup(CLI::App& root, Context& ctx) {
  static ExtractArgs args;
  auto* cmd = root.add_subcommand("extract",
                                  "extract the report (title, date, text, tables) from a saved page or file");
  cmd->add_option("path", args.path,
                  "HTML page or report file (PDF, DOCX, OFD, DOC/WPS), or - for standard input");
  cmd->add_option("--url", args.url, "the page's address (makes attachment URLs absolute)");
  cmd->add_option("--charset", args.charset, "decode with this charset, ignoring declarations");
  cmd->add_option("--format", args.format, "json (default), text or markdown")
      ->check(CLI::IsMember({"json", "text", "markdown"}));
  cmd->add_option("--bench", args.bench_dir, "time extraction of every .html/.htm under DIR");
  cmd->add_option("--repeat", args.repeat, "with --bench: passes over the files")->check(CLI::PositiveNumber);
  cmd->footer(
      "Exit codes: 0 ok, 1 unreadable, empty, binary, encrypted or damaged input, 2 bad command line.");
  cmd->callback([&ctx] {
    const extract::Options& options = ctx.config().extract;
    if (!args.bench_dir.empty()) {
      ctx.exit_code = RunBench(args, options);
      return;
    }
    if (args.path.empty()) throw Failure(kExitUsage, "extract: give a PATH (or -), or --bench DIR");
    ctx.exit_code = RunOne(args, options);
  });
}

const CommandRegistration kRegistration(20, Setup);

}  // namespace
}  // namespace gongkai::app
