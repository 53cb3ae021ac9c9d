// export_rss_bench: peak memory of `gongkai export` per format as the archive grows (issue 12.5:
// "a 10 GB archive exports with flat RSS"). Builds synthetic archives (tests/storage/tools/
// synthetic_archive.h: listings, reports with extractions, identical-payload and 304 revisits,
// redirect hops, errors) of each size, then runs the binary once per format in a child process and
// reads the child's peak RSS from wait4() (ru_maxrss, KB). With --baseline the old binary runs
// right before the new one for each format, so both see the same machine load.
//
// Usage: export_rss_bench --gongkai BIN [--baseline OLD_BIN] [--sizes 2000,30000]
//                         [--formats warc,cdxj,wacz,jsonl,csv] [--dir DIR]
// Output: one line per size, format and binary: captures, format, binary, peak_rss_kb, seconds.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "synthetic_archive.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) parts.push_back(part);
  return parts;
}

struct Peak {
  long rss_kb = -1;
  double seconds = 0;
};

// Runs `argv` in `dir` (so no config.toml of the caller's is read) and returns its peak RSS;
// rss_kb -1 when it failed.
Peak RunChild(const std::vector<std::string>& argv, const std::string& dir) {
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  Peak peak;
  int status = 0;
  struct rusage usage {};
  if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) return peak;
  peak.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) peak.rss_kb = usage.ru_maxrss;
  return peak;
}

std::string Extension(const std::string& format) {
  if (format == "warc") return ".warc.gz";
  return "." + format;
}

}  // namespace

int main(int argc, char** argv) {
  std::string gongkai, baseline, dir;
  std::vector<std::string> sizes = {"2000", "30000"};
  std::vector<std::string> formats = {"warc", "cdxj", "wacz", "jsonl", "csv"};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--gongkai")
      gongkai = fs::absolute(value).string();
    else if (flag == "--baseline")
      baseline = fs::absolute(value).string();
    else if (flag == "--sizes")
      sizes = Split(value);
    else if (flag == "--formats")
      formats = Split(value);
    else if (flag == "--dir")
      dir = value;
  }
  if (gongkai.empty()) {
    std::fprintf(stderr,
                 "usage: %s --gongkai BIN [--baseline OLD_BIN] [--sizes N,N] [--formats F,F] [--dir DIR]\n",
                 argv[0]);
    return 2;
  }
  bool own_dir = dir.empty();
  if (own_dir) dir = (fs::temp_directory_path() / ("export-rss-bench-" + std::to_string(getpid()))).string();
  fs::create_directories(dir);
  dir = fs::absolute(dir).string();
  std::printf("%-9s %-6s %-9s %12s %9s\n", "captures", "format", "binary", "peak_rss_kb", "seconds");
  int failures = 0;
  for (const std::string& size : sizes) {
    const std::string archive = dir + "/archive-" + size + ".sqlite";
    if (!fs::exists(archive)) {
      auto start = std::chrono::steady_clock::now();
      gongkai::storage::Status status =
          gongkai::storage::synthetic::WriteArchive(archive, std::atoll(size.c_str()));
      if (!status.ok()) {
        std::fprintf(stderr, "cannot build %s: %s\n", archive.c_str(), status.ToString().c_str());
        return 1;
      }
      std::fprintf(stderr, "built %s in %.1f s (%.1f MB)\n", archive.c_str(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                   static_cast<double>(fs::file_size(archive)) / 1e6);
    }
    for (const std::string& format : formats) {
      std::vector<std::pair<std::string, std::string>> binaries;
      if (!baseline.empty()) binaries.push_back({"baseline", baseline});
      binaries.push_back({"gongkai", gongkai});
      for (const auto& [name, binary] : binaries) {
        const std::string out = dir + "/out-" + size + "-" + name + Extension(format);
        Peak peak =
            RunChild({binary, "-q", "export", "--format", format, "--out", out, "--archive", archive}, dir);
        if (peak.rss_kb < 0) ++failures;
        std::printf("%-9s %-6s %-9s %12ld %9.1f\n", size.c_str(), format.c_str(), name.c_str(), peak.rss_kb,
                    peak.seconds);
        std::fflush(stdout);
        // Only the sizes matter here; the files go (cdxj writes the index and WARC files beside it).
        for (const auto& entry : fs::directory_iterator(dir)) {
          if (entry.path().filename().string().rfind("out-", 0) == 0) fs::remove(entry.path());
        }
      }
    }
  }
  if (own_dir) fs::remove_all(dir);
  return failures == 0 ? 0 : 1;
}
