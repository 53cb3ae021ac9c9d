// The crawl test bed (see crawl_bed.h).
#include "crawl_bed.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/options.h"

namespace gongkai::testing {
namespace {

std::string MakeTempDir() {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("gongkai-it-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

}  // namespace

crawler::Options FastOptions() {
  crawler::Options o;
  o.min_delay_ms = 100;
  o.max_delay_ms = 1000;
  o.adaptive_delay_factor = 5;
  o.max_crawl_delay_ms = 2000;
  o.robots_retry_ms = 300;
  o.max_retries = 2;
  o.backoff_base_ms = 200;
  o.backoff_max_ms = 3000;
  o.park_host_after_failures = 3;
  o.throttle_base_ms = 300;
  o.throttle_max_ms = 3000;
  o.throttle_forgive_ms = 3000;
  o.connect_timeout_ms = 3000;
  o.total_timeout_ms = 10000;
  o.low_speed_time_ms = 3000;
  o.max_body_bytes = 1 << 20;
  o.max_in_flight_total = 8;
  return o;
}

CrawlBed::CrawlBed(std::vector<portal::SiteSpec> sites) {
  dir_ = MakeTempDir();
  archive_path_ = dir_ + "/archive.sqlite";
  portal::Options options;
  options.sites = std::move(sites);
  const Status started = portal::Portal::Start(options, &portal_);
  if (!started.ok()) ADD_FAILURE() << "portal did not start: " << started.ToString();
}

CrawlBed::~CrawlBed() {
  if (portal_) portal_->Stop();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::vector<crawler::Seed> CrawlBed::Seeds(int64_t min_delay_ms) const {
  std::vector<crawler::Seed> seeds;
  for (const auto& site : portal_->sites()) {
    crawler::Seed seed;
    seed.name = site.name + "@" + site.host;
    seed.listing_urls = site.listing_urls;
    seed.allowed_hosts = {site.host};
    seed.min_delay_ms = min_delay_ms;
    seeds.push_back(seed);
  }
  return seeds;
}

std::string CrawlBed::WriteSeedFile(int64_t min_delay_ms) const {
  std::string path = dir_ + "/seeds.toml";
  std::ofstream out(path);
  for (const auto& seed : Seeds(min_delay_ms)) {
    out << "[[seed]]\nname = \"" << seed.name << "\"\nlisting_urls = [\"" << seed.listing_urls.front()
        << "\"]\nallowed_hosts = [\"" << seed.allowed_hosts.front() << "\"]\nmin_delay_ms = " << min_delay_ms
        << "\n\n";
  }
  return path;
}

std::string CrawlBed::WriteConfig(const crawler::Options& o) const {
  std::string path = dir_ + "/config.toml";
  std::ofstream out(path);
  out << "[crawler]\nmin_delay_ms = " << o.min_delay_ms << "\nmax_delay_ms = " << o.max_delay_ms
      << "\nmax_crawl_delay_ms = " << o.max_crawl_delay_ms << "\nrobots_retry_ms = " << o.robots_retry_ms
      << "\nmax_retries = " << o.max_retries << "\nbackoff_base_ms = " << o.backoff_base_ms
      << "\nbackoff_max_ms = " << o.backoff_max_ms
      << "\npark_host_after_failures = " << o.park_host_after_failures
      << "\nthrottle_base_ms = " << o.throttle_base_ms << "\nthrottle_max_ms = " << o.throttle_max_ms
      << "\nthrottle_forgive_ms = " << o.throttle_forgive_ms
      << "\nmax_pages_per_host = " << o.max_pages_per_host << "\nmax_depth = " << o.max_depth
      << "\nrobots_cache_ms = " << o.robots_cache_ms << "\ntotal_timeout_ms = " << o.total_timeout_ms
      << "\nmax_body_bytes = " << o.max_body_bytes << "\n[archive]\npath = \"" << archive_path_
      << "\"\nzstd_level = 3\n";
  return path;
}

std::vector<crawler::Seed> CrawlBed::HomeSeeds(int64_t min_delay_ms) const {
  std::vector<crawler::Seed> seeds = Seeds(min_delay_ms);
  for (size_t i = 0; i < seeds.size(); ++i) {
    seeds[i].listing_urls.clear();
    seeds[i].urls = {portal_->sites()[i].home_url};
  }
  return seeds;
}

int CrawlBed::CrawlSeeds(const crawler::Options& options, std::vector<crawler::Seed> seeds,
                         app::CrawlRunOutcome* outcome, int64_t max_pages) {
  app::CrawlRunRequest request;
  request.crawler = options;
  request.archive.path = archive_path_;
  request.archive.zstd_level = 3;
  request.seeds = std::move(seeds);
  request.seeds_text = app::DescribeSeeds(request.seeds);
  request.config_digest = "test";
  request.limits.max_pages = max_pages;
  request.progress = app::ProgressMode::kNone;
  std::ostringstream err;
  int code = app::RunCrawl(request, outcome, err);
  if (!err.str().empty()) std::cerr << err.str();
  return code;
}

int CrawlBed::Crawl(const crawler::Options& options, app::CrawlRunOutcome* outcome, int64_t max_pages) {
  app::CrawlRunRequest request;
  request.crawler = options;
  request.archive.path = archive_path_;
  request.archive.zstd_level = 3;
  request.seeds = Seeds(options.min_delay_ms);
  request.seeds_text = app::DescribeSeeds(request.seeds);
  request.config_digest = "test";
  request.limits.max_pages = max_pages;
  request.progress = app::ProgressMode::kNone;
  std::ostringstream err;
  int code = app::RunCrawl(request, outcome, err);
  if (!err.str().empty()) std::cerr << err.str();
  return code;
}

std::unique_ptr<storage::Archive> CrawlBed::OpenArchive() const {
  storage::Options options;
  options.path = archive_path_;
  std::unique_ptr<storage::Archive> archive;
  storage::Status s = storage::Archive::OpenReadOnly(options, &archive);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return archive;
}

std::vector<portal::LoggedRequest> CrawlBed::ForHost(const std::vector<portal::LoggedRequest>& log,
                                                     const std::string& host) {
  std::vector<portal::LoggedRequest> out;
  for (const auto& r : log) {
    if (r.host == host) out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start_us < b.start_us; });
  return out;
}

std::string CrawlBed::UrlOf(const portal::LoggedRequest& r) {
  return "http://" + r.host + r.target;
}

std::map<std::string, int> CrawlBed::RequestCounts(const std::vector<portal::LoggedRequest>& log) {
  std::map<std::string, int> counts;
  for (const auto& r : log) ++counts[UrlOf(r)];
  return counts;
}

std::map<std::string, std::string> CrawlBed::ArchivedReports() const {
  std::map<std::string, std::string> out;
  auto archive = OpenArchive();
  if (!archive) return out;
  EXPECT_TRUE(archive
                  ->ForEachCapture({},
                                   [&](const storage::Capture& c) {
                                     if (c.page_kind == storage::PageKind::kReport &&
                                         !c.body_sha256.empty()) {
                                       out[c.final_url.empty() ? c.url : c.final_url] = c.body_sha256;
                                     }
                                     return true;
                                   })
                  .ok());
  return out;
}

}  // namespace gongkai::testing
