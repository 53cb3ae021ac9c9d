// How a crawl run ended (StopReason) and how one exchange failed (ErrorKind): the only two lists of
// outcomes the crawler reports, each documented here once. ToString() gives the word written to the
// archive (captures.error_kind, the run's summary JSON) and shown to users; those words are part of
// the archive format (docs/archive-format.md) and never change.
#pragma once

#include <optional>
#include <string_view>

namespace gongkai::crawler {

enum class StopReason {
  kDone,         // "done": the frontier is exhausted (nothing left that may be fetched this run)
  kMaxPages,     // "max_pages": CrawlLimits::max_pages page requests were made
  kMaxDuration,  // "max_duration": CrawlLimits::max_duration_ms passed
  kSignal,       // "signal": Scheduler::Stop() was called (SIGINT/SIGTERM)
  kStoreError,   // "store_error": the CrawlStore refused a write; the run cannot go on
};
const char* ToString(StopReason reason);

enum class ErrorKind {
  kNone,  // "": an answer that is not an error (2xx, 3xx followed, 304)
  // The transport's (FetchError): no usable HTTP answer.
  kTimeout,  // "timeout": connect, total or low-speed timeout
  kDns,      // "dns": the host name did not resolve
  kConnect,  // "connect": connection refused or unreachable
  kTls,      // "tls": certificate or handshake failure
  kReset,    // "reset": connection reset or closed mid-response
  kOther,    // "other": any other transport failure (e.g. an answer from an unpinned address)
  // The crawler's:
  kHttp,                // "http": an HTTP error status (4xx, 5xx), or a robots.txt 5xx
  kRobotsDisallowed,    // "robots_disallowed": not requested, refused by robots.txt
  kChallenge,           // "challenge": an anti-bot challenge page; never archived as content
  kRedirectLoop,        // "redirect_loop": a redirect back to a URL of the chain
  kTooManyRedirects,    // "too_many_redirects": a chain longer than Options::max_redirects
  kRedirectOutOfScope,  // "redirect_out_of_scope": a redirect to a host the seed does not allow
};
const char* ToString(ErrorKind kind);
// The kind whose ToString() is `text`, or nullopt.
std::optional<ErrorKind> ErrorKindFromString(std::string_view text);

}  // namespace gongkai::crawler
