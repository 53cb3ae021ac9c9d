// The scheduler's policy as scripted exchanges: a FakeTransport answers every request from a
// script, a FakeClock stands still until the loop would wait, an in-memory store keeps the run.
// No sockets, no sleeping: these run in an empty network namespace. Each test is named after the
// rule it checks (RFC 9309 for robots.txt, RFC 9110 for Retry-After and conditional requests, the
// politeness contract of scheduler.h and politeness.h for the rest).
#include "crawler/scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "fake_transport.h"
#include "memory_crawl_store.h"

namespace gongkai::crawler::testing {
namespace {

constexpr int64_t kMs = 1000;  // microseconds

class SchedulerTest : public ::testing::Test {
 protected:
  SchedulerTest() {
    options_.min_delay_ms = 1000;
    options_.backoff_base_ms = 1000;
    options_.max_retries = 2;
    // Each test scripts a host's requests exactly; the /sitemap.xml probe has its own tests below.
    options_.probe_sitemap = false;
    transport_.SetAddress("a.test", "10.0.0.1");
    transport_.SetAddress("b.test", "10.0.0.2");
    transport_.SetAddress("c.test", "10.0.0.3");
  }

  // Queues `urls` as frontier items of `kind` (as a resumed run or discovery would have).
  void AddWork(const std::vector<std::string>& urls, LinkKind kind = LinkKind::kSeed) {
    std::vector<FrontierItem> items;
    for (const auto& url : urls) items.push_back({url, "", kind, 0, "test", false, {}});
    const Status status = store_.Add(items);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  // A file answer (not HTML: recorded as fetched, nothing to discover in it).
  void Pdf(const std::string& url) {
    transport_.Script(url, {Answer(200, "%PDF-1.4 " + url, {{"Content-Type", "application/pdf"}})});
  }
  static ScriptedAnswer Answer(int status, std::string body = "", HeaderList headers = {}) {
    ScriptedAnswer answer;
    answer.status = status;
    answer.body = std::move(body);
    answer.headers = std::move(headers);
    return answer;
  }
  RunSummary Run() {
    Scheduler scheduler(options_, extract_options_, {}, &store_, Env());
    return RunWith(&scheduler);
  }
  RunSummary RunWith(Scheduler* scheduler) {
    RunSummary summary;
    const Status status = scheduler->Run({}, &summary);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return summary;
  }
  SchedulerEnv Env() { return {&clock_, &transport_, /*extract_threads=*/0}; }

  // Requests to `host` other than robots.txt.
  std::vector<LoggedExchange> PagesOf(const std::string& host) const {
    std::vector<LoggedExchange> out;
    for (const auto& e : transport_.LogOf(host)) {
      if (e.url.find("/robots.txt") == std::string::npos) out.push_back(e);
    }
    return out;
  }
  // Gaps (end of one request to the start of the next) in `log`, in ms.
  static std::vector<int64_t> GapsMs(const std::vector<LoggedExchange>& log) {
    std::vector<int64_t> gaps;
    for (size_t i = 1; i < log.size(); ++i) gaps.push_back((log[i].start_us - log[i - 1].end_us) / kMs);
    return gaps;
  }

  Options options_;
  extract::Options extract_options_;
  FakeClock clock_;
  FakeTransport transport_{&clock_};
  MemoryCrawlStore store_;
};

// --- names are resolved off the loop, once, and every request is pinned to the answer ---

TEST_F(SchedulerTest, Resolution_NoRequestBeforeTheAddressIsKnownAndEachNameIsResolvedOnce) {
  AddWork({"http://a.test/1.pdf", "http://a.test/2.pdf"});
  Pdf("http://a.test/1.pdf");
  Pdf("http://a.test/2.pdf");
  Run();
  EXPECT_EQ(transport_.Resolutions("a.test"), 1);
  ASSERT_EQ(transport_.log().size(), 3u);
  for (const auto& e : transport_.log()) EXPECT_EQ(e.connect_ip, "10.0.0.1") << e.url;
}

// --- sitemaps (crawler/sitemaps.h): the probe is a request like any other ---

TEST_F(SchedulerTest, SitemapProbe_AfterRobotsAndTheSeedWithTheGapAndA404IsNoError) {
  options_.probe_sitemap = true;
  AddWork({"http://a.test/1.pdf"});
  Pdf("http://a.test/1.pdf");
  transport_.Script("http://a.test/sitemap.xml", {Answer(404, "not found")});
  RunSummary summary = Run();
  auto log = transport_.LogOf("a.test");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_NE(log[0].url.find("/robots.txt"), std::string::npos);
  EXPECT_EQ(log[1].url, "http://a.test/1.pdf");
  EXPECT_EQ(log[2].url, "http://a.test/sitemap.xml");
  for (int64_t gap : GapsMs(log)) EXPECT_GE(gap, options_.min_delay_ms);
  EXPECT_EQ(summary.errors, 0);
}

TEST_F(SchedulerTest, SitemapProbe_ADisallowedSitemapIsNeverRequested) {
  options_.probe_sitemap = true;
  AddWork({"http://a.test/1.pdf"});
  transport_.Script("http://a.test/robots.txt", {Answer(200, "User-agent: *\nDisallow: /sitemap.xml\n")});
  Pdf("http://a.test/1.pdf");
  Run();
  for (const auto& e : transport_.LogOf("a.test")) EXPECT_NE(e.url, "http://a.test/sitemap.xml");
  EXPECT_EQ(transport_.LogOf("a.test").size(), 2u);
}

// --- RFC 9309 2.3.1.2: redirects are followed; here each hop is a request under politeness ---

TEST_F(SchedulerTest, Redirect_EveryHopIsARequestAfterTheGapAndTheChainIsRecorded) {
  AddWork({"http://a.test/start"});
  transport_.Script("http://a.test/start", {Answer(301, "", {{"Location", "/middle"}})});
  transport_.Script("http://a.test/middle", {Answer(302, "", {{"Location", "http://a.test/final.pdf"}})});
  Pdf("http://a.test/final.pdf");
  Run();
  auto pages = PagesOf("a.test");
  ASSERT_EQ(pages.size(), 3u);
  EXPECT_EQ(pages[1].url, "http://a.test/middle");
  EXPECT_EQ(pages[2].url, "http://a.test/final.pdf");
  for (int64_t gap : GapsMs(pages)) EXPECT_GE(gap, options_.min_delay_ms);
  auto records = store_.RecordsOf("http://a.test/start");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].final_url, "http://a.test/final.pdf");
  EXPECT_EQ(records[0].redirect_chain.size(), 3u);
  ASSERT_EQ(records[0].redirect_hops.size(), 2u);
  EXPECT_EQ(records[0].redirect_hops[0].status, 301);
  EXPECT_EQ(records[0].redirect_hops[1].status, 302);
  EXPECT_EQ(records[0].status, 200);
}

TEST_F(SchedulerTest, Redirect_ALoopIsRecordedAsFailedAndEachUrlAskedOnce) {
  AddWork({"http://a.test/x"});
  transport_.Script("http://a.test/x", {Answer(301, "", {{"Location", "/y"}})});
  transport_.Script("http://a.test/y", {Answer(301, "", {{"Location", "/x"}})});
  RunSummary summary = Run();
  EXPECT_EQ(transport_.Count("http://a.test/x"), 1);
  EXPECT_EQ(transport_.Count("http://a.test/y"), 1);
  EXPECT_EQ(summary.failed, 1);
  EXPECT_EQ(summary.errors_by_kind["redirect_loop"], 1);
}

// --- RFC 9309 2.3.1.4: an unreachable robots.txt (5xx) means complete disallow, until it can be
// fetched; RFC 9309 2.2.2: the rules of the 200 then apply ---

TEST_F(SchedulerTest, RFC9309_Robots5xxDisallowsAllUntilA200WhoseRulesApply) {
  AddWork({"http://a.test/open.pdf", "http://a.test/private/closed.pdf"});
  transport_.Script(
      "http://a.test/robots.txt",
      {Answer(500), Answer(200, "User-agent: *\nDisallow: /private/\n", {{"Content-Type", "text/plain"}})});
  Pdf("http://a.test/open.pdf");
  Run();
  auto log = transport_.LogOf("a.test");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].url, "http://a.test/robots.txt");
  EXPECT_EQ(log[1].url, "http://a.test/robots.txt");  // nothing else was asked in between
  EXPECT_GE(log[1].start_us - log[0].end_us, options_.backoff_base_ms / 2 * kMs);
  EXPECT_EQ(log[2].url, "http://a.test/open.pdf");
  EXPECT_EQ(transport_.Count("http://a.test/private/closed.pdf"), 0);
  auto refused = store_.RecordsOf("http://a.test/private/closed.pdf");
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].error_kind, ErrorKind::kRobotsDisallowed);
}

