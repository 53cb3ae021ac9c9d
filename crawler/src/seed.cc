// Seeds without files: their entry URLs and hosts, and the seed of `gongkai crawl --url` (see
// seed.h). Seed files (TOML) are read by the app (app/seed_files.h).
#include "crawler/seed.h"

#include <algorithm>

#include "crawler/url.h"

namespace gongkai::crawler {

std::vector<std::string> SeedUrls(const Seed& seed) {
  std::vector<std::string> out = seed.urls;
  out.insert(out.end(), seed.listing_urls.begin(), seed.listing_urls.end());
  return out;
}

Status SeedFromUrls(const std::vector<std::string>& urls, Seed* seed) {
  std::vector<std::string> clean;
  for (const auto& url : urls) {
    if (FindControlChar(url) != std::string::npos) {
      return Status::InvalidArgument("--url '" + EscapeControlChars(url) + "' contains a control character");
    }
    if (CanonicalUrl(url).empty()) {
      return Status::InvalidArgument("--url '" + url + "' is not an absolute http(s) URL");
    }
    clean.push_back(StripUserinfo(url));  // credentials never reach the archive
  }
  if (urls.empty()) {
    return Status::InvalidArgument("no --url given");
  }
  seed->name = HostKeyOf(CanonicalUrl(clean.front()));
  seed->urls = clean;
  seed->source = "--url";
  return Status::OK();
}

std::vector<std::string> SeedHosts(const Seed& seed) {
  std::vector<std::string> hosts = seed.allowed_hosts;
  for (const auto& url : SeedUrls(seed)) {
    std::string host = HostKeyOf(url);
    if (!host.empty() && std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
  }
  return hosts;
}

}  // namespace gongkai::crawler
