// The request log is complete: every request, its timing, host, conditional headers and answer.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include "portal_fixture.h"

namespace gongkai::portal::testing {
namespace {

TEST(PortalLog, RecordsEveryRequestWithItsFields) {
  auto portal = StartSites({TestSite(Template::kTrsWcm)});
  const SiteInfo& site = portal->sites()[0];
  Get(site.base_url + "/robots.txt", {{"User-Agent", "gongkai-test/1.0 (+http://example.org/bot)"}});
  Fetched page = Get(site.report_urls[0]);
  Get(site.report_urls[0],
      {{"If-None-Match", page.Header("ETag")}, {"If-Modified-Since", page.Header("Last-Modified")}});
  Get(site.base_url + "/missing.html?x=1");
  auto log = portal->RequestLog();
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0].target, "/robots.txt");
  EXPECT_EQ(log[0].user_agent, "gongkai-test/1.0 (+http://example.org/bot)");
  EXPECT_EQ(log[1].status, 200);
  EXPECT_EQ(log[1].bytes, static_cast<int64_t>(page.body.size()));
  EXPECT_EQ(log[2].status, 304);
  EXPECT_EQ(log[2].if_none_match, page.Header("ETag"));
  EXPECT_EQ(log[2].if_modified_since, page.Header("Last-Modified"));
  EXPECT_EQ(log[3].target, "/missing.html?x=1");
  EXPECT_EQ(log[3].status, 404);
  for (size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].host, site.host);
    EXPECT_EQ(log[i].ip, "127.0.1.2");
    EXPECT_EQ(log[i].method, "GET");
    EXPECT_LE(log[i].start_us, log[i].end_us);
    EXPECT_GT(log[i].wall_ms, 1600000000000);
    if (i > 0) {
      EXPECT_LT(log[i - 1].start_us, log[i].start_us);  // in order of arrival
    }
  }
}

TEST(PortalLog, SitesSharingAnIpAreDistinctHosts) {
  auto portal =
      StartSites({TestSite(Template::kTrsWcm, "127.0.1.9"), TestSite(Template::kPlain, "127.0.1.9")});
  const SiteInfo& a = portal->sites()[0];
  const SiteInfo& b = portal->sites()[1];
  EXPECT_EQ(a.ip, b.ip);
  EXPECT_NE(a.host, b.host);
  Get(a.listing_urls[0]);
  Get(b.listing_urls[0]);
  auto log = portal->RequestLog();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].host, a.host);
  EXPECT_EQ(log[1].host, b.host);
}

TEST(PortalLog, ConcurrentRequestsAllLogged) {
  auto portal =
      StartSites({TestSite(Template::kTrsWcm, "127.0.1.2"), TestSite(Template::kHanwebJcms, "127.0.1.3")});
  constexpr int kThreads = 4, kEach = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const SiteInfo& site = portal->sites()[t % 2];
      for (int i = 0; i < kEach; ++i) Get(site.report_urls[i % site.report_urls.size()]);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(portal->RequestLog().size(), static_cast<size_t>(kThreads * kEach));
}

TEST(PortalLog, JsonlAndClear) {
  auto portal = StartSites({TestSite(Template::kPlain)});
  Get(portal->sites()[0].listing_urls[0], {{"User-Agent", "a \"quoted\" agent"}});
  Get(portal->sites()[0].report_urls[0]);
  const std::string jsonl = portal->RequestLogJsonl();
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 2);
  EXPECT_TRUE(Contains(jsonl, "\"target\":\"/ndbg/list.jsp?page=1\""));
  EXPECT_TRUE(Contains(jsonl, "\"user_agent\":\"a \\\"quoted\\\" agent\""));
  EXPECT_TRUE(Contains(jsonl, "\"status\":200"));
  portal->ClearLog();
  EXPECT_TRUE(portal->RequestLog().empty());
  EXPECT_EQ(portal->RequestLogJsonl(), "");
}

TEST(PortalLog, StopEndsIdleKeepAliveConnections) {
  Options options;
  options.sites = {TestSite(Template::kTrsWcm)};
  options.keep_alive_timeout_s = 3600;  // without the shutdown, Stop() would wait this long
  std::unique_ptr<Portal> portal;
  const gongkai::Status started = Portal::Start(options, &portal);
  ASSERT_NE(portal, nullptr) << started.message();
  const SiteInfo& site = portal->sites()[0];
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(site.port));
  inet_pton(AF_INET, site.ip.c_str(), &addr.sin_addr);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  const std::string request =
      "GET /robots.txt HTTP/1.1\r\nHost: " + site.host + "\r\nConnection: keep-alive\r\n\r\n";
  ASSERT_EQ(send(fd, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  std::string answer;
  char buf[4096];
  while (!Contains(answer, "EvilScraper")) {  // the end of the robots.txt body
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    ASSERT_GT(n, 0);
    answer.append(buf, n);
  }
  portal->Stop();                              // returns although the connection is idle in keep-alive
  EXPECT_EQ(recv(fd, buf, sizeof buf, 0), 0);  // the server ended it
  close(fd);
}

TEST(PortalLog, StopIsIdempotentAndStartFailsCleanly) {
  auto portal = StartSites({TestSite(Template::kTrsWcm)});
  SiteSpec clash = TestSite(Template::kTrsWcm);
  clash.port = portal->sites()[0].port;
  Options options;
  options.sites = {TestSite(Template::kPlain, "127.0.1.3"), clash};
  std::unique_ptr<Portal> second;
  const Status taken = Portal::Start(options, &second);
  EXPECT_TRUE(taken.IsIOError());  // the port is taken: a clean failure
  EXPECT_EQ(second, nullptr);
  const std::string error = taken.message();
  EXPECT_TRUE(Contains(error, "cannot bind 127.0.1.2:" + std::to_string(clash.port))) << error;
  portal->Stop();
  portal->Stop();
  EXPECT_FALSE(Get(portal->sites()[0].listing_urls[0]).ok);
}

}  // namespace
}  // namespace gongkai::portal::testing
