// HTTP fetching on libcurl's multi interface: one event loop drives every transfer (no thread per
// request). HTTP/1.1 and HTTP/2, gzip/br/deflate, TLS verified by default, connect/total/low-speed
// timeouts, a body-size cap (bytes past options.max_body_bytes are not kept: the body is cut and
// marked truncated), the configured User-Agent, and full provenance: request and response headers,
// remote IP, timings.
//
// Redirects are NOT followed here: a 3xx comes back with its resolved Location, and the scheduler
// decides (robots.txt and politeness apply to every hop; the chain is recorded).
//
// Not thread-safe: Start() and Poll() are called from the scheduler's loop.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "crawler/clock.h"
#include "crawler/crawl_store.h"
#include "crawler/options.h"

namespace gongkai::crawler {

struct FetchRequest {
  uint64_t id = 0;  // caller's handle, returned in the result
  std::string url;
  HeaderList extra_headers;  // e.g. If-None-Match / If-Modified-Since
  // Connect to this address for url's host and nowhere else ("" = resolve normally). It must be
  // the address of url's own host: an answer that came from another address is an error (kOther).
  std::string connect_ip;
};

enum class FetchError {
  kNone,     // an HTTP response arrived (any status)
  kTimeout,  // connect, total or low-speed timeout
  kDns,      // host name did not resolve
  kConnect,  // connection refused / unreachable
  kTls,      // certificate or handshake failure
  kReset,    // connection reset or closed mid-response (includes bodies shorter than announced)
  kOther,
};
const char* ToString(FetchError error);  // "timeout", "dns", ...

struct FetchResult {
  uint64_t id = 0;
  std::string url;
  FetchError error = FetchError::kNone;
  std::string error_message;  // curl's explanation when error != kNone
  int status = 0;
  std::string http_version;  // "HTTP/1.1", "HTTP/2"
  HeaderList request_headers;
  HeaderList response_headers;
  std::string body;
  bool truncated = false;  // cut at max_body_bytes
  std::string remote_ip;
  std::string location;       // resolved Location of a 3xx, "" otherwise
  int64_t start_us = 0;       // monotonic, when the transfer was handed to curl
  int64_t end_us = 0;         // monotonic, when curl reported it done
  int64_t start_wall_us = 0;  // wall clock of start_us

  // First value of response header `name` (case-insensitive), "" if absent.
  std::string Header(std::string_view name) const;
};

class Fetcher {
 public:
  Fetcher(const Options& options, Clock* clock);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts a transfer; its result comes out of a later Poll().
  void Start(FetchRequest request);
  // Drives transfers for up to `timeout_ms` (returns early when one finishes) and returns the
  // finished ones.
  std::vector<FetchResult> Poll(int timeout_ms);
  // Abandons every transfer in flight (their results are dropped).
  void CancelAll();
  size_t InFlight() const;
  // Makes a Poll() waiting in another thread return early. Thread-safe.
  void Wakeup();

  class Transfer;

 private:
  const Options& options_;
  Clock* clock_;
  void* multi_;  // CURLM*
  std::vector<std::unique_ptr<Transfer>> transfers_;
  // Finished handles, reset, reused by Start() (at most the peak number of transfers in flight).
  std::vector<void*> spare_handles_;  // CURL*
};

}  // namespace gongkai::crawler
