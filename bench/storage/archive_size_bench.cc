// archive_size_bench [--sites N] [--seed S] [--level L] [--out PATH] [--keep]
// The archive's size on realistic pages (issue 12.4): starts the simulated portal's N generated
// sites (default 60) in-process, fetches every page a complete crawl fetches (robots.txt, every
// listing page, every report, every attachment) over loopback with plain HTTP, extracts the reports
// with the real extractor and records everything with Archive::RecordFetch, as a crawl does; then
// finishes the run (index compaction) and prints each part of the file divided by the raw body
// bytes: bodies (blobs), extractions, captures, the search index, the rest, and the whole file.
// Parts are measured with SQLite's dbstat (pages, including indexes of each table).
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>

#include "base/time.h"
#include "extract/extractor.h"
#include "portal/portal.h"
#include "storage/archive.h"

using namespace gongkai;

namespace {

using gongkai::NowMs;

storage::ExtractionRecord ToRecord(const extract::Extraction& x) {
  storage::ExtractionRecord r;
  r.title = x.title;
  r.published = x.published.value_or("");
  r.source = x.source;
  r.site = x.site;
  r.column = x.column;
  r.text = x.text;
  r.tables = x.tables;
  for (const auto& a : x.attachments) r.attachments.push_back(storage::AttachmentLink(a.name, a.url));
  r.charset = x.charset;
  r.extractor_version = x.extractor_version;
  r.extracted_at_ms = NowMs();
  return r;
}

struct Totals {
  int64_t captures = 0;
  int64_t raw_bytes = 0;  // body bytes of every capture (what a crawl receives)
  int64_t reports = 0;
};

// Fetches `url` from the site and records it. Pages that fail to fetch are skipped (none should).
void FetchAndRecord(httplib::Client& client, const portal::SiteInfo& site, const std::string& url,
                    storage::PageKind kind, int64_t run, storage::Archive& archive, Totals* totals) {
  std::string path = url.substr(site.base_url.size());
  httplib::Headers request = {{"User-Agent", "gongkai-bench/1.0 (+archive_size_bench)"}, {"Accept", "*/*"}};
  auto result = client.Get(path, request);
  if (!result) return;
  storage::Capture c;
  c.run_id = run;
  c.url = url;
  c.final_url = url;
  c.method = "GET";
  c.status = result->status;
  c.http_version = "HTTP/1.1";
  c.remote_ip = site.ip;
  c.started_at_ms = NowMs();
  c.duration_ms = 1;
  for (const auto& [k, v] : request) c.request_headers.emplace_back(k, v);
  for (const auto& [k, v] : result->headers) c.response_headers.emplace_back(k, v);
  c.page_kind = kind;
  c.discovery = kind == storage::PageKind::kListing  ? storage::DiscoveryKind::kListing
                : kind == storage::PageKind::kRobots ? storage::DiscoveryKind::kRobots
                                                     : storage::DiscoveryKind::kReport;
  c.discovered_from_url = kind == storage::PageKind::kReport ? site.listing_urls.front() : "";
  c.origin = "crawl";
  std::optional<storage::ExtractionRecord> record;
  if (kind == storage::PageKind::kReport && result->status == 200) {
    extract::Extraction x;
    extract::ExtractInput input{result->body, url, result->get_header_value("Content-Type"), ""};
    if (extract::Extract(input, extract::Options(), &x).ok()) {
      record = ToRecord(x);
      totals->reports++;
    }
  }
  storage::Status status =
      archive.RecordFetch(c, std::string_view(result->body), false, {}, record ? &*record : nullptr, nullptr);
  if (!status.ok()) {
    std::fprintf(stderr, "record %s: %s\n", url.c_str(), status.ToString().c_str());
    std::exit(1);
  }
  totals->captures++;
  totals->raw_bytes += static_cast<int64_t>(result->body.size());
}

// dbstat page bytes per part.
std::map<std::string, int64_t> Parts(const std::string& path) {
  std::map<std::string, int64_t> parts;
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name", -1, &stmt, nullptr) !=
      SQLITE_OK) {
    std::fprintf(stderr, "dbstat: %s\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return parts;
  }
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    int64_t bytes = sqlite3_column_int64(stmt, 1);
    std::string part = "other";
    if (name == "blobs" || name.rfind("blobs_", 0) == 0 || name.find("autoindex_blobs") != std::string::npos)
      part = "bodies";
    else if (name.rfind("extractions", 0) == 0 || name.find("autoindex_extractions") != std::string::npos)
      part = "extractions";
    else if (name.rfind("captures", 0) == 0)
      part = "captures";
    else if (name.rfind("report_fts", 0) == 0)
      part = "index";
    else if (name.rfind("zstd_dictionaries", 0) == 0)
      part = "dictionaries";
    parts[part] += bytes;
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return parts;
}

}  // namespace

