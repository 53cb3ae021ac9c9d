// Portal: start/stop of the sites, the request log and the ground truth.
#include "portal/portal.h"

#include <httplib.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <system_error>
#include <thread>

#include "chrome.h"
#include "content.h"
#include "impl.h"
#include "site_structure.h"
#include "stat_tables.h"
#include "util.h"

namespace gongkai::portal {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(10);  // a bound server starts listening in ms
// How long RequestLog() waits for requests in flight to be logged; a crawl still running does not
// block it longer than this.
constexpr auto kLogSettleTimeout = std::chrono::milliseconds(500);

std::vector<std::string> Urls(const std::string& base, const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(base + p);
  return out;
}

bool Reachable(const SiteSpec& spec) {
  const bool robots_forbid = spec.robots == Robots::kServerError && spec.robots_errors == 0;
  return !robots_forbid && !spec.faults.anti_bot_challenge;
}

ReportTruth MakeTruth(const RunningSite& site, int index) {
  const SiteModel& m = site.model;
  const ReportModel& r = m.reports[index];
  const auto blocks = ReportBlocks(m, r, site.Revision(index));
  ReportTruth t;
  t.url = site.info.base_url + r.path;
  t.site_name = m.spec.name;
  t.title = r.title;
  t.published = r.published;
  t.body_text = BlocksToText(blocks);
  t.body_snippets = BodySnippets(blocks);
  t.boilerplate_snippets = BoilerplateSnippets(m);
  if (!r.attachment_path.empty()) t.attachment_urls.push_back(site.info.base_url + r.attachment_path);
  for (const Block& b : blocks) t.has_table = t.has_table || b.kind == Block::Kind::kTable;
  t.report_year = r.year;
  t.agency = m.spec.name + r.dept;
  t.has_statistics = ReportStatTables(r, &t.statistics);
  t.statistics_in_attachment = t.has_statistics && r.stats_in_attachment;
  return t;
}

}  // namespace

int RunningSite::Revision(int index) const {
  std::lock_guard<std::mutex> lock(revisions_mu);
  return index >= 0 && index < static_cast<int>(revisions.size()) ? revisions[index] : 0;
}

void Portal::Impl::BeginRequest() {
  std::lock_guard<std::mutex> lock(log_mu);
  ++in_flight;
}

void Portal::Impl::Append(LoggedRequest entry) {
  std::lock_guard<std::mutex> lock(log_mu);
  log.push_back(std::move(entry));
  if (--in_flight == 0) log_cv.notify_all();
}

void Portal::Impl::WaitIdle(std::unique_lock<std::mutex>& lock) const {
  log_cv.wait_for(lock, kLogSettleTimeout, [this] { return in_flight == 0; });
}

