// The archive as serve sees it (see archive_reader.h): connection pool, views, caches.
#include "archive_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <list>
#include <set>
#include <sstream>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "storage/export.h"

namespace gongkai::serve {
namespace {

constexpr auto kCoverageRefresh = std::chrono::seconds(30);
// Report facts kept for search results: ~200 bytes each, so a few MB however much is searched.
constexpr size_t kMaxCachedFacts = 20000;

// The cache key of a request's query, filters and order.
std::string FiltersKey(const SearchRequest& request) {
  return request.q + '\0' + request.site + '\0' + std::to_string(request.year) + '\0' +
         std::to_string(request.report_year) + '\0' + request.agency + '\0' + request.region + '\0' +
         (request.by_date ? "d" : "r");
}

void ToStorageQuery(const SearchRequest& request, storage::SearchQuery* query) {
  query->text = request.q;
  query->site = request.site;
  query->year = request.year;
  query->report_year = request.report_year;
  query->agency = request.agency;
  query->sort = request.by_date ? storage::SearchSort::kDate : storage::SearchSort::kRelevance;
}

SearchItem ToItem(storage::SearchHit&& hit) {
  SearchItem item;
  item.id = hit.capture_id;
  item.title = std::move(hit.title);
  item.url = std::move(hit.url);
  item.published = std::move(hit.published);
  item.site = std::move(hit.site);
  item.snippet = std::move(hit.snippet);
  return item;
}

}  // namespace

// A connection borrowed from the pool for one request; returned when the lease goes away.
class ArchiveReader::Lease {
 public:
  Lease(ArchiveReader* reader, std::unique_ptr<storage::Archive> archive)
      : reader_(reader), archive_(std::move(archive)) {}
  Lease(Lease&&) = default;
  ~Lease() {
    if (archive_ == nullptr) return;
    std::lock_guard<std::mutex> lock(reader_->mutex_);
    reader_->free_.push_back(std::move(archive_));
    reader_->available_.notify_one();
  }
  storage::Archive* operator->() const { return archive_.get(); }
  storage::Archive& operator*() const { return *archive_; }

 private:
  ArchiveReader* reader_;
  std::unique_ptr<storage::Archive> archive_;
};

// Results valid for one archive generation; least recently used entries go first.
struct ArchiveReader::Cache {
  struct Entry {
    std::string generation;
    SearchPage page;
  };
  explicit Cache(int capacity) : capacity(static_cast<size_t>(std::max(0, capacity))) {}

  bool Find(const std::string& key, const std::string& generation, SearchPage* page) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = index.find(key);
    if (it == index.end()) return false;
    if (it->second->second.generation != generation) {
      order.erase(it->second);
      index.erase(it);
      return false;
    }
    order.splice(order.begin(), order, it->second);
    *page = it->second->second.page;
    return true;
  }
  void Put(const std::string& key, const std::string& generation, const SearchPage& page) {
    if (capacity == 0) return;
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = index.find(key); it != index.end()) {
      order.erase(it->second);
      index.erase(it);
    }
    order.emplace_front(key, Entry{generation, page});
    index[key] = order.begin();
    while (order.size() > capacity) {
      index.erase(order.back().first);
      order.pop_back();
    }
  }

  const size_t capacity;
  static constexpr size_t kFlights = 64;
  std::mutex flights[kFlights];  // searches in progress, by hash of their key
  std::mutex coverage_flight;    // the coverage computation in progress
  std::mutex mutex;
  std::list<std::pair<std::string, Entry>> order;
  std::unordered_map<std::string, std::list<std::pair<std::string, Entry>>::iterator> index;
  // Facets and coverage of one generation.
  std::string coverage_generation;
  std::chrono::steady_clock::time_point coverage_computed;
  CoverageView coverage;
  // Agency coverage, likewise.
  std::mutex agency_flight;
  std::string agency_generation;
  std::chrono::steady_clock::time_point agency_computed;
  AgencyCoverageView agencies;
  // URL -> seed name, likewise.
  std::mutex seeds_flight;
  std::string seeds_generation;
  std::chrono::steady_clock::time_point seeds_computed;
  std::shared_ptr<const std::map<std::string, std::string>> seeds;
  // Report facts of search items, by capture id, for one generation.
  std::string facts_generation;
  std::unordered_map<int64_t, SearchItem> facts;  // only the fact fields are set
};

