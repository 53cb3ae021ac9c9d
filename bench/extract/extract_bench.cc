// extract_bench — speed of whole extraction (decode + parse + select + filter + metadata + JSON)
// beside the floor no Gumbo-based extractor can beat: Gumbo's own parse of the same bytes.
//
// Usage: extract_bench [--runs N] DIR...   (every .html/.htm file under each DIR, read into memory
// first; one thread). For each DIR prints the median over N runs (default 5) of both passes:
//   DIR files=F bytes=B gumbo_pages_per_s=.. gumbo_mb_per_s=.. extract_pages_per_s=.. extract_mb_per_s=..
//   ratio=..
// ratio = extraction MB/s / Gumbo MB/s. Exit code 1 when a DIR has no pages.
#include <gumbo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "extract/extractor.h"

namespace {

std::vector<std::string> LoadPages(const std::string& dir) {
  std::vector<std::filesystem::path> paths;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    if (it->is_regular_file() && (ext == ".html" || ext == ".htm")) paths.push_back(it->path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> pages;
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    pages.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return pages;
}

template <typename F>
double Seconds(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 5;
  std::vector<std::string> dirs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc)
      runs = std::max(1, std::atoi(argv[++i]));
    else
      dirs.push_back(a);
  }
  if (dirs.empty()) {
    std::fprintf(stderr, "usage: extract_bench [--runs N] DIR...\n");
    return 2;
  }
  int status = 0;
  for (const std::string& dir : dirs) {
    std::vector<std::string> pages = LoadPages(dir);
    if (pages.empty()) {
      std::fprintf(stderr, "%s: no .html/.htm files\n", dir.c_str());
      status = 1;
      continue;
    }
    double bytes = 0;
    for (const auto& p : pages) bytes += static_cast<double>(p.size());
    std::vector<double> parse_s, extract_s;
    std::size_t sink = 0;
    for (int r = 0; r < runs; ++r) {
      parse_s.push_back(Seconds([&] {
        for (const auto& p : pages) {
          GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
          sink += out->root->v.element.children.length;
          gumbo_destroy_output(&kGumboDefaultOptions, out);
        }
      }));
      extract_s.push_back(Seconds([&] {
        for (const auto& p : pages) {
          gongkai::extract::ExtractInput input;
          input.bytes = p;
          gongkai::extract::Extraction e;
          if (gongkai::extract::Extract(input, gongkai::extract::Options{}, &e).ok())
            sink += gongkai::extract::ToJson(e).size();
        }
      }));
    }
    double n = static_cast<double>(pages.size()), mb = bytes / 1e6;
    double ps = Median(parse_s), es = Median(extract_s);
    std::printf(
        "%s files=%zu bytes=%.0f gumbo_pages_per_s=%.1f gumbo_mb_per_s=%.2f extract_pages_per_s=%.1f "
        "extract_mb_per_s=%.2f ratio=%.2f (sink %zu)\n",
        dir.c_str(), pages.size(), bytes, n / ps, mb / ps, n / es, mb / es, ps / es, sink % 10);
  }
  return status;
}
