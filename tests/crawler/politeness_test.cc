// Politeness with a FakeClock: gaps, Crawl-delay, per-IP budgets, back-off and parking.
#include "crawler/politeness.h"

#include <gtest/gtest.h>

namespace gongkai::crawler {
namespace {

class PolitenessTest : public ::testing::Test {
 protected:
  PolitenessTest() {
    options_.min_delay_ms = 100;
    options_.max_delay_ms = 1000;
    options_.adaptive_delay_factor = 5;
    options_.backoff_base_ms = 200;
    options_.backoff_max_ms = 5000;
    options_.park_host_after_failures = 3;
  }
  // One request to `host` at `ip` taking `ms`, starting now.
  void Request(const std::string& host, const std::string& ip, int64_t ms,
               RequestOutcome outcome = RequestOutcome::kSuccess, std::optional<int64_t> retry_after = {}) {
    int64_t start = clock_.NowUs();
    politeness_.OnStart(host, ip, start);
    clock_.AdvanceMs(ms);
    politeness_.OnFinish(host, ip, start, clock_.NowUs(), outcome, retry_after);
  }
  int64_t WaitMs(const std::string& host, const std::string& ip = "") {
    return (politeness_.EarliestStartUs(host, ip) - clock_.NowUs() + 999) / 1000;
  }

