// Dispatch (crawler/src/dispatcher.h) on its own: which request starts when, against a FakeClock and a
// real Politeness budget, with the test as the Dispatcher's delegate. Requests are answered by the
// test (robots.txt from a script, pages at once with 200), so no socket is opened and nothing sleeps:
// these run in an empty network namespace. Each test is named after the rule it checks: the
// politeness contract of politeness.h and scheduler.h, RFC 9309 for robots.txt.
#include "dispatcher.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fake_transport.h"
#include "memory_crawl_store.h"

namespace gongkai::crawler::testing {
namespace {

constexpr int64_t kMs = 1000;  // microseconds

// One request the dispatcher started, as the test answered it.
struct Started {
  Host* host;
  std::string url;
  Route route;
  bool robots = false;
  int64_t start_us = 0;
  int64_t end_us = 0;  // 0 while in flight
};

class DispatcherTest : public ::testing::Test, public Dispatcher::Delegate {
 protected:
  DispatcherTest() {
    options_.min_delay_ms = 1000;
    options_.max_delay_ms = 1000;
  }

  // A host `key` ("a.test") whose seed may also reach `allowed`, with `paths` queued in order.
  Host* AddHost(const std::string& key, const std::vector<std::string>& paths,
                std::vector<std::string> allowed = {}) {
    auto host =
        std::make_unique<Host>(options_, &frontier_, key, "http://" + key, "test", std::move(allowed));
    host->name = key.substr(0, key.find(':'));
    host->queue.max_pages = options_.max_pages_per_host;
    for (const auto& path : paths) {
      FrontierItem item;
      item.url = "http://" + key + path;
      item.kind = LinkKind::kReport;
      host->queue.PushFresh(item);
    }
    hosts_.push_back(std::move(host));
    dispatcher_.AddHost(hosts_.back().get());
    return hosts_.back().get();
  }
  void Resolve(const std::string& name, const std::string& ip) { dispatcher_.OnResolved({name, ip}); }
  int64_t Dispatch() { return dispatcher_.Dispatch(clock_.NowUs(), InFlight()); }
  size_t InFlight() const {
    size_t n = 0;
    for (const auto& s : started_) n += s.end_us == 0;
    return n;
  }
  // Answers request `i` now: robots.txt from robots_ (404 when not scripted), pages with 200.
  void Finish(size_t i) {
    Started& s = started_[i];
    s.end_us = clock_.NowUs();
    --s.host->queue.in_flight;
    if (s.robots) {
      FetchResult result;
      result.status = 404;
      if (auto it = robots_.find(s.url); it != robots_.end()) {
        result.status = it->second.first;
        (result.status / 100 == 3 ? result.location : result.body) = it->second.second;
      }
      std::string message;
      (void)s.host->robots.OnAnswer(result, s.end_us, ErrorKind::kNone, &message);
    }
    politeness_.OnFinish(s.route.key, s.route.ip, s.start_us, s.end_us, RequestOutcome::kSuccess);
  }
  // Dispatches, answers each request `latency_ms` after it started and moves the clock to the next
  // event, until no work is left (at most `rounds` dispatches).
  void RunUntilIdle(int64_t latency_ms = 10, int rounds = 100) {
    for (int round = 0; round < rounds && (dispatcher_.HasQueuedWork() || InFlight() > 0); ++round) {
      int64_t next_us = Dispatch();
      for (size_t i = 0; i < started_.size(); ++i) {
        if (started_[i].end_us == 0) next_us = std::min(next_us, started_[i].start_us + latency_ms * kMs);
      }
      clock_.SetUs(std::max(next_us, clock_.NowUs()));
      for (size_t i = 0; i < started_.size(); ++i) {
        if (started_[i].end_us == 0 && started_[i].start_us + latency_ms * kMs <= clock_.NowUs()) Finish(i);
      }
    }
  }
  std::vector<std::string> Urls(bool with_robots = false) const {
    std::vector<std::string> urls;
    for (const auto& s : started_) {
      if (with_robots || !s.robots) urls.push_back(s.url);
    }
    return urls;
  }
  std::vector<Started> PagesOf(const std::string& key) const {
    std::vector<Started> out;
    for (const auto& s : started_) {
      if (!s.robots && s.route.key == key) out.push_back(s);
    }
    return out;
  }

