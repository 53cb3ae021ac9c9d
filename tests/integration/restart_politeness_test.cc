// Politeness survives a restart: `gongkai crawl` is SIGKILLed and started again at once (what the
// README's systemd unit does after a crash), several times, against the simulated portal. From the
// portal's request log, no per-host gap is ever shorter than max(min_delay, Crawl-delay) and no
// per-IP gap shorter than min_delay -- across the restarts too, in flight requests included. The
// per-host page cap also holds over the whole run however often it is resumed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <thread>

#include "crawl_bed.h"
#include "loopback_site.h"

namespace gongkai::testing {
namespace {

using portal::LoggedRequest;

std::vector<portal::SiteSpec> Sites() {
  portal::SiteSpec delayed;
  delayed.name = "甲区人民政府";
  delayed.ip = "127.0.10.1";
  delayed.robots = portal::Robots::kRulesWithCrawlDelay;
  delayed.crawl_delay_s = 1;
  delayed.report_count = 5;
  delayed.per_page = 3;
  portal::SiteSpec plain;
  plain.name = "乙县人民政府";
  plain.ip = "127.0.10.2";
  plain.tmpl = portal::Template::kPlain;
  plain.report_count = 10;
  plain.per_page = 4;
  portal::SiteSpec shared1;  // two hostnames on one IP
  shared1.name = "丙市人民政府";
  shared1.ip = "127.0.10.3";
  shared1.tmpl = portal::Template::kHanwebJcms;
  shared1.report_count = 6;
  portal::SiteSpec shared2 = shared1;
  shared2.name = "丁镇人民政府";
  shared2.robots = portal::Robots::kRulesWithCrawlDelay;
  shared2.crawl_delay_s = 1;
  return {delayed, plain, shared1, shared2};
}

// Requests in `log` grouped by `key(request)`, each group sorted by arrival.
template <typename Key>
std::map<std::string, std::vector<LoggedRequest>> GroupBy(const std::vector<LoggedRequest>& log, Key key) {
  std::map<std::string, std::vector<LoggedRequest>> groups;
  for (const auto& r : log) groups[key(r)].push_back(r);
  for (auto& [k, v] : groups) {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.start_us < b.start_us; });
  }
  return groups;
}

// Starts the crawl, waits until the portal has seen `more` new requests (or the crawl ended), and
// SIGKILLs it. Returns false when the crawl finished on its own first.
bool CrawlAndKill(CrawlBed& bed, const std::vector<std::string>& args, size_t more) {
  size_t before = bed.portal().RequestLog().size();
  int pid = StartGongkai(args);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool ended = false;
  while (bed.portal().RequestLog().size() < before + more && std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      ended = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // waiting for the child, not timing it
  }
  if (ended) return false;
  kill(pid, SIGKILL);
  WaitGongkai(pid);
  return true;
}

TEST(RestartPolitenessTest, KillAndRestartAtOnceNeverShortensAHostOrIpGap) {
  CrawlBed bed(Sites());
  crawler::Options options = FastOptions();
  std::string config = bed.WriteConfig(options);
  std::string seeds = bed.WriteSeedFile(options.min_delay_ms);
  std::vector<std::string> args = {"--config", config, "crawl", "--seeds", seeds, "--progress", "none"};

  int kills = 0;
  for (int i = 0; i < 6; ++i) kills += CrawlAndKill(bed, args, 3 + static_cast<size_t>(i % 3));
  EXPECT_GE(kills, 4);
  EXPECT_EQ(RunGongkai(args), 0);  // the last run finishes the crawl

  auto log = bed.portal().RequestLog();
  std::map<std::string, int64_t> delay_ms;
  for (const auto& site : bed.portal().sites())
    delay_ms[site.host] = std::max(options.min_delay_ms, site.crawl_delay_ms);
  int checked = 0;
  for (const auto& [host, requests] : GroupBy(log, [](const LoggedRequest& r) { return r.host; })) {
    for (size_t i = 1; i < requests.size(); ++i, ++checked) {
      EXPECT_GE(requests[i].start_us - requests[i - 1].end_us + kServerStampToleranceUs,
                delay_ms[host] * 1000)
          << host << " " << requests[i - 1].target << " -> " << requests[i].target;
    }
  }
  for (const auto& [ip, requests] : GroupBy(log, [](const LoggedRequest& r) { return r.ip; })) {
    for (size_t i = 1; i < requests.size(); ++i) {
      EXPECT_GE(requests[i].start_us - requests[i - 1].end_us + kServerStampToleranceUs,
                options.min_delay_ms * 1000)
          << ip << " " << requests[i - 1].host << requests[i - 1].target << " -> " << requests[i].host
          << requests[i].target;
    }
  }
  EXPECT_GT(checked, 40);
  // Nothing lost on the way: every report is archived.
  auto archived = bed.ArchivedReports();
  for (const auto& site : bed.portal().sites()) {
    for (const auto& url : site.report_urls) EXPECT_EQ(archived.count(url), 1u) << url;
  }
}

// "Caps persist across resumes" (a trap host reached 8,904 pages against a cap of 5,000, growing
// with every run): each invocation stops after 2 page requests (--max-pages) and the next resumes
// the run; after five resumes a host with more pages than the cap has had exactly
// max_pages_per_host requests, and the run is finished, not asking for more.
TEST(RestartPolitenessTest, TrapHostsPageCountStopsAtTheCapAcrossFiveResumes) {
  LoopbackSite trap("127.0.10.5", 0);  // a listing of 40 reports: more than the cap
  ASSERT_TRUE(trap.ok());
  std::string listing = "<html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body><ul>";
  for (int i = 0; i < 40; ++i) {
    listing += "<li><a href=\"/r/" + std::to_string(i) + ".html\">陷阱县" + std::to_string(1990 + i) +
               "年政府信息公开工作年度报告</a></li>";
  }
  trap.Answer("/list.html", MakeAnswer(200, listing + "</ul></body></html>"));
  trap.AnswerEverythingElse(
      MakeAnswer(200,
                 "<html><head><meta charset=\"utf-8\"><title>年度报告</title></head>"
                 "<body><h1>陷阱县政府信息公开工作年度报告</h1><p>本年度无内容。</p></body></html>"));
  CrawlBed bed({});
  crawler::Options options = FastOptions();
  options.min_delay_ms = 20;
  options.max_pages_per_host = 11;
  std::string config = bed.WriteConfig(options);
  std::string seeds = bed.dir() + "/seeds.toml";
  std::ofstream(seeds) << "[[seed]]\nname = \"trap\"\nlisting_urls = [\"" << trap.url("/list.html")
                       << "\"]\nmin_delay_ms = 20\n";
  for (int run = 0; run < 6; ++run) {
    RunGongkai({"--config", config, "crawl", "--seeds", seeds, "--progress", "none", "--max-pages", "2"});
  }
  int pages = 0;
  for (const auto& hit : trap.hits()) pages += hit.path != "/robots.txt";
  EXPECT_EQ(pages, options.max_pages_per_host);
  auto archive = bed.OpenArchive();
  ASSERT_TRUE(archive);
  std::vector<storage::Run> runs;
  ASSERT_TRUE(archive->ListRuns(&runs).ok());
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_GT(runs[0].ended_at_ms, 0);
}

}  // namespace
}  // namespace gongkai::testing