  Options options_;
  FakeClock clock_;
  Politeness politeness_{options_, &clock_};
};

TEST_F(PolitenessTest, FirstRequestMayStartImmediately) {
  EXPECT_TRUE(politeness_.CanStart("a", "127.0.0.1", clock_.NowUs()));
}

TEST_F(PolitenessTest, OneInFlightPerHost) {
  politeness_.OnStart("a", "", clock_.NowUs());
  EXPECT_FALSE(politeness_.CanStart("a", "", clock_.NowUs() + 10'000'000));
  EXPECT_TRUE(politeness_.CanStart("b", "", clock_.NowUs()));
}

TEST_F(PolitenessTest, MinimumGapFromEndOfLastRequest) {
  Request("a", "", 5);  // 5 ms x 5 = 25 ms < min 100 ms
  EXPECT_EQ(WaitMs("a"), 100);
  EXPECT_FALSE(politeness_.CanStart("a", "", clock_.NowUs() + 99'000));
  EXPECT_TRUE(politeness_.CanStart("a", "", clock_.NowUs() + 100'000));
}

TEST_F(PolitenessTest, AdaptiveGapSlowServerSlowerCrawler) {
  Request("a", "", 60);  // 60 ms x 5 = 300 ms
  EXPECT_EQ(WaitMs("a"), 300);
  Request("b", "", 900);  // 4.5 s clamped to max 1 s
  EXPECT_EQ(WaitMs("b"), 1000);
}

TEST_F(PolitenessTest, CrawlDelayHonouredUpToMaximum) {
  politeness_.SetCrawlDelay("a", 2);
  Request("a", "", 1);
  EXPECT_EQ(WaitMs("a"), 2000);
  options_.max_crawl_delay_ms = 3000;
  politeness_.SetCrawlDelay("b", 3600);
  Request("b", "", 1);
  EXPECT_EQ(WaitMs("b"), 3000);
}

TEST_F(PolitenessTest, HostsOnOneIpShareOneBudget) {
  Request("a.gov.cn", "10.0.0.1", 1);
  EXPECT_FALSE(politeness_.CanStart("b.gov.cn", "10.0.0.1", clock_.NowUs()));
  EXPECT_TRUE(politeness_.CanStart("c.gov.cn", "10.0.0.2", clock_.NowUs()));
  politeness_.OnStart("c.gov.cn", "10.0.0.2", clock_.NowUs());
  EXPECT_FALSE(politeness_.CanStart("d.gov.cn", "10.0.0.2", clock_.NowUs()));  // IP in flight
}

TEST_F(PolitenessTest, RetryAfterHonoured) {
  Request("a", "", 1, RequestOutcome::kRetryable, 3000);
  EXPECT_GE(WaitMs("a"), 3000);
}

TEST_F(PolitenessTest, RetryAfterCappedAtBackoffMax) {
  Request("a", "", 1, RequestOutcome::kRetryable, 86'400'000);
  EXPECT_LE(WaitMs("a"), options_.backoff_max_ms);
}

TEST_F(PolitenessTest, ExponentialBackoffWithJitter) {
  for (int failures = 1; failures <= 4; ++failures) {
    int64_t full = std::min<int64_t>(200LL << (failures - 1), 5000);
    int64_t ms = politeness_.BackoffMs(failures);
    EXPECT_GE(ms, full / 2) << failures;
    EXPECT_LT(ms, full) << failures;
  }
  EXPECT_LE(politeness_.BackoffMs(40), 5000);
}

TEST_F(PolitenessTest, FailingHostParkedAfterConsecutiveFailures) {
  Request("a", "", 1, RequestOutcome::kRetryable);
  Request("a", "", 1, RequestOutcome::kRetryable);
  EXPECT_FALSE(politeness_.IsParked("a"));
  Request("a", "", 1, RequestOutcome::kRetryable);
  EXPECT_TRUE(politeness_.IsParked("a"));
  EXPECT_FALSE(politeness_.CanStart("a", "", clock_.NowUs() + 3'600'000'000LL));
  EXPECT_EQ(politeness_.ParkedHosts(), std::vector<std::string>{"a"});
}

TEST_F(PolitenessTest, SuccessResetsFailureCount) {
  Request("a", "", 1, RequestOutcome::kRetryable);
  Request("a", "", 1, RequestOutcome::kRetryable);
  Request("a", "", 1);
  Request("a", "", 1, RequestOutcome::kRetryable);
  EXPECT_FALSE(politeness_.IsParked("a"));
}

TEST_F(PolitenessTest, BackoffOfOneHostDoesNotStallItsIpNeighbours) {
  Request("a", "10.0.0.1", 1, RequestOutcome::kRetryable, 60'000);
  EXPECT_GE(WaitMs("a", "10.0.0.1"), 5000);
  EXPECT_LE(WaitMs("b", "10.0.0.1"), 100);
}

TEST_F(PolitenessTest, SeedOverrideLowersMinimumGap) {
  politeness_.SetMinDelayOverride("a", 10);
  Request("a", "", 1);
  EXPECT_EQ(WaitMs("a"), 10);
}

// ---- Persistence: a restarted process (a new Politeness over the same clock) takes over ----

TEST_F(PolitenessTest, RestoredStateKeepsTheGapAcrossARestart) {
  politeness_.SetCrawlDelay("a", 2.0);
  Request("a", "10.0.0.1", 5);
  int64_t wait_ms = WaitMs("a", "10.0.0.1");
  ASSERT_GE(wait_ms, 2000);
  clock_.AdvanceMs(300);  // the process dies and comes back
  Politeness restarted(options_, &clock_);
  restarted.Restore(politeness_.Export("a", "10.0.0.1"), /*same_run=*/true);
  int64_t earliest = restarted.EarliestStartUs("a", "10.0.0.1");
  EXPECT_GE(earliest, clock_.NowUs() + (wait_ms - 300 - 1) * 1000);
  EXPECT_FALSE(restarted.CanStart("a", "10.0.0.1", clock_.NowUs() + 1'600'000));
  // The IP's budget survives too: a neighbour on the same IP waits the host's gap.
  Politeness fresh(options_, &clock_);
  fresh.Restore(politeness_.Export("a", "10.0.0.1"), true);
  EXPECT_GE(fresh.EarliestStartUs("b", "10.0.0.1"), clock_.NowUs() + 1'600'000);
}

TEST_F(PolitenessTest, RequestInFlightAtTheKillWaitsAFullGapFromTheRestart) {
  politeness_.SetCrawlDelay("a", 1.0);
  Request("a", "", 5);
  clock_.AdvanceMs(2000);
  politeness_.OnStart("a", "", clock_.NowUs());  // killed while this one is in flight
  auto states = politeness_.Export("a", "");
  ASSERT_EQ(states.size(), 1u);
  EXPECT_LT(states[0].last_end_ms, states[0].last_start_ms);
  clock_.AdvanceMs(50);
  Politeness restarted(options_, &clock_);
  restarted.Restore(states, true);
  EXPECT_GE(restarted.EarliestStartUs("a", ""), clock_.NowUs() + 1'000'000);
}

TEST_F(PolitenessTest, KilledTwiceBeforeAnyAnswerWaitsTheLargestCrawlDelay) {
  options_.max_crawl_delay_ms = 2000;
  politeness_.OnStart("a", "", clock_.NowUs());  // robots.txt, killed in flight
  clock_.AdvanceMs(20);
  Politeness second(options_, &clock_);
  second.Restore(politeness_.Export("a", ""), true);
  clock_.SetUs(second.EarliestStartUs("a", ""));
  EXPECT_GE(clock_.NowUs(), 1'000'000 + 20'000 + 2'000'000);
  second.OnStart("a", "", clock_.NowUs());  // robots.txt again, killed in flight again
  clock_.AdvanceMs(20);
  Politeness third(options_, &clock_);
  third.Restore(second.Export("a", ""), true);
  EXPECT_GE(third.EarliestStartUs("a", "") - clock_.NowUs(), 2'000'000);
}

TEST_F(PolitenessTest, ParkingHoldsOnAPromptResumeButNotInTheNextRunOrMuchLater) {
  for (int i = 0; i < 3; ++i) Request("a", "", 1, RequestOutcome::kRetryable);
  ASSERT_TRUE(politeness_.IsParked("a"));
  Politeness resumed(options_, &clock_);
  resumed.Restore(politeness_.Export("a", ""), /*same_run=*/true);
  EXPECT_TRUE(resumed.IsParked("a"));
  Politeness next_run(options_, &clock_);
  next_run.Restore(politeness_.Export("a", ""), /*same_run=*/false);
  EXPECT_FALSE(next_run.IsParked("a"));
  // The same run resumed long after (past backoff_max_ms): the host gets its chance again.
  auto saved = politeness_.Export("a", "");
  clock_.AdvanceMs(options_.backoff_max_ms + 1);
  Politeness much_later(options_, &clock_);
  much_later.Restore(saved, /*same_run=*/true);
  EXPECT_FALSE(much_later.IsParked("a"));
}

// Headerless 429/503 (StormCrawler/Nutch curve): 60 s, doubled per new incident, capped at a day,
// one escalation per block, kept across runs, forgiven after 30 quiet minutes.
class ThrottleTest : public PolitenessTest {
 protected:
  ThrottleTest() {
    options_.park_host_after_failures = 1000;
    options_.backoff_max_ms = 1000;
  }
  int64_t BlockMs() { return (politeness_.EarliestStartUs("a", "") - clock_.NowUs()) / 1000; }
};

TEST_F(ThrottleTest, SixtySecondsDoublingPerIncident) {
  Request("a", "", 1, RequestOutcome::kThrottled);
  EXPECT_GE(BlockMs(), 60'000);
  EXPECT_LE(BlockMs(), 66'000);
  clock_.AdvanceMs(BlockMs());
  Request("a", "", 1, RequestOutcome::kThrottled);
  EXPECT_GE(BlockMs(), 120'000);
  EXPECT_LE(BlockMs(), 132'000);
}

TEST_F(ThrottleTest, IncidentsInsideOneBlockEscalateOnce) {
  Request("a", "", 1, RequestOutcome::kThrottled);
  Request("a", "", 1, RequestOutcome::kThrottled);  // a late answer inside the block
  auto states = politeness_.Export("a", "");
  EXPECT_EQ(states[0].throttle_level, 1);
}

TEST_F(ThrottleTest, CappedAtADay) {
  for (int i = 0; i < 20; ++i) {
    Request("a", "", 1, RequestOutcome::kThrottled);
    clock_.AdvanceMs(BlockMs());
  }
  Request("a", "", 1, RequestOutcome::kThrottled);
  EXPECT_LE(BlockMs(), 24LL * 3600 * 1000 * 11 / 10);
  EXPECT_GE(BlockMs(), 24LL * 3600 * 1000);
}

TEST_F(ThrottleTest, LevelCarriesIntoTheNextRunAndIsForgivenAfterAQuietPeriod) {
  Request("a", "", 1, RequestOutcome::kThrottled);
  clock_.AdvanceMs(BlockMs());
  Request("a", "", 1, RequestOutcome::kThrottled);  // level 2: 120 s
  int64_t block = BlockMs();
  auto saved = politeness_.Export("a", "");
  // The next run starts 10 s later: the block still holds, whatever the new run thinks.
  clock_.AdvanceMs(10'000);
  Politeness next_run(options_, &clock_);
  next_run.Restore(saved, /*same_run=*/false);
  EXPECT_GE(next_run.EarliestStartUs("a", "") - clock_.NowUs(), (block - 10'000 - 1) * 1000);
  // One more incident right after the block: level 3 (240 s), not 1.
  clock_.SetUs(next_run.EarliestStartUs("a", ""));
  int64_t start = clock_.NowUs();
  next_run.OnStart("a", "", start);
  next_run.OnFinish("a", "", start, start + 1000, RequestOutcome::kThrottled);
  EXPECT_GE(next_run.EarliestStartUs("a", "") - clock_.NowUs(), 240'000'000);
  // A run 31 quiet minutes after the block ended starts from level 0 again.
  auto later = next_run.Export("a", "");
  clock_.AdvanceMs(300'000 + 31 * 60 * 1000);
  Politeness forgiven(options_, &clock_);
  forgiven.Restore(later, false);
  EXPECT_EQ(forgiven.Export("a", "")[0].throttle_level, 0);
}

TEST(RetryAfterTest, DeltaSecondsAndHttpDate) {
  EXPECT_EQ(ParseRetryAfterMs("120", 0), 120000);
  EXPECT_EQ(ParseRetryAfterMs(" 3 ", 0), 3000);
  // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480
  EXPECT_EQ(ParseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 10), 10000);
  EXPECT_EQ(ParseRetryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 10), 0);
  EXPECT_FALSE(ParseRetryAfterMs("soon", 0));
  EXPECT_FALSE(ParseRetryAfterMs("", 0));
}

}  // namespace
}  // namespace gongkai::crawler
