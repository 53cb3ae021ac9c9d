// Options of the archive. config.toml [archive] maps onto this struct one key per field.
#pragma once

#include <string>

namespace gongkai::storage {

struct Options {
  // The SQLite archive file (the embedded default). Created with its directory if missing.
  std::string path = "archive/gongkai.sqlite";
  // zstd level for raw bodies: 19 gives government HTML ~8-10x; bodies are written once, read rarely.
  int zstd_level = 19;
  // How long a writer waits for a lock held by a reader before failing.
  int busy_timeout_ms = 10000;
  // PRAGMA synchronous. true = FULL: each committed capture also survives power loss (one fsync per
  // commit; cheap at polite crawl rates). false = NORMAL: still consistent through SIGKILL, but the
  // last commits may be lost on power loss; faster for bulk import.
  bool durable_commits = true;
};

}  // namespace gongkai::storage