void Portal::Impl::StopAll() {
  std::lock_guard<std::mutex> lock(stop_mu);
  if (stopped) return;
  stopped = true;
  stopping = true;
  // cpp-httplib 0.11.4 ignores stop() until the server runs: wait for that (or for a failed listen).
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  for (auto& s : sites) {
    if (!s->thread.joinable()) continue;
    while (!s->server->is_running() && !s->listen_returned && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    s->server->stop();
  }
  // Idle keep-alive connections would hold their worker (and the join below) for the keep-alive
  // timeout: end them now that nothing new is accepted.
  std::vector<std::pair<std::string, int>> endpoints;
  for (auto& s : sites) {
    if (s->info.port > 0) endpoints.emplace_back(s->info.ip, s->info.port);
  }
  ShutdownConnections(endpoints);
  for (auto& s : sites) {
    if (s->thread.joinable()) s->thread.join();
  }
}

void FillSiteInfo(RunningSite* site) {
  const SiteModel& m = site->model;
  SiteInfo& info = site->info;
  info.name = m.spec.name;
  info.ip = m.spec.ip;
  info.port = m.spec.port;
  info.host = m.spec.ip + ":" + std::to_string(m.spec.port);
  info.base_url = "http://" + info.host;
  info.tmpl = m.spec.tmpl;
  info.spec = m.spec;
  info.listing_urls = {info.base_url + m.ListingPath(0)};
  for (const auto& path : DepartmentColumnPaths(m)) info.listing_urls.push_back(info.base_url + path);
  info.home_url = info.base_url + "/";
  for (int p = 0; p < m.PageCount(); ++p) {
    if (m.spec.tmpl != Template::kHanwebJcms || p == 0)
      info.all_listing_urls.push_back(info.base_url + m.ListingPath(p));
  }
  for (const auto& u : Urls(info.base_url, m.DataproxyPaths())) info.all_listing_urls.push_back(u);
  if (Reachable(m.spec)) {
    for (const ReportModel& r : m.reports) {
      info.report_urls.push_back(info.base_url + r.path);
      if (!r.attachment_path.empty()) info.attachment_urls.push_back(info.base_url + r.attachment_path);
    }
  }
  if (Reachable(m.spec)) {
    for (const auto& path : DepartmentReportPaths(m)) info.report_urls.push_back(info.base_url + path);
  }
  info.trap_pager_urls = Urls(info.base_url, TrapPagerPaths(m));
  if (m.LinksDisallowed() && Reachable(m.spec))
    info.disallowed_urls = Urls(info.base_url, {m.DraftPath(), m.SearchPath()});
  info.fault_urls = Urls(info.base_url, FaultPaths(m));
  if (m.spec.faults.crawler_trap) info.trap_urls = {info.base_url + TrapStartPath()};
  if (m.HasSitemap()) info.sitemap_urls = {info.base_url + m.SitemapPath()};
  if (m.spec.faults.redirects && !m.reports.empty()) info.redirect_urls = {info.base_url + RedirectPath(0)};
  info.crawl_delay_ms = m.spec.robots == Robots::kRulesWithCrawlDelay ? m.spec.crawl_delay_s * 1000ll : 0;
}

Portal::Portal(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Portal::~Portal() {
  Stop();
}
void Portal::Stop() {
  impl_->StopAll();
}

Status Portal::Start(const Options& options, std::unique_ptr<Portal>* started) {
  started->reset();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  std::unique_ptr<Portal> portal(new Portal(std::move(impl)));
  Impl* p = portal->impl_.get();
  for (size_t i = 0; i < options.sites.size(); ++i) {
    auto site = std::make_unique<RunningSite>();
    site->model = BuildSiteModel(options.sites[i], static_cast<int>(i), options.seed);
    site->revisions.assign(site->model.reports.size(), 0);
    site->server = std::make_unique<httplib::Server>();
    InstallHandlers(p, site.get());
    SiteSpec& spec = site->model.spec;
    const int port = spec.port == 0 ? site->server->bind_to_any_port(spec.ip)
                                    : (site->server->bind_to_port(spec.ip, spec.port) ? spec.port : -1);
    if (port <= 0) {
      Status error =
          Status::IOError("portal: site " + std::to_string(i) + " (" + spec.name + "): cannot bind " +
                          spec.ip + ":" + std::to_string(spec.port) + ": " + std::strerror(errno));
      p->sites.push_back(std::move(site));
      portal->Stop();
      return error;
    }
    spec.port = port;
    site->model.base_url = "http://" + spec.ip + ":" + std::to_string(port);
    FillSiteInfo(site.get());
    RunningSite* raw = site.get();
    try {
      site->thread = std::thread([raw] {
        raw->server->listen_after_bind();
        raw->listen_returned = true;
      });
    } catch (const std::system_error& e) {  // no exception leaves the library
      Status error = Status::IOError("portal: site " + std::to_string(i) + " (" + spec.name +
                                     "): cannot start its thread: " + e.what());
      p->sites.push_back(std::move(site));
      portal->Stop();
      return error;
    }
    p->infos.push_back(site->info);
    p->sites.push_back(std::move(site));
  }
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  for (auto& s : p->sites) {
    while (!s->server->is_running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        portal->Stop();
        return Status::IOError("portal: site " + s->info.name + " at " + s->info.host +
                               " did not start listening");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  *started = std::move(portal);
  return Status::OK();
}

const std::vector<SiteInfo>& Portal::sites() const {
  return impl_->infos;
}

double Portal::ServerCpuSeconds() const {
  return static_cast<double>(impl_->server_cpu_ns.load()) / 1e9;
}

std::vector<LoggedRequest> Portal::RequestLog() const {
  std::unique_lock<std::mutex> lock(impl_->log_mu);
  impl_->WaitIdle(lock);
  std::vector<LoggedRequest> out = impl_->log;
  lock.unlock();
  std::stable_sort(out.begin(), out.end(),
                   [](const LoggedRequest& a, const LoggedRequest& b) { return a.start_us < b.start_us; });
  return out;
}

void Portal::ClearLog() {
  std::unique_lock<std::mutex> lock(impl_->log_mu);
  impl_->WaitIdle(lock);
  impl_->log.clear();
}

std::string Portal::RequestLogJsonl() const {
  std::string out;
  for (const LoggedRequest& e : RequestLog()) {
    out += "{\"start_us\":" + std::to_string(e.start_us) + ",\"end_us\":" + std::to_string(e.end_us) +
           ",\"wall_ms\":" + std::to_string(e.wall_ms) + ",\"host\":\"" + JsonEscape(e.host) +
           "\",\"ip\":\"" + JsonEscape(e.ip) + "\",\"method\":\"" + JsonEscape(e.method) +
           "\",\"target\":\"" + JsonEscape(e.target) + "\",\"user_agent\":\"" + JsonEscape(e.user_agent) +
           "\",\"if_none_match\":\"" + JsonEscape(e.if_none_match) + "\",\"if_modified_since\":\"" +
           JsonEscape(e.if_modified_since) + "\",\"status\":" + std::to_string(e.status) +
           ",\"bytes\":" + std::to_string(e.bytes) + "}\n";
  }
  return out;
}

bool Portal::ModifyReport(int site_index, int report_index) {
  if (site_index < 0 || site_index >= static_cast<int>(impl_->sites.size())) return false;
  RunningSite& site = *impl_->sites[site_index];
  std::lock_guard<std::mutex> lock(site.revisions_mu);
  if (report_index < 0 || report_index >= static_cast<int>(site.revisions.size())) return false;
  ++site.revisions[report_index];
  return true;
}

std::vector<ReportTruth> Portal::Truths() const {
  std::vector<ReportTruth> out;
  for (const auto& s : impl_->sites) {
    for (int i = 0; i < static_cast<int>(s->model.reports.size()); ++i) out.push_back(MakeTruth(*s, i));
  }
  return out;
}

namespace {

std::string JsonList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ",\"" : "\"") + JsonEscape(items[i]) + "\"";
  return out + "]";
}

}  // namespace

namespace {

// {"edition":…,"in_attachment":…,"broken_rules":[…],"cells":{id: number|null|""}} or null.
std::string StatTruthJson(const ReportTruth& t) {
  if (!t.has_statistics) return "null";
  std::string cells;
  for (const auto& [id, cell] : t.statistics.cells) {
    std::string v = "null";
    if (cell.kind == StatTruthCell::Kind::kEmpty) v = "\"\"";
    if (cell.kind == StatTruthCell::Kind::kNumber) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.10g", cell.value);
      v = buf;
    }
    cells += (cells.empty() ? "\"" : ",\"") + id + "\":" + v;
  }
  return "{\"edition\":\"" + t.statistics.edition +
         "\",\"in_attachment\":" + (t.statistics_in_attachment ? "true" : "false") +
         ",\"broken_rules\":" + JsonList(t.statistics.broken_rules) + ",\"cells\":{" + cells + "}}";
}

}  // namespace

std::string Portal::TruthsJsonl() const {
  std::string out;
  for (const ReportTruth& t : Truths()) {
    out += "{\"url\":\"" + JsonEscape(t.url) + "\",\"site_name\":\"" + JsonEscape(t.site_name) +
           "\",\"title\":\"" + JsonEscape(t.title) + "\",\"published\":\"" + t.published +
           "\",\"has_table\":" + (t.has_table ? "true" : "false") +
           ",\"report_year\":" + std::to_string(t.report_year) + ",\"agency\":\"" + JsonEscape(t.agency) +
           "\",\"statistics\":" + StatTruthJson(t) + ",\"attachment_urls\":" + JsonList(t.attachment_urls) +
           ",\"body_snippets\":" + JsonList(t.body_snippets) +
           ",\"boilerplate_snippets\":" + JsonList(t.boilerplate_snippets) + ",\"body_text\":\"" +
           JsonEscape(t.body_text) + "\"}\n";
  }
  return out;
}

std::unique_ptr<ReportTruth> Portal::TruthFor(const std::string& url) const {
  for (const auto& s : impl_->sites) {
    const std::string& base = s->info.base_url;
    if (url.size() <= base.size() || url.compare(0, base.size(), base) != 0 || url[base.size()] != '/')
      continue;
    const std::string path = url.substr(base.size());
    for (int i = 0; i < static_cast<int>(s->model.reports.size()); ++i) {
      if (s->model.reports[i].path == path) return std::make_unique<ReportTruth>(MakeTruth(*s, i));
    }
  }
  return nullptr;
}

}  // namespace gongkai::portal
