// The libcurl Transport against real servers on loopback: the body cap stops the transfer and bounds the
// buffer (the portal's 24 MiB page), and TLS is verified by default -- an untrusted certificate is
// refused with error kind "tls", and accepted once its CA is configured (Options::ca_file).
#include "crawler/transport.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <thread>

#include "crawl_bed.h"
#include "test_cert.h"

namespace gongkai::testing {
namespace {

// Drives `fetcher` until the one transfer started finishes (Poll returns early when it does).
crawler::FetchResult FetchOne(crawler::Transport& fetcher, const std::string& url) {
  crawler::FetchRequest request;
  request.id = 1;
  request.url = url;
  fetcher.Start(request);
  for (int i = 0; i < 120; ++i) {  // Poll waits up to 1 s each: ample for loopback
    crawler::TransportEvents done;
    fetcher.Poll(1000, &done);
    if (!done.fetches.empty()) return std::move(done.fetches.front());
  }
  ADD_FAILURE() << "no answer from " << url;
  return {};
}

TEST(FetcherTest, BodyCapStopsTheTransferAndBoundsTheBuffer) {
  portal::SiteSpec site;
  site.name = "大页区人民政府";
  site.ip = "127.0.8.1";
  site.faults.oversized_bytes = 24LL * 1024 * 1024;
  CrawlBed bed({site});
  std::string big;
  for (const auto& url : bed.portal().sites()[0].fault_urls) {
    if (url.find("/big/") != std::string::npos) big = url;
  }
  ASSERT_FALSE(big.empty());

  crawler::Options options;
  options.max_body_bytes = 1 << 20;
  auto fetcher = crawler::NewCurlTransport(options, crawler::RealClock());
  crawler::FetchResult result = FetchOne(*fetcher, big);
  EXPECT_EQ(result.error, crawler::FetchError::kNone) << result.error_message;
  EXPECT_EQ(result.status, 200);
  EXPECT_TRUE(result.truncated);
  EXPECT_EQ(result.body.size(), static_cast<size_t>(options.max_body_bytes));
  EXPECT_LE(result.body.capacity(), static_cast<size_t>(options.max_body_bytes));

  // The transfer was aborted: the server could not hand over all 24 MiB (what it wrote went
  // at most into the socket buffers).
  bed.portal().Stop();
  auto log = bed.portal().RequestLog();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_LT(log[0].bytes, site.faults.oversized_bytes);
}

TEST(FetcherTest, BodyUnderTheCapIsWholeAndNotTruncated) {
  portal::SiteSpec site;
  site.name = "小页区人民政府";
  site.ip = "127.0.8.2";
  CrawlBed bed({site});
  crawler::Options options;
  auto fetcher = crawler::NewCurlTransport(options, crawler::RealClock());
  crawler::FetchResult result = FetchOne(*fetcher, bed.portal().sites()[0].listing_urls[0]);
  EXPECT_EQ(result.status, 200);
  EXPECT_FALSE(result.truncated);
  EXPECT_GT(result.body.size(), 0u);
}

// An HTTPS server on loopback with a certificate for its address, signed by nobody the system
// trusts.
class TlsFetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(WriteSelfSignedCert(kIp, dir_.path(), &cert_, &key_, &error)) << error;
    server_ = std::make_unique<httplib::SSLServer>(cert_.c_str(), key_.c_str());
    ASSERT_TRUE(server_->is_valid());
    server_->Get(
        "/", [](const httplib::Request&, httplib::Response& res) { res.set_content("hello", "text/plain"); });
    port_ = server_->bind_to_any_port(kIp);
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::yield();
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  std::string Url() const { return "https://" + std::string(kIp) + ":" + std::to_string(port_) + "/"; }

  static constexpr const char* kIp = "127.0.8.3";
  TempDir dir_;
  std::string cert_, key_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(TlsFetchTest, UntrustedCertificateRefusedByDefault) {
  crawler::Options options;  // verify_tls = true, system CA store
  auto fetcher = crawler::NewCurlTransport(options, crawler::RealClock());
  crawler::FetchResult result = FetchOne(*fetcher, Url());
  EXPECT_EQ(result.error, crawler::FetchError::kTls);
  EXPECT_STREQ(crawler::ToString(result.error), "tls");
  EXPECT_FALSE(result.error_message.empty());
  EXPECT_TRUE(result.body.empty());
}

TEST_F(TlsFetchTest, AcceptedWhenItsCaIsConfigured) {
  crawler::Options options;
  options.ca_file = cert_;  // the self-signed certificate is its own CA
  auto fetcher = crawler::NewCurlTransport(options, crawler::RealClock());
  crawler::FetchResult result = FetchOne(*fetcher, Url());
  EXPECT_EQ(result.error, crawler::FetchError::kNone) << result.error_message;
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, "hello");
}

TEST_F(TlsFetchTest, MissingCaFileIsATlsError) {
  crawler::Options options;
  options.ca_file = dir_.path() + "/no-such-ca.pem";
  auto fetcher = crawler::NewCurlTransport(options, crawler::RealClock());
  crawler::FetchResult result = FetchOne(*fetcher, Url());
  EXPECT_EQ(result.error, crawler::FetchError::kTls) << result.error_message;
}

// Names are looked up on the transport's helper thread; the answer comes out of Poll(), which the
// helper wakes. Literals are answered without a lookup.
TEST(FetcherTest, NamesResolveOffTheLoopAndComeOutOfPoll) {
  crawler::Options options;
  auto transport = crawler::NewCurlTransport(options, crawler::RealClock());
  transport->Resolve("localhost");
  transport->Resolve("127.0.0.9");
  transport->Resolve("[::1]");
  transport->Resolve("no-such-host.invalid");
  std::map<std::string, std::string> answers;
  for (int i = 0; i < 100 && answers.size() < 4; ++i) {
    crawler::TransportEvents events;
    transport->Poll(100, &events);
    for (const auto& r : events.resolutions) answers[r.host_name] = r.ip;
  }
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_TRUE(answers["localhost"] == "127.0.0.1" || answers["localhost"] == "::1") << answers["localhost"];
  EXPECT_EQ(answers["127.0.0.9"], "127.0.0.9");
  EXPECT_EQ(answers["[::1]"], "::1");
  EXPECT_EQ(answers["no-such-host.invalid"], "");
}

}  // namespace
}  // namespace gongkai::testing
