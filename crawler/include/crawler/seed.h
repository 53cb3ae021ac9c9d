// Seeds: the portals to crawl, read from seeds/*.toml (format in seeds/README.md). A seed names a
// portal, its report listing URL(s), the hosts links may lead to, and optional per-seed overrides
// of discovery and politeness.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gongkai::crawler {

struct Seed {
  std::string name;                       // e.g. "福州市晋安区人民政府"
  std::string region;                     // e.g. "福建省福州市晋安区"
  std::vector<std::string> listing_urls;  // report listing pages (first page of each column)
  std::vector<std::string> allowed_hosts; // host[:port]; empty = the listing URLs' hosts
  bool verified = false;                  // false until a crawl has reached the portal
  // Overrides (unset = crawler Options):
  std::vector<std::string> report_link_keywords;
  std::optional<int64_t> min_delay_ms;
  std::optional<int> max_pages;           // per host of this seed
  std::string source;                     // "file.toml" the seed came from, for messages
};

// Reads every [[seed]] of one TOML file (appends to *seeds). On a syntax error, an unknown key, a
// wrong type, a missing name/listing_urls or a listing URL that is not absolute http(s), returns
// false with *error = "FILE:LINE: what is wrong".
bool LoadSeedFile(const std::string& path, std::vector<Seed>* seeds, std::string* error);
bool LoadSeedText(const std::string& text, const std::string& source_name, std::vector<Seed>* seeds,
                  std::string* error);

// Reads a file, or every *.toml of a directory in name order. Duplicate seed names are an error.
bool LoadSeeds(const std::string& file_or_dir, std::vector<Seed>* seeds, std::string* error);

// The host keys a seed may crawl (allowed_hosts, else the listing URLs' hosts).
std::vector<std::string> SeedHosts(const Seed& seed);

}  // namespace gongkai::crawler
