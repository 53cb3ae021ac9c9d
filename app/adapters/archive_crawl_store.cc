// crawler::CrawlStore on storage::Archive (see archive_crawl_store.h).
#include "adapters/archive_crawl_store.h"

#include "adapters/report_files.h"

#include <strings.h>

#include "base/time.h"
#include "storage/digest.h"

namespace gongkai::app {
namespace {

storage::DiscoveryKind ToDiscovery(crawler::LinkKind kind) {
  using L = crawler::LinkKind;
  using D = storage::DiscoveryKind;
  switch (kind) {
    case L::kSeed:
      return D::kSeed;
    case L::kListing:
      return D::kListing;
    case L::kPagination:
      return D::kPagination;
    case L::kReport:
      return D::kReport;
    case L::kAttachment:
      return D::kAttachment;
    case L::kSitemap:
      return D::kSitemap;
    case L::kRobots:
      return D::kRobots;
  }
  return D::kReport;
}

crawler::LinkKind ToLinkKind(storage::DiscoveryKind kind) {
  using L = crawler::LinkKind;
  using D = storage::DiscoveryKind;
  switch (kind) {
    case D::kSeed:
      return L::kSeed;
    case D::kListing:
      return L::kListing;
    case D::kPagination:
      return L::kPagination;
    case D::kReport:
      return L::kReport;
    case D::kAttachment:
      return L::kAttachment;
    case D::kSitemap:
      return L::kSitemap;
    case D::kRobots:
      return L::kRobots;
    case D::kImported:
      return L::kReport;
  }
  return L::kReport;
}

storage::PageKind ToPageKind(crawler::PageKind kind) {
  using C = crawler::PageKind;
  using S = storage::PageKind;
  switch (kind) {
    case C::kRobots:
      return S::kRobots;
    case C::kListing:
      return S::kListing;
    case C::kReport:
      return S::kReport;
    case C::kAttachment:
      return S::kAttachment;
    case C::kChallenge:
      return S::kChallenge;
    case C::kOther:
      return S::kOther;
  }
  return S::kOther;
}

crawler::BodyChange ToBodyChange(storage::BodyChange change) {
  using C = crawler::BodyChange;
  using S = storage::BodyChange;
  switch (change) {
    case S::kNone:
      return C::kNone;
    case S::kNew:
      return C::kNew;
    case S::kChanged:
      return C::kChanged;
    case S::kUnchanged:
      return C::kUnchanged;
    case S::kRevisit:
      return C::kRevisit;
  }
  return C::kNone;
}

}  // namespace

storage::FrontierEntry ToFrontierEntry(const crawler::FrontierItem& item) {
  storage::FrontierEntry entry;
  entry.url = item.url;
  entry.discovered_from_url = item.from_url;
  entry.discovery = ToDiscovery(item.kind);
  entry.depth = item.depth;
  entry.seed_name = item.seed_name;
  entry.navigation = item.navigation;
  entry.agency = item.agency;
  return entry;
}

crawler::FrontierItem ToFrontierItem(const storage::FrontierEntry& entry) {
  return {entry.url,   entry.discovered_from_url, ToLinkKind(entry.discovery),
          entry.depth, entry.seed_name,           entry.navigation,
          entry.agency};
}

storage::Capture ToCapture(const crawler::Exchange& e, int64_t run_id) {
  storage::Capture c;
  c.run_id = run_id;
  c.url = e.item.url;
  c.final_url = e.final_url;
  c.redirect_chain = e.redirect_chain;
  for (const auto& hop : e.redirect_hops) {
    storage::RedirectHop h;
    h.url = hop.url;
    h.status = hop.status;
    if (!hop.http_version.empty()) h.http_version = hop.http_version;
    h.request_headers = hop.request_headers;
    h.response_headers = hop.response_headers;
    h.remote_ip = hop.remote_ip;
    h.started_at_ms = hop.started_at_ms;
    h.body = hop.body;
    c.redirect_hops.push_back(std::move(h));
  }
  c.status = e.status;
  c.error_kind = crawler::ToString(e.error_kind);
  c.error_message = e.error_message;
  c.request_headers = e.request_headers;
  c.response_headers = e.response_headers;
  if (!e.http_version.empty()) c.http_version = e.http_version;
  c.remote_ip = e.remote_ip;
  c.started_at_ms = e.started_at_ms;
  c.duration_ms = e.duration_ms;
  c.body_size = e.body_size;
  c.truncated = e.truncated;
  c.charset_declared = e.charset_declared;
  c.charset_used = e.charset_used;
  c.discovered_from_url = e.item.from_url;
  c.discovery = ToDiscovery(e.item.kind);
  c.page_kind = ToPageKind(e.page_kind);
  return c;
}

storage::ExtractionRecord ToExtractionRecord(const extract::Extraction& x, int64_t now_ms) {
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
  r.extracted_at_ms = now_ms;
  r.report_year = x.report_year.value_or(0);
  r.agency = x.agency;
  r.agency_source = x.agency_source;
  if (x.statistics) {
    r.statistics_edition = x.statistics->edition;
    for (const auto& [id, cell] : x.statistics->cells) {
      const char* state = cell.state == extract::StatisticCell::State::kNumber          ? "number"
                          : cell.state == extract::StatisticCell::State::kNotApplicable ? "na"
                                                                                        : "empty";
      r.statistic_cells.push_back({id, state, cell.value, cell.raw});
    }
    for (const auto& check : x.statistics->checks)
      r.statistic_checks.push_back({check.rule, extract::ToString(check.status), check.detail, check.cells});
  }
  return r;
}

Status ArchiveCrawlStore::Add(const std::vector<crawler::FrontierItem>& items) {
  std::vector<storage::FrontierEntry> entries;
  entries.reserve(items.size());
  for (const auto& item : items) entries.push_back(ToFrontierEntry(item));
  return archive_->AddToFrontier(run_id_, entries, nullptr).WithPrefix("archive");
}

Status ArchiveCrawlStore::Load(std::vector<crawler::FrontierItem>* pending, std::vector<std::string>* seen) {
  std::vector<storage::FrontierEntry> entries;
  storage::Status s = archive_->ListFrontier(run_id_, &entries);
  if (!s.ok()) return s.WithPrefix("archive");
  for (const auto& entry : entries) {
    seen->push_back(entry.url);
    if (!entry.done) pending->push_back(ToFrontierItem(entry));
  }
  return Status::OK();
}

Status ArchiveCrawlStore::Record(const crawler::Exchange& exchange, std::optional<std::string_view> body,
                                 bool item_done, const std::vector<crawler::FrontierItem>& discovered,
                                 const extract::Extraction* extraction, crawler::BodyChange* change) {
  storage::Capture capture = ToCapture(exchange, run_id_);
  std::vector<storage::FrontierEntry> entries;
  entries.reserve(discovered.size());
  for (const auto& item : discovered) entries.push_back(ToFrontierEntry(item));
  std::optional<storage::ExtractionRecord> record;
  std::vector<storage::ExtractionRecord> file_records;  // a changed report page's files, re-read
  if (extraction != nullptr) {
    record = ToExtractionRecord(*extraction, NowMs());
    if (extract_options_ != nullptr && body)
      FoldArchivedFiles(archive_, *extract_options_, *body, exchange.final_url, &*record, &file_records);
  }
  // A report file (PDF, DOCX, OFD, DOC/WPS) linked from a report page: its own extraction, then
  // folded into the page's (report_files.h).
  std::optional<extract::Extraction> file;
  if (extraction == nullptr && extract_options_ != nullptr &&
      exchange.page_kind == crawler::PageKind::kAttachment && body && !exchange.truncated &&
      exchange.status >= 200 && exchange.status < 300) {
    file.emplace();
    if (!ExtractFile(exchange.final_url, *body, *extract_options_, &*file)) file.reset();
    if (file && file->error == extract::FileError::kNone) record = ToExtractionRecord(*file, NowMs());
  }
  storage::RecordedFetch recorded;
  storage::Status s =
      archive_->RecordFetch(capture, body, item_done, entries, record ? &*record : nullptr, &recorded);
  *change = s.ok() ? ToBodyChange(recorded.change) : crawler::BodyChange::kNone;
  if (s.ok() && !file_records.empty()) s = archive_->PutExtractions(file_records, nullptr);
  if (s.ok() && file) s = FoldIntoArchivedReport(archive_, exchange.item.from_url, exchange.item.url, *file);
  return s.WithPrefix("archive: recording " + exchange.item.url);
}

Status ArchiveCrawlStore::MarkDone(const std::string& url) {
  return archive_->MarkFrontierDone(run_id_, url).WithPrefix("archive");
}

std::optional<crawler::StoredValidators> ArchiveCrawlStore::LatestValidators(const std::string& url) {
  storage::Validators v;
  if (!archive_->LatestValidators(url, &v).ok()) return std::nullopt;
  return crawler::StoredValidators{v.etag, v.last_modified, v.fetched_at_ms};
}

std::optional<std::string> ArchiveCrawlStore::LatestBody(const std::string& url) {
  storage::Capture capture;
  if (!archive_->FindLatestCapture(url, &capture).ok() || capture.body_sha256.empty()) return std::nullopt;
  std::string body;
  if (!archive_->GetBody(capture.body_sha256, &body).ok()) return std::nullopt;
  return body;
}

std::optional<crawler::StoredRobots> ArchiveCrawlStore::LatestRobots(const std::string& url) {
  std::vector<storage::Capture> history;  // newest first
  if (!archive_->History(url, &history).ok()) return std::nullopt;
  for (const auto& capture : history) {
    if (capture.page_kind != storage::PageKind::kRobots || capture.status <= 0) continue;
    crawler::StoredRobots robots;
    robots.status = capture.status;
    robots.fetched_at_ms = capture.started_at_ms;
    for (const auto& [name, value] : capture.response_headers) {
      if (strcasecmp(name.c_str(), "Location") == 0) robots.location = value;
    }
    if (!capture.body_sha256.empty() && !archive_->GetBody(capture.body_sha256, &robots.body).ok()) {
      return std::nullopt;  // unreadable: fetch it again rather than trust nothing
    }
    return robots;
  }
  return std::nullopt;
}

storage::Status BeginOrResumeRun(storage::Archive* archive, const storage::RunInfo& info, int64_t* run_id,
                                 bool* resumed) {
  if (auto unfinished = archive->FindUnfinishedRun()) {
    *run_id = *unfinished;
    *resumed = true;
    return storage::Status::OK();
  }
  *resumed = false;
  return archive->BeginRun(info, run_id);
}

}  // namespace gongkai::app
