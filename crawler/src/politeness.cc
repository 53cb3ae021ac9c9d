// Per-host and per-IP politeness (see politeness.h).
#include "crawler/politeness.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <ctime>

namespace gongkai::crawler {

Politeness::Politeness(const Options& options, Clock* clock, uint64_t jitter_seed)
    : options_(options), clock_(clock), rng_(jitter_seed) {}

void Politeness::SetCrawlDelay(const std::string& host, double seconds) {
  int64_t ms = static_cast<int64_t>(seconds * 1000.0 + 0.5);
  hosts_[host].crawl_delay_ms = std::clamp<int64_t>(ms, 0, options_.max_crawl_delay_ms);
}

void Politeness::SetMinDelayOverride(const std::string& host, int64_t min_delay_ms) {
  hosts_[host].min_delay_override_ms = std::max<int64_t>(0, min_delay_ms);
}

int64_t Politeness::GapUs(const std::string& host, int64_t response_us) const {
  auto it = hosts_.find(host);
  int64_t min_ms = options_.min_delay_ms;
  int64_t crawl_delay_ms = 0;
  if (it != hosts_.end()) {
    if (it->second.min_delay_override_ms) min_ms = *it->second.min_delay_override_ms;
    crawl_delay_ms = it->second.crawl_delay_ms;
  }
  int64_t max_ms = std::max(min_ms, options_.max_delay_ms);
  int64_t adaptive_us =
      static_cast<int64_t>(options_.adaptive_delay_factor * static_cast<double>(response_us));
  int64_t gap_us = std::clamp(adaptive_us, min_ms * 1000, max_ms * 1000);
  return std::max(gap_us, crawl_delay_ms * 1000);
}

int64_t Politeness::EarliestStartUs(const std::string& host, const std::string& ip) const {
  int64_t earliest = 0;
  auto h = hosts_.find(host);
  if (h != hosts_.end()) earliest = h->second.budget.next_start_us;
  if (!ip.empty()) {
    auto i = ips_.find(ip);
    if (i != ips_.end()) earliest = std::max(earliest, i->second.next_start_us);
  }
  return earliest;
}

bool Politeness::CanStart(const std::string& host, const std::string& ip, int64_t now_us) const {
  auto h = hosts_.find(host);
  if (h != hosts_.end()) {
    if (h->second.parked || h->second.budget.in_flight >= options_.max_in_flight_per_host) return false;
  }
  if (!ip.empty()) {
    auto i = ips_.find(ip);
    if (i != ips_.end() && i->second.in_flight >= options_.max_in_flight_per_ip) return false;
  }
  return EarliestStartUs(host, ip) <= now_us;
}

void Politeness::OnStart(const std::string& host, const std::string& ip, int64_t now_us) {
  Budget& budget = hosts_[host].budget;
  ++budget.in_flight;
  budget.last_start_us = now_us;
  if (!ip.empty()) {
    ++ips_[ip].in_flight;
    ips_[ip].last_start_us = now_us;
  }
}

void Politeness::OnFinish(const std::string& host, const std::string& ip, int64_t start_us, int64_t end_us,
                          RequestOutcome outcome, std::optional<int64_t> retry_after_ms) {
  HostState& state = hosts_[host];
  MaybeForgive(&state, end_us);
  state.budget.in_flight = std::max(0, state.budget.in_flight - 1);
  const int64_t gap_us = GapUs(host, end_us - start_us);
  state.budget.last_end_us = end_us;
  state.budget.gap_us = gap_us;
  int64_t next = end_us + gap_us;
  if (outcome == RequestOutcome::kSuccess) {
    state.consecutive_failures = 0;
  } else {
    ++state.consecutive_failures;
    int64_t wait_ms = retry_after_ms ? std::min(*retry_after_ms, options_.backoff_max_ms)
                                     : BackoffMs(state.consecutive_failures);
    next = std::max(next, end_us + wait_ms * 1000);
    if (outcome == RequestOutcome::kThrottled) {
      // Incidents inside one block escalate it once: a backlog of answers cannot inflate it.
      if (end_us >= state.throttle_until_us) {
        ++state.throttle_level;
        state.throttle_until_us = end_us + ThrottleMs(state.throttle_level) * 1000;
      }
      next = std::max(next, state.throttle_until_us);
    }
    if (state.consecutive_failures >= options_.park_host_after_failures) state.parked = true;
  }
  state.budget.next_start_us = std::max(state.budget.next_start_us, next);
  if (!ip.empty()) {
    Budget& budget = ips_[ip];
    budget.in_flight = std::max(0, budget.in_flight - 1);
    budget.last_end_us = end_us;
    budget.gap_us = gap_us;
    // The IP's budget follows the host's gap but not its back-off: a failing hostname must not
    // stall healthy neighbours on the same platform.
    budget.next_start_us = std::max(budget.next_start_us, end_us + gap_us);
  }
}

int64_t Politeness::ThrottleMs(int level) {
  int shift = std::clamp(level - 1, 0, 40);
  int64_t base = std::max<int64_t>(0, options_.throttle_base_ms);
  int64_t block = base > (LLONG_MAX >> (shift + 1)) ? options_.throttle_max_ms : base << shift;
  block = std::min(block, options_.throttle_max_ms);
  std::uniform_real_distribution<double> jitter(0.0, 0.1);
  return block + static_cast<int64_t>(static_cast<double>(block) * jitter(rng_));
}

void Politeness::MaybeForgive(HostState* state, int64_t now_us) const {
  if (state->throttle_level > 0 && now_us >= state->throttle_until_us + options_.throttle_forgive_ms * 1000) {
    state->throttle_level = 0;
  }
}

int64_t Politeness::ToWallMs(int64_t mono_us) const {
  return (mono_us + clock_->WallUs() - clock_->NowUs()) / 1000;
}

int64_t Politeness::ToMonoUs(int64_t wall_ms) const {
  return wall_ms * 1000 - clock_->WallUs() + clock_->NowUs();
}

void Politeness::ExportBudget(const Budget& budget, PolitenessState* state) const {
  state->last_start_ms = budget.last_start_us != 0 ? ToWallMs(budget.last_start_us) : 0;
  state->last_end_ms = budget.last_end_us != 0 ? ToWallMs(budget.last_end_us) : 0;
  // A request in flight: its end is not known yet (rounding must not hide that).
  if (budget.last_start_us != 0 && budget.last_end_us < budget.last_start_us) {
    state->last_end_ms = std::min(state->last_end_ms, state->last_start_ms - 1);
  }
  state->next_start_ms = budget.next_start_us != 0 ? (ToWallMs(budget.next_start_us) + 1) : 0;  // round up
  state->gap_ms = (budget.gap_us + 999) / 1000;
}

std::vector<PolitenessState> Politeness::Export(const std::string& host, const std::string& ip) const {
  std::vector<PolitenessState> out;
  auto h = hosts_.find(host);
  if (h != hosts_.end()) {
    PolitenessState state;
    state.scope = PolitenessState::Scope::kHost;
    state.key = host;
    ExportBudget(h->second.budget, &state);
    state.crawl_delay_ms = h->second.crawl_delay_ms;
    state.failures = h->second.consecutive_failures;
    state.parked = h->second.parked;
    state.throttle_level = h->second.throttle_level;
    state.throttle_until_ms =
        h->second.throttle_until_us != 0 ? ToWallMs(h->second.throttle_until_us) + 1 : 0;
    out.push_back(std::move(state));
  }
  auto i = ip.empty() ? ips_.end() : ips_.find(ip);
  if (i != ips_.end()) {
    PolitenessState state;
    state.scope = PolitenessState::Scope::kIp;
    state.key = ip;
    ExportBudget(i->second, &state);
    out.push_back(std::move(state));
  }
  return out;
}

void Politeness::RestoreBudget(const PolitenessState& state, Budget* budget, int64_t min_gap_us) {
  const int64_t now = clock_->NowUs();
  int64_t next = state.next_start_ms > 0 ? ToMonoUs(state.next_start_ms) : 0;
  budget->gap_us = state.gap_ms * 1000;
  budget->last_start_us = state.last_start_ms > 0 ? ToMonoUs(state.last_start_ms) : 0;
  budget->last_end_us = state.last_end_ms > 0 ? ToMonoUs(state.last_end_ms) : 0;
  if (state.last_start_ms > 0 && state.last_end_ms < state.last_start_ms) {
    // The process died with a request in flight: the server may have been answering it until now.
    budget->last_end_us = now;
    next = std::max(next, now + std::max(budget->gap_us, min_gap_us));
  }
  budget->next_start_us = std::max(budget->next_start_us, next);
}

void Politeness::Restore(const std::vector<PolitenessState>& states, bool same_run) {
  const int64_t now = clock_->NowUs();
  for (const auto& state : states) {
    if (state.scope == PolitenessState::Scope::kIp) {
      RestoreBudget(state, &ips_[state.key], std::max<int64_t>(0, options_.min_delay_ms) * 1000);
      continue;
    }
    HostState& host = hosts_[state.key];
    host.crawl_delay_ms = std::clamp<int64_t>(state.crawl_delay_ms, 0, options_.max_crawl_delay_ms);
    host.throttle_level = state.throttle_level;
    host.throttle_until_us = state.throttle_until_ms > 0 ? ToMonoUs(state.throttle_until_ms) : 0;
    // Parking holds on resume while it is fresh (a crash loop must not hammer a failing host), not
    // for a run resumed much later: then the host gets its chance again.
    bool fresh = clock_->WallUs() / 1000 - state.last_end_ms < options_.backoff_max_ms;
    if (same_run && fresh) {
      host.consecutive_failures = state.failures;
      host.parked = state.parked;
    }
    MaybeForgive(&host, now);
    // Died before any request to it ever finished (robots.txt, perhaps after earlier kills): its
    // Crawl-delay may be anything up to the cap. gap_ms is set only by a finished request.
    bool never_answered = state.last_start_ms > 0 && state.gap_ms == 0;
    int64_t min_gap_us = never_answered ? std::max(GapUs(state.key, 0), options_.max_crawl_delay_ms * 1000)
                                        : GapUs(state.key, 0);
    RestoreBudget(state, &host.budget, min_gap_us);
  }
}

int64_t Politeness::BackoffMs(int failures) {
  int shift = std::clamp(failures - 1, 0, 30);
  int64_t base = options_.backoff_base_ms;
  int64_t delay = base > (LLONG_MAX >> (shift + 1)) ? options_.backoff_max_ms : base << shift;
  delay = std::min(delay, options_.backoff_max_ms);
  std::uniform_real_distribution<double> jitter(0.5, 1.0);
  return static_cast<int64_t>(static_cast<double>(delay) * jitter(rng_));
}

bool Politeness::IsParked(const std::string& host) const {
  auto it = hosts_.find(host);
  return it != hosts_.end() && it->second.parked;
}

std::vector<std::string> Politeness::ParkedHosts() const {
  std::vector<std::string> out;
  for (const auto& [host, state] : hosts_) {
    if (state.parked) out.push_back(host);
  }
  std::sort(out.begin(), out.end());
  return out;
}

int Politeness::InFlight(const std::string& host) const {
  auto it = hosts_.find(host);
  return it == hosts_.end() ? 0 : it->second.budget.in_flight;
}

std::optional<int64_t> ParseRetryAfterMs(std::string_view value, int64_t now_unix_s) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    if (value.size() > 9) return std::nullopt;
    return std::stoll(std::string(value)) * 1000;
  }
  std::tm tm{};
  std::string text(value);
  // IMF-fixdate, the form RFC 9110 section 10.2.3 requires senders to use.
  if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
  int64_t when = timegm(&tm);
  return std::max<int64_t>(0, (when - now_unix_s) * 1000);
}

}  // namespace gongkai::crawler
