// No cross-site poisoning, through the binary against loopback sites.
//
// RFC 9309 section 2.3.1.2 (https://www.rfc-editor.org/rfc/rfc9309#section-2.3.1.2): "It's
// possible that a server responds to a robots.txt fetch request with a redirect ... crawlers SHOULD
// follow at least five consecutive redirects, even across authorities (for example, hosts in the
// case of HTTP)."
//
// The attack: site A answers its robots.txt with a 302 to site B's robots.txt, and runs a server of
// its own on B's port at A's address. A crawler that pins the redirect hop to A's address (the
// first host's) fetches "B's robots.txt" from A, stores it as B's, and from then on may send B's
// pages to A too -- A's content archived under B's URLs. Each hop must be resolved, scope-checked,
// charged and contacted as its own host, and every capture must come from its own host's address.
#include <gtest/gtest.h>

#include <fstream>

#include "crawl_bed.h"
#include "loopback_site.h"

namespace gongkai::testing {
namespace {

constexpr char kAttackerIp[] = "127.0.9.1";
constexpr char kVictimIp[] = "127.0.9.2";

ScriptedAnswer Html(const std::string& body) {
  return MakeAnswer(
      200, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>" + body +
               "</body></html>");
}
ScriptedAnswer Text(const std::string& body) {
  return MakeAnswer(200, body, "text/plain");
}
ScriptedAnswer Redirect(const std::string& to) {
  return MakeAnswer(302, "", "text/plain", {{"Location", to}});
}

std::string ReportPage(const std::string& marker) {
  std::string body = "<h1>乙县人民政府2020年政府信息公开工作年度报告</h1>";
  for (int i = 0; i < 6; ++i) {
    body +=
        "<p>" + marker +
        " 本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况。</p>";
  }
  return Html(body).body;
}

// The victim B, the attacker A, and the attacker's server on B's port at A's address (A').
class CrossHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    victim_ = std::make_unique<LoopbackSite>(kVictimIp, 0);
    ASSERT_TRUE(victim_->ok());
    attacker_ = std::make_unique<LoopbackSite>(kAttackerIp, 0);
    ASSERT_TRUE(attacker_->ok());
    impostor_ = std::make_unique<LoopbackSite>(kAttackerIp, victim_->port());
    ASSERT_TRUE(impostor_->ok()) << "cannot bind " << kAttackerIp << ":" << victim_->port();

    victim_->Answer("/robots.txt", Text("User-agent: *\nDisallow: /private/\n"));
    victim_->Answer("/list.html",
                    Html("<a href=\"/r1.html\">乙县人民政府2020年政府信息公开工作年度报告</a>"
                         "<a href=\"/private/r2.html\">乙县人民政府2021年政府信息公开工作年度报告</a>"));
    victim_->Answer("/r1.html", MakeAnswer(200, ReportPage("VICTIM")));
    victim_->Answer("/private/r2.html", MakeAnswer(200, ReportPage("VICTIM-PRIVATE")));

    attacker_->Answer("/robots.txt", Redirect(victim_->url("/robots.txt")));
    attacker_->Answer("/list.html",
                      Html("<ul><li><a href=\"/a1.html\">甲区人民政府2020年政府信息公开工作年度报告</a>"
                           "<span>2021-01-05</span></li></ul>"));
    attacker_->Answer("/a1.html", MakeAnswer(200, ReportPage("ATTACKER")));

    impostor_->Answer("/robots.txt", Text("User-agent: *\nDisallow: /\n"));
    impostor_->AnswerEverythingElse(MakeAnswer(200, ReportPage("POISON")));
  }

  // Writes the seeds (A's seed allows `attacker_allows` besides A itself) and config; runs a crawl.
  int Crawl(const std::vector<std::string>& attacker_allows) {
    std::string seeds = bed_.dir() + "/seeds.toml";
    std::ofstream out(seeds);
    out << "[[seed]]\nname = \"attacker\"\nlisting_urls = [\"" << attacker_->url("/list.html")
        << "\"]\nallowed_hosts = [\"" << attacker_->host() << "\"";
    for (const auto& h : attacker_allows) out << ", \"" << h << "\"";
    out << "]\nmin_delay_ms = 50\n\n[[seed]]\nname = \"victim\"\nlisting_urls = [\""
        << victim_->url("/list.html") << "\"]\nallowed_hosts = [\"" << victim_->host()
        << "\"]\nmin_delay_ms = 50\n";
    out.close();
    crawler::Options options = FastOptions();
    options.min_delay_ms = 50;
    std::string config = bed_.WriteConfig(options);
    return RunGongkai({"--config", config, "crawl", "--seeds", seeds, "--progress", "none"},
                      bed_.dir() + "/out.txt");
  }