// --- RFC 9309 2.3.1.2: a robots.txt redirect is followed (up to five hops) and the rules of its
// target apply to the host that redirected ---

TEST_F(SchedulerTest, RFC9309_RobotsRedirectIsFollowedAndTheTargetsRulesApply) {
  AddWork({"http://a.test/ok.pdf", "http://a.test/x/no.pdf"});
  transport_.Script("http://a.test/robots.txt", {Answer(301, "", {{"Location", "/real-robots.txt"}})});
  transport_.Script("http://a.test/real-robots.txt", {Answer(200, "User-agent: *\nDisallow: /x/\n")});
  Pdf("http://a.test/ok.pdf");
  Run();
  auto log = transport_.LogOf("a.test");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].url, "http://a.test/robots.txt");
  EXPECT_EQ(log[1].url, "http://a.test/real-robots.txt");
  EXPECT_EQ(log[2].url, "http://a.test/ok.pdf");
  EXPECT_EQ(transport_.Count("http://a.test/x/no.pdf"), 0);
}

// --- RFC 9110 10.2.3: Retry-After on a 429 says how long to wait before asking again ---

TEST_F(SchedulerTest, RetryAfter_A429WaitsTheServersSecondsThenRetries) {
  AddWork({"http://a.test/busy.pdf"});
  transport_.Script("http://a.test/busy.pdf", {Answer(429, "", {{"Retry-After", "7"}}),
                                               Answer(200, "%PDF", {{"Content-Type", "application/pdf"}})});
  RunSummary summary = Run();
  auto pages = PagesOf("a.test");
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_GE(pages[1].start_us - pages[0].end_us, 7000 * kMs);
  EXPECT_EQ(pages[1].status, 200);
  EXPECT_EQ(summary.failed, 0);
  EXPECT_TRUE(store_.IsDone("http://a.test/busy.pdf"));
}

