// frontier_bench [--urls N] [--hosts H]
// Fills the crawler's in-memory Frontier (and a seen set of 64-bit URL hashes, as the scheduler
// keeps) with N (default 1,000,000) URLs spread over H (default 1,000) hosts, then drains it.
// Prints RSS growth, the frontier's own byte count, and enqueue/dequeue rates.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <unordered_set>

#include "crawler/frontier.h"

using namespace gongkai::crawler;

namespace {

double RssMb() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

uint64_t Hash(const std::string& s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  long urls = 1000000, hosts = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--urls")) urls = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--hosts")) hosts = std::atol(argv[i + 1]);
  }
  double rss_before = RssMb();
  Frontier frontier;
  std::unordered_set<uint64_t> seen;
  for (long h = 0; h < hosts; ++h) frontier.AddQueue();
  auto t0 = std::chrono::steady_clock::now();
  FrontierItem item;
  item.kind = LinkKind::kReport;
  item.depth = 1;
  for (long i = 0; i < urls; ++i) {
    long h = i % hosts;
    std::string host = "http://www.site" + std::to_string(h) + ".gov.cn";
    item.url = host + "/xxgk/ndbg/2021" + std::to_string(i % 12 + 10) + "/t20210106_" +
               std::to_string(400000 + i) + ".html";
    item.from_url = host + "/xxgk/ndbg/index_" + std::to_string((i / hosts) / 15) + ".html";
    item.seed_name = "site" + std::to_string(h);
    if (seen.insert(Hash(item.url)).second) frontier.Push(static_cast<size_t>(h), item);
  }
  auto t1 = std::chrono::steady_clock::now();
  double rss_full = RssMb();
  size_t bytes = frontier.MemoryBytes();
  long drained = 0;
  size_t checksum = 0;
  while (frontier.total() > 0) {
    for (long h = 0; h < hosts; ++h) {
      if (frontier.Empty(h)) continue;
      checksum += frontier.Front(h).url.size();
      frontier.Pop(h);
      ++drained;
    }
  }
  auto t2 = std::chrono::steady_clock::now();
  double enqueue_s = std::chrono::duration<double>(t1 - t0).count();
  double dequeue_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("urls=%ld hosts=%ld rss_growth_mb=%.1f frontier_bytes_mb=%.1f seen_set_entries=%zu\n", urls,
              hosts, rss_full - rss_before, bytes / (1024.0 * 1024.0), seen.size());
  std::printf(
      "enqueue_per_s=%.0f (incl. URL building and seen check) dequeue_per_s=%.0f drained=%ld checksum=%zu\n",
      urls / enqueue_s, drained / dequeue_s, drained, checksum);
  return 0;
}
