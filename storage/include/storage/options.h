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
};

}  // namespace gongkai::storage