// --- RFC 9110 13.1.2 / 15.4.5: a known report is asked conditionally; on 304 its stored body
// still names its attachments, which are fetched as if the page had been downloaded ---

TEST_F(SchedulerTest, ConditionalGet_A304SendsTheValidatorAndFindsAttachmentsInTheStoredBody) {
  const std::string report = "http://a.test/ndbg/2023.html";
  store_.AddCapture(report,
                    "<html><body><h1>2023年政府信息公开工作年度报告</h1>"
                    "<a href=\"/files/2023.pdf\">附件：2023年报.pdf</a></body></html>",
                    {"\"v1\"", "", 1});
  AddWork({report}, LinkKind::kReport);
  transport_.Script(report, {Answer(304)});
  Pdf("http://a.test/files/2023.pdf");
  RunSummary summary = Run();
  auto pages = PagesOf("a.test");
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[0].url, report);
  EXPECT_NE(std::find(pages[0].request_headers.begin(), pages[0].request_headers.end(),
                      std::pair<std::string, std::string>("If-None-Match", "\"v1\"")),
            pages[0].request_headers.end());
  EXPECT_EQ(pages[1].url, "http://a.test/files/2023.pdf");
  EXPECT_EQ(summary.not_modified, 1);
  EXPECT_EQ(summary.attachments, 1);
}

// --- politeness.h: a host failing park_host_after_failures times in a row is parked for the run;
// other hosts go on ---

TEST_F(SchedulerTest, Parking_AHostFailingInARowIsAskedNoMoreWhileOthersGoOn) {
  options_.park_host_after_failures = 3;
  options_.max_retries = 0;
  std::vector<std::string> work;
  for (int i = 0; i < 6; ++i) {
    work.push_back("http://a.test/" + std::to_string(i) + ".pdf");
    transport_.Script(work.back(), {Answer(500)});
    work.push_back("http://b.test/" + std::to_string(i) + ".pdf");
    Pdf(work.back());
  }
  AddWork(work);
  RunSummary summary = Run();
  EXPECT_EQ(PagesOf("a.test").size(), 3u);
  EXPECT_EQ(PagesOf("b.test").size(), 6u);
  EXPECT_EQ(summary.ParkedHosts(), std::vector<std::string>{"a.test"});
  EXPECT_FALSE(store_.IsDone("http://a.test/5.pdf"));  // kept for the next run
}

// --- scheduler.h: a run stopped at any instant resumes by refetching only what was in flight,
// and the resumed run still keeps the gap after the stopped run's last request ---

