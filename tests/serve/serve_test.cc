// gongkai::serve over HTTP, in-process: a Server on free loopback ports over the fixture archive
// (fixture_archive.h), asked with cpp-httplib's client. Each test is named after what it checks.
#include "serve/server.h"

#include <filesystem>
#include <memory>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "fixture_archive.h"
#include "storage/archive.h"

namespace gongkai::serve {
namespace {

using nlohmann::json;

class ServeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(std::filesystem::temp_directory_path() /
                           ("gongkai-serve-test-" + std::to_string(getpid())));
    std::filesystem::create_directories(*dir_);
    ids_ = new testing::FixtureIds();
    // Port 9 (discard) on loopback: nothing answers, and nothing may ask.
    auto status = testing::WriteFixtureArchive(*dir_ + "/archive.sqlite", "http://127.0.0.1:9", ids_);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete ids_;
  }

  void SetUp() override { Start(Options()); }

  static Options Defaults() {
    Options options;
    options.archive_path = *dir_ + "/archive.sqlite";
    options.port = 0;
    options.archive_connections = 2;
    options.http_threads = 4;
    return options;
  }

  void Start(Options options) {
    if (options.archive_path.empty()) options = Defaults();
    if (server_) server_->Stop();
    server_.reset();
    auto status = Server::Start(options, &server_);
    ASSERT_TRUE(status.ok()) << status.ToString();
    pages_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    raw_ = std::make_unique<httplib::Client>("127.0.0.1", server_->raw_port());
  }

  // GET on the pages' origin; the status in *status, the body returned.
  std::string Get(const std::string& path, int* status = nullptr, httplib::Headers headers = {}) {
    auto res = pages_->Get(path.c_str(), headers);
    EXPECT_TRUE(res) << path << ": " << httplib::to_string(res.error());
    if (!res) return "";
    if (status != nullptr)
      *status = res->status;
    else
      EXPECT_EQ(res->status, 200) << path << "\n" << res->body;
    return res->body;
  }

  json GetJson(const std::string& path, int expected_status = 200) {
    int status = 0;
    std::string body = Get(path, &status);
    EXPECT_EQ(status, expected_status) << path << "\n" << body;
    return json::parse(body, nullptr, false);
  }

  static std::string* dir_;
  static testing::FixtureIds* ids_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> pages_, raw_;
};

std::string* ServeTest::dir_ = nullptr;
testing::FixtureIds* ServeTest::ids_ = nullptr;

std::string Q(const std::string& text) {
  return httplib::detail::encode_query_param(text);
}

// ---- 1. the server ----

TEST_F(ServeTest, NonLoopbackBindNeedsAllowRemoteAndAToken) {
  Options options = Defaults();
  options.bind = "0.0.0.0";
  std::unique_ptr<Server> s;
  Status status = Server::Start(options, &s);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("--allow-remote"), std::string::npos) << status.message();
  options.allow_remote = true;
  status = Server::Start(options, &s);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("token"), std::string::npos) << status.message();
}

TEST_F(ServeTest, LoopbackAddressesAreRecognised) {
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackAddress("127.8.9.10"));
  EXPECT_TRUE(IsLoopbackAddress("::1"));
  EXPECT_TRUE(IsLoopbackAddress("localhost"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackAddress("192.168.1.2"));
  EXPECT_FALSE(IsLoopbackAddress("::"));
}

TEST_F(ServeTest, MissingArchiveIsNotFoundAndNothingIsCreated) {
  Options options = Defaults();
  options.archive_path = *dir_ + "/nope/archive.sqlite";
  std::unique_ptr<Server> s;
  EXPECT_TRUE(Server::Start(options, &s).IsNotFound());
  EXPECT_FALSE(std::filesystem::exists(*dir_ + "/nope"));
}

