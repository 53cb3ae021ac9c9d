// Anti-bot challenge recognition: the real 加速乐 script and 412 WAF pages are challenges; ordinary
// pages (even ones mentioning cookies) are not.
#include "crawler/challenge.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace gongkai::crawler {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(GONGKAI_CRAWLER_TESTDATA) + "/" + name, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ChallengeTest, Jsl521WithRealChallengeScript) {
  std::string body = "<script>" + ReadFixture("real-jsl-challenge.js") + "</script>";
  EXPECT_EQ(DetectChallenge(521, body), ChallengeKind::kJslCookie);
}

TEST(ChallengeTest, JslScriptServedWith200IsStillAChallenge) {
  std::string body = "<script>" + ReadFixture("real-jsl-challenge.js") + "</script>";
  EXPECT_EQ(DetectChallenge(200, body), ChallengeKind::kJslCookie);
}

TEST(ChallengeTest, Waf412) {
  EXPECT_EQ(DetectChallenge(412, "<html><script>var a=1;</script></html>"), ChallengeKind::kWaf412);
}

TEST(ChallengeTest, OtherCookieReloadScript) {
  EXPECT_EQ(DetectChallenge(200, "<script>document.cookie='x=1';location.reload()</script>"),
            ChallengeKind::kJsCookie);
}

TEST(ChallengeTest, OrdinaryPagesAreNotChallenges) {
  EXPECT_EQ(DetectChallenge(200, "<html><p>2020年年度报告</p></html>"), ChallengeKind::kNone);
  EXPECT_EQ(DetectChallenge(404, "Not Found"), ChallengeKind::kNone);
  EXPECT_EQ(DetectChallenge(503, "busy"), ChallengeKind::kNone);
  EXPECT_EQ(DetectChallenge(200, "<p>本站使用 document.cookie 记录字体; <a href='/'>location.href</a></p>"),
            ChallengeKind::kNone);
}

}  // namespace
}  // namespace gongkai::crawler
