// A test bed for crawl integration tests: a simulated portal with chosen sites on loopback, seeds
// built from it, a unique temporary archive, and helpers to read the portal's request log.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "adapters/crawl_run.h"
#include "portal/portal.h"
#include "storage/archive.h"

namespace gongkai::testing {

// The portal's log measures gaps from the server's side, which may see them a hair shorter than the
// crawler kept them: the server stamps a response's end after its last write returns, and on a
// loaded machine that stamp can come tens of milliseconds after the client already has the bytes
// (measured with crawl_bench, 60 sites' server threads on a two-core machine shared by seven
// builds: up to 38 ms). The tests' tolerance, not the crawler's: gap assertions from the log allow
// this much.
inline constexpr int64_t kServerStampToleranceUs = 50000;

// Crawler options for tests: politeness on, gaps small so the suite stays fast.
crawler::Options FastOptions();

class CrawlBed {
 public:
  // Starts the portal (fails the test on error). Sites should bind port 0.
  explicit CrawlBed(std::vector<portal::SiteSpec> sites);
  ~CrawlBed();

  // Runs one crawl into the bed's archive (in process); returns the exit code.
  int Crawl(const crawler::Options& options, app::CrawlRunOutcome* outcome, int64_t max_pages = 0);

  std::vector<crawler::Seed> Seeds(int64_t min_delay_ms) const;
  // One seed per site naming only its home page (urls = [home_url]).
  std::vector<crawler::Seed> HomeSeeds(int64_t min_delay_ms) const;
  // Runs one crawl of `seeds` into the bed's archive (in process), stopping after `max_pages` page
  // requests when > 0 (the run stays unfinished: the next call resumes it); returns the exit code.
  int CrawlSeeds(const crawler::Options& options, std::vector<crawler::Seed> seeds,
                 app::CrawlRunOutcome* outcome, int64_t max_pages = 0);
  // The seed list as a TOML file in the bed's directory (for the gongkai binary); returns its path.
  std::string WriteSeedFile(int64_t min_delay_ms) const;
  // A config.toml with `options`' politeness values, in the bed's directory; returns its path.
  std::string WriteConfig(const crawler::Options& options) const;

  portal::Portal& portal() { return *portal_; }
  const std::string& dir() const { return dir_; }
  const std::string& archive_path() const { return archive_path_; }
  std::unique_ptr<storage::Archive> OpenArchive() const;

  // Log helpers.
  static std::vector<portal::LoggedRequest> ForHost(const std::vector<portal::LoggedRequest>& log,
                                                    const std::string& host);
  // "http://host" + target, for comparing with SiteInfo URLs.
  static std::string UrlOf(const portal::LoggedRequest& request);
  // URL -> number of requests.
  static std::map<std::string, int> RequestCounts(const std::vector<portal::LoggedRequest>& log);
  // URLs of report captures with a body, and their digests, in the archive.
  std::map<std::string, std::string> ArchivedReports() const;

 private:
  std::unique_ptr<portal::Portal> portal_;
  std::string dir_;
  std::string archive_path_;
};

}  // namespace gongkai::testing
