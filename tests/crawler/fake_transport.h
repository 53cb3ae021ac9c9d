// A scripted Transport on a FakeClock, for unit tests of the scheduler: no sockets, no sleeping.
// Each URL answers from a script (a queue of answers; the last one repeats; unscripted URLs get
// 404), each answer takes its `latency_ms` of fake time, and when the loop would wait, Poll()
// advances the clock instead: to the next answer due, or by the whole timeout. Every request is
// logged with its fake start and end, as a server's log would show it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "crawler/clock.h"
#include "crawler/transport.h"

namespace gongkai::crawler::testing {

struct ScriptedAnswer {
  int status = 200;
  HeaderList headers;  // response headers
  std::string body;
  FetchError error = FetchError::kNone;  // != kNone: no response (status is then ignored)
  int64_t latency_ms = 10;               // fake time from Start() to the answer
};

// One request as the "server" saw it.
struct LoggedExchange {
  std::string url;
  std::string host;  // host[:port] of url
  std::string connect_ip;
  HeaderList request_headers;
  int status = 0;
  int64_t start_us = 0;
  int64_t end_us = 0;
};

class FakeTransport : public Transport {
 public:
  explicit FakeTransport(FakeClock* clock) : clock_(clock) {}

  // Answers for `url`, in order; the last one repeats.
  void Script(const std::string& url, std::vector<ScriptedAnswer> answers);
  void Page(const std::string& url, std::string html, int64_t latency_ms = 10);
  // `host_name` resolves to `ip` (names not given here do not resolve).
  void SetAddress(const std::string& host_name, const std::string& ip) { addresses_[host_name] = ip; }
  // Called after each Start(), with the number of requests started so far (e.g. to Stop()).
  void OnStart(std::function<void(size_t)> hook) { on_start_ = std::move(hook); }

  // The log, in start order; only finished exchanges have end_us (cancelled ones keep 0).
  const std::vector<LoggedExchange>& log() const { return log_; }
  std::vector<LoggedExchange> LogOf(const std::string& host) const;
  int Count(const std::string& url) const;
  // Resolve() calls so far, per name.
  int Resolutions(const std::string& host_name) const;
  // The largest number of requests in flight at once, per IP and in total.
  int max_in_flight() const { return max_in_flight_; }

  void Start(FetchRequest request) override;
  void Resolve(const std::string& host_name) override;
  void Poll(int timeout_ms, TransportEvents* events) override;
  void Cancel(uint64_t id) override;
  void CancelAll() override;
  size_t InFlight() const override { return in_flight_.size(); }
  void Wakeup() override { woken_ = true; }

 private:
  struct Pending {
    FetchResult result;
    size_t log_index;
  };
  ScriptedAnswer NextAnswer(const std::string& url);

  FakeClock* clock_;
  std::map<std::string, std::vector<ScriptedAnswer>> scripts_;
  std::map<std::string, size_t> served_;
  std::map<std::string, std::string> addresses_;
  std::map<std::string, int> resolve_calls_;
  std::vector<Resolution> resolved_;
  std::vector<Pending> in_flight_;
  std::vector<LoggedExchange> log_;
  std::function<void(size_t)> on_start_;
  int max_in_flight_ = 0;
  bool woken_ = false;
};

}  // namespace gongkai::crawler::testing