  // Dispatcher::Delegate
  bool OnStoredRobots(Host*) override { return true; }
  bool SkipRecent(Task*) override { return false; }
  bool OnDisallowed(Host*, const Task& task) override {
    disallowed_.push_back(task.url);
    return true;
  }
  void OnCapped(Host* host) override {
    while (!host->queue.empty()) {
      capped_.push_back(host->queue.Peek().url);
      host->queue.Pop();
    }
  }
  void StartRequest(Host* host, Task task, const Route& route) override {
    started_.push_back({host, task.url, route, task.robots, clock_.NowUs(), 0});
  }

  Options options_;
  FakeClock clock_;
  Politeness politeness_{options_, &clock_};
  MemoryCrawlStore store_;
  FakeTransport transport_{&clock_};
  Frontier frontier_;
  Dispatcher dispatcher_{options_, &clock_, &politeness_, &store_, &transport_, this};
  std::vector<std::unique_ptr<Host>> hosts_;
  std::map<std::string, std::pair<int, std::string>> robots_;  // robots.txt URL -> status, body/Location
  std::vector<Started> started_;
  std::vector<std::string> disallowed_;
  std::vector<std::string> capped_;
};

// --- nothing starts without work, and the loop never waits longer than kMaxPollUs ---

TEST_F(DispatcherTest, EmptyQueue_NothingStartsAndTheWaitIsMaxPoll) {
  EXPECT_EQ(Dispatch(), clock_.NowUs() + kMaxPollUs);
  Host* host = AddHost("a.test", {});
  Resolve("a.test", "10.0.0.1");
  EXPECT_EQ(Dispatch(), clock_.NowUs() + kMaxPollUs);
  EXPECT_TRUE(started_.empty());  // not even robots.txt: a host with nothing queued is not contacted
  EXPECT_FALSE(dispatcher_.HasQueuedWork());
  EXPECT_TRUE(host->queue.empty());
}

// --- names are resolved off the loop, once; nothing is dispatched to a host before its address ---

TEST_F(DispatcherTest, Resolution_NoRequestBeforeTheAddressIsKnownAndEachNameIsAskedOnce) {
  AddHost("a.test", {"/1.pdf"});
  AddHost("a.test:8080", {"/2.pdf"});
  Dispatch();
  EXPECT_TRUE(started_.empty());
  EXPECT_EQ(transport_.Resolutions("a.test"), 1);
  Resolve("a.test", "10.0.0.1");
  Dispatch();
  ASSERT_EQ(started_.size(), 1u);  // per-IP limit: the second authority on the address waits
  EXPECT_EQ(started_[0].route.ip, "10.0.0.1");
}

// --- RFC 9309 2.3.1: robots.txt is the first request and blocks the host's pages while pending ---

TEST_F(DispatcherTest, Robots_PendingRobotsTxtBlocksEveryPageOfItsHost) {
  AddHost("a.test", {"/1.pdf", "/2.pdf"});
  Resolve("a.test", "10.0.0.1");
  Dispatch();
  ASSERT_EQ(Urls(true), std::vector<std::string>{"http://a.test/robots.txt"});
  clock_.AdvanceMs(60'000);  // far past any gap: still nothing while robots.txt is unanswered
  Dispatch();
  EXPECT_EQ(started_.size(), 1u);
  Finish(0);
  clock_.AdvanceMs(options_.min_delay_ms);
  Dispatch();
  EXPECT_EQ(Urls(), std::vector<std::string>{"http://a.test/1.pdf"});
}

TEST_F(DispatcherTest, Robots_ARefusedUrlIsHandedBackAndTheNextOneStartsInItsPlace) {
  AddHost("a.test", {"/private/1.pdf", "/2.pdf"});
  Resolve("a.test", "10.0.0.1");
  robots_["http://a.test/robots.txt"] = {200, "User-agent: *\nDisallow: /private/\n"};
  RunUntilIdle();
  EXPECT_EQ(disallowed_, std::vector<std::string>{"http://a.test/private/1.pdf"});
  EXPECT_EQ(Urls(), std::vector<std::string>{"http://a.test/2.pdf"});
}

// --- politeness.h: the gap between requests to one host, host by host ---

TEST_F(DispatcherTest, Gap_AHostWaitsItsGapAndTheWakeTimeIsTheEndOfThatGap) {
  AddHost("a.test", {"/1.pdf", "/2.pdf"});
  Resolve("a.test", "10.0.0.1");
  RunUntilIdle();
  auto pages = PagesOf("a.test");
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[1].start_us - pages[0].end_us, options_.min_delay_ms * kMs);
}

TEST_F(DispatcherTest, Gap_BeforeTheGapNothingStartsAndDispatchSaysWhenItEnds) {
  AddHost("a.test", {"/1.pdf"});
  Resolve("a.test", "10.0.0.1");
  Dispatch();
  clock_.AdvanceMs(10);
  Finish(0);  // robots.txt: 404, allow all
  const int64_t gap_end_us = clock_.NowUs() + options_.min_delay_ms * kMs;
  EXPECT_EQ(Dispatch(), std::min(gap_end_us, clock_.NowUs() + kMaxPollUs));
  clock_.SetUs(gap_end_us - 1);
  Dispatch();
  EXPECT_EQ(started_.size(), 1u);
  clock_.SetUs(gap_end_us);
  Dispatch();
  EXPECT_EQ(Urls(), std::vector<std::string>{"http://a.test/1.pdf"});
}

TEST_F(DispatcherTest, Gap_HostsOnOtherAddressesGoMeanwhileEachInItsOwnOrder) {
  AddHost("a.test", {"/1.pdf", "/2.pdf", "/3.pdf"});
  AddHost("b.test", {"/1.pdf", "/2.pdf", "/3.pdf"});
  Resolve("a.test", "10.0.0.1");
  Resolve("b.test", "10.0.0.2");
  RunUntilIdle();
  for (const std::string host : {"a.test", "b.test"}) {
    auto pages = PagesOf(host);
    ASSERT_EQ(pages.size(), 3u) << host;
    for (size_t i = 0; i < pages.size(); ++i) {
      EXPECT_EQ(pages[i].url, "http://" + host + "/" + std::to_string(i + 1) + ".pdf");
    }
  }
  // Interleaved: b's first page starts before a's gap is over.
  EXPECT_LT(PagesOf("b.test")[0].start_us, PagesOf("a.test")[1].start_us);
}

// --- politeness.h: one address, one request at a time (集约化 platforms) ---

TEST_F(DispatcherTest, PerIp_TwoNamesOnOneAddressNeverHaveTwoRequestsInFlight) {
  AddHost("a.test", {"/1.pdf", "/2.pdf"});
  AddHost("b.test", {"/1.pdf", "/2.pdf"});
  Resolve("a.test", "10.0.0.1");
  Resolve("b.test", "10.0.0.1");
  Dispatch();
  EXPECT_EQ(started_.size(), 1u);
  RunUntilIdle();
  ASSERT_EQ(started_.size(), 6u);  // two robots.txt, four pages
  for (size_t i = 1; i < started_.size(); ++i) {
    EXPECT_GE(started_[i].start_us, started_[i - 1].end_us) << started_[i].url;
  }
}

TEST_F(DispatcherTest, TotalLimit_NoMoreThanMaxInFlightTotalStartInOneRound) {
  options_.max_in_flight_total = 2;
  AddHost("a.test", {"/1.pdf"});
  AddHost("b.test", {"/1.pdf"});
  AddHost("c.test", {"/1.pdf"});
  Resolve("a.test", "10.0.0.1");
  Resolve("b.test", "10.0.0.2");
  Resolve("c.test", "10.0.0.3");
  Dispatch();
  EXPECT_EQ(started_.size(), 2u);
}

// --- politeness.h: a parked host gets nothing more this run ---

TEST_F(DispatcherTest, Parked_AParkedHostIsSkippedAndLeavesNoQueuedWork) {
  options_.park_host_after_failures = 1;
  AddHost("a.test", {"/1.pdf"});
  AddHost("b.test", {"/1.pdf"});
  Resolve("a.test", "10.0.0.1");
  Resolve("b.test", "10.0.0.2");
  politeness_.OnStart("a.test", "10.0.0.1", clock_.NowUs());
  politeness_.OnFinish("a.test", "10.0.0.1", clock_.NowUs(), clock_.NowUs(), RequestOutcome::kRetryable);
  ASSERT_TRUE(politeness_.IsParked("a.test"));
  RunUntilIdle();
  EXPECT_EQ(Urls(true), (std::vector<std::string>{"http://b.test/robots.txt", "http://b.test/1.pdf"}));
  EXPECT_FALSE(dispatcher_.HasQueuedWork());
}

// --- scheduler.h: max_pages_per_host ---

TEST_F(DispatcherTest, PageCap_AHostAtItsCapIsHandedBackNotDispatched) {
  Host* host = AddHost("a.test", {"/1.pdf", "/2.pdf", "/3.pdf"});
  host->queue.max_pages = 1;
  Resolve("a.test", "10.0.0.1");
  RunUntilIdle();
  EXPECT_EQ(Urls(), std::vector<std::string>{"http://a.test/1.pdf"});
  EXPECT_FALSE(dispatcher_.HasQueuedWork());  // the cap ends the host's work ...
  clock_.AdvanceMs(options_.min_delay_ms);
  Dispatch();  // ... and the next look at the host hands the rest back
  EXPECT_EQ(started_.size(), 2u);
  EXPECT_EQ(capped_, (std::vector<std::string>{"http://a.test/2.pdf", "http://a.test/3.pdf"}));
}

// --- RFC 9309 2.3.1.2: a robots.txt redirect to another authority is that authority's request ---

TEST_F(DispatcherTest, ForeignHop_WaitsForTheOtherAuthoritysAddressAndGap) {
  AddHost("a.test", {"/1.pdf"}, {"b.test"});
  Resolve("a.test", "10.0.0.1");
  robots_["http://a.test/robots.txt"] = {301, "http://b.test/robots.txt"};
  Dispatch();
  clock_.AdvanceMs(10);
  Finish(0);
  clock_.AdvanceMs(options_.min_delay_ms);  // a.test's own gap is over ...
  // ... but b.test was just asked by someone else: its gap runs from now.
  politeness_.OnStart("b.test", "10.0.0.2", clock_.NowUs());
  politeness_.OnFinish("b.test", "10.0.0.2", clock_.NowUs(), clock_.NowUs(), RequestOutcome::kSuccess);
  const int64_t b_free_us = clock_.NowUs() + options_.min_delay_ms * kMs;
  Dispatch();
  EXPECT_EQ(started_.size(), 1u);  // b.test's address is not known yet
  EXPECT_EQ(transport_.Resolutions("b.test"), 1);
  Resolve("b.test", "10.0.0.2");
  clock_.SetUs(b_free_us - 10 * kMs);
  EXPECT_EQ(Dispatch(), b_free_us);
  EXPECT_EQ(started_.size(), 1u);
  clock_.SetUs(b_free_us);
  Dispatch();
  ASSERT_EQ(started_.size(), 2u);
  EXPECT_EQ(started_[1].url, "http://b.test/robots.txt");
  EXPECT_EQ(started_[1].route.key, "b.test");
  EXPECT_EQ(started_[1].route.ip, "10.0.0.2");
}

}  // namespace
}  // namespace gongkai::crawler::testing
