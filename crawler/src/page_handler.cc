// Turning answers into records and links (see scheduler.h): robots.txt, retries and back-off,
// redirects hop by hop, 304 revisits, challenges, listing/report/attachment/sitemap bodies.
#include <algorithm>
#include <cctype>

#include "crawler/challenge.h"
#include "crawler/url.h"
#include "extract/charset.h"
#include "pager.h"
#include "scheduler_impl.h"

namespace gongkai::crawler {
namespace {

bool IsRetryableStatus(int status) {
  return status == 429 || (status >= 500 && status < 600 && status != 521);
}

bool LooksLikeHtml(const FetchResult& result) {
  std::string type = result.Header("Content-Type");
  std::transform(type.begin(), type.end(), type.begin(), ::tolower);
  if (type.find("html") != std::string::npos || type.find("xml") != std::string::npos) return true;
  if (!type.empty() && type.find("text/plain") == std::string::npos) return false;
  size_t first = result.body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return first != std::string::npos && result.body[first] == '<';
}

// A sitemap lists the whole site; pages under a seed's listing directory are taken as reports,
// except the listing's own pages (index.html, index_N.html, ?page=N). Column candidates are the
// sitemap reader's (sitemaps.h).
bool UnderListingDirectory(const Seed* seed, const std::string& url) {
  if (seed == nullptr) return false;
  std::string canonical = CanonicalUrl(url);
  for (const auto& listing : seed->listing_urls) {
    auto parsed = ParseUrl(CanonicalUrl(listing));
    if (parsed && IsSamePagerFamily(*parsed, canonical)) return false;
  }
  for (const auto& listing : seed->listing_urls) {
    std::string dir = CanonicalUrl(listing);
    dir = dir.substr(0, dir.find('?'));
    dir = dir.substr(0, dir.rfind('/') + 1);
    if (!dir.empty() && canonical.rfind(dir, 0) == 0) return true;
  }
  return false;
}

RedirectHop MakeHop(const std::string& url, const FetchResult& result) {
  return {url,
          result.status,
          result.http_version,
          result.request_headers,
          result.response_headers,
          result.remote_ip,
          result.start_wall_us / 1000,
          result.body};
}

}  // namespace

Exchange Scheduler::Impl::MakeExchange(const Task& task, const FetchResult& result) const {
  Exchange e;
  e.item = task.item;
  e.redirect_chain = task.chain;
  e.redirect_hops = task.hops;
  e.final_url = task.chain.empty() ? task.item.url : task.chain.back();
  e.status = result.status;
  e.error_kind = ToErrorKind(result.error);
  e.error_message = result.error_message;
  e.request_headers = result.request_headers;
  e.response_headers = result.response_headers;
  e.http_version = result.http_version;
  e.remote_ip = result.remote_ip;
  e.started_at_ms = result.start_wall_us / 1000;
  e.duration_ms = (result.end_us - result.start_us) / 1000;
  e.body_size = static_cast<int64_t>(result.body.size());
  e.truncated = result.truncated;
  return e;
}

void Scheduler::Impl::CountFailed(Host* host) {
  ++summary_.failed;
  ++host->figures.failed;
}

void Scheduler::Impl::CountError(Host* host, const std::string& kind) {
  ++summary_.errors;
  ++summary_.errors_by_kind[kind];
  ++host->figures.errors;
}

bool Scheduler::Impl::Record(Host* host, const Exchange& exchange, std::optional<std::string_view> body,
                             bool done, std::vector<FrontierItem> discovered,
                             const extract::Extraction* extraction) {
  BodyChange change = BodyChange::kNone;
  if (Status status = store_->Record(exchange, body, done, discovered, extraction, &change); !status.ok()) {
    store_status_ = status.message().empty() ? Status::IOError("the archive refused a record") : status;
    return false;
  }
  if (done) {
    ++summary_.pages;
    ++host->figures.pages;
  }
  if (exchange.page_kind == PageKind::kReport) {
    int64_t* counters[][2] = {{&summary_.reports_new, &host->figures.reports_new},
                              {&summary_.reports_changed, &host->figures.reports_changed},
                              {&summary_.reports_unchanged, &host->figures.reports_unchanged},
                              {&summary_.not_modified, &host->figures.not_modified}};
    int slot = change == BodyChange::kNew         ? 0
               : change == BodyChange::kChanged   ? 1
               : change == BodyChange::kUnchanged ? 2
               : change == BodyChange::kRevisit   ? 3
                                                  : -1;
    if (slot >= 0) {
      ++*counters[slot][0];
      ++*counters[slot][1];
    }
  } else if (exchange.not_modified) {
    ++summary_.not_modified;
    ++host->figures.not_modified;
  }
  if (exchange.page_kind == PageKind::kAttachment && done) ++summary_.attachments;
  // Only links the store accepted are queued: memory never runs ahead of the archive.
  for (const auto& item : discovered) Enqueue(item);
  return true;
}

bool Scheduler::Impl::RecordDisallowed(Host* host, const Task& task) {
  Exchange e;
  e.item = task.item;
  e.final_url = task.url;
  e.redirect_chain = task.chain;
  e.error_kind = ErrorKind::kRobotsDisallowed;
  e.error_message = "refused by " + host->robots.url();
  e.started_at_ms = clock_->WallUs() / 1000;
  ++host->figures.disallowed;
  return Record(host, e, std::nullopt, true, {}, nullptr);
}

std::vector<FrontierItem> Scheduler::Impl::NewItems(const Task& task,
                                                    const std::vector<DiscoveredLink>& links) {
  std::vector<FrontierItem> out;
  const std::string& from = task.chain.empty() ? task.item.url : task.chain.back();
  for (const auto& link : links) {
    int depth = link.kind == LinkKind::kPagination ? task.item.depth : task.item.depth + 1;
    if (depth > options_.max_depth) continue;
    std::string url = CanonicalUrl(link.url, options_.session_parameters);
    if (url.empty() || !seen_.insert(UrlHash(url)).second) continue;
    out.push_back({url, from, link.kind, depth, task.item.seed_name, link.navigation, link.agency});
  }
  return out;
}

void Scheduler::Impl::Handle(FetchResult result) {
  auto node = in_flight_.extract(result.id);
  if (node.empty()) return;
  Host* host = node.mapped().host;
  Task task = std::move(node.mapped().task);
  const std::string key = std::move(node.mapped().route.key);
  const std::string ip = std::move(node.mapped().route.ip);
  --host->queue.in_flight;
  ++summary_.requests;
  ++host->figures.requests;
  bool retryable = result.error != FetchError::kNone || IsRetryableStatus(result.status);
  // A reset or a short body is a problem of one URL, not a sign the server is unwell.
  bool host_failure = retryable && result.error != FetchError::kReset;
  std::optional<int64_t> retry_after;
  if (result.status == 429 || result.status == 503) {
    retry_after = ParseRetryAfterMs(result.Header("Retry-After"), clock_->WallUs() / 1'000'000);
  }
  // robots.txt is parsed before the gap is computed, so the first page already waits Crawl-delay.
  if (task.robots) HandleRobots(host, task, result);
  RequestOutcome outcome = !host_failure ? RequestOutcome::kSuccess
                           : (result.status == 429 || result.status == 503) && !retry_after
                               ? RequestOutcome::kThrottled
                               : RequestOutcome::kRetryable;
  politeness_.OnFinish(key, ip, result.start_us, result.end_us, outcome, retry_after);
  SavePoliteness(key, ip);
  if (!task.robots) HandlePage(host, task, result);
}

bool Scheduler::Impl::FollowRedirect(Host* host, Task& task, const FetchResult& result) {
  Exchange e = MakeExchange(task, result);
  std::string target = CanonicalUrl(result.location, options_.session_parameters);
  bool loop = std::find(task.chain.begin(), task.chain.end(), target) != task.chain.end();
  bool too_many = static_cast<int>(task.chain.size()) > options_.max_redirects;
  const auto& allowed = RulesFor(task.item.seed_name).allowed_hosts;
  std::string target_host = HostKeyOf(target);
  bool in_scope = !target.empty() && (target_host == host->key || std::find(allowed.begin(), allowed.end(),
                                                                            target_host) != allowed.end());
  if (loop || too_many || !in_scope) {
    e.error_kind = loop       ? ErrorKind::kRedirectLoop
                   : too_many ? ErrorKind::kTooManyRedirects
                              : ErrorKind::kRedirectOutOfScope;
    e.error_message = "redirect to " + result.location;
    CountError(host, ToString(e.error_kind));
    if (loop || too_many) CountFailed(host);
    return Record(host, e, std::optional<std::string_view>(result.body), true, {}, nullptr);
  }
  Task hop = task;
  hop.hops.push_back(MakeHop(task.url.empty() ? task.item.url : task.url, result));
  hop.url = target;
  hop.chain.push_back(target);
  hop.attempt = 0;
  HostFor(target, task.item.seed_name)->queue.PushHop(std::move(hop));
  return true;
}

void Scheduler::Impl::HandlePage(Host* host, Task& task, FetchResult& result) {
  bool retryable = result.error != FetchError::kNone || IsRetryableStatus(result.status);
  if (retryable) {
    Exchange e = MakeExchange(task, result);
    if (e.error_kind == ErrorKind::kNone) e.error_kind = ErrorKind::kHttp;
    bool retry = task.attempt < options_.max_retries && !politeness_.IsParked(host->key);
    if (retry) {
      ++host->figures.retries;
      Task again = task;
      ++again.attempt;
      again.chain.pop_back();  // the same hop is requested again
      if (!Record(host, e, std::nullopt, false, {}, nullptr)) return;
      host->queue.PushRetry(std::move(again));  // interleaved: a bad URL must not block the host
      return;
    }
    CountError(host, ToString(e.error_kind));
    CountFailed(host);
    Record(host, e, result.body.empty() ? std::nullopt : std::optional<std::string_view>(result.body), true,
           {}, nullptr);
    return;
  }
  if (result.status >= 300 && result.status < 400 && result.status != 304 && !result.location.empty()) {
    FollowRedirect(host, task, result);
    return;
  }
  Exchange e = MakeExchange(task, result);
  ChallengeKind challenge = DetectChallenge(result.status, result.body);
  if (challenge != ChallengeKind::kNone) {
    e.page_kind = PageKind::kChallenge;
    e.error_kind = ErrorKind::kChallenge;
    e.error_message = std::string("anti-bot challenge (") + ToString(challenge) + "); not archived";
    ++host->figures.challenges;
    CountError(host, "challenge");
    Record(host, e, std::nullopt, true, {}, nullptr);  // never archived as content
    return;
  }
  HandleBody(host, task, result, e);
}

void Scheduler::Impl::HandleBody(Host* host, Task& task, FetchResult& result, Exchange& e) {
  const LinkKind kind = task.item.kind;
  const bool listing = kind == LinkKind::kSeed || kind == LinkKind::kListing || kind == LinkKind::kPagination;
  // A 304 has no body to look at: the item's kind says what it is.
  const bool html = result.status == 304 ? kind != LinkKind::kAttachment : LooksLikeHtml(result);
  e.page_kind = listing                                  ? PageKind::kListing
                : kind == LinkKind::kAttachment || !html ? PageKind::kAttachment
                : kind == LinkKind::kSitemap             ? PageKind::kOther
                                                         : PageKind::kReport;
  if (result.status == 304) {
    e.not_modified = true;
    std::vector<FrontierItem> discovered;
    if (e.page_kind == PageKind::kReport) {  // find its attachments again from the stored body
      if (auto body = store_->LatestBody(task.item.url)) {
        auto decoded = extract::DecodeToUtf8(*body, result.Header("Content-Type"));
        discovered =
            NewItems(task, DiscoverAttachments(decoded.utf8, e.final_url, RulesFor(task.item.seed_name)));
      }
    }
    Record(host, e, std::nullopt, true, std::move(discovered), nullptr);
    return;
  }
  if (kind == LinkKind::kSitemap && (result.status == 404 || result.status == 410)) {
    // No sitemap at this address: an answer, not a failure (the probe asks every host).
    e.page_kind = PageKind::kOther;
    e.error_message = "no sitemap (HTTP " + std::to_string(result.status) + ")";
    Record(host, e, std::nullopt, true, {}, nullptr);
    return;
  }
  if (result.status >= 400) {
    e.error_kind = ErrorKind::kHttp;
    e.error_message = "HTTP " + std::to_string(result.status);
    CountError(host, "http_" + std::to_string(result.status));
    e.page_kind = PageKind::kOther;
    Record(host, e, std::optional<std::string_view>(result.body), true, {}, nullptr);
    return;
  }
  if (e.truncated) ++summary_.errors_by_kind["truncated"];
  if (e.truncated && e.page_kind == PageKind::kReport) {
    // Half a page is not a report: keep the bytes as fetched, extract nothing from them.
    e.page_kind = PageKind::kOther;
    e.error_message = "body cut at " + std::to_string(result.body.size()) +
                      " bytes (max_body_bytes): archived raw, not extracted as a report";
    Record(host, e, std::optional<std::string_view>(result.body), true, {}, nullptr);
    return;
  }
  std::vector<FrontierItem> discovered;
  const DiscoveryRules& rules = RulesFor(task.item.seed_name);
  if (html && (e.page_kind == PageKind::kReport || e.page_kind == PageKind::kListing)) {
    // Every HTML page is classified from its structure on the pool (AnalyzePage()); a report
    // candidate that is a listing or an entry is walked as one, not extracted.
    // Decoding, discovery (and extraction of reports) on the pool; FinishReport() records it.
    ReportJob job{result.id,   e.page_kind == PageKind::kListing, std::move(result.body),
                  e.final_url, result.Header("Content-Type"),     &rules};
    reports_in_progress_.emplace(result.id, ReportInProgress{host, task, e});
    pool_.Submit(std::move(job));
    return;
  }
  if (kind == LinkKind::kSitemap && html) discovered = SitemapLinks(host, task, e, result.body);
  Record(host, e, std::optional<std::string_view>(result.body), true, std::move(discovered), nullptr);
}

std::vector<FrontierItem> Scheduler::Impl::SitemapLinks(Host* host, const Task& task, const Exchange& e,
                                                        std::string_view body) {
  const Seed* seed = SeedNamed(task.item.seed_name);
  auto under_listing = [&](const std::string& url) { return UnderListingDirectory(seed, url); };
  std::vector<DiscoveredLink> links = sitemaps_.LinksOf(host->key, e.final_url, body, under_listing);
  TakeSitemapNotes();
  return NewItems(task, links);
}

void Scheduler::Impl::TakeSitemapNotes() {
  for (auto& note : sitemaps_.TakeNotes()) crawl_discovery_.Note(note);
  if (summary_.notes.size() != crawl_discovery_.notes().size()) summary_.notes = crawl_discovery_.notes();
}

std::vector<FrontierItem> Scheduler::Impl::AdmitPageLinks(const Task& task, const ReportJobResult& done) {
  const std::string& page = task.chain.empty() ? task.item.url : task.chain.back();
  std::vector<FrontierItem> out;
  for (auto& item : crawl_discovery_.Admit(task.item, page, done.analysis, done.attachments)) {
    item.url = CanonicalUrl(item.url, options_.session_parameters);
    if (item.url.empty() || !seen_.insert(UrlHash(item.url)).second) continue;
    out.push_back(std::move(item));
  }
  return out;
}

void Scheduler::Impl::FinishReport(ReportJobResult done) {
  auto node = reports_in_progress_.extract(done.id);
  if (node.empty()) return;
  ReportInProgress& report = node.mapped();
  Exchange& e = report.exchange;
  const Task& task = report.task;
  e.charset_declared = done.charset_declared;
  e.charset_used = done.charset_used;
  const PageAnalysis& analysis = done.analysis;
  const std::string kind_note = std::string(ToString(analysis.kind)) + ": " + analysis.reason;
  if (analysis.uncertain) crawl_discovery_.Note("kind uncertain: " + e.final_url + " — " + kind_note);
  std::vector<FrontierItem> discovered;
  if (done.walked_as_listing) {
    e.page_kind = analysis.kind == PageClass::kListing ? PageKind::kListing : PageKind::kOther;
    if (task.item.kind == LinkKind::kReport) {
      e.error_message = "not a report: " + kind_note + "; walked as a listing";
      crawl_discovery_.Note("report candidate walked as a listing: " + e.final_url + " — " + kind_note);
    }
    discovered = AdmitPageLinks(task, done);
  } else {
    std::string alias_of;
    if (e.final_url != task.item.url) {
      // The same report through a redirect alias and its own URL is one report.
      std::string target = CanonicalUrl(e.final_url, options_.session_parameters);
      if (!target.empty() && !seen_.insert(UrlHash(target)).second) alias_of = target;
    }
    // A page with no body text of its own but a linked file is a report published as that file:
    // its text comes from the file once fetched (app/adapters/report_files.h).
    if (done.extraction && done.extraction->text.empty() && done.attachments.empty()) {
      e.error_message = "not a report: the extraction has no body text (" + kind_note + ")";
      done.extraction.reset();
      e.page_kind = PageKind::kOther;
    } else if (!done.extraction) {
      e.error_message = "not a report: not extracted: " + done.extract_error;
      e.page_kind = PageKind::kOther;
    } else if (!alias_of.empty()) {
      e.error_message = "not a report: a redirect alias of " + alias_of + ", archived under its own URL";
      done.extraction.reset();
      e.page_kind = PageKind::kOther;
    } else if (done.extraction->agency.empty()) {
      done.extraction->agency = task.item.agency;
      if (!task.item.agency.empty()) done.extraction->agency_source = extract::kAgencySourceColumn;
    }
    discovered = NewItems(task, done.attachments);
  }
  if (summary_.notes.size() != crawl_discovery_.notes().size()) summary_.notes = crawl_discovery_.notes();
  Record(report.host, e, std::optional<std::string_view>(done.body), true, std::move(discovered),
         done.extraction ? &*done.extraction : nullptr);
  pool_.Recycle(std::move(done));
}

}  // namespace gongkai::crawler