namespace {

// A cached value of generation `cached` computed at `computed` may still be shown: the archive has
// not changed, or it keeps changing (a crawl commits every page) and the value is younger than
// kCoverageRefresh.
bool Fresh(const std::string& cached, std::chrono::steady_clock::time_point computed,
           const std::string& generation, std::chrono::steady_clock::time_point now) {
  return cached == generation || (!cached.empty() && now - computed < kCoverageRefresh);
}

}  // namespace

ArchiveReader::ArchiveReader() = default;
ArchiveReader::~ArchiveReader() = default;

Status ArchiveReader::Open(const std::string& path, int connections, int search_cache_entries,
                           std::vector<SeedRegion> seeds, std::unique_ptr<ArchiveReader>* reader) {
  std::unique_ptr<ArchiveReader> r(new ArchiveReader());
  r->path_ = path;
  for (SeedRegion& seed : seeds) r->seed_regions_[seed.seed] = std::move(seed.region);
  r->cache_ = std::make_unique<Cache>(search_cache_entries);
  storage::Options options;
  options.path = path;
  for (int i = 0; i < std::max(1, connections); ++i) {
    std::unique_ptr<storage::Archive> archive;
    Status status = storage::Archive::OpenReadOnly(options, &archive);
    if (!status.ok()) return status;
    r->free_.push_back(std::move(archive));
  }
  *reader = std::move(r);
  return Status::OK();
}

ArchiveReader::Lease ArchiveReader::Acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  available_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<storage::Archive> archive = std::move(free_.back());
  free_.pop_back();
  return Lease(this, std::move(archive));
}

std::string ArchiveReader::Generation() const {
  // A commit appends to the -wal file; a checkpoint rewrites the main file: either changes one of
  // these (nanosecond mtimes and sizes).
  std::string generation;
  for (const std::string& file : {path_, path_ + "-wal"}) {
    struct stat st {};
    if (stat(file.c_str(), &st) == 0) {
      generation += std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
                    std::to_string(st.st_size) + ";";
    } else {
      generation += "-;";
    }
  }
  return generation;
}

Status ArchiveReader::SearchChunk(const SearchRequest& request, int64_t chunk, const std::string& generation,
                                  SearchPage* page) {
  const std::string key = FiltersKey(request) + '\0' + std::to_string(chunk);
  if (cache_->Find(key, generation, page)) return Status::OK();
  // One search per key at a time: concurrent requests for the same results (a page and the next,
  // 50 clients typing the same words) wait for the first instead of repeating it.
  std::lock_guard<std::mutex> flight(cache_->flights[std::hash<std::string>()(key) % Cache::kFlights]);
  if (cache_->Find(key, generation, page)) return Status::OK();
  storage::SearchQuery query;
  ToStorageQuery(request, &query);
  query.offset = chunk * kSearchChunk;
  query.limit = kSearchChunk;
  query.highlight_open = std::string(1, kMarkOpen);
  query.highlight_close = std::string(1, kMarkClose);
  std::vector<storage::SearchHit> hits;
  {
    Lease archive = Acquire();
    Status status = archive->Search(query, &hits, &page->total);
    if (!status.ok()) return status;
  }
  for (storage::SearchHit& hit : hits) page->items.push_back(ToItem(std::move(hit)));
  cache_->Put(key, generation, *page);
  return Status::OK();
}

