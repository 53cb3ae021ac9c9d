// The serve tests' archive (see fixture_archive.h).
#include "fixture_archive.h"

#include <filesystem>
#include <memory>

#include "storage/archive.h"

namespace gongkai::serve::testing {
namespace {

using storage::Capture;
using storage::ExtractionRecord;
using storage::Status;

constexpr int64_t kT0 = 1733000000000;  // 2024-11-30

// A 1x1 PNG (one dark red pixel).
const unsigned char kPng[] = {
    137, 80, 78, 71, 13,  10, 26,  10,  0,   0,   0,  13, 73, 72, 68, 82, 0,  0,  0,   1,   0,  0,   0,
    1,   8,  2,  0,  0,   0,  144, 119, 83,  222, 0,  0,  0,  12, 73, 68, 65, 84, 120, 156, 99, 232, 150,
    146, 2,  0,  1,  243, 0,  192, 72,  227, 253, 34, 0,  0,  0,  0,  73, 69, 78, 68,  174, 66, 96,  130};

class Writer {
 public:
  Writer(storage::Archive* archive, int64_t run) : archive_(archive), run_(run) {}

  Status Record(const std::string& url, int status, storage::PageKind kind, storage::DiscoveryKind discovery,
                const std::string& from, const std::string& content_type, std::optional<std::string> body,
                const ExtractionRecord* e, int64_t at_ms, int64_t* id) {
    Capture c;
    c.run_id = run_;
    c.url = url;
    c.final_url = url;
    c.status = status;
    c.page_kind = kind;
    c.discovery = discovery;
    c.discovered_from_url = from;
    c.request_headers = {{"User-Agent", "gongkai/0.1 (+test)"}, {"Accept", "*/*"}};
    c.response_headers = {
        {"Content-Type", content_type}, {"Server", "fixture"}, {"Set-Cookie", "track=1; Path=/"}};
    c.remote_ip = "127.0.0.9";
    c.started_at_ms = at_ms;
    c.duration_ms = 12;
    if (status == 404) c.error_kind = "http";
    std::optional<std::string_view> view;
    if (body) view = *body;
    storage::RecordedFetch recorded;
    Status recorded_status = archive_->RecordFetch(c, view, true, {}, e, &recorded);
    if (recorded_status.ok() && id != nullptr) *id = recorded.capture_id;
    return recorded_status;
  }

 private:
  storage::Archive* archive_;
  int64_t run_;
};

ExtractionRecord Extraction(const std::string& title, const std::string& published, const std::string& text,
                            const std::string& site, const std::string& version, int64_t at_ms) {
  ExtractionRecord e;
  e.title = title;
  e.published = published;
  e.text = text;
  e.site = site;
  e.source = "测试市人民政府办公室";
  e.column = "年度报告";
  e.charset = "utf-8";
  e.extractor_version = version;
  e.extracted_at_ms = at_ms;
  return e;
}

std::string HostilePage(const std::string& out) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>hostile</title>"
         "<meta http-equiv=\"refresh\" content=\"0; url=" +
         out +
         "/refresh\">"
         "<meta http-equiv=\"Set-Cookie\" content=\"evil=1\">"
         "<base href=\"" +
         out +
         "/base/\">"
         "<link rel=\"stylesheet\" href=\"" +
         out +
         "/style.css\">"
         "<link rel=\"preconnect\" href=\"" +
         out + "\"><link rel=\"prefetch\" href=\"" + out +
         "/prefetch\">"
         "<style>@import \"" +
         out + "/import.css\"; @import url(" + out +
         "/import2.css);"
         " body{background:url('" +
         out + "/bg.png')} @font-face{font-family:x;src:url(" + out +
         "/font.woff)}</style>"
         "<script>fetch('" +
         out +
         "/fetch'); document.cookie='stolen=1'; window.__ran = true;"
         "new Image().src='" +
         out +
         "/script-image';</script>"
         "<script src=\"" +
         out +
         "/external.js\"></script>"
         "<svg><script>fetch('" +
         out +
         "/svg-script')</script></svg>"
         "</head><body onload=\"fetch('" +
         out +
         "/onload')\">"
         "<h1 id=\"marker\">hostile archived page</h1>"
         "<p>relative image via the base: <img src=\"relative.png\"></p>"
         "<img src=\"" +
         out + "/image.png\" srcset=\"" + out + "/srcset.png 2x\" onerror=\"fetch('" + out +
         "/onerror')\">"
         "<img src=\"x\" onerror=\"fetch('" +
         out +
         "/onerror2')\">"
         "<iframe src=\"" +
         out + "/frame\"></iframe><iframe srcdoc=\"<script>fetch('" + out +
         "/srcdoc')</script>\"></iframe>"
         "<object data=\"" +
         out + "/object\"></object><embed src=\"" + out +
         "/embed\">"
         "<video poster=\"" +
         out + "/poster.png\"><source src=\"" + out +
         "/video.mp4\"></video>"
         "<div style=\"background-image:url(" +
         out +
         "/inline-bg.png)\">styled</div>"
         "<a id=\"out\" href=\"" +
         out + "/link\" ping=\"" + out +
         "/ping\">outside link</a>"
         "<a id=\"js\" href=\"javascript:fetch('" +
         out +
         "/js-link')\">js link</a>"
         "<form id=\"f\" action=\"" +
         out +
         "/form\" method=\"post\"><input name=\"a\" value=\"1\"><button id=\"submit\" type=\"submit\">send</button></form>"
         "<script>document.getElementById('f').submit()</script>"
         "<!--><script>fetch('" +
         out +
         "/comment-trick')</script>-->"
         "<p><a id=\"in\" href=\"/xxgk/ndbg/2023.html\">the archived report</a></p>"
         "</body></html>";
}

}  // namespace