TEST_F(ServeTest, WithATokenEveryPageNeedsItAndRawLinksAreSigned) {
  Options options = Defaults();
  options.token = "s3cret-token";
  Start(options);
  int status = 0;
  Get("/api/search?q=" + Q("年度报告"), &status);
  EXPECT_EQ(status, 401);
  Get("/api/search?q=" + Q("年度报告"), &status, {{"Authorization", "Bearer wrong"}});
  EXPECT_EQ(status, 401);
  json j =
      json::parse(Get("/api/search?q=" + Q("年度报告"), nullptr, {{"Authorization", "Bearer s3cret-token"}}));
  ASSERT_FALSE(j["results"].empty());
  const std::string raw_url = j["results"][0]["raw_url"];
  ASSERT_NE(raw_url.find("?sig="), std::string::npos) << raw_url;
  EXPECT_EQ(raw_url.find("s3cret"), std::string::npos) << "the token itself must never reach a raw page";
  const std::string path = raw_url.substr(raw_url.find("/raw/"));
  EXPECT_EQ(raw_->Get(path.c_str())->status, 200);
  EXPECT_EQ(raw_->Get(path.substr(0, path.find('?')).c_str())->status, 401);
  // ?token= once sets a cookie for the browser.
  auto res = pages_->Get(("/?token=s3cret-token"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Set-Cookie").find("HttpOnly"), std::string::npos);
  Get("/coverage", &status, {{"Cookie", "gongkai_token=s3cret-token"}});
  EXPECT_EQ(status, 200);
}

TEST_F(ServeTest, StopIsIdempotentAndClosesThePorts) {
  const int port = server_->port();
  server_->Stop();
  server_->Stop();
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  EXPECT_FALSE(client.Get("/"));
}

TEST_F(ServeTest, ReportsWrittenWhileServingAreFoundAtOnce) {
  const std::string query = "/api/search?q=" + Q("运行中新增");
  EXPECT_EQ(GetJson(query)["total"], 0);  // and cached
  {
    storage::Options options;
    options.path = Defaults().archive_path;
    std::unique_ptr<storage::Archive> writer;
    ASSERT_TRUE(storage::Archive::Open(options, &writer).ok());
    int64_t run = 0;
    ASSERT_TRUE(writer->BeginRun({"0.1.0", "live", "", 1733100000000}, &run).ok());
    storage::Capture c;
    c.run_id = run;
    c.url = c.final_url = "http://live.gov.test/new.html";
    c.status = 200;
    c.page_kind = storage::PageKind::kReport;
    storage::ExtractionRecord e;
    e.title = "运行中新增的报告";
    e.text = "抓取运行中新增的内容。";
    e.extractor_version = "test-1";
    ASSERT_TRUE(writer->RecordFetch(c, std::string_view("<html>new</html>"), true, {}, &e, nullptr).ok());
  }
  EXPECT_EQ(GetJson(query)["total"], 1);
  // Put the fixture back for the other tests.
  ASSERT_TRUE(testing::WriteFixtureArchive(Defaults().archive_path, "http://127.0.0.1:9", ids_).ok());
}

// ---- 2. pages ----

TEST_F(ServeTest, SearchPageShowsTotalHighlightsAndLinks) {
  std::string html = Get("/search?per_page=50&q=" + Q("依申请公开"));
  EXPECT_NE(html.find("<mark>依申请公开</mark>"), std::string::npos);
  EXPECT_NE(html.find("id=\"total\""), std::string::npos);
  EXPECT_NE(html.find(">31</b>"), std::string::npos) << "30 filler reports + the report";
  EXPECT_NE(html.find("/report/" + std::to_string(ids_->report)), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
}

TEST_F(ServeTest, SearchPaginatesAndFilters) {
  json page1 = GetJson("/api/search?per_page=10&q=" + Q("年度报告"));
  json page4 = GetJson("/api/search?per_page=10&page=4&q=" + Q("年度报告"));
  EXPECT_EQ(page1["total"], 31);
  EXPECT_EQ(page1["results"].size(), 10u);
  EXPECT_EQ(page4["results"].size(), 1u);
  EXPECT_NE(page1["results"][0]["id"], page4["results"][0]["id"]);
  json other = GetJson("/api/search?site=other.gov.test&q=" + Q("年度报告"));
  EXPECT_EQ(other["total"], 10);
  for (const auto& r : other["results"])
    EXPECT_EQ(r["url"].get<std::string>().find("http://other.gov.test/"), 0u);
  json y2023 = GetJson("/api/search?year=2024&q=" + Q("年度报告"));  // published in 2024: the 2023 reports
  for (const auto& r : y2023["results"]) EXPECT_EQ(r["published"].get<std::string>().substr(0, 4), "2024");
  EXPECT_GT(y2023["total"].get<int>(), 0);
  std::string html = Get("/search?per_page=10&q=" + Q("年度报告"));
  EXPECT_NE(html.find("rel=\"next\""), std::string::npos);
  json by_date = GetJson("/api/search?sort=date&per_page=100&q=" + Q("年度报告"));
  ASSERT_EQ(by_date["results"].size(), 31u);
  for (size_t i = 1; i < by_date["results"].size(); ++i) {
    EXPECT_GE(by_date["results"][i - 1]["published"].get<std::string>(),
              by_date["results"][i]["published"].get<std::string>());
  }
  int status = 0;
  Get("/api/search?sort=random&q=x", &status);
  EXPECT_EQ(status, 400);
}

TEST_F(ServeTest, ApiSearchHasTheDocumentedFields) {
  json j = GetJson("/api/search?q=" + Q("推进政务公开"));
  ASSERT_EQ(j["total"], 1);
  const json& r = j["results"][0];
  EXPECT_EQ(r["id"], ids_->report);
  EXPECT_EQ(r["title"], testing::kReportTitle);
  EXPECT_EQ(r["url"], testing::kReportUrl);
  EXPECT_EQ(r["published"], "2024-01-20");
  EXPECT_EQ(r["site"], "测试市人民政府");
  EXPECT_NE(r["snippet"].get<std::string>().find("[推进政务公开]"), std::string::npos) << r["snippet"];
  EXPECT_EQ(r["raw_url"], "http://127.0.0.1:" + std::to_string(server_->raw_port()) + "/raw/" +
                              std::to_string(ids_->report));
  for (const char* key : {"report_year", "agency"}) EXPECT_TRUE(r.contains(key)) << key;
}

TEST_F(ServeTest, ReportPageHasHeadingsGridAttachmentVersionsAndHistory) {
  std::string html = Get("/report/" + std::to_string(ids_->report));
  EXPECT_NE(html.find("<h1>" + std::string(testing::kReportTitle) + "</h1>"), std::string::npos);
  EXPECT_NE(html.find("<h2>一、总体情况</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h2>四、存在的主要问题及改进情况</h2>"), std::string::npos)
      << "the current (test-2) text";
  EXPECT_NE(html.find("<th>本年新制作数量</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>规范性文件</td><td>10</td>"), std::string::npos);
  EXPECT_NE(html.find("附件正文"), std::string::npos) << "the attachment's text";
  EXPECT_NE(html.find("test-2"), std::string::npos);
  EXPECT_NE(
      html.find("/diff?a=" + std::to_string(ids_->old_report) + "&amp;b=" + std::to_string(ids_->report)),
      std::string::npos);
  EXPECT_NE(html.find("2024-01-20"), std::string::npos);
  EXPECT_NE(html.find("测试市人民政府办公室"), std::string::npos);
  // The live URL is shown as text, never as a link a researcher could follow to the portal.
  EXPECT_EQ(html.find("href=\"" + std::string(testing::kReportUrl)), std::string::npos);
}

TEST_F(ServeTest, DiffShowsWhatChangedBetweenCaptures) {
  std::string html =
      Get("/diff?a=" + std::to_string(ids_->old_report) + "&b=" + std::to_string(ids_->report));
  EXPECT_NE(html.find("class=\"add\">+ 本年共收到依申请公开48件。"), std::string::npos);
  EXPECT_NE(html.find("class=\"del\">− 本年共收到依申请公开45件。"), std::string::npos);
  EXPECT_NE(html.find("<div>  二、主动公开政府信息情况</div>"), std::string::npos);
}

// The <td> of a statistics cell, from its opening tag to its end.
std::string CellTd(const std::string& html, const std::string& field) {
  size_t at = html.find("data-field=\"" + field + "\"");
  if (at == std::string::npos) return "";
  size_t start = html.rfind("<td", at), end = html.find("</td>", at);
  return html.substr(start, end - start);
}

TEST_F(ServeTest, ReportPageShowsTheStatisticsTablesWithTheirChecks) {
  std::string html = Get("/report/" + std::to_string(ids_->report));
  EXPECT_NE(html.find("<th>报告年度 report year</th><td>2023</td>"), std::string::npos);
  EXPECT_NE(html.find("<th>机关 agency</th><td>测试市人民政府</td>"), std::string::npos);
  for (const char* table : {"t2", "t3", "t4"})
    EXPECT_NE(html.find(std::string("table class=\"stats ") + table + "\""), std::string::npos) << table;
  // Typed values, with the print in the title when it differs; '/' for not applicable, blank for a
  // blank print, '·' for a cell not read.
  EXPECT_NE(CellTd(html, "t3.new.natural").find("printed &#39;１０&#39;"), std::string::npos)
      << CellTd(html, "t3.new.natural");
  EXPECT_NE(CellTd(html, "t3.new.natural").find("\">10"), std::string::npos);
  EXPECT_NE(CellTd(html, "t2.fees.amount_10k_yuan").find(">610.6988"), std::string::npos);
  EXPECT_NE(CellTd(html, "t4.review.total").find("class=\"v na\""), std::string::npos);
  EXPECT_NE(CellTd(html, "t4.review.total").find(">/"), std::string::npos);
  EXPECT_NE(CellTd(html, "t3.new.business").find("class=\"v empty\""), std::string::npos);
  EXPECT_NE(CellTd(html, "t3.granted.natural").find("not read\">·"), std::string::npos);
  // The current (test-2) reading fails the balance: its four cells are marked, no other.
  for (const char* field :
       {"t3.new.natural", "t3.carried_in.natural", "t3.total.natural", "t3.carried_over.natural"})
    EXPECT_NE(CellTd(html, field).find(" fail\""), std::string::npos) << field;
  EXPECT_EQ(CellTd(html, "t3.new.social").find("fail"), std::string::npos);
  EXPECT_NE(
      html.find(
          "<td>t3.balance.natural</td><td class=\"FAIL\">FAIL</td><td class=\"numbers\">10 + 0 = 10 != 8 + 1 = 9"),
      std::string::npos);
  EXPECT_NE(html.find("<td>t4.sum.review</td><td class=\"NA\">NA</td>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"bad\">1 FAIL</span>"), std::string::npos);
}

TEST_F(ServeTest, DiffShowsStatisticsChangedBetweenExtractorVersions) {
  const std::string id = std::to_string(ids_->report);
  std::string report = Get("/report/" + id);
  const std::string link = "/diff?a=" + id + "&amp;av=";
  size_t at = report.find(link);
  ASSERT_NE(at, std::string::npos) << "a diff of the older extraction";
  const std::string av =
      report.substr(at + link.size(), report.find('&', at + link.size()) - at - link.size());
  std::string html = Get("/diff?a=" + id + "&av=" + av + "&b=" + id);
  EXPECT_NE(html.find("<tr data-field=\"t3.total.natural\"><td>t3.total.natural</td><td class=\"del\">9</td>"
                      "<td class=\"add\">8</td></tr>"),
            std::string::npos)
      << html;
  EXPECT_NE(
      html.find("<td>check t3.balance.natural</td><td class=\"del\">PASS</td><td class=\"add\">FAIL</td>"),
      std::string::npos);
  EXPECT_EQ(html.find("data-field=\"t3.new.natural\""), std::string::npos)
      << "unchanged cells are not listed";
}

TEST_F(ServeTest, SearchFiltersOnReportYearAndAgencyAndCarriesTheFacts) {
  json j = GetJson("/api/search?q=" + Q("年度报告") + "&report_year=2023");
  ASSERT_EQ(j["total"], 1) << j.dump();
  const json& r = j["results"][0];
  EXPECT_EQ(r["id"], ids_->report);
  EXPECT_EQ(r["report_year"], 2023);
  EXPECT_EQ(r["agency"], "测试市人民政府");
  EXPECT_EQ(r["statistics"], json({{"edition", "2021"}, {"failed_checks", 1}}));
  EXPECT_TRUE(r["region"].is_null()) << "no seeds, no region";
  EXPECT_EQ(GetJson("/api/search?q=" + Q("年度报告") + "&agency=" + Q("测试市"))["total"], 1);
  EXPECT_EQ(GetJson("/api/search?q=" + Q("年度报告") + "&agency=" + Q("另一市"))["total"], 0);
  EXPECT_EQ(GetJson("/api/search?q=" + Q("年度报告") + "&report_year=2022")["total"], 0);
  EXPECT_EQ(GetJson("/api/search?q=" + Q("年度报告") + "&region=" + Q("福建"))["total"], 0);
  std::string page = Get("/search?q=" + Q("年度报告") + "&report_year=2023");
  EXPECT_NE(page.find("<span class=\"stats bad\">统计表 2021 ✗ 1 FAIL</span>"), std::string::npos);
  EXPECT_NE(page.find("<span class=\"ry\">2023年度</span>"), std::string::npos);
}

TEST_F(ServeTest, ProvenanceShowsTheChainWithHeadersIpAndDigest) {
  std::string html = Get("/provenance/" + std::to_string(ids_->report));
  size_t seed = html.find("<b>seed</b> <span class=\"url\">http://fixture.gov.test/xxgk/");
  size_t report = html.find("<b>report</b> <span class=\"url\">" + std::string(testing::kReportUrl));
  ASSERT_NE(seed, std::string::npos) << html;
  ASSERT_NE(report, std::string::npos);
  EXPECT_LT(seed, report);
  EXPECT_NE(html.find("127.0.0.9"), std::string::npos);
  EXPECT_NE(html.find("User-Agent: gongkai/0.1 (+test)"), std::string::npos);
  EXPECT_NE(html.find("Server: fixture"), std::string::npos);
  EXPECT_NE(html.find("2024-12-01 "), std::string::npos) << "capture time";
}

TEST_F(ServeTest, CoverageCountsPerSiteWithMissingYearsAndAChart) {
  json j = GetJson("/api/coverage");
  ASSERT_EQ(j["sites"].size(), 2u);
  const json& fixture = j["sites"][0];
  EXPECT_EQ(fixture["host"], "fixture.gov.test");
  EXPECT_EQ(fixture["reports"], 21);                         // 20 fillers + the report
  EXPECT_EQ(fixture["missing_years"], json::array({2022}));  // published year: reports for 2021
  EXPECT_EQ(fixture["errors"], 1);
  EXPECT_EQ(j["last_run"]["id"], 1);
  std::string html = Get("/coverage");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("<title>2022: 0</title>"), std::string::npos);
}

TEST_F(ServeTest, RunsShowSummaryAndErrorsByKind) {
  std::string html = Get("/runs");
  EXPECT_NE(html.find("http 1"), std::string::npos);
  EXPECT_NE(html.find("<td>31 / 1 / 0</td>"), std::string::npos);
}

// ---- 4. API and bad requests ----

TEST_F(ServeTest, ApiReportIsTheJsonlExportObject) {
  json j = GetJson("/api/report/" + std::to_string(ids_->report));
  EXPECT_EQ(j["title"], testing::kReportTitle);
  EXPECT_EQ(j["extractor_version"], "test-2");
  EXPECT_EQ(j["provenance"]["capture_id"], ids_->report);
  EXPECT_EQ(j["provenance"]["chain"][0]["discovery"], "seed");
}

TEST_F(ServeTest, BadRequestsGet4xxWithAMessageNever5xx) {
  const std::string huge(5000, 'x');
  const std::vector<std::pair<std::string, int>> cases = {
      {"/api/report/abc", 400},
      {"/api/report/0", 400},
      {"/api/report/99999999999999999999999999", 400},
      {"/api/report/424242", 404},
      {"/api/report/" + std::to_string(ids_->old_report), 404},  // not the current capture
      {"/report/424242", 404},
      {"/provenance/-1", 400},
      {"/api/search", 400},
      {"/api/search?q=" + huge, 400},
      {"/api/search?q=" + Q("a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6 7 8 9"), 400},
      {"/api/search?q=%FF%FE", 400},
      {"/api/search?q=x&page=0", 400},
      {"/api/search?q=x&page=99999", 400},
      {"/api/search?q=x&per_page=1000", 400},
      {"/api/search?q=x&year=abc", 400},
      {"/api/search?q=x&report_year=20x3", 400},
      {"/api/search?q=x&report_year=1800", 400},
      {"/api/search?q=x&agency=" + huge, 400},
      {"/api/search?q=x&region=%FF", 400},
      {"/search?q=x&region=" + huge, 400},
      {"/diff?a=1", 400},
      {"/report/..%2F..%2Fetc%2Fpasswd", 404},
      {"/../../etc/passwd", 404},
      {"/static/../../../etc/passwd", 404},
      {"/api/nothing", 404},
  };
  for (const auto& [path, expected] : cases) {
    int status = 0;
    std::string body = Get(path, &status);
    EXPECT_EQ(status, expected) << path << "\n" << body;
    EXPECT_FALSE(body.empty()) << path;
    if (path.rfind("/api/", 0) == 0) {
      json j = json::parse(body, nullptr, false);
      EXPECT_TRUE(j.is_object() && j.contains("error")) << path << ": " << body;
    }
  }
  // A URI longer than the server reads is refused, not crashed on.
  int status = 0;
  Get("/api/search?q=" + std::string(20000, 'y'), &status);
  EXPECT_GE(status, 400);
  EXPECT_LT(status, 500);
}

// ---- 3. raw view ----

TEST_F(ServeTest, RawViewIsSandboxedAndRewritesToArchivedCopies) {
  auto res = raw_->Get(("/raw/" + std::to_string(ids_->report)).c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_EQ(csp.find("sandbox;"), 0u) << csp;
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'none'"), std::string::npos);
  EXPECT_EQ(res->get_header_value("Set-Cookie"), "") << "archived cookies are never replayed";
  const std::string& html = res->body;
  EXPECT_NE(html.find("href=\"/raw/" + std::to_string(ids_->stylesheet) + "\""), std::string::npos) << html;
  EXPECT_NE(html.find("src=\"/raw/" + std::to_string(ids_->image) + "\""), std::string::npos);
  EXPECT_NE(html.find("href=\"/raw/" + std::to_string(ids_->attachment) + "\""), std::string::npos);
  EXPECT_EQ(html.find("elsewhere.gov.test"), std::string::npos) << "unarchived links are removed";
  auto css = raw_->Get(("/raw/" + std::to_string(ids_->stylesheet)).c_str());
  ASSERT_TRUE(css);
  EXPECT_NE(css->body.find("url(\"/raw/" + std::to_string(ids_->image) + "\")"), std::string::npos)
      << css->body;
  EXPECT_NE(css->body.find("@import \"about:invalid\""), std::string::npos) << css->body;
  auto pdf = raw_->Get(("/raw/" + std::to_string(ids_->attachment)).c_str());
  ASSERT_TRUE(pdf);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/octet-stream");
  EXPECT_NE(pdf->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
}

TEST_F(ServeTest, RawOriginServesNothingElseAndPagesOriginServesNoRaw) {
  EXPECT_EQ(raw_->Get("/")->status, 404);
  EXPECT_EQ(raw_->Get("/api/search?q=x")->status, 404);
  EXPECT_EQ(raw_->Get("/raw/abc")->status, 400);
  EXPECT_EQ(raw_->Get(("/raw/" + std::to_string(ids_->not_found + 1000)).c_str())->status, 404);
  int status = 0;
  Get("/raw/" + std::to_string(ids_->report), &status);
  EXPECT_EQ(status, 404);
}

TEST_F(ServeTest, PagesCarryAPolicyWithoutScript) {
  auto res = pages_->Get("/");
  ASSERT_TRUE(res);
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_EQ(csp.find("default-src 'none'"), 0u) << csp;
  EXPECT_EQ(csp.find("script-src"), std::string::npos);
}

}  // namespace
}  // namespace gongkai::serve
