// hostile_bench: extraction time of pages a hostile portal controls, by item count (issue 17.5).
// Each kind grows one thing — distinct attributes on one element, attachment links, plain links,
// classes on one element, element nesting, table row/col spans — from 10k to 1M items (as far as
// fits the 16 MB input cap) and prints items, bytes, seconds and ns per item on one core.
// Linear time shows as a flat ns/item column. Usage: hostile_bench [max_items] [kind]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "extract/extractor.h"
#include "hostile_pages.h"

int main(int argc, char** argv) {
  const long max_items = argc > 1 ? std::atol(argv[1]) : 1000000;
  const std::string only = argc > 2 ? argv[2] : "";
  gongkai::extract::Options options;
  options.max_input_bytes = 64 << 20;  // above the cap, to see the curve past it
  std::printf("%-12s %9s %11s %9s %10s\n", "kind", "items", "bytes", "seconds", "ns/item");
  for (const auto& kind : gongkai::extract::bench::HostileKinds()) {
    if (!only.empty() && only != kind.name) continue;
    for (long n : {10000L, 30000L, 100000L, 300000L, 1000000L}) {
      if (n > max_items) break;
      std::string page = kind.make(static_cast<int>(n));
      gongkai::extract::Extraction e;
      auto start = std::chrono::steady_clock::now();
      (void)gongkai::extract::Extract({page, "http://a.gov.test/r/1.html", "text/html", ""}, options, &e);
      double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("%-12s %9ld %11zu %9.3f %10.1f\n", kind.name, n, page.size(), s, s * 1e9 / n);
      std::fflush(stdout);
      if (s > 60) break;  // quadratic: the next size would take hours
    }
  }
}
