// Seed files: reads seeds/*.toml (format in seeds/README.md) into the crawler's seeds. The crawler
// library takes parsed seeds (crawler/seed.h); reading files and TOML is the app's job.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "crawler/seed.h"

namespace gongkai::app {

// Reads every [[seed]] of one TOML file (appends to *seeds). On a syntax error, an unknown key, a
// wrong type, a missing name/urls (or listing_urls) or a URL that is not absolute http(s), returns
// InvalidArgument with the message "FILE:LINE: what is wrong"; NotFound when the file cannot be read.
Status LoadSeedFile(const std::string& path, std::vector<crawler::Seed>* seeds);
Status LoadSeedText(const std::string& text, const std::string& source_name,
                    std::vector<crawler::Seed>* seeds);

// Reads a file, or every *.toml of a directory in name order. Duplicate seed names are an
// InvalidArgument error; a path that does not exist is NotFound.
Status LoadSeeds(const std::string& file_or_dir, std::vector<crawler::Seed>* seeds);

}  // namespace gongkai::app
