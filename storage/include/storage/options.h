// Options of the archive. config.toml [archive] maps onto this struct one key per field.
#pragma once

#include <string>
#include <vector>

namespace gongkai::storage {

struct Options {
  // The SQLite archive file (the embedded default). Created with its directory if missing.
  std::string path = "archive/gongkai.sqlite";
  // zstd level for raw bodies. The crawl compresses on its event loop, so the level is a cost paid
  // between requests: storage_bench measured bodies at 0.288 of raw at level 3 (184 inserts/s) and
  // 0.272 at level 19 (50 inserts/s). 3 keeps nearly all of the saving at a quarter of the time.
  int zstd_level = 3;
  // How long a writer waits for a lock held by a reader before failing.
  int busy_timeout_ms = 10000;
  // PRAGMA synchronous. true = FULL: each committed capture also survives power loss (one fsync per
  // commit; cheap at polite crawl rates). false = NORMAL: still consistent through SIGKILL, but the
  // last commits may be lost on power loss; faster for bulk import.
  bool durable_commits = true;
  // Header fields whose values exports replace with "REDACTED" (case-insensitive names; the
  // archive keeps them as received). Session cookies and credentials identify the crawler's
  // sessions, not the report, and must not travel with a shared corpus. [] exports everything.
  std::vector<std::string> redact_headers = {"Set-Cookie", "Cookie", "Authorization", "Proxy-Authorization"};
};

}  // namespace gongkai::storage
