// kill -9 in the middle of `gongkai crawl`, then `gongkai crawl` again: the archive ends with the
// same reports and digests as a crawl that was never killed, and the resumed crawl asks for no URL
// the killed one had already recorded.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <thread>

#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

// Starts `gongkai --config CONFIG crawl --seeds SEEDS --progress none`; returns its pid.
pid_t StartCrawl(const std::string& config, const std::string& seeds) {
  pid_t pid = fork();
  if (pid == 0) {
    execl(GONGKAI_BINARY, GONGKAI_BINARY, "--config", config.c_str(), "crawl", "--seeds", seeds.c_str(),
          "--progress", "none", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<portal::SiteSpec> Sites() {
  portal::SiteSpec trs;
  trs.name = "甲区人民政府";
  trs.ip = "127.0.6.1";
  trs.report_count = 8;
  trs.attachments = true;
  portal::SiteSpec plain;
  plain.name = "乙县人民政府";
  plain.ip = "127.0.6.2";
  plain.tmpl = portal::Template::kPlain;
  plain.report_count = 8;
  portal::SiteSpec hanweb;
  hanweb.name = "丙市人民政府";
  hanweb.ip = "127.0.6.3";
  hanweb.tmpl = portal::Template::kHanwebJcms;
  hanweb.report_count = 8;
  return {trs, plain, hanweb};
}

TEST(ResumeTest, KillNineThenResumeEqualsAnUnkilledCrawl) {
  CrawlBed bed(Sites());
  crawler::Options options = FastOptions();
  std::string config = bed.WriteConfig(options);
  std::string seeds = bed.WriteSeedFile(options.min_delay_ms);

  pid_t pid = StartCrawl(config, seeds);
  ASSERT_GT(pid, 0);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (bed.portal().RequestLog().size() < 18 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // waiting for the child, not timing it
  }
  kill(pid, SIGKILL);
  EXPECT_EQ(Wait(pid), 128 + SIGKILL);
  size_t killed_at = bed.portal().RequestLog().size();

  // What the killed run had recorded as done.
  std::set<std::string> done_before;
  {
    auto archive = bed.OpenArchive();
    ASSERT_TRUE(archive);
    auto run = archive->FindUnfinishedRun();
    ASSERT_TRUE(run.has_value());
    std::vector<storage::FrontierEntry> entries;
    ASSERT_TRUE(archive->ListFrontier(*run, &entries).ok());
    for (const auto& e : entries) {
      if (e.done) done_before.insert(e.url);
    }
    EXPECT_FALSE(done_before.empty());
    EXPECT_LT(done_before.size(), entries.size());
  }

  EXPECT_EQ(Wait(StartCrawl(config, seeds)), 0);
  auto log = bed.portal().RequestLog();
  for (size_t i = killed_at; i < log.size(); ++i) {
    if (log[i].target == "/robots.txt") continue;
    EXPECT_EQ(done_before.count(CrawlBed::UrlOf(log[i])), 0u) << "refetched after resume: " << log[i].target;
  }
  auto resumed = bed.ArchivedReports();

  // The same portal crawled once, never killed, into another archive.
  CrawlBed reference_dirs({});
  app::CrawlRunRequest request;
  request.crawler = options;
  request.archive.path = reference_dirs.archive_path();
  request.archive.zstd_level = 3;
  request.seeds = bed.Seeds(options.min_delay_ms);
  request.progress = app::ProgressMode::kNone;
  app::CrawlRunOutcome outcome;
  std::ostringstream err;
  ASSERT_EQ(app::RunCrawl(request, &outcome, err), 0) << err.str();
  auto reference = reference_dirs.ArchivedReports();

  EXPECT_EQ(resumed.size(), 24u);
  EXPECT_EQ(resumed, reference);
}

}  // namespace
}  // namespace gongkai::testing
