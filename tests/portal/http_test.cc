// HTTP behaviour: ETag/Last-Modified and 304, gzip, redirects, report modification.
#include <zlib.h>

#include "portal_fixture.h"

namespace gongkai::portal::testing {
namespace {

std::string Gunzip(const std::string& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) return "";
  std::string out;
  char buf[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

class PortalHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    SiteSpec spec = TestSite(Template::kTrsWcm);
    spec.faults.redirects = true;
    SiteSpec plain = TestSite(Template::kPlain, "127.0.1.3");
    plain.gzip = false;
    portal_ = StartSites({spec, plain});
    ASSERT_NE(portal_, nullptr);
  }
  const SiteInfo& site() { return portal_->sites()[0]; }
  std::unique_ptr<Portal> portal_;
};

TEST_F(PortalHttp, EtagIsAHashOfTheBodyAndStable) {
  Fetched a = Get(site().report_urls[0]);
  Fetched b = Get(site().report_urls[0]);
  ASSERT_EQ(a.status, 200);
  EXPECT_EQ(a.Header("ETag").size(), 18u);  // quoted 16 hex digits
  EXPECT_EQ(a.Header("ETag"), b.Header("ETag"));
  EXPECT_NE(a.Header("ETag"), Get(site().report_urls[1]).Header("ETag"));
  EXPECT_TRUE(Contains(a.Header("Last-Modified"), " GMT"));
}

TEST_F(PortalHttp, IfNoneMatchGives304) {
  Fetched a = Get(site().report_urls[0]);
  Fetched again = Get(site().report_urls[0], {{"If-None-Match", a.Header("ETag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(again.body, "");
  EXPECT_EQ(again.Header("ETag"), a.Header("ETag"));
  EXPECT_EQ(Get(site().report_urls[0], {{"If-None-Match", "\"0000000000000000\""}}).status, 200);
  EXPECT_EQ(Get(site().report_urls[0], {{"If-None-Match", "\"x\", W/" + a.Header("ETag")}}).status, 304);
}

TEST_F(PortalHttp, IfModifiedSinceGives304) {
  Fetched a = Get(site().report_urls[0]);
  EXPECT_EQ(Get(site().report_urls[0], {{"If-Modified-Since", a.Header("Last-Modified")}}).status, 304);
  EXPECT_EQ(Get(site().report_urls[0], {{"If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT"}}).status, 200);
  // If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2).
  EXPECT_EQ(Get(site().report_urls[0],
                {{"If-Modified-Since", a.Header("Last-Modified")}, {"If-None-Match", "\"0000000000000000\""}})
                .status,
            200);
}

TEST_F(PortalHttp, ModifyReportChangesEtagAndLastModified) {
  Fetched before = Get(site().report_urls[2]);
  Fetched other_before = Get(site().report_urls[1]);
  ASSERT_TRUE(portal_->ModifyReport(0, 2));
  Fetched after = Get(site().report_urls[2], {{"If-None-Match", before.Header("ETag")}});
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.Header("ETag"), before.Header("ETag"));
  EXPECT_NE(after.Header("Last-Modified"), before.Header("Last-Modified"));
  EXPECT_TRUE(Contains(portal_->TruthFor(site().report_urls[2])->body_text, "次修订"));
  EXPECT_EQ(Get(site().report_urls[1], {{"If-None-Match", other_before.Header("ETag")}}).status, 304);
  EXPECT_FALSE(portal_->ModifyReport(0, 99));
  EXPECT_FALSE(portal_->ModifyReport(5, 0));
}

TEST_F(PortalHttp, GzipWhenAccepted) {
  Fetched identity = Get(site().report_urls[0]);
  Fetched gz = Get(site().report_urls[0], {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(identity.Header("Content-Encoding"), "");
  EXPECT_EQ(gz.Header("Content-Encoding"), "gzip");
  EXPECT_LT(gz.body.size(), identity.body.size());
  EXPECT_EQ(Gunzip(gz.body), identity.body);
  EXPECT_EQ(gz.Header("ETag"), identity.Header("ETag"));
}

TEST_F(PortalHttp, AcceptEncodingIsParsed) {
  const std::string url = site().report_urls[0];
  EXPECT_EQ(Get(url, {{"Accept-Encoding", "deflate, gzip, br, zstd"}}).Header("Content-Encoding"), "gzip");
  EXPECT_EQ(Get(url, {{"Accept-Encoding", "gzip;q=0, identity"}}).Header("Content-Encoding"), "");
  EXPECT_EQ(Get(url, {{"Accept-Encoding", "br"}}).Header("Content-Encoding"), "");
  Fetched gz = Get(url, {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(portal_->RequestLog().back().bytes, static_cast<int64_t>(gz.body.size()));  // bytes on the wire
  EXPECT_GT(portal_->ServerCpuSeconds(), 0.0);
}

TEST_F(PortalHttp, NoGzipOnSitesWithoutIt) {
  Fetched f = Get(portal_->sites()[1].report_urls[0], {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(f.status, 200);
  EXPECT_EQ(f.Header("Content-Encoding"), "");
  EXPECT_TRUE(Contains(f.body, "</html>"));
}

TEST_F(PortalHttp, Redirects) {
  Fetched dir = Get(site().base_url + "/xxgk/ndbg");
  EXPECT_EQ(dir.status, 301);
  EXPECT_EQ(dir.Header("Location"), "/xxgk/ndbg/");
  ASSERT_EQ(site().redirect_urls.size(), 1u);
  Fetched go = Get(site().redirect_urls[0]);
  EXPECT_EQ(go.status, 301);
  EXPECT_EQ(site().base_url + go.Header("Location"), site().report_urls[0]);
  EXPECT_TRUE(
      Contains(Get(site().listing_urls[0]).body, site().redirect_urls[0].substr(site().base_url.size())));
}

TEST_F(PortalHttp, UnknownPathIs404) {
  EXPECT_EQ(Get(site().base_url + "/no/such/page.html").status, 404);
  EXPECT_EQ(Get(site().base_url + "/xxgk/ndbg/202101/t20210106_1.html").status, 404);
}

}  // namespace
}  // namespace gongkai::portal::testing
