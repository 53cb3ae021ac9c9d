// The effective configuration: config.toml mapped onto each module's Options struct.
// Keys are `<section>.<field>` with the struct field's name, e.g. crawler.min_delay_ms.
#pragma once

#include <string>

#include "crawler/options.h"
#include "extract/extractor.h"
#include "storage/options.h"

namespace gongkai::app {

struct Config {
  crawler::Options crawler;         // [crawler]
  extract::Options extract;         // [extract]
  storage::Options archive;         // [archive]
  std::string seeds_dir = "seeds";  // [seeds] dir: where seeds/*.toml are read from
  std::string on_failure;           // [hooks] on_failure: shell command run on exit 1 or 5 ("" = none)
};

// Reads a TOML file over the defaults in *config. On an unreadable file, a syntax error, an unknown
// key, a wrong type or a bad value returns false with *error = "FILE:LINE: key 'K': what is wrong".
bool LoadConfigFile(const std::string& path, Config* config, std::string* error);

// Same, from text already in memory (`source_name` names it in errors).
bool LoadConfigText(const std::string& text, const std::string& source_name, Config* config,
                    std::string* error);

// A stable digest (SHA-256 hex of the canonical key=value listing) of the effective configuration,
// stored with every crawl run.
std::string ConfigDigest(const Config& config);

// The canonical listing of all keys and values, one `key = value` per line, sorted.
std::string DescribeConfig(const Config& config);

}  // namespace gongkai::app