TEST_F(SchedulerTest, Resume_AfterAStopOnlyWhatWasInFlightIsAskedAgain) {
  std::vector<std::string> work;
  for (int i = 0; i < 5; ++i) {
    work.push_back("http://a.test/" + std::to_string(i) + ".pdf");
    Pdf(work.back());
  }
  AddWork(work);
  ScriptedAnswer slow = Answer(200, "%PDF", {{"Content-Type", "application/pdf"}});
  slow.latency_ms = 5000;  // still in flight when the second Stop() is seen
  transport_.Script(work[1], {slow});
  {
    Scheduler first(options_, extract_options_, {}, &store_, Env());
    transport_.OnStart([&](size_t started) {
      if (started == 3) {  // robots.txt, 0.pdf, and now 1.pdf in flight: stop twice = abandon it
        first.Stop();
        first.Stop();
      }
    });
    RunSummary stopped = RunWith(&first);
    EXPECT_EQ(stopped.stop_reason, StopReason::kSignal);
    EXPECT_EQ(stopped.pending, 5 - 1);
  }
  transport_.OnStart(nullptr);
  const int64_t stopped_at = transport_.log().back().start_us;
  clock_.AdvanceMs(10);  // restarted at once
  RunSummary resumed = Run();
  EXPECT_EQ(resumed.stop_reason, StopReason::kDone);
  EXPECT_EQ(transport_.Count("http://a.test/robots.txt"), 1);  // the stored answer is reused
  EXPECT_EQ(transport_.Count("http://a.test/0.pdf"), 1);
  EXPECT_EQ(transport_.Count("http://a.test/1.pdf"), 2);  // the abandoned one
  for (int i = 2; i < 5; ++i) EXPECT_EQ(transport_.Count(work[i]), 1) << work[i];
  // The abandoned request never finished: the resumed run waits a full gap from the restart.
  auto pages = PagesOf("a.test");
  ASSERT_EQ(pages.size(), 6u);
  EXPECT_GE(pages[2].start_us - stopped_at, options_.min_delay_ms * kMs);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(store_.IsDone(work[i])) << work[i];
}

// --- RFC 9309 leaves Crawl-delay undefined; politeness.h: the gap is the larger of Crawl-delay
// and the minimum gap, from the first request after robots.txt on, with no slack added ---

TEST_F(SchedulerTest, CrawlDelay_LongerThanTheMinimumGapIsTheGapExactly) {
  transport_.Script("http://a.test/robots.txt", {Answer(200, "User-agent: *\nCrawl-delay: 3\n")});
  AddWork({"http://a.test/1.pdf", "http://a.test/2.pdf", "http://a.test/3.pdf"});
  for (int i = 1; i <= 3; ++i) Pdf("http://a.test/" + std::to_string(i) + ".pdf");
  Run();
  EXPECT_EQ(GapsMs(transport_.LogOf("a.test")), (std::vector<int64_t>{3000, 3000, 3000}));
}

TEST_F(SchedulerTest, CrawlDelay_ShorterThanTheMinimumGapLeavesTheMinimumGap) {
  transport_.Script("http://a.test/robots.txt", {Answer(200, "User-agent: *\nCrawl-delay: 0.2\n")});
  AddWork({"http://a.test/1.pdf", "http://a.test/2.pdf"});
  Pdf("http://a.test/1.pdf");
  Pdf("http://a.test/2.pdf");
  Run();
  EXPECT_EQ(GapsMs(transport_.LogOf("a.test")), (std::vector<int64_t>{1000, 1000}));
}

// --- politeness.h: hosts on one IP share one budget (one request at a time, the gap between any
// two); a host on another IP is not held up by them ---

TEST_F(SchedulerTest, PerIp_HostsOnOneAddressShareOneBudgetAndOthersRunAlongside) {
  transport_.SetAddress("b.test", "10.0.0.1");  // a.test's address
  std::vector<std::string> work;
  for (std::string host : {"a.test", "b.test", "c.test"}) {
    for (int i = 0; i < 3; ++i) {
      work.push_back("http://" + host + "/" + std::to_string(i) + ".pdf");
      Pdf(work.back());
    }
  }
  AddWork(work);
  Run();
  std::vector<LoggedExchange> shared;
  for (const auto& e : transport_.log()) {
    if (e.connect_ip == "10.0.0.1") shared.push_back(e);
  }
  ASSERT_EQ(shared.size(), 8u);  // 2 x (robots.txt + 3 pages)
  for (int64_t gap : GapsMs(shared)) EXPECT_GE(gap, options_.min_delay_ms);
  // c.test, alone on its address, finishes while the shared address is still busy.
  EXPECT_LT(transport_.LogOf("c.test").back().end_us, shared.back().start_us);
  EXPECT_EQ(transport_.max_in_flight(), 2);  // one on each address
}

// --- outcome.h: each outcome has one word, and the words are distinct (they are archive format) ---

TEST(OutcomeTest, EveryErrorKindHasItsOwnWordAndParsesBack) {
  std::set<std::string> words;
  for (int i = 0; i <= static_cast<int>(ErrorKind::kRedirectOutOfScope); ++i) {
    auto kind = static_cast<ErrorKind>(i);
    EXPECT_TRUE(words.insert(ToString(kind)).second) << ToString(kind);
    EXPECT_EQ(ErrorKindFromString(ToString(kind)), kind);
  }
  EXPECT_EQ(ErrorKindFromString("no_such_kind"), std::nullopt);
  EXPECT_STREQ(ToString(StopReason::kDone), "done");
  EXPECT_STREQ(ToString(StopReason::kSignal), "signal");
}

}  // namespace
}  // namespace gongkai::crawler::testing
