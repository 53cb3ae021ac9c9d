// Small pieces: ISO times, Status strings, enum names, header lookup, host derivation.
#include <gtest/gtest.h>

#include "storage/export.h"
#include "storage/records.h"
#include "storage/status.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

TEST(IsoTimeTest, FormatsUtcWithOptionalMilliseconds) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoTime(1700000000123), "2023-11-14T22:13:20Z");
  EXPECT_EQ(FormatIsoTime(1700000000123, true), "2023-11-14T22:13:20.123Z");
}

TEST(IsoTimeTest, ParsesDatesAndTimes) {
  int64_t ms = 0;
  ASSERT_TRUE(ParseIsoTime("2023-11-14", &ms));
  EXPECT_EQ(ms, 1699920000000);
  ASSERT_TRUE(ParseIsoTime("2023-11-14T22:13:20Z", &ms));
  EXPECT_EQ(ms, 1700000000000);
  ASSERT_TRUE(ParseIsoTime("2023-11-14T22:13:20.5Z", &ms));
  EXPECT_EQ(ms, 1700000000500);
  EXPECT_FALSE(ParseIsoTime("14/11/2023", &ms));
  EXPECT_FALSE(ParseIsoTime("2023-13-01", &ms));
  EXPECT_FALSE(ParseIsoTime("2023-11-14T22:13:20+08:00", &ms));
}

TEST(StatusTest, ToStringNamesTheCode) {
  EXPECT_EQ(Status::OK().ToString(), "OK");
  EXPECT_EQ(Status::NotFound("no capture with id 4").ToString(), "NotFound: no capture with id 4");
  EXPECT_TRUE(Status::Corruption("x").IsCorruption());
  EXPECT_FALSE(Status::Locked("x").ok());
}

TEST(RecordsTest, EnumNamesRoundTrip) {
  for (auto kind : {DiscoveryKind::kSeed, DiscoveryKind::kListing, DiscoveryKind::kPagination,
                    DiscoveryKind::kReport, DiscoveryKind::kAttachment, DiscoveryKind::kSitemap,
                    DiscoveryKind::kRobots, DiscoveryKind::kImported}) {
    DiscoveryKind back = DiscoveryKind::kSeed;
    ASSERT_TRUE(ParseDiscoveryKind(ToString(kind), &back));
    EXPECT_EQ(back, kind);
  }
  for (auto kind : {PageKind::kRobots, PageKind::kListing, PageKind::kReport, PageKind::kAttachment,
                    PageKind::kChallenge, PageKind::kOther}) {
    PageKind back = PageKind::kOther;
    ASSERT_TRUE(ParsePageKind(ToString(kind), &back));
    EXPECT_EQ(back, kind);
  }
  PageKind unchanged = PageKind::kReport;
  EXPECT_FALSE(ParsePageKind("nonsense", &unchanged));
  EXPECT_EQ(unchanged, PageKind::kReport);
}

TEST(RecordsTest, HeaderLookupIgnoresCase) {
  Headers headers = {{"content-TYPE", "text/html"}, {"ETag", "\"a\""}};
  EXPECT_EQ(HeaderValue(headers, "Content-Type"), "text/html");
  EXPECT_EQ(HeaderValue(headers, "etag"), "\"a\"");
  EXPECT_EQ(HeaderValue(headers, "Last-Modified"), "");
}

TEST(RecordsTest, HostIsDerivedFromTheFinalUrl) {
  testing::TempDir dir;
  auto archive = testing::OpenOrDie(testing::TestOptions(dir));
  int64_t run = 0;
  ASSERT_TRUE(archive->BeginRun({"0.1.0", "d", "", 1}, &run).ok());
  Capture c = testing::MakeCapture(run, "http://User@WWW.Example.GOV.cn:8080/a?b#c");
  RecordedFetch recorded;
  ASSERT_TRUE(archive->RecordFetch(c, std::nullopt, false, {}, nullptr, &recorded).ok());
  Capture back;
  ASSERT_TRUE(archive->GetCapture(recorded.capture_id, &back).ok());
  EXPECT_EQ(back.host, "www.example.gov.cn:8080");  // a non-default port is part of the site
}

}  // namespace
}  // namespace gongkai::storage
