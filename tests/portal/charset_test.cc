// Encodings are what they claim, or deliberately not (the wrong-declaration site).
#include <iconv.h>

#include "portal_fixture.h"

namespace gongkai::portal::testing {
namespace {

bool ValidUtf8(const std::string& s) {
  iconv_t cd = iconv_open("UTF-16LE", "UTF-8");
  char* in = const_cast<char*>(s.data());
  size_t in_left = s.size();
  std::string out(s.size() * 4 + 4, '\0');
  char* o = out.data();
  size_t out_left = out.size();
  const bool ok = iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1);
  iconv_close(cd);
  return ok;
}

std::string GbkToUtf8(const std::string& s) {
  iconv_t cd = iconv_open("UTF-8", "GBK");
  char* in = const_cast<char*>(s.data());
  size_t in_left = s.size();
  std::string out(s.size() * 2 + 4, '\0');
  char* o = out.data();
  size_t out_left = out.size();
  const bool ok = iconv(cd, &in, &in_left, &o, &out_left) != static_cast<size_t>(-1);
  iconv_close(cd);
  if (!ok) return "";
  out.resize(out.size() - out_left);
  return out;
}

struct Served {
  std::string content_type;
  std::string body;
  std::string title;  // ground truth
};

Served Serve(Charset charset) {
  SiteSpec spec = TestSite(Template::kPlain);
  spec.charset = charset;
  auto portal = StartSites({spec});
  const std::string url = portal->sites()[0].report_urls[0];
  Fetched f = Get(url);
  return {f.Header("Content-Type"), f.body, portal->TruthFor(url)->title};
}

TEST(PortalCharset, Utf8DeclaredEverywhere) {
  Served s = Serve(Charset::kUtf8);
  EXPECT_EQ(s.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(Contains(s.body, "charset=utf-8\">"));
  EXPECT_TRUE(ValidUtf8(s.body));
  EXPECT_TRUE(Contains(s.body, s.title));
}

TEST(PortalCharset, GbkDeclaredOnlyInMeta) {
  Served s = Serve(Charset::kGbkMetaOnly);
  EXPECT_EQ(s.content_type, "text/html");
  EXPECT_TRUE(Contains(s.body, "charset=gb2312\">"));
  EXPECT_FALSE(ValidUtf8(s.body));
  EXPECT_TRUE(Contains(GbkToUtf8(s.body), s.title));
}

TEST(PortalCharset, GbkDeclaredOnlyInHeader) {
  Served s = Serve(Charset::kGbkHeaderOnly);
  EXPECT_EQ(s.content_type, "text/html; charset=GBK");
  EXPECT_FALSE(Contains(s.body, "charset="));
  EXPECT_TRUE(Contains(GbkToUtf8(s.body), s.title));
}

TEST(PortalCharset, WrongDeclarationIsGbkClaimingUtf8) {
  Served s = Serve(Charset::kWrongDeclaration);
  EXPECT_EQ(s.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(Contains(s.body, "charset=utf-8\">"));
  EXPECT_FALSE(ValidUtf8(s.body));  // the declaration lies
  EXPECT_TRUE(Contains(GbkToUtf8(s.body), s.title));
}

TEST(PortalCharset, GbkCoversAllReportText) {
  // Every character of the report bodies exists in GBK: no '?' substitutions in the GBK pages.
  SiteSpec spec = TestSite(Template::kTrsWcm);
  spec.charset = Charset::kGbkMetaOnly;
  spec.report_count = 16;  // all example texts appear
  auto portal = StartSites({spec});
  for (const auto& url : portal->sites()[0].report_urls) {
    const std::string utf8 = GbkToUtf8(Get(url).body);
    auto truth = portal->TruthFor(url);
    size_t start = 0;
    while (start < truth->body_text.size()) {
      size_t nl = truth->body_text.find('\n', start);
      const std::string line = truth->body_text.substr(start, nl - start);
      if (line.find(" | ") == std::string::npos && line.find_first_of("&<>\"") == std::string::npos) {
        EXPECT_TRUE(Contains(utf8, line)) << url << ": " << line;
      }
      start = nl + 1;
    }
  }
}

}  // namespace
}  // namespace gongkai::portal::testing
