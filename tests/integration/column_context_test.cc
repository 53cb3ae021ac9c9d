// Column context survives a stop and resume (issue 9): which pages were reached through navigation
// (政府信息公开 -> 法定主动公开内容, a sitemap's column candidate: their lists count only when they name
// a 年报 column) and which agency's column listed a report (集约化 sub-columns) are kept with the
// frontier rows, so a crawl stopped every few requests and resumed each time ends with the same
// reports, the same agencies and the same listing walks as a crawl that was never stopped.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "adapters/reextract.h"
#include "crawl_bed.h"

namespace gongkai::testing {
namespace {

using portal::SiteSpec;

// A 集约化 platform reached only through navigation (its platform page lists news that are not
// reports) and a site whose column only its sitemap lists; `octet` picks the addresses.
std::vector<SiteSpec> ContextSites(int octet) {
  SiteSpec platform;
  platform.name = "东湖区人民政府";
  platform.ip = "127.0.7." + std::to_string(octet);
  platform.deep_navigation = true;
  platform.departments = 6;
  platform.report_count = 4;
  SiteSpec hidden = portal::StructureSites().back();
  hidden.ip = "127.0.7." + std::to_string(octet + 1);
  hidden.port = 0;
  hidden.report_count = 4;
  return {platform, hidden};
}

// What a crawl ended with, by path (the two beds run on different addresses).
struct Outcome {
  std::map<std::string, std::string> report_agencies;  // report path -> "agency (source)"
  std::set<std::string> listings;                      // paths captured as listing pages
};

// Site index + path: the same page on either bed.
std::string Key(CrawlBed& bed, const std::string& url) {
  const auto& sites = bed.portal().sites();
  for (size_t i = 0; i < sites.size(); ++i) {
    if (url.rfind(sites[i].base_url + "/", 0) == 0)
      return std::to_string(i) + url.substr(sites[i].base_url.size());
  }
  return url;
}

Outcome Read(CrawlBed& bed) {
  Outcome out;
  auto archive = bed.OpenArchive();
  EXPECT_TRUE(archive);
  if (!archive) return out;
  storage::Status status = archive->ForEachReport({}, [&](const storage::Report& r) {
    out.report_agencies[Key(bed, r.capture.url)] =
        r.extraction.agency + " (" + r.extraction.agency_source + ")";
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  status = archive->ForEachCapture({}, [&](const storage::Capture& c) {
    if (c.page_kind == storage::PageKind::kListing) out.listings.insert(Key(bed, c.url));
    return true;
  });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

TEST(ColumnContextTest, ManyStopsAndResumesEndLikeAnUninterruptedCrawl) {
  crawler::Options options = FastOptions();
  options.min_delay_ms = 20;

  CrawlBed whole(ContextSites(60));
  app::CrawlRunOutcome once;
  whole.CrawlSeeds(options, whole.HomeSeeds(options.min_delay_ms), &once);
  ASSERT_TRUE(once.finished);
  Outcome expected = Read(whole);

  CrawlBed stopped(ContextSites(62));
  constexpr int64_t kPagesPerRun = 4;
  constexpr int kMaxCycles = 200;
  int cycles = 0;
  app::CrawlRunOutcome last;
  do {
    last = app::CrawlRunOutcome();
    stopped.CrawlSeeds(options, stopped.HomeSeeds(options.min_delay_ms), &last, kPagesPerRun);
    ++cycles;
  } while (!last.finished && cycles < kMaxCycles);
  ASSERT_TRUE(last.finished);
  EXPECT_GT(cycles, 10) << "the crawl must be stopped and resumed more than ten times";
  Outcome got = Read(stopped);

  // The uninterrupted crawl found every report of both sites (department reports included) ...
  size_t truth = 0;
  for (const auto& site : whole.portal().sites()) truth += site.report_urls.size();
  EXPECT_EQ(expected.report_agencies.size(), truth);
  // ... and the stopped one the same, with the same agencies, walking the same listings.
  EXPECT_EQ(got.report_agencies, expected.report_agencies);
  EXPECT_EQ(got.listings, expected.listings);
}

// Re-extracting offline keeps the agency the crawler took from a report's column: the page alone
// does not name it, the archive does (report_facts.agency_source = column).
TEST(ColumnContextTest, ReextractKeepsTheColumnAgency) {
  crawler::Options options = FastOptions();
  options.min_delay_ms = 20;
  CrawlBed bed(ContextSites(64));
  app::CrawlRunOutcome once;
  bed.CrawlSeeds(options, bed.HomeSeeds(options.min_delay_ms), &once);
  ASSERT_TRUE(once.finished);
  Outcome crawled = Read(bed);
  size_t from_column = 0;
  for (const auto& [path, agency] : crawled.report_agencies)
    if (agency.find("(column)") != std::string::npos) ++from_column;
  ASSERT_GT(from_column, 0u) << "the bed's department reports take their agency from the column";

  storage::Options archive_options;
  archive_options.path = bed.archive_path();
  app::ReextractOptions ro;
  ro.all = true;
  ro.jobs = 1;
  app::ReextractStats stats;
  ASSERT_TRUE(app::Reextract(archive_options, extract::Options(), ro, &stats).ok());
  EXPECT_GT(stats.extracted, 0);
  EXPECT_EQ(Read(bed).report_agencies, crawled.report_agencies);
}

}  // namespace
}  // namespace gongkai::testing
