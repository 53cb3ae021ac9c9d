// CdxjIndex, the external sort behind the CDXJ and WACZ exports: whatever the run size, its output
// is byte for byte the in-memory sort of every line (what the index was before it spilled), and it
// leaves no file behind.
#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storage/export.h"
#include "test_util.h"

namespace gongkai::storage {
namespace {

// Entries with shared prefixes, duplicates, upper-case hosts, ports, queries to sort and UTF-8
// paths (bytes >= 0x80 must sort after ASCII: bytewise, unsigned).
std::vector<CdxjEntry> Entries(int count) {
  std::mt19937 random(12);
  const std::vector<std::string> hosts = {"www.Gov.cn", "gd.gov.cn", "127.0.0.1:8080", "sz.gov.cn:443"};
  const std::vector<std::string> paths = {"/xxgk/", "/r/2022.html?b=2&a=1", "/年报/一.html", "/", "/f/a.pdf"};
  std::vector<CdxjEntry> entries;
  for (int i = 0; i < count; ++i) {
    CdxjEntry e;
    e.url = "http://" + hosts[random() % hosts.size()] + paths[random() % paths.size()] +
            (random() % 3 == 0 ? std::to_string(random() % 50) : "");
    e.date_ms = 1700000000000 + static_cast<int64_t>(random() % 5) * 86400000;
    e.mime = "text/html";
    e.status = random() % 4 == 0 ? 304 : 200;
    e.revisit = e.status == 304;
    e.digest = "sha1:" + std::to_string(random() % 7);
    e.filename = "data-00000.warc.gz";
    e.offset = random() % 1000;  // duplicates: equal lines must all come out
    e.length = 100;
    entries.push_back(e);
  }
  return entries;
}

// The index as it was written before the external sort: every line sorted in memory.
std::string SortedInMemory(const std::vector<CdxjEntry>& entries) {
  std::vector<std::string> lines;
  for (const CdxjEntry& e : entries) lines.push_back(CdxjLine(e));
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

std::string Indexed(const std::vector<CdxjEntry>& entries, const std::string& dir, size_t run_bytes) {
  CdxjIndex index(dir, run_bytes);
  for (const CdxjEntry& e : entries) {
    Status status = index.Add(e);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  std::ostringstream out;
  Status status = index.Write(out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(index.lines(), static_cast<int64_t>(entries.size()));
  return out.str();
}

TEST(CdxjIndexTest, SortedRunsMergedEqualTheInMemorySortByteForByte) {
  testing::TempDir dir;
  std::vector<CdxjEntry> entries = Entries(3000);
  const std::string expected = SortedInMemory(entries);
  EXPECT_EQ(Indexed(entries, dir.File(""), CdxjIndex::kDefaultRunBytes), expected);  // one run, no file
  EXPECT_EQ(Indexed(entries, dir.File(""), 4096), expected);                         // ~200 runs
}

TEST(CdxjIndexTest, MoreRunsThanMergeWaysAreMergedInLevels) {
  testing::TempDir dir;
  // One line per run: 63 + 63 * 64 lines leave 63 runs at level 0 and 63 at level 1, so Write()
  // must merge a group of 64 before the final merge.
  const int count = (CdxjIndex::kMaxMergeWays - 1) * (CdxjIndex::kMaxMergeWays + 1);
  std::vector<CdxjEntry> entries = Entries(count);
  CdxjIndex index(dir.File(""), 1);
  for (const CdxjEntry& e : entries) ASSERT_TRUE(index.Add(e).ok());
  std::ostringstream out;
  ASSERT_TRUE(index.Write(out).ok());
  EXPECT_EQ(index.runs_spilled(), count);
  EXPECT_EQ(index.runs_merged(), CdxjIndex::kMaxMergeWays - 1 + 1);  // 63 carries, then one group
  EXPECT_EQ(out.str(), SortedInMemory(entries));
}

TEST(CdxjIndexTest, RunsAreUnnamedFilesThatLeaveNothingBehind) {
  testing::TempDir dir;
  std::vector<CdxjEntry> entries = Entries(500);
  {
    CdxjIndex index(dir.File(""), 512);
    for (const CdxjEntry& e : entries) ASSERT_TRUE(index.Add(e).ok());
    EXPECT_GT(index.runs_spilled(), 10);
    EXPECT_TRUE(std::filesystem::is_empty(dir.File(""))) << "a run has a name while the index is open";
    std::ostringstream out;
    ASSERT_TRUE(index.Write(out).ok());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.File("")));
}

TEST(CdxjIndexTest, ARunThatCannotBeSpilledIsAnIOError) {
  testing::TempDir dir;
  CdxjIndex index(dir.File("missing"), 1);
  Status status = index.Add(Entries(1)[0]);
  EXPECT_TRUE(status.IsIOError()) << status.ToString();
}

}  // namespace
}  // namespace gongkai::storage
