// Seeds: the portals to crawl (seed files seeds/*.toml, format in seeds/README.md, are read by the
// app: app/seed_files.h). A seed names a
// portal, its report listing URL(s), the hosts links may lead to, and optional per-seed overrides
// of discovery and politeness.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace gongkai::crawler {

struct Seed {
  std::string name;    // e.g. "福州市晋安区人民政府"
  std::string region;  // e.g. "福建省福州市晋安区"
  // Entry points: a portal home page, its 政府信息公开 platform page, or a 年报 column; what each
  // fetched page is gets worked out from its structure (crawler/discovery.h).
  std::vector<std::string> urls;
  std::vector<std::string> listing_urls;   // report listing pages (first page of each column); same as urls
  std::vector<std::string> allowed_hosts;  // host[:port]; empty = the listing URLs' hosts
  bool verified = false;                   // false until a crawl has reached the portal
  // Overrides (unset = crawler Options):
  std::vector<std::string> report_link_keywords;
  std::optional<int64_t> min_delay_ms;
  std::optional<int> max_pages;  // per host of this seed
  std::string source;            // "file.toml" the seed came from, for messages
};

// The host keys a seed may crawl (allowed_hosts, else the hosts of its urls and listing URLs).
std::vector<std::string> SeedHosts(const Seed& seed);

// Every entry URL of a seed: urls, then listing_urls.
std::vector<std::string> SeedUrls(const Seed& seed);

// A seed for `gongkai crawl --url URL…`: named after the host of the first URL, the URLs' hosts allowed.
// InvalidArgument naming the URL when one is not an absolute http(s) URL.
Status SeedFromUrls(const std::vector<std::string>& urls, Seed* seed);

}  // namespace gongkai::crawler
