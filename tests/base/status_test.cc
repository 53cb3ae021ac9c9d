// Status and the wall clock: the two small things every library shares.
#include "base/status.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace gongkai {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "OK");
}

TEST(StatusTest, ErrorsCarryCodeAndMessage) {
  Status status = Status::NotFound("no capture with id 42");
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(status.IsNotFound());
  EXPECT_FALSE(status.IsCorruption());
  EXPECT_EQ(status.message(), "no capture with id 42");
  EXPECT_EQ(status.ToString(), "NotFound: no capture with id 42");
  EXPECT_EQ(Status::InvalidArgument("x").ToString(), "InvalidArgument: x");
  EXPECT_EQ(Status::Locked("y").code(), Status::Code::kLocked);
}

TEST(StatusTest, WithPrefixNamesWhereAndKeepsTheCode) {
  Status status = Status::IOError("disk full").WithPrefix("archive");
  EXPECT_TRUE(status.IsIOError());
  EXPECT_EQ(status.message(), "archive: disk full");
  EXPECT_TRUE(Status::OK().WithPrefix("archive").ok());
  EXPECT_EQ(Status::OK().WithPrefix("archive").message(), "");
}

TEST(TimeTest, NowMsIsMillisecondsSinceTheEpoch) {
  int64_t now = NowMs();
  EXPECT_GT(now, int64_t{1'600'000'000'000});  // after 2020-09-13
  EXPECT_LT(now, int64_t{4'102'444'800'000});  // before 2100
  EXPECT_LE(now, NowMs());
}

}  // namespace
}  // namespace gongkai
