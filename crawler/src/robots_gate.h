// The robots gate of one host: robots.txt is the first request to the host and every later request
// passes its rules (RFC 9309 section 2.3.1: 2xx = its rules, 4xx = allow all, 5xx/unreachable =
// disallow all and ask again later, redirects followed up to five hops). A fetched answer is
// trusted for Options::robots_cache_ms, at least kMinRobotsTrustMs, and one stored by an earlier
// run is reused while young enough, so a nightly crawl does not ask every host again.
//
// The gate decides only; the scheduler requests robots.txt when told to (kAsk), records the answer
// and applies Crawl-delay and Sitemap lines from rules() when the gate opens.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/crawl_store.h"
#include "crawler/options.h"
#include "crawler/outcome.h"
#include "crawler/robots.h"
#include "crawler/transport.h"

namespace gongkai::crawler {

// RFC 9309 section 2.3.1.2: follow at least five consecutive redirects for robots.txt.
inline constexpr int kMaxRobotsRedirects = 5;

// A robots.txt fetched in this run is used at least this long whatever robots_cache_ms says, so a
// tiny (or zero) TTL cannot turn into one robots.txt request before every page.
inline constexpr int64_t kMinRobotsTrustMs = 60'000;

class RobotsGate {
 public:
  // `key` is the host's authority (host[:port]), `allowed_hosts` those its seed may reach: a
  // robots.txt redirect is followed only to http(s) on one of them.
  RobotsGate(const Options& options, std::string key, const std::string& origin,
             std::vector<std::string> allowed_hosts);

  enum class Verdict {
    kAsk,     // request url() now
    kWait,    // being fetched, or unreachable until a retry (*wake_us lowered to that time)
    kClosed,  // unreachable after every retry: nothing is asked of the host again this run
    kOpen,    // the rules are in force: check each URL with Allows()
  };
  // What the host's next request must be at `now_us`. The first call looks for an answer stored by
  // an earlier run (`store`); when it opens the gate, *reused is set so the caller applies it.
  Verdict Check(int64_t now_us, CrawlStore* store, int64_t wall_ms, int64_t* wake_us, bool* reused);

  bool Allows(std::string_view product_token, std::string_view path_and_query) const {
    return rules_.Allowed(product_token, path_and_query);
  }
  const RobotsRules& rules() const { return rules_; }
  const std::string& url() const { return url_; }  // the robots.txt URL to ask (moves on redirect)
  bool fetching() const { return state_ == State::kFetching; }
  bool open() const { return state_ == State::kReady; }
  // Unavailable now (5xx/unreachable), whether or not retries are left.
  bool unavailable() const { return state_ == State::kUnavailable; }
  bool given_up() const { return given_up_; }
  // For the host's figures: "ok", "none (404)", "unavailable (500)", ...
  const std::string& figure() const { return figure_; }

  void OnRequested() { state_ = State::kFetching; }
  // Takes the answer to the robots.txt request (`result`, at `now_us`; `kind` is the transport's
  // error kind). Returns the error kind to record with it (`kind` for an answer that decided the
  // rules or a redirect to follow) and may replace *message. open() afterwards tells whether the
  // rules are now in force.
  ErrorKind OnAnswer(const FetchResult& result, int64_t now_us, ErrorKind kind, std::string* message);

 private:
  enum class State { kUnknown, kFetching, kReady, kUnavailable };

  // Applies a final answer with `status` and `body`, trusted until `valid_until_us`. False (gate
  // unchanged) for statuses that decide nothing (3xx, 5xx, 429).
  bool Apply(int status, std::string_view body, int64_t valid_until_us);
  // An earlier run's answer younger than robots_cache_ms, followed through its stored redirects.
  bool ReuseStored(CrawlStore* store, int64_t now_us, int64_t now_ms);
  bool InScope(const std::string& url) const;

  const Options& options_;
  const std::string key_;
  const std::vector<std::string> allowed_hosts_;
  State state_ = State::kUnknown;
  RobotsRules rules_;
  std::string url_;
  std::string figure_;
  int hops_ = 0;
  bool store_checked_ = false;  // an earlier run's robots.txt was looked for (once per run)
  int64_t valid_until_us_ = 0;
  int64_t retry_at_us_ = 0;
  int failures_ = 0;       // 5xx/unreachable answers in a row, this run
  bool given_up_ = false;  // failed max_retries + 1 times: not asked again this run
};

}  // namespace gongkai::crawler
