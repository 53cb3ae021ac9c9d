// Everything serve reads from the archive, in one place: a bounded pool of read-only connections
// (storage::Archive is not thread-safe; one connection per request in progress), the views the
// pages and the API render, and the caches that are valid while the archive file is unchanged.
// Only this file's .cc calls storage::Archive, so a change of storage's API is a change here.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/agency_coverage.h"
#include "storage/archive.h"

namespace gongkai::serve {

using storage::Status;

struct SearchRequest {
  std::string q;         // as `gongkai search` takes it
  std::string site;      // "" = all
  int year = 0;          // publication year; 0 = all
  int report_year = 0;   // the year the report covers; 0 = all
  std::string agency;    // part of the publishing body's name; "" = all
  std::string region;    // part of the region of the seed that reached the report; "" = all
  bool by_date = false;  // newest first instead of most relevant first
  int offset = 0;        // first result wanted (0-based)
  int limit = 20;        // results wanted
};

// Highlighted matches in SearchItem::snippet are wrapped in these (never in archived text).
inline constexpr char kMarkOpen = '\x01';
inline constexpr char kMarkClose = '\x02';

struct SearchItem {
  int64_t id = 0;  // the report's current capture id (/report/<id>, /api/report/<id>)
  std::string title, url, published, site, agency, snippet;
  int report_year = 0;             // the year the report covers; 0 = unknown (not the publication year)
  std::string region;              // the region of the seed that reached it ("" = unknown)
  std::string statistics_edition;  // "2019"/"2021" when its statistics tables were read, else ""
  int failed_checks = 0;           // of those tables' checks, how many FAIL
};

struct SearchPage {
  int64_t total = 0;  // all matches (paging reaches every one)
  std::vector<SearchItem> items;
};

// What the search form offers to filter by (values present in the archive).
struct Facets {
  std::vector<std::string> sites;    // hosts
  std::vector<int> years;            // publication years, newest first
  std::vector<std::string> regions;  // the regions of the seeds that reached some report
};

// The seeds the archive was crawled from (seeds/*.toml): name and region. A report's region is its
// seed's (the newest seed the crawl frontier names for its URL); a report no listed seed reached
// (an import, a renamed seed) has none.
struct SeedRegion {
  std::string seed;
  std::string region;
};

struct AttachmentView {
  std::string name, url;
  int64_t capture_id = 0;  // its newest archived capture; 0 when not archived
  std::string text;        // its current extraction's text ("" when none)
};

struct ReportView {
  storage::Capture capture;
  bool has_extraction = false;
  storage::ExtractionRecord extraction;             // the capture's current extraction
  std::vector<storage::ExtractionRecord> versions;  // every extraction of its body, newest first
  std::vector<storage::Capture> history;            // every capture of its URL, newest first
  std::vector<AttachmentView> attachments;
  std::string region;  // the region of the seed that reached it ("" = unknown)
};

struct CoverageView {
  std::vector<storage::CoverageRow> rows;  // per host, site, year
  std::vector<storage::SiteStats> sites;   // per host: captures, errors
  std::vector<storage::Run> runs;          // oldest first
};

// Per agency and report year (storage::AgencyCoverage): reports found, tables found, checks passed.
// Every seed is an expected agency; a row's region is its seed's when the agency is not a seed's
// name itself.
struct AgencyCoverageView {
  std::vector<storage::AgencyCoverageRow> rows;  // by agency, then report year
};

struct RawCapture {
  storage::Capture capture;  // the capture whose body this is (a 304's confirmed capture)
  std::string body;
};

class ArchiveReader {
 public:
  // Opens `connections` read-only connections to the archive at `path` (NotFound when missing).
  // `seeds` name the regions (SeedRegion).
  static Status Open(const std::string& path, int connections, int search_cache_entries,
                     std::vector<SeedRegion> seeds, std::unique_ptr<ArchiveReader>* reader);
  ~ArchiveReader();

  // InvalidArgument for a query storage refuses (empty, malformed, too many terms); the message
  // says what is wrong. Pages of one query are cached while the archive file is unchanged. Items
  // carry their report year, agency, region and statistics summary. A region filter keeps the
  // matches whose seed's region contains it: every match of the other filters is ranked, then
  // filtered (the region is not in the search index).
  Status Search(const SearchRequest& request, SearchPage* page);
  Status GetFacets(Facets* facets);
  // NotFound for an unknown capture id.
  Status Report(int64_t capture_id, ReportView* view);
  // One extraction of the capture's body: extraction_id 0 = the current one. NotFound otherwise.
  Status Extraction(int64_t capture_id, int64_t extraction_id, storage::ExtractionRecord* extraction);
  // seed -> listing(s) -> the capture. NotFound for an unknown capture id.
  Status Provenance(int64_t capture_id, std::vector<storage::Capture>* chain);
  // Reports per site and year, site stats, runs. Recomputed when the archive changed, but at most
  // every 30 s while it keeps changing (a crawl commits every page).
  Status Coverage(CoverageView* view);
  // Per agency and report year; cached like Coverage() (one pass over every report's facts).
  Status AgencyCoverage(AgencyCoverageView* view);
  Status Runs(std::vector<storage::Run>* runs);
  // The body of a capture (of the capture a 304 confirmed). NotFound for an unknown id or a capture
  // without a body.
  Status Raw(int64_t capture_id, RawCapture* raw);
  // For each absolute URL, the capture id to show for it (0 when the archive has no body for it).
  Status ArchivedCaptures(const std::vector<std::string>& urls, std::map<std::string, int64_t>* ids);
  // The report's JSONL export object. NotFound when capture_id is not a report's current capture
  // (the message names the current one when there is one).
  Status ReportJson(int64_t capture_id, std::string* json);

 private:
  class Lease;
  struct Cache;
  // Results are searched and cached kSearchChunk at a time (pages 1-5 of 20 cost one search:
  // storage counts every match on each call, so the count is paid once per chunk).
  static constexpr int64_t kSearchChunk = 100;
  Status SearchChunk(const SearchRequest& request, int64_t chunk, const std::string& generation,
                     SearchPage* page);
  // Every match of the request's other filters whose seed's region contains request.region.
  Status RegionSearch(const SearchRequest& request, const std::string& generation, SearchPage* page);
  // Report year, agency, region and statistics summary of each item (cached per generation).
  Status AddFacts(const std::string& generation, std::vector<SearchItem>* items);
  // URL -> the newest seed name the crawl frontier holds for it (cached per generation, refreshed
  // like Coverage()).
  Status SeedsByUrl(const std::string& generation,
                    std::shared_ptr<const std::map<std::string, std::string>>* seeds);
  std::string RegionOf(const std::string& seed) const;
  ArchiveReader();
  Lease Acquire();
  std::string Generation() const;  // changes whenever the archive file does

  std::string path_;
  std::map<std::string, std::string> seed_regions_;  // seed name -> region
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<storage::Archive>> free_;
  std::unique_ptr<Cache> cache_;
};

}  // namespace gongkai::serve
