// A synthetic archive of N captures with everything an export goes through, written through
// storage's API (no crawl, no extractor): for the export memory test (export_fixture.cc) and
// bench/storage/export_rss_bench.cc. Deterministic for a given N.
//
// Of every 10 captures: 1 listing page, 5 reports (each with an extraction; every 4th report's body
// is one seen before, an identical-payload revisit), 1 conditional GET answered 304 (a
// server-not-modified revisit), 1 attachment reached through a redirect hop, 1 404 and 1 timeout
// (no response). Pages are ~3 KB of HTML: memory per capture, not per byte, is what grows.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "storage/archive.h"
#include "storage/records.h"

namespace gongkai::storage::synthetic {

// ~3 KB of page for capture `i` of site `host`: a template shared by the site and a unique middle.
inline std::string PageBody(int64_t i, const std::string& host, const std::string& title) {
  std::string body = "<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>";
  body += "<div class=\"nav\">" + host + " 首页 政务公开 政府信息公开年报 依申请公开 互动交流</div>";
  for (int p = 0; p < 12; ++p) {
    body += "<p>第" + std::to_string(p + 1) + "段：本机关" + std::to_string(2015 + i % 9) +
            "年度共收到政府信息公开申请" + std::to_string((i * 7 + p * 13) % 997) + "件，办结" +
            std::to_string((i * 5 + p) % 991) + "件；主动公开文件" + std::to_string(i * 3 + p) + "条。</p>";
  }
  return body + "<div class=\"foot\">版权所有 " + host + "</div></body></html>";
}

// Writes `captures` captures into the archive at `path` (created; must not exist). Status of the
// first failure.
inline Status WriteArchive(const std::string& path, int64_t captures) {
  Options options;
  options.path = path;
  options.durable_commits = false;  // a fixture: fsync per capture would only cost time
  options.zstd_level = 1;
  std::unique_ptr<Archive> archive;
  Status status = Archive::Open(options, &archive);
  if (!status.ok()) return status;
  int64_t run = 0;
  status = archive->BeginRun({"synthetic", "synthetic", "synthetic", 1700000000000}, &run);
  const int64_t start_ms = 1700000000000;
  int64_t last_report_id = 0;
  std::string last_report_url;
  for (int64_t i = 0; i < captures && status.ok(); ++i) {
    const std::string host = "site" + std::to_string(i % 37) + ".gov.test";
    const std::string base = "http://" + host;
    Capture c;
    c.run_id = run;
    c.request_headers = {{"User-Agent", "gongkai-synthetic"}, {"Accept", "*/*"}};
    c.response_headers = {{"Content-Type", "text/html; charset=utf-8"},
                          {"ETag", "\"" + std::to_string(i) + "\""}};
    c.remote_ip = "127.0.0.1";
    c.started_at_ms = start_ms + i * 1000;
    c.duration_ms = 20;
    c.status = 200;
    c.page_kind = PageKind::kReport;
    c.discovery = DiscoveryKind::kReport;
    c.discovered_from_url = base + "/xxgk/";
    std::optional<std::string> body;
    ExtractionRecord extraction;
    const ExtractionRecord* e = nullptr;
    const int64_t kind = i % 10;
    if (kind == 0) {
      c.url = base + "/xxgk/index_" + std::to_string(i) + ".html";
      c.page_kind = PageKind::kListing;
      c.discovery = DiscoveryKind::kSeed;
      c.discovered_from_url.clear();
      body = PageBody(i, host, "政府信息公开年报");
    } else if (kind <= 5) {
      c.url = base + "/art/" + std::to_string(i) + ".html";
      const std::string title =
          std::to_string(2015 + i % 9) + "年政府信息公开工作年度报告 " + std::to_string(i);
      // Every 4th report carries a body seen before (the same page under a second URL).
      body = i % 4 == 0 && i >= 20 ? PageBody(i - 10, "site" + std::to_string((i - 10) % 37) + ".gov.test",
                                              std::to_string(2015 + (i - 10) % 9) +
                                                  "年政府信息公开工作年度报告 " + std::to_string(i - 10))
                                   : PageBody(i, host, title);
      extraction.title = title;
      extraction.text = "一、总体情况。" + std::to_string(i) + " 本年度共收到申请若干件，均已按时答复。";
      extraction.published = std::to_string(2016 + i % 9) + "-01-31";
      extraction.site = host;
      extraction.source = "办公室";
      extraction.column = "政府信息公开年报";
      extraction.charset = "utf-8";
      extraction.extractor_version = "synthetic-1";
      extraction.extracted_at_ms = c.started_at_ms + 500;
      e = &extraction;
    } else if (kind == 6) {
      c.url = last_report_url;  // the report just before, asked again
      c.status = 304;
      c.revisit_of = last_report_id;
    } else if (kind == 7) {
      c.url = base + "/file/" + std::to_string(i);
      c.final_url = base + "/file/" + std::to_string(i) + ".pdf";
      c.redirect_chain = {c.url, c.final_url};
      c.response_headers = {{"Content-Type", "application/pdf"}};
      c.page_kind = PageKind::kAttachment;
      RedirectHop hop;
      hop.url = c.url;
      hop.status = 302;
      hop.http_version = "HTTP/1.1";
      hop.request_headers = c.request_headers;
      hop.response_headers = {{"Location", c.final_url}, {"Content-Length", "0"}};
      hop.remote_ip = c.remote_ip;
      hop.started_at_ms = c.started_at_ms - 10;
      c.redirect_hops = {hop};
      body = "%PDF-1.4 synthetic " + std::to_string(i) + std::string(2000, 'x');
    } else if (kind == 8) {
      c.url = base + "/missing/" + std::to_string(i);
      c.status = 404;
      c.error_kind = "http";
      c.page_kind = PageKind::kOther;
      body = "<html>404 Not Found</html>";
    } else {
      c.url = base + "/slow/" + std::to_string(i);
      c.status = 0;
      c.error_kind = "timeout";
      c.page_kind = PageKind::kOther;
    }
    if (c.final_url.empty()) c.final_url = c.url;
    RecordedFetch recorded;
    status = archive->RecordFetch(c, body ? std::optional<std::string_view>(*body) : std::nullopt, false, {},
                                  e, &recorded);
    if (kind >= 1 && kind <= 5) {
      last_report_id = recorded.capture_id;
      last_report_url = c.url;
    }
  }
  if (status.ok()) status = archive->FinishRun(run, "{}", start_ms + captures * 1000);
  return status;
}

}  // namespace gongkai::storage::synthetic