Status ArchiveReader::RegionSearch(const SearchRequest& request, const std::string& generation,
                                   SearchPage* page) {
  const std::string key = FiltersKey(request) + '\0' + "all";
  if (cache_->Find(key, generation, page)) return Status::OK();
  std::lock_guard<std::mutex> flight(cache_->flights[std::hash<std::string>()(key) % Cache::kFlights]);
  if (cache_->Find(key, generation, page)) return Status::OK();
  *page = SearchPage();
  if (std::none_of(seed_regions_.begin(), seed_regions_.end(),
                   [&](const auto& seed) { return seed.second.find(request.region) != std::string::npos; }))
    return Status::OK();  // no seed is in that region: nothing to rank
  std::shared_ptr<const std::map<std::string, std::string>> seeds;
  Status status = SeedsByUrl(generation, &seeds);
  if (!status.ok()) return status;
  storage::SearchQuery query;
  ToStorageQuery(request, &query);
  query.offset = 0;
  query.limit = 0;  // every match: the region is checked here, after ranking
  query.highlight_open = std::string(1, kMarkOpen);
  query.highlight_close = std::string(1, kMarkClose);
  std::vector<storage::SearchHit> hits;
  {
    Lease archive = Acquire();
    status = archive->Search(query, &hits, nullptr);
    if (!status.ok()) return status;
  }
  *page = SearchPage();
  for (storage::SearchHit& hit : hits) {
    auto it = seeds->find(hit.url);
    if (it == seeds->end() || RegionOf(it->second).find(request.region) == std::string::npos) continue;
    page->items.push_back(ToItem(std::move(hit)));
  }
  page->total = static_cast<int64_t>(page->items.size());
  cache_->Put(key, generation, *page);
  return Status::OK();
}

std::string ArchiveReader::RegionOf(const std::string& seed) const {
  auto it = seed_regions_.find(seed);
  return it == seed_regions_.end() ? "" : it->second;
}

Status ArchiveReader::SeedsByUrl(const std::string& generation,
                                 std::shared_ptr<const std::map<std::string, std::string>>* seeds) {
  const auto now = std::chrono::steady_clock::now();
  auto cached = [&] {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (cache_->seeds == nullptr || !Fresh(cache_->seeds_generation, cache_->seeds_computed, generation, now))
      return false;
    *seeds = cache_->seeds;
    return true;
  };
  if (cached()) return Status::OK();
  std::lock_guard<std::mutex> flight(cache_->seeds_flight);
  if (cached()) return Status::OK();
  auto fresh = std::make_shared<std::map<std::string, std::string>>();
  {
    Lease archive = Acquire();
    std::vector<storage::Run> runs;
    Status status = archive->ListRuns(&runs);
    if (!status.ok()) return status;
    for (const storage::Run& run : runs) {  // oldest first: a newer run's seed wins
      std::vector<storage::FrontierEntry> entries;
      status = archive->ListFrontier(run.id, &entries);
      if (!status.ok()) return status;
      for (storage::FrontierEntry& e : entries) {
        if (!e.seed_name.empty()) (*fresh)[std::move(e.url)] = std::move(e.seed_name);
      }
    }
  }
  std::lock_guard<std::mutex> lock(cache_->mutex);
  cache_->seeds = fresh;
  cache_->seeds_generation = generation;
  cache_->seeds_computed = now;
  *seeds = std::move(fresh);
  return Status::OK();
}

