// The compact frontier: FIFO per host, items round-trip intact.
#include "crawler/frontier.h"

#include <gtest/gtest.h>

namespace gongkai::crawler {
namespace {

TEST(FrontierTest, FifoPerQueueAndRoundTrip) {
  Frontier frontier;
  size_t a = frontier.AddQueue(), b = frontier.AddQueue();
  frontier.Push(a, {"http://a/1", "http://a/list", LinkKind::kReport, 2, "甲", false, ""});
  frontier.Push(b, {"http://b/1", "", LinkKind::kSeed, 0, "乙", false, ""});
  frontier.Push(a, {"http://a/2", "http://a/list", LinkKind::kPagination, 300, "甲", false, ""});
  EXPECT_EQ(frontier.total(), 3u);
  FrontierItem first = frontier.Front(a);
  EXPECT_EQ(first.url, "http://a/1");
  EXPECT_EQ(first.from_url, "http://a/list");
  EXPECT_EQ(first.kind, LinkKind::kReport);
  EXPECT_EQ(first.depth, 2);
  EXPECT_EQ(first.seed_name, "甲");
  frontier.Pop(a);
  FrontierItem second = frontier.Front(a);
  EXPECT_EQ(second.url, "http://a/2");
  EXPECT_EQ(second.depth, 255);  // saturates
  frontier.Pop(a);
  EXPECT_TRUE(frontier.Empty(a));
  EXPECT_EQ(frontier.Front(b).seed_name, "乙");
  EXPECT_GT(frontier.MemoryBytes(), 0u);
}

}  // namespace
}  // namespace gongkai::crawler
