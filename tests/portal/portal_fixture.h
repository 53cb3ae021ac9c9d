// Helpers for the portal's own tests: start a portal with chosen sites, fetch from it.
#pragma once

#include <httplib.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "portal/portal.h"

namespace gongkai::portal::testing {

// A site with defaults good for tests: small, no faults, on `ip`.
inline SiteSpec TestSite(Template tmpl, const std::string& ip = "127.0.1.2") {
  SiteSpec s;
  s.name = "测试区人民政府";
  s.ip = ip;
  s.tmpl = tmpl;
  s.report_count = 7;
  s.per_page = 3;
  return s;
}

inline std::unique_ptr<Portal> StartSites(std::vector<SiteSpec> sites, uint64_t seed = 1) {
  Options options;
  options.sites = std::move(sites);
  options.seed = seed;
  std::unique_ptr<Portal> portal;
  const gongkai::Status started = Portal::Start(options, &portal);
  EXPECT_NE(portal, nullptr) << started.message();
  return portal;
}

struct Fetched {
  bool ok = false;  // a response arrived
  httplib::Error error = httplib::Error::Success;
  int status = 0;
  std::string body;
  httplib::Headers headers;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// GETs `url` ("http://ip:port/path?q") with extra request headers; no redirects followed, no
// decompression (tests see the bytes on the wire).
inline Fetched Get(const std::string& url, const httplib::Headers& headers = {}) {
  const size_t slash = url.find('/', 7);
  httplib::Client client(url.substr(0, slash));
  client.set_decompress(false);
  client.set_follow_location(false);
  client.set_read_timeout(30, 0);
  auto res = client.Get(slash == std::string::npos ? "/" : url.substr(slash).c_str(), headers);
  Fetched f;
  f.error = res.error();
  if (!res) return f;
  f.ok = true;
  f.status = res->status;
  f.body = res->body;
  f.headers = res->headers;
  return f;
}

inline bool Contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

}  // namespace gongkai::portal::testing