Status ArchiveReader::AddFacts(const std::string& generation, std::vector<SearchItem>* items) {
  std::vector<SearchItem*> missing;
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (cache_->facts_generation != generation) {
      cache_->facts.clear();
      cache_->facts_generation = generation;
    }
    for (SearchItem& item : *items) {
      auto it = cache_->facts.find(item.id);
      if (it == cache_->facts.end()) {
        missing.push_back(&item);
        continue;
      }
      item.report_year = it->second.report_year;
      item.agency = it->second.agency;
      item.region = it->second.region;
      item.statistics_edition = it->second.statistics_edition;
      item.failed_checks = it->second.failed_checks;
    }
  }
  if (missing.empty()) return Status::OK();
  std::shared_ptr<const std::map<std::string, std::string>> seeds;
  Status status = SeedsByUrl(generation, &seeds);
  if (!status.ok()) return status;
  std::vector<SearchItem> found;
  {
    Lease archive = Acquire();
    for (SearchItem* item : missing) {
      storage::ExtractionRecord e;
      status = archive->CurrentExtraction(item->id, &e);
      if (status.IsNotFound()) continue;  // the archive changed under the cached results
      if (!status.ok()) return status;
      item->report_year = e.report_year;
      item->agency = e.agency;
      auto seed = seeds->find(item->url);
      item->region = seed == seeds->end() ? "" : RegionOf(seed->second);
      item->statistics_edition = e.statistics_edition;
      item->failed_checks = static_cast<int>(
          std::count_if(e.statistic_checks.begin(), e.statistic_checks.end(),
                        [](const storage::StatisticCheckRecord& c) { return c.status == "FAIL"; }));
      found.push_back(*item);
    }
  }
  std::lock_guard<std::mutex> lock(cache_->mutex);
  if (cache_->facts_generation != generation) return Status::OK();
  if (cache_->facts.size() > kMaxCachedFacts) cache_->facts.clear();
  for (SearchItem& item : found) {
    item.title.clear();
    item.url.clear();
    item.snippet.clear();
    cache_->facts[item.id] = std::move(item);
  }
  return Status::OK();
}

Status ArchiveReader::Search(const SearchRequest& request, SearchPage* page) {
  *page = SearchPage();
  const std::string generation = Generation();
  const int64_t first = std::max(0, request.offset),
                last = first + std::max(1, request.limit);  // [first, last)
  if (!request.region.empty()) {
    SearchPage all;
    Status status = RegionSearch(request, generation, &all);
    if (!status.ok()) return status;
    page->total = all.total;
    for (int64_t rank = first; rank < last && rank < static_cast<int64_t>(all.items.size()); ++rank)
      page->items.push_back(std::move(all.items[static_cast<size_t>(rank)]));
    return AddFacts(generation, &page->items);
  }
  for (int64_t chunk = first / kSearchChunk; chunk <= (last - 1) / kSearchChunk; ++chunk) {
    SearchPage part;
    Status status = SearchChunk(request, chunk, generation, &part);
    if (!status.ok()) return status;
    page->total = part.total;
    for (size_t i = 0; i < part.items.size(); ++i) {
      const int64_t rank = chunk * kSearchChunk + static_cast<int64_t>(i);
      if (rank >= first && rank < last) page->items.push_back(std::move(part.items[i]));
    }
  }
  return AddFacts(generation, &page->items);
}

Status ArchiveReader::GetFacets(Facets* facets) {
  CoverageView coverage;
  Status status = Coverage(&coverage);
  if (!status.ok()) return status;
  std::set<std::string> sites;
  std::set<int, std::greater<int>> years;
  for (const storage::CoverageRow& row : coverage.rows) {
    sites.insert(row.host);
    if (row.year != 0) years.insert(row.year);
  }
  facets->sites.assign(sites.begin(), sites.end());
  facets->years.assign(years.begin(), years.end());
  std::set<std::string> regions;
  for (const auto& [seed, region] : seed_regions_) {
    if (region.empty()) continue;
    regions.insert(region);
    // Its province too ("福建省" of "福建省福州市晋安区"): the filter matches part of a region.
    for (const char* level : {"省", "自治区"}) {
      const size_t at = region.find(level);
      if (at != std::string::npos && at + std::strlen(level) < region.size())
        regions.insert(region.substr(0, at + std::strlen(level)));
    }
  }
  facets->regions.assign(regions.begin(), regions.end());
  return Status::OK();
}