Status WriteFixtureArchive(const std::string& path, const std::string& outside_url, FixtureIds* ids) {
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  storage::Options options;
  options.path = path;
  options.durable_commits = false;
  std::unique_ptr<storage::Archive> archive;
  Status status = storage::Archive::Open(options, &archive);
  if (!status.ok()) return status;
  int64_t run = 0;
  status = archive->BeginRun({"0.1.0", "fixture", "", kT0}, &run);
  if (!status.ok()) return status;
  Writer w(archive.get(), run);
  using storage::DiscoveryKind;
  using storage::PageKind;
  const std::string listing = "http://fixture.gov.test/xxgk/";
  const std::string html = "text/html; charset=utf-8";
  auto check = [&](Status s) {
    if (status.ok()) status = s;
  };
  check(w.Record(listing, 200, PageKind::kListing, DiscoveryKind::kSeed, "", html,
                 "<html><body><a href=\"ndbg/2023.html\">2023年报</a></body></html>", nullptr, kT0,
                 &ids->seed));
  check(w.Record("http://fixture.gov.test/css/site.css", 200, PageKind::kOther, DiscoveryKind::kAttachment,
                 kReportUrl, "text/css",
                 "h1{color:#8b1a1a} .logo{background:url(../images/logo.png)} @import \"" + outside_url +
                     "/css-import.css\";",
                 nullptr, kT0 + 1000, &ids->stylesheet));
  check(w.Record("http://fixture.gov.test/images/logo.png", 200, PageKind::kOther, DiscoveryKind::kAttachment,
                 kReportUrl, "image/png", std::string(reinterpret_cast<const char*>(kPng), sizeof(kPng)),
                 nullptr, kT0 + 2000, &ids->image));
  ExtractionRecord pdf_text =
      Extraction("附件1", "", "附件正文：主动公开政府信息120条。", "", "test-1", kT0 + 3000);
  check(w.Record("http://fixture.gov.test/files/a.pdf", 200, PageKind::kAttachment,
                 DiscoveryKind::kAttachment, kReportUrl, "application/pdf", "%PDF-1.4 fixture", &pdf_text,
                 kT0 + 3000, &ids->attachment));
  const std::string text_v1 =
      "一、总体情况\n2023年，测试市认真贯彻落实《中华人民共和国政府信息公开条例》。\n"
      "二、主动公开政府信息情况\n项目 | 本年新制作数量 | 本年新公开数量\n规章 | 2 | 3\n规范性文件 | 10 | 12\n"
      "三、收到和处理政府信息公开申请情况\n本年共收到依申请公开45件。\n";
  const std::string text_v2 =
      "一、总体情况\n2023年，测试市认真贯彻落实《中华人民共和国政府信息公开条例》，推进政务公开。\n"
      "二、主动公开政府信息情况\n项目 | 本年新制作数量 | 本年新公开数量\n规章 | 2 | 3\n规范性文件 | 10 | 12\n"
      "三、收到和处理政府信息公开申请情况\n本年共收到依申请公开48件。\n四、存在的主要问题及改进情况\n公开的及时性有待提高。\n";
  ExtractionRecord old_e =
      Extraction(kReportTitle, "2024-01-20", text_v1, "测试市人民政府", "test-1", kT0 + 4000);
  check(w.Record(kReportUrl, 200, PageKind::kReport, DiscoveryKind::kReport, listing, html,
                 "<html><body><h1>2023 v1</h1></body></html>", &old_e, kT0 + 4000, &ids->old_report));
  const std::string report_html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + std::string(kReportTitle) +
      "</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head><body><img class=\"logo\" src=\"../../images/logo.png\" "
      "alt=\"logo\"><h1>" +
      kReportTitle +
      "</h1><p>正文</p><a href=\"/files/a.pdf\">附件1.pdf</a>"
      "<a href=\"http://elsewhere.gov.test/\">not archived</a></body></html>";
  ExtractionRecord e1 =
      Extraction(kReportTitle, "2024-01-20", text_v1, "测试市人民政府", "test-1", kT0 + 86400000);
  e1.attachments = {storage::AttachmentLink("附件1.pdf", "http://fixture.gov.test/files/a.pdf")};
  e1.tables = {{{"项目", "本年新制作数量", "本年新公开数量"}, {"规章", "2", "3"}}};
  // Statistics: test-1 read them consistent, test-2 reads 总计 one lower (a FAIL on the balance).
  e1.report_year = 2023;
  e1.agency = "测试市人民政府";
  e1.statistics_edition = "2021";
  e1.statistic_cells = {{"t3.new.natural", "number", 10, "１０"},
                        {"t3.carried_in.natural", "number", 0, "0"},
                        {"t3.total.natural", "number", 9, "9"},
                        {"t3.carried_over.natural", "number", 1, "1"},
                        {"t4.review.total", "na", 0, "—"},
                        {"t2.fees.amount_10k_yuan", "number", 610.6988, "610.6988万元"},
                        {"t3.new.business", "empty", 0, ""}};
  const std::vector<std::string> balance = {"t3.new.natural", "t3.carried_in.natural", "t3.total.natural",
                                            "t3.carried_over.natural"};
  e1.statistic_checks = {{"t3.balance.natural", "PASS", "10 + 0 = 9 + 1", balance},
                         {"t4.sum.review", "NA", "t4.review.total is null", {"t4.review.total"}}};
  check(w.Record(kReportUrl, 200, PageKind::kReport, DiscoveryKind::kReport, listing, html, report_html, &e1,
                 kT0 + 86400000, &ids->report));
  if (status.ok()) {  // a newer extractor's version of the same body
    ExtractionRecord e2 = e1;
    e2.capture_id = ids->report;
    e2.text = text_v2;
    e2.extractor_version = "test-2";
    e2.extracted_at_ms = kT0 + 2 * 86400000;
    e2.statistic_cells[2] = {"t3.total.natural", "number", 8, "8"};
    e2.statistic_checks[0] = {"t3.balance.natural", "FAIL",
                              "10 + 0 = 10 != 8 + 1 = 9; source: the printed integers disagree", balance};
    check(archive->PutExtraction(e2, nullptr));
  }
  check(w.Record("http://fixture.gov.test/hostile.html", 200, PageKind::kOther, DiscoveryKind::kListing,
                 listing, html, HostilePage(outside_url), nullptr, kT0 + 5000, &ids->hostile));
  check(w.Record("http://fixture.gov.test/missing.html", 404, PageKind::kOther, DiscoveryKind::kListing,
                 listing, html, "not found", nullptr, kT0 + 6000, &ids->not_found));
  // 30 more reports: fixture.gov.test 2019-2023 without 2021, other.gov.test 2020-2023.
  for (int i = 0; i < 30 && status.ok(); ++i) {
    const bool other = i % 3 == 0;
    static const int kYears[] = {2019, 2020, 2022, 2023};
    const int year = other ? 2020 + i % 4 : kYears[i % 4];
    const std::string host = other ? "other.gov.test" : "fixture.gov.test";
    const std::string url = "http://" + host + "/xxgk/old/" + std::to_string(i) + ".html";
    ExtractionRecord e = Extraction(
        (other ? "另一市" : "测试市") + std::to_string(year) + "年度报告第" + std::to_string(i) + "号",
        std::to_string(year + 1) + "-02-01", "依申请公开工作年度报告 编号" + std::to_string(i) + "。",
        other ? "另一市人民政府" : "测试市人民政府", "test-1", kT0 + 7000 + i);
    int64_t id = 0;
    check(w.Record(url, 200, PageKind::kReport, DiscoveryKind::kReport, "http://" + host + "/xxgk/", html,
                   "<html><body>" + std::to_string(i) + "</body></html>", &e, kT0 + 7000 + i, &id));
  }
  if (!status.ok()) return status;
  return archive->FinishRun(run,
                            "{\"stop_reason\":\"done\",\"requests\":40,\"pages\":38,\"errors\":1,"
                            "\"reports\":{\"new\":31,\"changed\":1,\"unchanged\":0,\"not_modified\":0},"
                            "\"errors_by_kind\":{\"http\":1}}",
                            kT0 + 600000);
}

}  // namespace gongkai::serve::testing
