// The scripted Transport (see fake_transport.h).
#include "fake_transport.h"

#include <algorithm>
#include <set>

#include "crawler/url.h"
#include "extract/links.h"

namespace gongkai::crawler::testing {

void FakeTransport::Script(const std::string& url, std::vector<ScriptedAnswer> answers) {
  scripts_[url] = std::move(answers);
  served_[url] = 0;
}

void FakeTransport::Page(const std::string& url, std::string html, int64_t latency_ms) {
  ScriptedAnswer answer;
  answer.headers = {{"Content-Type", "text/html; charset=utf-8"}};
  answer.body = std::move(html);
  answer.latency_ms = latency_ms;
  Script(url, {answer});
}

ScriptedAnswer FakeTransport::NextAnswer(const std::string& url) {
  auto it = scripts_.find(url);
  if (it == scripts_.end() || it->second.empty()) {
    ScriptedAnswer none;
    none.status = 404;
    none.headers = {{"Content-Type", "text/html"}};
    none.body = "<html><body>not found</body></html>";
    return none;
  }
  size_t& n = served_[url];
  const ScriptedAnswer& answer = it->second[std::min(n, it->second.size() - 1)];
  ++n;
  return answer;
}

void FakeTransport::Start(FetchRequest request) {
  const int64_t now = clock_->NowUs();
  ScriptedAnswer answer = NextAnswer(request.url);
  LoggedExchange logged;
  logged.url = request.url;
  logged.host = HostKeyOf(request.url);
  logged.connect_ip = request.connect_ip;
  logged.request_headers = request.extra_headers;
  logged.status = answer.error == FetchError::kNone ? answer.status : 0;
  logged.start_us = now;
  log_.push_back(logged);

  FetchResult result;
  result.id = request.id;
  result.url = request.url;
  result.error = answer.error;
  if (answer.error != FetchError::kNone) {
    result.error_message = std::string("scripted ") + ToString(answer.error);
  } else {
    result.status = answer.status;
    result.http_version = "HTTP/1.1";
    result.response_headers = answer.headers;
    result.body = answer.body;
    result.remote_ip = request.connect_ip;
    if (result.status >= 300 && result.status < 400) {
      std::string location = result.Header("Location");
      if (!location.empty()) result.location = extract::ResolveUrl(result.url, location);
    }
  }
  result.request_headers = request.extra_headers;
  result.start_us = now;
  result.end_us = now + answer.latency_ms * 1000;
  result.start_wall_us = clock_->WallUs();
  in_flight_.push_back({std::move(result), log_.size() - 1});
  max_in_flight_ = std::max(max_in_flight_, static_cast<int>(in_flight_.size()));
  if (on_start_) on_start_(log_.size());
}

void FakeTransport::Resolve(const std::string& host_name) {
  ++resolve_calls_[host_name];
  auto it = addresses_.find(host_name);
  resolved_.push_back({host_name, it == addresses_.end() ? "" : it->second});
}

void FakeTransport::Poll(int timeout_ms, TransportEvents* events) {
  const int64_t deadline = clock_->NowUs() + std::max(0, timeout_ms) * int64_t{1000};
  if (resolved_.empty() && !woken_) {
    int64_t next = deadline;
    for (const auto& pending : in_flight_) next = std::min(next, pending.result.end_us);
    clock_->SetUs(std::max(clock_->NowUs(), next));  // the wait, without waiting
  }
  woken_ = false;
  for (auto& resolution : resolved_) events->resolutions.push_back(std::move(resolution));
  resolved_.clear();
  const int64_t now = clock_->NowUs();
  std::stable_sort(in_flight_.begin(), in_flight_.end(),
                   [](const Pending& a, const Pending& b) { return a.result.end_us < b.result.end_us; });
  auto done = std::find_if(in_flight_.begin(), in_flight_.end(),
                           [&](const Pending& p) { return p.result.end_us > now; });
  for (auto it = in_flight_.begin(); it != done; ++it) {
    log_[it->log_index].end_us = it->result.end_us;
    events->fetches.push_back(std::move(it->result));
  }
  in_flight_.erase(in_flight_.begin(), done);
}

void FakeTransport::Cancel(uint64_t id) {
  in_flight_.erase(std::remove_if(in_flight_.begin(), in_flight_.end(),
                                  [&](const Pending& p) { return p.result.id == id; }),
                   in_flight_.end());
}

void FakeTransport::CancelAll() {
  in_flight_.clear();
}

std::vector<LoggedExchange> FakeTransport::LogOf(const std::string& host) const {
  std::vector<LoggedExchange> out;
  for (const auto& e : log_) {
    if (e.host == host) out.push_back(e);
  }
  return out;
}

int FakeTransport::Count(const std::string& url) const {
  return static_cast<int>(
      std::count_if(log_.begin(), log_.end(), [&](const auto& e) { return e.url == url; }));
}

int FakeTransport::Resolutions(const std::string& host_name) const {
  auto it = resolve_calls_.find(host_name);
  return it == resolve_calls_.end() ? 0 : it->second;
}

}  // namespace gongkai::crawler::testing