Status ArchiveReader::Report(int64_t capture_id, ReportView* view) {
  *view = ReportView();
  std::shared_ptr<const std::map<std::string, std::string>> seeds;
  Status seeds_status = SeedsByUrl(Generation(), &seeds);
  if (!seeds_status.ok()) return seeds_status;
  Lease archive = Acquire();
  Status status = archive->GetCapture(capture_id, &view->capture);
  if (!status.ok()) return status;
  status = archive->CurrentExtraction(capture_id, &view->extraction);
  view->has_extraction = status.ok();
  if (!status.ok() && !status.IsNotFound()) return status;
  if (view->has_extraction) {
    status = archive->ListExtractions(capture_id, &view->versions);
    if (!status.ok()) return status;
  }
  if (auto seed = seeds->find(view->capture.url); seed != seeds->end()) view->region = RegionOf(seed->second);
  status = archive->History(view->capture.url, &view->history);
  if (!status.ok()) return status;
  if (!view->has_extraction) return Status::OK();
  for (const storage::AttachmentRecord& a : view->extraction.attachments) {
    AttachmentView att;
    att.name = a.name;
    att.url = a.url;
    storage::Capture c;
    if (!att.url.empty() && archive->FindLatestCapture(att.url, &c).ok() &&
        (!c.body_sha256.empty() || c.revisit_of != 0)) {
      att.capture_id = c.id;
      storage::ExtractionRecord e;
      if (archive->CurrentExtraction(c.id, &e).ok()) att.text = e.text;
    }
    view->attachments.push_back(std::move(att));
  }
  return Status::OK();
}

Status ArchiveReader::Extraction(int64_t capture_id, int64_t extraction_id,
                                 storage::ExtractionRecord* extraction) {
  Lease archive = Acquire();
  if (extraction_id == 0) return archive->CurrentExtraction(capture_id, extraction);
  std::vector<storage::ExtractionRecord> versions;
  Status status = archive->ListExtractions(capture_id, &versions);
  if (!status.ok()) return status;
  for (storage::ExtractionRecord& e : versions) {
    if (e.id == extraction_id) {
      *extraction = std::move(e);
      return Status::OK();
    }
  }
  return Status::NotFound("capture " + std::to_string(capture_id) + " has no extraction " +
                          std::to_string(extraction_id));
}

Status ArchiveReader::Provenance(int64_t capture_id, std::vector<storage::Capture>* chain) {
  Lease archive = Acquire();
  storage::Capture capture;
  Status status = archive->GetCapture(capture_id, &capture);
  if (!status.ok()) return status;
  return archive->Provenance(capture_id, chain);
}

Status ArchiveReader::Coverage(CoverageView* view) {
  const std::string generation = Generation();
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    // While a crawl writes, the generation changes with every commit: recompute at most every
    // kCoverageRefresh (a pass over all reports: ~2 s cold on 100,000 reports).
    if (cache_->coverage_generation == generation ||
        (!cache_->coverage_generation.empty() && now - cache_->coverage_computed < kCoverageRefresh)) {
      *view = cache_->coverage;
      return Status::OK();
    }
  }
  std::lock_guard<std::mutex> flight(cache_->coverage_flight);  // one computation at a time
  {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (cache_->coverage_generation == generation ||
        (!cache_->coverage_generation.empty() && now - cache_->coverage_computed < kCoverageRefresh)) {
      *view = cache_->coverage;
      return Status::OK();
    }
  }
  CoverageView fresh;
  {
    Lease archive = Acquire();
    Status status = archive->Coverage(&fresh.rows);
    if (status.ok()) status = archive->Stats(&fresh.sites);
    if (status.ok()) status = archive->ListRuns(&fresh.runs);
    if (!status.ok()) return status;
  }
  std::lock_guard<std::mutex> lock(cache_->mutex);
  cache_->coverage = fresh;
  cache_->coverage_generation = generation;
  cache_->coverage_computed = now;
  *view = std::move(fresh);
  return Status::OK();
}

