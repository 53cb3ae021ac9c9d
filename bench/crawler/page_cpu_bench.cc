// page_cpu_bench [--hosts N] [--seed S] [--runs R] [--dump DIR]
// CPU of the crawler's page work alone (what an extraction worker runs per fetched page: one decode,
// one parse, structure analysis, link discovery, extraction with statistics), without sockets or
// scheduling: the quick loop for the whole-process figure of crawl_bench, whose ~70 % it is.
//
// Starts the simulated portal's N generated sites (default 60) in-process, fetches each site's home
// page, every listing page and every report page once over loopback, then runs ProcessReport over
// those bodies R times (default 5) on one thread. Prints, per page class, the median over runs of the
// thread's CPU milliseconds per page, and the CPU seconds per 1000 pages of the whole mix (the mix a
// crawl fetches, minus robots.txt and attachments, which take no page work). --dump DIR also writes
// the pages to DIR (N.html, and urls.tsv: N, listing or report, URL, Content-Type) for comparing the
// outputs of two builds with `gongkai extract` and `gongkai discover`.
#include <httplib.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "crawler/discovery.h"
#include "crawler/options.h"
#include "extract/extractor.h"
#include "extract_pool.h"
#include "portal/portal.h"

using namespace gongkai;

namespace {

struct Page {
  std::string url, content_type, body;
  bool listing = false;
};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

void Fetch(httplib::Client& client, const portal::SiteInfo& site, const std::string& url, bool listing,
           std::vector<Page>* pages) {
  auto result = client.Get(url.substr(site.base_url.size()));
  if (!result || result->status != 200) return;
  pages->push_back({url, result->get_header_value("Content-Type"), result->body, listing});
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int hosts = 60;
  uint64_t seed = 1;
  int runs = 5;
  std::string dump;
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--dump")) dump = argv[i + 1];
    if (!std::strcmp(argv[i], "--hosts")) hosts = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  portal::Options portal_options;
  portal_options.sites = portal::GeneratedSites(hosts, seed);
  portal_options.threads_per_site = 1;
  std::unique_ptr<portal::Portal> portal;
  if (Status started = portal::Portal::Start(portal_options, &portal); !portal) {
    std::fprintf(stderr, "portal: %s\n", started.message().c_str());
    return 1;
  }
  std::vector<Page> pages;
  for (const auto& site : portal->sites()) {
    httplib::Client client(site.base_url);
    Fetch(client, site, site.home_url, true, &pages);
    for (const auto& url : site.all_listing_urls) Fetch(client, site, url, true, &pages);
    for (const auto& url : site.report_urls) Fetch(client, site, url, false, &pages);
  }
  portal.reset();
  if (!dump.empty()) {
    std::ofstream index(dump + "/urls.tsv");
    for (size_t i = 0; i < pages.size(); ++i) {
      std::ofstream(dump + "/" + std::to_string(i) + ".html", std::ios::binary) << pages[i].body;
      index << i << '\t' << (pages[i].listing ? "listing" : "report") << '\t' << pages[i].url << '\t'
            << pages[i].content_type << '\n';
    }
    if (!index) {
      std::fprintf(stderr, "cannot write %s/urls.tsv\n", dump.c_str());
      return 1;
    }
  }

  const crawler::DiscoveryRules rules = crawler::DiscoveryRulesFrom(crawler::Options{});
  std::unique_ptr<extract::Extractor> extractor;
  if (Status status = extract::Extractor::Create(extract::Options{}, &extractor); !status.ok()) {
    std::fprintf(stderr, "extractor: %s\n", status.message().c_str());
    return 1;
  }
  size_t listings = 0, reports = 0, extracted = 0;
  std::vector<double> listing_ms, report_ms, per_1000;
  for (int run = 0; run < runs; ++run) {
    double listing_s = 0, report_s = 0;
    listings = reports = extracted = 0;
    for (const Page& page : pages) {
      crawler::ReportJob job;
      job.listing = page.listing;
      job.body = page.body;
      job.url = page.url;
      job.content_type = page.content_type;
      job.rules = &rules;
      const double start = ThreadCpuSeconds();
      crawler::ReportJobResult result = crawler::ProcessReport(job, extractor.get(), "");
      const double spent = ThreadCpuSeconds() - start;
      if (page.listing) {
        listing_s += spent;
        ++listings;
      } else {
        report_s += spent;
        ++reports;
        if (result.extraction) ++extracted;
      }
    }
    listing_ms.push_back(listings ? 1000 * listing_s / static_cast<double>(listings) : 0);
    report_ms.push_back(reports ? 1000 * report_s / static_cast<double>(reports) : 0);
    per_1000.push_back(1000 * (listing_s + report_s) / static_cast<double>(pages.size()));
  }
  std::printf(
      "page_cpu_bench: %d hosts (seed %llu), %zu pages (%zu listing/home, %zu reports, %zu extracted), "
      "median of %d runs\n",
      hosts, static_cast<unsigned long long>(seed), pages.size(), listings, reports, extracted, runs);
  std::printf("listing_ms_per_page=%.3f report_ms_per_page=%.3f cpu_s_per_1000_pages=%.3f\n",
              Median(listing_ms), Median(report_ms), Median(per_1000));
  return 0;
}
