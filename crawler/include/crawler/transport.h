// The crawler's only view of the network: a Transport starts HTTP requests, resolves host names and
// reports what finished, all without blocking the scheduler's event loop. The scheduler takes one
// injected (as leveldb's DB takes an Env), so its policy -- robots.txt, politeness, retries,
// redirects -- is tested against a scripted Transport with no sockets and no sleeping
// (tests/crawler/fake_transport.h); NewCurlTransport() is the real one.
//
// A Transport makes exactly the requests it is asked for: it follows no redirect, retries nothing,
// caches nothing. Policy stays with the caller.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/clock.h"
#include "crawler/crawl_store.h"
#include "crawler/options.h"
#include "crawler/outcome.h"

namespace gongkai::crawler {

struct FetchRequest {
  uint64_t id = 0;  // caller's handle, returned in the result; unique among requests in flight
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
const char* ToString(FetchError error);   // "" for kNone, else "timeout", "dns", ...
ErrorKind ToErrorKind(FetchError error);  // the same word in the crawler's list (outcome.h)

struct FetchResult {
  uint64_t id = 0;
  std::string url;
  FetchError error = FetchError::kNone;
  std::string error_message;   // the transport's explanation when error != kNone
  int status = 0;              // 0 when no response arrived
  std::string http_version;    // "HTTP/1.1", "HTTP/2"
  HeaderList request_headers;  // as sent
  HeaderList response_headers;
  std::string body;        // decoded (Content-Encoding undone), at most options.max_body_bytes
  bool truncated = false;  // cut at max_body_bytes
  std::string remote_ip;
  std::string location;       // a 3xx's Location resolved against url; "" otherwise
  int64_t start_us = 0;       // Clock::NowUs() when Start() was called
  int64_t end_us = 0;         // Clock::NowUs() when the transport saw it finish
  int64_t start_wall_us = 0;  // Clock::WallUs() at start_us

  // First value of response header `name` (case-insensitive), "" if absent.
  std::string Header(std::string_view name) const;
};

// The answer to Transport::Resolve().
struct Resolution {
  std::string host_name;  // as passed to Resolve()
  std::string ip;         // textual address; "" when the name did not resolve
};

// Everything that finished since the previous Poll(), in the order it finished.
struct TransportEvents {
  std::vector<FetchResult> fetches;
  std::vector<Resolution> resolutions;
  bool empty() const { return fetches.empty() && resolutions.empty(); }
};

// Not thread-safe, except Wakeup(): every other call comes from the one thread running the loop.
class Transport {
 public:
  virtual ~Transport() = default;

  // Starts a request; its FetchResult (with request.id) comes out of a later Poll() exactly once,
  // unless it is cancelled first.
  virtual void Start(FetchRequest request) = 0;

  // Looks up the address of `host_name` (a name, a dotted quad, or an IPv6 literal with or without
  // brackets) without blocking the caller; one Resolution for it comes out of a later Poll().
  virtual void Resolve(const std::string& host_name) = 0;

  // Waits until something finishes, Wakeup() is called or `timeout_ms` passes, whichever comes
  // first, and appends everything finished since the previous call to *events. Returns at once
  // when something finished already. A scripted transport may advance its clock instead of waiting.
  virtual void Poll(int timeout_ms, TransportEvents* events) = 0;

  // Abandons request `id` (no result will come out for it); unknown ids are ignored.
  virtual void Cancel(uint64_t id) = 0;
  // Abandons every request in flight.
  virtual void CancelAll() = 0;
  // Requests started and neither polled out nor cancelled.
  virtual size_t InFlight() const = 0;

  // Makes a Poll() waiting in another thread return early. Thread-safe; may be called from any thread.
  virtual void Wakeup() = 0;
};

// HTTP/1.1 and HTTP/2 on libcurl's multi interface (one event loop, no thread per request),
// gzip/br/deflate, TLS verified unless options.verify_tls is false, the connect/total/low-speed
// timeouts, the body cap and User-Agent of `options`, one connection per request. Names are
// resolved on a helper thread. `options` and `clock` must outlive the transport.
std::unique_ptr<Transport> NewCurlTransport(const Options& options, Clock* clock);

}  // namespace gongkai::crawler
