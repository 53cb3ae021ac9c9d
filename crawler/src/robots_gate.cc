// The robots gate of one host (see robots_gate.h).
#include "robots_gate.h"

#include <algorithm>

#include "crawler/url.h"
#include "extract/links.h"

namespace gongkai::crawler {
namespace {

bool IsRedirect(int status) {
  return ClassifyRobotsStatus(status) == RobotsStatus::kRedirect;
}

}  // namespace

RobotsGate::RobotsGate(const Options& options, std::string key, const std::string& origin,
                       std::vector<std::string> allowed_hosts)
    : options_(options),
      key_(std::move(key)),
      allowed_hosts_(std::move(allowed_hosts)),
      url_(origin + "/robots.txt") {}

RobotsGate::Verdict RobotsGate::Check(int64_t now_us, CrawlStore* store, int64_t wall_ms, int64_t* wake_us,
                                      bool* reused) {
  *reused = false;
  switch (state_) {
    case State::kUnknown:
      if (!store_checked_) {
        store_checked_ = true;
        if (ReuseStored(store, now_us, wall_ms)) {
          *reused = true;
          return Verdict::kOpen;
        }
      }
      return Verdict::kAsk;
    case State::kFetching:
      return Verdict::kWait;
    case State::kUnavailable:
      if (given_up_) return Verdict::kClosed;
      if (now_us < retry_at_us_) {
        *wake_us = std::min(*wake_us, retry_at_us_);
        return Verdict::kWait;
      }
      return Verdict::kAsk;
    case State::kReady:
      return now_us >= valid_until_us_ ? Verdict::kAsk : Verdict::kOpen;
  }
  return Verdict::kWait;
}

bool RobotsGate::InScope(const std::string& url) const {
  auto parsed = ParseUrl(url);
  if (!parsed || (parsed->scheme != "http" && parsed->scheme != "https")) return false;
  const std::string key = parsed->Authority();
  return key == key_ || std::find(allowed_hosts_.begin(), allowed_hosts_.end(), key) != allowed_hosts_.end();
}

bool RobotsGate::Apply(int status, std::string_view body, int64_t valid_until_us) {
  RobotsStatus kind = ClassifyRobotsStatus(status);
  if (kind != RobotsStatus::kSuccessful && kind != RobotsStatus::kUnavailable) return false;
  rules_ = RobotsRules::ForStatus(status, body);
  // 2.3.1.3: a 4xx is no robots.txt at all: allow all.
  figure_ = kind == RobotsStatus::kSuccessful ? "ok" : "none (" + std::to_string(status) + ")";
  state_ = State::kReady;
  valid_until_us_ = valid_until_us;
  failures_ = 0;
  given_up_ = false;
  return true;
}

ErrorKind RobotsGate::OnAnswer(const FetchResult& result, int64_t now_us, ErrorKind kind,
                               std::string* message) {
  const int64_t trusted_until_us = now_us + std::max(options_.robots_cache_ms, kMinRobotsTrustMs) * 1000;
  bool answered = result.error == FetchError::kNone && result.status > 0;
  bool redirect = answered && IsRedirect(result.status) && !result.location.empty();
  if (redirect && (hops_ >= kMaxRobotsRedirects || !InScope(result.location))) {
    // RFC 9309 2.3.1.2: past five hops the crawler MAY take robots.txt as unavailable (4xx: allow
    // all). A hop out of the seed's scope is refused like any other redirect, with the same
    // outcome: nothing is requested from a host the seed does not name.
    rules_ = RobotsRules::AllowAll();
    state_ = State::kReady;
    valid_until_us_ = trusted_until_us;
    bool too_many = hops_ >= kMaxRobotsRedirects;
    figure_ = too_many ? "none (too many redirects)" : "none (redirect out of scope)";
    *message = "robots.txt redirect to " + result.location;
    return too_many ? ErrorKind::kTooManyRedirects : ErrorKind::kRedirectOutOfScope;
  }
  if (redirect) {
    ++hops_;
    url_ = result.location;
    state_ = State::kUnknown;
    return kind;
  }
  if (answered && Apply(result.status, result.body, trusted_until_us)) return kind;
  rules_ = RobotsRules::ForStatus(result.status, "");  // 2.3.1.4: unreachable = complete disallow
  state_ = State::kUnavailable;
  // ... only until it can be fetched again: retried within the run with back-off
  // (backoff_base_ms doubling, at most robots_retry_ms apart), max_retries times.
  ++failures_;
  int shift = std::clamp(failures_ - 1, 0, 20);
  int64_t wait_ms = std::min(options_.robots_retry_ms, options_.backoff_base_ms << shift);
  retry_at_us_ = now_us + wait_ms * 1000;
  if (failures_ > options_.max_retries) given_up_ = true;
  figure_ =
      "unavailable (" + (result.status ? std::to_string(result.status) : std::string(ToString(kind))) + ")";
  return result.status ? ErrorKind::kHttp : kind;
}

bool RobotsGate::ReuseStored(CrawlStore* store, int64_t now_us, int64_t now_ms) {
  if (options_.robots_cache_ms <= 0) return false;
  std::string url = url_;
  int64_t oldest_ms = now_ms;  // a redirect chain is as fresh as its oldest answer
  for (int hop = 0; hop <= kMaxRobotsRedirects; ++hop) {
    std::optional<StoredRobots> stored = store->LatestRobots(url);
    if (!stored || stored->fetched_at_ms > now_ms) return false;
    oldest_ms = std::min(oldest_ms, stored->fetched_at_ms);
    const int64_t age_ms = now_ms - oldest_ms;
    if (age_ms >= options_.robots_cache_ms) return false;
    const int64_t valid_until_us = now_us + (options_.robots_cache_ms - age_ms) * 1000;
    const std::string stored_ago = "stored " + std::to_string(age_ms / 1000) + " s ago";
    if (IsRedirect(stored->status)) {
      if (stored->location.empty()) return false;
      url = extract::ResolveUrl(url, stored->location);  // as the transport resolves Location
      if (!InScope(url)) {                               // as OnAnswer() decided when it was fetched
        Apply(404, "", valid_until_us);
        figure_ = "none (redirect out of scope, " + stored_ago + ")";
        return true;
      }
      continue;
    }
    if (!Apply(stored->status, stored->body, valid_until_us)) return false;  // 5xx/429: ask again
    url_ = url;
    figure_ += " (" + stored_ago + ")";
    return true;
  }
  return false;
}

}  // namespace gongkai::crawler