Status ArchiveReader::AgencyCoverage(AgencyCoverageView* view) {
  const std::string generation = Generation();
  const auto now = std::chrono::steady_clock::now();
  auto cached = [&] {
    std::lock_guard<std::mutex> lock(cache_->mutex);
    if (!Fresh(cache_->agency_generation, cache_->agency_computed, generation, now)) return false;
    *view = cache_->agencies;
    return true;
  };
  if (cached()) return Status::OK();
  std::lock_guard<std::mutex> flight(cache_->agency_flight);
  if (cached()) return Status::OK();
  std::shared_ptr<const std::map<std::string, std::string>> seeds;
  Status status = SeedsByUrl(generation, &seeds);
  if (!status.ok()) return status;
  storage::AgencyCoverageOptions options;
  for (const auto& [seed, region] : seed_regions_) options.expected_agencies.push_back({seed, region});
  AgencyCoverageView fresh;
  {
    Lease archive = Acquire();
    status = storage::AgencyCoverage(*archive, options, &fresh.rows);
    if (!status.ok()) return status;
  }
  // An agency that is no seed's name takes the region of the seed that reached its reports, in
  // every year (its years without a report have no URL to go by).
  std::map<std::string, std::string> agency_regions;
  for (storage::AgencyCoverageRow& row : fresh.rows) {
    for (const std::string& url : row.urls) {
      if (!row.region.empty()) break;
      auto it = seeds->find(url);
      if (it != seeds->end()) row.region = RegionOf(it->second);
    }
    if (!row.region.empty()) agency_regions.emplace(row.agency, row.region);
  }
  for (storage::AgencyCoverageRow& row : fresh.rows) {
    if (row.region.empty()) row.region = agency_regions[row.agency];
  }
  std::lock_guard<std::mutex> lock(cache_->mutex);
  cache_->agencies = fresh;
  cache_->agency_generation = generation;
  cache_->agency_computed = now;
  *view = std::move(fresh);
  return Status::OK();
}

Status ArchiveReader::Runs(std::vector<storage::Run>* runs) {
  Lease archive = Acquire();
  return archive->ListRuns(runs);
}

Status ArchiveReader::Raw(int64_t capture_id, RawCapture* raw) {
  Lease archive = Acquire();
  Status status = archive->GetCapture(capture_id, &raw->capture);
  if (!status.ok()) return status;
  if (raw->capture.body_sha256.empty() && raw->capture.revisit_of != 0) {
    status = archive->GetCapture(raw->capture.revisit_of, &raw->capture);
    if (!status.ok()) return status;
  }
  if (raw->capture.body_sha256.empty()) {
    return Status::NotFound("capture " + std::to_string(capture_id) + " has no body");
  }
  return archive->GetBody(raw->capture.body_sha256, &raw->body);
}

Status ArchiveReader::ArchivedCaptures(const std::vector<std::string>& urls,
                                       std::map<std::string, int64_t>* ids) {
  Lease archive = Acquire();
  for (const std::string& url : urls) {
    if (ids->count(url) != 0) continue;
    storage::Capture c;
    Status status = archive->FindLatestCapture(url, &c);
    (*ids)[url] = status.ok() && (!c.body_sha256.empty() || c.revisit_of != 0) ? c.id : 0;
  }
  return Status::OK();
}

Status ArchiveReader::ReportJson(int64_t capture_id, std::string* json) {
  Lease archive = Acquire();
  storage::ExportOptions options;
  options.filter.capture_id = capture_id;
  std::ostringstream out;
  storage::ExportResult result;
  Status status = storage::ExportJsonl(*archive, options, out, &result);
  if (!status.ok()) return status;
  if (result.reports == 0) {
    storage::Capture c, latest;
    std::string hint;
    if (archive->GetCapture(capture_id, &c).ok() && archive->FindLatestCapture(c.url, &latest).ok() &&
        latest.id != capture_id) {
      hint = " (the newest capture of its URL is " + std::to_string(latest.id) + ")";
    }
    return Status::NotFound("capture " + std::to_string(capture_id) + " is not a report's current capture" +
                            hint);
  }
  *json = out.str();
  while (!json->empty() && json->back() == '\n') json->pop_back();
  return Status::OK();
}

}  // namespace gongkai::serve