  // Every capture that got an answer came from the address named by its own URL's host, and no
  // stored body is the impostor's.
  void ExpectEveryCaptureFromItsOwnHost() {
    auto archive = bed_.OpenArchive();
    ASSERT_TRUE(archive);
    int captures = 0;
    EXPECT_TRUE(archive
                    ->ForEachCapture({},
                                     [&](const storage::Capture& c) {
                                       ++captures;
                                       std::string url = c.final_url.empty() ? c.url : c.final_url;
                                       std::string ip =
                                           url.substr(7, url.find(':', 7) - 7);  // http://IP:PORT/...
                                       if (c.status > 0) {
                                         EXPECT_EQ(c.remote_ip, ip) << url;
                                       }
                                       if (!c.body_sha256.empty()) {
                                         std::string body;
                                         EXPECT_TRUE(archive->GetBody(c.body_sha256, &body).ok());
                                         EXPECT_EQ(body.find("POISON"), std::string::npos) << url;
                                         EXPECT_EQ(body.find("Disallow: /\n"), std::string::npos) << url;
                                       }
                                       return true;
                                     })
                    .ok());
    EXPECT_GT(captures, 0);
  }

  int VictimRequests(const std::string& path) {
    int n = 0;
    for (const auto& hit : victim_->hits()) n += hit.path == path;
    return n;
  }

  CrawlBed bed_{{}};
  std::unique_ptr<LoopbackSite> victim_, attacker_, impostor_;
};

// RFC 9309 2.3.1.2 and the poisoning attack: the redirect leaves A's seed scope, so it is refused
// (A's robots.txt counts as unavailable: allow all), and B is crawled by its own rules, from its own
// address, in this run and in the next (which reuses the stored robots.txt).
TEST_F(CrossHostTest, RobotsRedirectToAnotherSeedsHostNeverFetchesItFromTheWrongAddress) {
  for (int run = 0; run < 2; ++run) {
    EXPECT_EQ(Crawl({}), 0) << "run " << run;
    EXPECT_TRUE(impostor_->hits().empty()) << "run " << run << ": the impostor at A's address was contacted";
    for (const auto& hit : victim_->hits()) EXPECT_EQ(hit.local_addr, kVictimIp);
    EXPECT_EQ(VictimRequests("/private/r2.html"), 0) << "B's own Disallow was lifted";
    EXPECT_EQ(VictimRequests("/r1.html"), run + 1) << "run " << run << ": B's report was not fetched once";
    ExpectEveryCaptureFromItsOwnHost();
  }
  EXPECT_EQ(VictimRequests("/robots.txt"), 1);  // B's own, once; the second run reused it
  auto reports = bed_.ArchivedReports();
  EXPECT_EQ(reports.count(victim_->url("/r1.html")), 1u);
  EXPECT_EQ(reports.count(attacker_->url("/a1.html")), 1u);
}

// RFC 9309 2.3.1.2, redirects followed across authorities: when A's seed does allow B's host, the
// hop is followed -- to B's address, never A's -- and B's rules then govern A too.
TEST_F(CrossHostTest, RobotsRedirectAcrossAuthoritiesIsFetchedFromTheTargetsOwnAddress) {
  EXPECT_EQ(Crawl({victim_->host()}), 0);
  EXPECT_TRUE(impostor_->hits().empty()) << "the impostor at A's address was contacted";
  EXPECT_EQ(VictimRequests("/robots.txt"), 2);  // the hop from A, and B's own request
  EXPECT_EQ(VictimRequests("/private/r2.html"), 0);
  EXPECT_EQ(VictimRequests("/r1.html"), 1);
  for (const auto& hit : victim_->hits()) EXPECT_EQ(hit.local_addr, kVictimIp);
  ExpectEveryCaptureFromItsOwnHost();
}

}  // namespace
}  // namespace gongkai::testing
