// What the crawler needs from persistence, and nothing more: the run's frontier (which is also its
// seen set), the record of every HTTP exchange, and the validators/bodies of earlier captures for
// conditional GETs. The crawler never includes storage headers; app/adapters/ implements this
// interface on top of storage::Archive, and tests may implement it in memory.
//
// A CrawlStore is bound to one run (the adapter begins or resumes it). Record() must be atomic:
// a capture, its frontier entry marked done and the links it produced are written together or not
// at all, so a crawl killed at any instant resumes by refetching only what was in flight.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "crawler/outcome.h"
#include "crawler/politeness.h"
#include "extract/extractor.h"

namespace gongkai::crawler {

// How a URL came to be fetched (mirrors the archive's discovery kinds).
enum class LinkKind { kSeed, kListing, kPagination, kReport, kAttachment, kSitemap, kRobots };

// What a fetched page turned out to be.
enum class PageKind { kRobots, kListing, kReport, kAttachment, kChallenge, kOther };

const char* ToString(LinkKind kind);
const char* ToString(PageKind kind);

struct FrontierItem {
  std::string url;       // canonical (CanonicalUrl())
  std::string from_url;  // page the link was found on; "" for seeds
  LinkKind kind = LinkKind::kSeed;
  int depth = 0;          // link hops from the seed
  std::string seed_name;  // the seed this item descends from
  // Reached through navigation (政府信息公开 -> 法定主动公开内容, or a sitemap's column candidate): the
  // page's list counts only when it names a 年报 column (crawl_discovery.h).
  bool navigation = false;
  // The agency whose column this item was found on (集约化 sub-columns), "" when none.
  std::string agency;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A 3xx answer that was followed on the way to an exchange's final response (kept so the archive
// can show every hop, as wget and Heritrix do).
struct RedirectHop {
  std::string url;  // requested at this hop
  int status = 0;
  std::string http_version;
  HeaderList request_headers;
  HeaderList response_headers;
  std::string remote_ip;
  int64_t started_at_ms = 0;  // wall clock, ms since the Unix epoch
  std::string body;
};

// One HTTP exchange as the crawler saw it: success, HTTP error, 304, timeout, reset, DNS failure,
// robots refusal, challenge.
struct Exchange {
  FrontierItem item;
  std::string final_url;                    // after redirects (== item.url when none)
  std::vector<std::string> redirect_chain;  // every URL requested, item.url first
  std::vector<RedirectHop> redirect_hops;   // the 3xx answers followed, in order (chain minus the last)
  int status = 0;                           // final HTTP status; 0 = no response
  ErrorKind error_kind = ErrorKind::kNone;  // see outcome.h
  std::string error_message;
  HeaderList request_headers;
  HeaderList response_headers;
  std::string http_version;
  std::string remote_ip;
  int64_t started_at_ms = 0;  // wall clock, ms since the Unix epoch
  int64_t duration_ms = 0;
  int64_t body_size = 0;
  bool truncated = false;
  std::string charset_declared;
  std::string charset_used;
  PageKind page_kind = PageKind::kOther;
  bool not_modified = false;  // a 304 answer to a conditional GET
};

// How Record() classified a body against the URL's previous capture.
enum class BodyChange { kNone, kNew, kChanged, kUnchanged, kRevisit };

struct StoredValidators {
  std::string etag;
  std::string last_modified;
  int64_t fetched_at_ms = 0;
};

// The newest recorded answer to a robots.txt request, for the robots cache across runs
// (Options::robots_cache_ms): a later run within the TTL reuses it instead of asking again.
struct StoredRobots {
  int status = 0;             // HTTP status of the answer (never 0: only responses are returned)
  std::string body;           // the stored body ("" when none was stored)
  std::string location;       // Location header of a 3xx, as sent ("" otherwise)
  int64_t fetched_at_ms = 0;  // wall clock of the request, ms since the Unix epoch
};

class CrawlStore {
 public:
  virtual ~CrawlStore() = default;

  // Every write returns a non-ok Status whose message says what failed when the store cannot be
  // written (or read); the crawler then stops the run with that status (StopReason::kStoreError).

  // Adds items the run has not seen yet (same URL = same item).
  virtual Status Add(const std::vector<FrontierItem>& items) = 0;
  // Items of the run not yet done, in insertion order (a resumed run's work), and every URL the
  // run has seen (done or not).
  virtual Status Load(std::vector<FrontierItem>* pending, std::vector<std::string>* seen) = 0;
  // Records one exchange atomically (see the file comment). `body` is nullopt when there is none.
  // `item_done` marks exchange.item done (false for a retry that will be attempted again, and for
  // robots.txt which is not in the frontier). `extraction` is the report's extraction, or null.
  // *change says how the body compares with the URL's previous capture (kNone on failure).
  virtual Status Record(const Exchange& exchange, std::optional<std::string_view> body, bool item_done,
                        const std::vector<FrontierItem>& discovered, const extract::Extraction* extraction,
                        BodyChange* change) = 0;
  // Marks `url` done without a capture (skipped within recrawl_interval_ms, or dropped by the
  // per-host page cap), so a resumed run does not try it again.
  virtual Status MarkDone(const std::string& url) = 0;
  // Validators of the newest successful capture of `url`, for If-None-Match/If-Modified-Since.
  virtual std::optional<StoredValidators> LatestValidators(const std::string& url) = 0;
  // The newest stored body of `url` (after a 304, to find a report's attachments again).
  virtual std::optional<std::string> LatestBody(const std::string& url) = 0;
  // The newest exchange recorded for robots.txt URL `url` (by any run) that got an HTTP response,
  // or nullopt when there is none (or the store keeps no history: the default). The crawler decides
  // what is fresh enough and which statuses it may reuse.
  virtual std::optional<StoredRobots> LatestRobots(const std::string& /*url*/) { return std::nullopt; }

  // Politeness memory (see PolitenessState): every host and IP state the store keeps, split into
  // those this run wrote (a resumed run) and those earlier runs wrote. The default keeps nothing.
  virtual Status LoadPoliteness(std::vector<PolitenessState>* /*this_run*/,
                                std::vector<PolitenessState>* /*earlier*/) {
    return Status::OK();
  }
  // Replaces the stored state of each host/IP in `states`, durably before it returns: the crawler
  // calls it before a request starts and after it ends.
  virtual Status SavePoliteness(const std::vector<PolitenessState>& /*states*/) { return Status::OK(); }
};

}  // namespace gongkai::crawler
