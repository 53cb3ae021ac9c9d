// The page pool (crawler/src/extract_pool.h, a private header): where a page is processed. A small
// page runs on the submitting thread and is ready at once, with no wake-up; a page over
// inline_max_bytes goes to a worker, which wakes the loop when it is done; both give the same result.
#include "extract_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "crawler/options.h"

namespace gongkai::crawler {
namespace {

// A report page: a title, a date line, an attachment and `paragraphs` numbered body paragraphs.
std::string ReportPage(int paragraphs) {
  std::string filler;
  for (int i = 0; i < paragraphs; ++i)
    filler += "<p>（" + std::to_string(i) + "）本年度共主动公开政府信息若干条，均通过门户网站发布。</p>";
  return "<html><head><meta charset=\"utf-8\"><title>某某县人民政府2023年政府信息公开工作年度报告</title></head>"
         "<body><div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/xxgk/\">信息公开</a></div>"
         "<div class=\"content\"><h1>某某县人民政府2023年政府信息公开工作年度报告</h1>"
         "<p>发布日期：2024-01-20</p>"
         "<p>本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、"
         "收到和处理政府信息公开申请情况等内容。</p>"
         "<p><a href=\"/files/2023report.pdf\">附件：2023年年度报告.pdf</a></p>" +
         filler + "</div><div class=\"footer\">主办单位：某某县人民政府办公室</div></body></html>";
}

// Counts wake-ups and lets a test wait for the first one (a worker's result).
class WakeCounter {
 public:
  void Wake() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
    woken_.notify_all();
  }
  // False when no wake-up came within `limit` (the worker never finished: a failure, not a timing).
  bool WaitFor(int n, std::chrono::seconds limit) {
    std::unique_lock<std::mutex> lock(mutex_);
    return woken_.wait_for(lock, limit, [&] { return count_ >= n; });
  }
  int count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable woken_;
  int count_ = 0;
};

class ExtractPoolTest : public ::testing::Test {
 protected:
  ReportJob Job(uint64_t id, std::string body) {
    return ReportJob{id,
                     false,
                     std::move(body),
                     "http://127.0.0.1/art/2024/1/20/art_1_1.html",
                     "text/html; charset=utf-8",
                     &rules_};
  }

  DiscoveryRules rules_ = DiscoveryRulesFrom(Options{});
  extract::Options extract_options_;
  WakeCounter wakes_;
};

TEST_F(ExtractPoolTest, SmallPageIsProcessedOnTheSubmittingThreadWithoutAWakeUp) {
  ExtractPool pool(extract_options_, /*threads=*/2, /*inline_max_bytes=*/64 * 1024,
                   [this] { wakes_.Wake(); });
  const std::string page = ReportPage(40);
  ASSERT_LT(page.size(), 64u * 1024);
  pool.Submit(Job(7, page));
  // Ready at once: nothing to wait for, and the loop was not woken for it.
  std::vector<ReportJobResult> done = pool.TakeDone();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].id, 7u);
  EXPECT_FALSE(done[0].made_by_worker);
  EXPECT_EQ(done[0].body, page);  // handed back for recording
  ASSERT_TRUE(done[0].extraction.has_value()) << done[0].extract_error;
  EXPECT_NE(done[0].extraction->title.find("年度报告"), std::string::npos);
  EXPECT_EQ(pool.Outstanding(), 0u);
  EXPECT_EQ(wakes_.count(), 0);
  pool.Recycle(std::move(done[0]));
}

TEST_F(ExtractPoolTest, PageOverTheInlineLimitGoesToAWorkerThatWakesTheLoop) {
  const std::string page = ReportPage(40);
  ExtractPool pool(extract_options_, /*threads=*/2, /*inline_max_bytes=*/page.size() - 1,
                   [this] { wakes_.Wake(); });
  pool.Submit(Job(9, page));
  EXPECT_EQ(pool.Outstanding(), 1u);
  ASSERT_TRUE(wakes_.WaitFor(1, std::chrono::seconds(60)));
  std::vector<ReportJobResult> done = pool.TakeDone();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].made_by_worker);
  ASSERT_TRUE(done[0].extraction.has_value()) << done[0].extract_error;

  // The same page processed on the submitting thread reads the same.
  ExtractPool inline_pool(extract_options_, /*threads=*/2, /*inline_max_bytes=*/page.size(), [] {});
  inline_pool.Submit(Job(10, page));
  std::vector<ReportJobResult> here = inline_pool.TakeDone();
  ASSERT_EQ(here.size(), 1u);
  EXPECT_FALSE(here[0].made_by_worker);
  ASSERT_TRUE(here[0].extraction.has_value());
  EXPECT_EQ(here[0].extraction->title, done[0].extraction->title);
  EXPECT_EQ(here[0].extraction->text, done[0].extraction->text);
  EXPECT_EQ(here[0].extraction->published, done[0].extraction->published);
  ASSERT_EQ(here[0].attachments.size(), done[0].attachments.size());
  for (size_t i = 0; i < here[0].attachments.size(); ++i)
    EXPECT_EQ(here[0].attachments[i].url, done[0].attachments[i].url);
  EXPECT_EQ(here[0].charset_used, done[0].charset_used);
  pool.Recycle(std::move(done[0]));  // back to a worker, destroyed before its next job
}

TEST_F(ExtractPoolTest, WithoutWorkersEveryPageIsProcessedOnTheSubmittingThread) {
  ExtractPool pool(extract_options_, /*threads=*/0, /*inline_max_bytes=*/0, [this] { wakes_.Wake(); });
  pool.Submit(Job(1, ReportPage(40)));
  pool.Submit(Job(2, ReportPage(41)));
  std::vector<ReportJobResult> done = pool.TakeDone();
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(done[0].id, 1u);
  EXPECT_EQ(done[1].id, 2u);
  EXPECT_EQ(wakes_.count(), 0);
}

}  // namespace
}  // namespace gongkai::crawler
