// portal_bench: what the simulated portal costs to run, so crawler benchmarks that embed it know
// what to subtract. Starts GeneratedSites(N) (default 60), fetches every report page once with a
// plain cpp-httplib client (identity, then gzip), and prints start-up time, pages, bytes and the
// portal's own CPU per 1,000 pages (Portal::ServerCpuSeconds()).
// Usage: portal_bench [N]
#include <httplib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "portal/portal.h"

namespace {

using gongkai::portal::Portal;

struct Pass {
  size_t pages = 0;
  size_t bytes = 0;
  double server_cpu_s = 0;
};

Pass FetchAll(Portal& portal, bool gzip) {
  Pass pass;
  const double before = portal.ServerCpuSeconds();
  for (const auto& site : portal.sites()) {
    httplib::Client client(site.base_url);
    client.set_decompress(false);
    httplib::Headers headers;
    if (gzip) headers.insert({"Accept-Encoding", "gzip"});
    for (const auto& url : site.report_urls) {
      auto res = client.Get(url.substr(site.base_url.size()).c_str(), headers);
      if (!res || res->status != 200) {
        std::fprintf(stderr, "portal_bench: %s failed\n", url.c_str());
        std::exit(1);
      }
      ++pass.pages;
      pass.bytes += res->body.size();
    }
  }
  pass.server_cpu_s = portal.ServerCpuSeconds() - before;
  return pass;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 60;
  gongkai::portal::Options options;
  options.sites = gongkai::portal::GeneratedSites(n, 1);
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<Portal> portal;
  const gongkai::Status started = Portal::Start(options, &portal);
  if (!portal) {
    std::fprintf(stderr, "portal_bench: %s\n", started.message().c_str());
    return 1;
  }
  const double start_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::printf("sites %zu, start-up %.1f ms\n", portal->sites().size(), start_ms);
  for (bool gzip : {false, true}) {
    const Pass p = FetchAll(*portal, gzip);
    std::printf("%-8s pages %zu, bytes %zu, portal CPU %.3f s = %.3f CPU-s per 1000 pages\n",
                gzip ? "gzip" : "identity", p.pages, p.bytes, p.server_cpu_s,
                p.server_cpu_s * 1000 / p.pages);
  }
  portal->Stop();
  return 0;
}