int main(int argc, char** argv) {
  int sites = 60;
  uint64_t seed = 1;
  int level = storage::Options().zstd_level;
  std::string out = "archive_size_bench.sqlite";
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--keep")) keep = true;
    if (i + 1 >= argc) continue;
    if (!std::strcmp(argv[i], "--sites")) sites = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seed")) seed = std::strtoull(argv[i + 1], nullptr, 10);
    if (!std::strcmp(argv[i], "--level")) level = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--out")) out = argv[i + 1];
  }
  portal::Options portal_options;
  portal_options.sites = portal::GeneratedSites(sites, seed);
  portal_options.threads_per_site = 1;
  std::unique_ptr<portal::Portal> portal;
  const gongkai::Status started = portal::Portal::Start(portal_options, &portal);
  if (!portal) {
    std::fprintf(stderr, "portal: %s\n", started.message().c_str());
    return 1;
  }
  std::filesystem::remove(out);
  std::filesystem::remove(out + "-wal");
  std::filesystem::remove(out + "-shm");
  storage::Options options;
  options.path = out;
  options.zstd_level = level;
  options.durable_commits = false;
  std::unique_ptr<storage::Archive> archive;
  storage::Status status = storage::Archive::Open(options, &archive);
  int64_t run = 0;
  if (status.ok()) status = archive->BeginRun({"bench", "bench", "generated", NowMs()}, &run);
  if (!status.ok()) {
    std::fprintf(stderr, "archive: %s\n", status.ToString().c_str());
    return 1;
  }
  Totals totals;
  auto start = std::chrono::steady_clock::now();
  for (const auto& site : portal->sites()) {
    httplib::Client client(site.base_url);
    FetchAndRecord(client, site, site.base_url + "/robots.txt", storage::PageKind::kRobots, run, *archive,
                   &totals);
    for (const auto& url : site.all_listing_urls) {
      FetchAndRecord(client, site, url, storage::PageKind::kListing, run, *archive, &totals);
    }
    for (const auto& url : site.report_urls) {
      FetchAndRecord(client, site, url, storage::PageKind::kReport, run, *archive, &totals);
    }
    for (const auto& url : site.attachment_urls) {
      FetchAndRecord(client, site, url, storage::PageKind::kAttachment, run, *archive, &totals);
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  status = archive->FinishRun(run, "{}", NowMs());
  archive.reset();  // the last connection checkpoints the WAL into the file
  if (!status.ok()) {
    std::fprintf(stderr, "finish: %s\n", status.ToString().c_str());
    return 1;
  }
  auto parts = Parts(out);
  int64_t file = static_cast<int64_t>(std::filesystem::file_size(out));
  double raw = static_cast<double>(totals.raw_bytes);
  std::printf(
      "archive_size_bench: %d generated sites (seed %llu), zstd level %d: %lld captures, %lld reports, "
      "%.1f MB raw bodies, recorded in %.1f s\n",
      sites, static_cast<unsigned long long>(seed), level, static_cast<long long>(totals.captures),
      static_cast<long long>(totals.reports), raw / 1e6, seconds);
  for (const char* part : {"bodies", "extractions", "captures", "index", "dictionaries", "other"}) {
    std::printf("  %-12s %9.3f MB  %.3f x raw\n", part, parts[part] / 1e6, parts[part] / raw);
  }
  std::printf("  %-12s %9.3f MB  %.3f x raw\n", "whole file", file / 1e6, file / raw);
  if (!keep) {
    std::filesystem::remove(out);
  }
  return 0;
}
