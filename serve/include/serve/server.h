// gongkai serve: the archive in a browser. This library serves, from one read-only archive,
//  - on the main origin (Options::port): server-rendered HTML pages that need no JavaScript and no
//    external asset (search, report, provenance, coverage, runs) and the JSON API behind them
//    (/api/search, /api/report/<id>, /api/coverage; docs/serve-api.md);
//  - on a second origin (Options::raw_port): /raw/<capture_id>, the archived page as captured, with
//    its scripts, event handlers, meta refreshes and <base> removed, its links and assets rewritten to
//    /raw/<id> where the archive has them and removed where it does not, and served with a
//    Content-Security-Policy `sandbox` whose default-src allows only that origin. An archived page
//    is data, never code: opening it never sends a request anywhere but to this server.
//
// Entry points: Server::Start(), Server::Stop(). The archive is opened read-only (a crawl may write
// it meanwhile: WAL); a Server is thread-safe.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/status.h"

namespace gongkai::serve {

using storage::Status;

struct Options {
  // The archive to serve; opened read-only, never created or migrated.
  std::string archive_path;
  // Address to listen on. Anything but loopback (127.0.0.0/8, ::1, localhost) needs allow_remote
  // and a token: the archive holds whatever the crawl fetched, and the server has no other login.
  std::string bind = "127.0.0.1";
  // The pages and the API. 0 = any free port (tests).
  int port = 8600;
  // The raw view's origin (a different port is a different origin, so an archived page can never
  // read or act on the pages' origin). -1 = port + 1 (or any free port when port is 0).
  int raw_port = -1;
  bool allow_remote = false;
  // Shared secret: when non-empty, every request must carry it (Authorization: Bearer, the
  // gongkai_token cookie, or ?token= once, which sets the cookie). Raw-view URLs carry a signature
  // derived from it instead, so archived pages never see it. Required for a non-loopback bind.
  std::string token;
  // Read connections to the archive = searches and pages computed at once. More than the cores
  // only adds contention (each search is CPU-bound); 0 = the number of cores.
  int archive_connections = 0;
  // Threads accepting and answering connections (mostly waiting on the network or on an archive
  // connection): 50 keep-alive clients each hold one.
  int http_threads = 64;
  // Search results kept per (query, filters) while the archive file is unchanged, so paging through
  // results and repeated queries do not search again. 0 disables the cache.
  int search_cache_entries = 256;
  // The seeds the archive was crawled from (seeds/*.toml), as (name, region). A report's region is
  // its seed's; the search's region filter and the coverage's region column come from these, and
  // each seed is an agency the coverage expects. Empty: no regions.
  std::vector<std::pair<std::string, std::string>> seeds;
};

class Server {
 public:
  // Opens the archive read-only and starts listening on both ports (returns once they accept).
  // InvalidArgument for a non-loopback bind without allow_remote or without token; NotFound when
  // the archive is missing; IOError when a port cannot be bound.
  static Status Start(const Options& options, std::unique_ptr<Server>* server);

  virtual ~Server() = default;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  virtual int port() const = 0;      // the pages' port (the chosen one when Options::port was 0)
  virtual int raw_port() const = 0;  // the raw view's port
  // Stops listening, lets requests in progress finish, and returns. Idempotent; any thread.
  virtual void Stop() = 0;

 protected:
  Server() = default;
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool IsLoopbackAddress(const std::string& address);

}  // namespace gongkai::serve
