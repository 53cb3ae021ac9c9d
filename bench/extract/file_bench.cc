// file_bench: report files (PDF, DOCX, OFD, DOC, image-only PDF) extracted on one thread, per format:
// files/s, pages/s (for formats that know their pages), and the peak memory of the process.
// Usage: file_bench [DIR] [--seconds S]   (DIR default: tests/extract/data/files; files whose name
// starts with "bad-" are left out). Prints one line per file and format:
//   format=pdf file=jinning-2020.pdf pages=4 runs=40 seconds=1.02 files_per_s=39.2 pages_per_s=157
// and at the end peak_rss_kb (getrusage ru_maxrss: the largest fixture's cost included).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/extractor.h"

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::string dir = GONGKAI_FILE_BENCH_DIR;
  double min_seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
      min_seconds = std::atof(argv[++i]);
    else
      dir = argv[i];
  }
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    std::string ext = e.path().extension().string();
    if (name.rfind("bad-", 0) == 0 || name.rfind("lying", 0) == 0) continue;
    if (ext == ".pdf" || ext == ".docx" || ext == ".doc" || ext == ".ofd" || ext == ".wps")
      paths.push_back(e.path());
  }
  std::sort(paths.begin(), paths.end());
  gongkai::extract::Options options;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    gongkai::extract::ExtractInput input;
    input.bytes = bytes;
    int runs = 0, pages = 0;
    std::string format;
    auto start = std::chrono::steady_clock::now();
    double seconds = 0;
    while (seconds < min_seconds || runs == 0) {
      gongkai::extract::Extraction e;
      if (gongkai::Status status = gongkai::extract::Extract(input, options, &e); !status.ok()) {
        std::fprintf(stderr, "%s: %s\n", p.string().c_str(), status.message().c_str());
        break;
      }
      pages = e.pages;
      format = e.ocr ? e.format + "+ocr" : e.format;
      ++runs;
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    if (runs == 0) continue;
    std::printf(
        "format=%s file=%s bytes=%zu pages=%d runs=%d seconds=%.2f files_per_s=%.2f pages_per_s=%.1f\n",
        format.c_str(), p.filename().string().c_str(), bytes.size(), pages, runs, seconds, runs / seconds,
        pages > 0 ? pages * runs / seconds : 0.0);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak_rss_kb=%ld\n", usage.ru_maxrss);
  return 0;
}
