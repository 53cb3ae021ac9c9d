// Charset evidence and decoding: header, BOM, <meta>, detection, and declarations that lie.
#include <gtest/gtest.h>

#include <iconv.h>

#include "extract/charset.h"

namespace gongkai::extract {
namespace {

std::string ToGbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size(), out_left = out.size();
  char* o = out.data();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

const std::string kReport =
    "<p>2017年政府信息公开工作年度报告。根据《中华人民共和国政府信息公开条例》的相关要求，"
    "阿拉山口市对2017年政府信息公开进行梳理和汇总，形成本报告。</p>";

TEST(CharsetTest, ContentTypeParameter) {
  EXPECT_EQ(CharsetFromContentType("text/html; charset=GBK"), "gbk");
  EXPECT_EQ(CharsetFromContentType("text/html;charset=\"utf-8\""), "utf-8");
  EXPECT_EQ(CharsetFromContentType("text/html"), "");
  EXPECT_EQ(CharsetFromContentType(""), "");
}

TEST(CharsetTest, MetaForms) {
  EXPECT_EQ(CharsetFromMeta("<html><head><meta charset=\"gb2312\"><title>x</title>"), "gb2312");
  EXPECT_EQ(CharsetFromMeta("<META http-equiv=Content-Type content=\"text/html; charset=GBK\">"), "gbk");
  EXPECT_EQ(CharsetFromMeta("<html><head><title>no declaration</title>"), "");
  // Any letter case; tags that only start like <meta> (<map>, <met>) and a charset outside a
  // <meta> tag are passed over.
  EXPECT_EQ(CharsetFromMeta("<p>charset=big5</p><map><met charset=x><MeTa CHARSET=Big5>"), "big5");
  // Only the first 8 KiB are read for a declaration.
  EXPECT_EQ(CharsetFromMeta(std::string(8192, ' ') + "<meta charset=gbk>"), "");
  EXPECT_EQ(CharsetFromMeta(std::string(8170, ' ') + "<meta charset=gbk>"), "gbk");
}

TEST(CharsetTest, GbkPageDeclaredGb2312IsReadAsGb18030) {
  std::string page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">" + kReport;
  DecodedText d = DecodeToUtf8(ToGbk(page));
  EXPECT_EQ(d.charset_used, "gb18030");
  EXPECT_EQ(d.charset_declared, "gb2312");
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, Gb18030OnlyCharacterSurvives) {
  // 㙓 (U+3653) is outside GB2312/GBK: a page "declared gb2312" carrying it still decodes.
  std::string page = "<meta charset=gb2312><p>地名：㙓村。" + kReport;
  DecodedText d = DecodeToUtf8(ToGbk(page));
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, Utf8PageDeclaredGbkIsReadAsUtf8) {
  std::string page = "<meta charset=\"gbk\">" + kReport;
  DecodedText d = DecodeToUtf8(page);
  EXPECT_EQ(d.charset_used, "utf-8");
  EXPECT_EQ(d.charset_declared, "gbk");
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, GbkPageDeclaredUtf8IsCaught) {
  std::string page = "<meta charset=\"utf-8\">" + kReport;
  DecodedText d = DecodeToUtf8(ToGbk(page));
  EXPECT_EQ(d.charset_used, "gb18030");
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, NoDeclarationGbkIsDetected) {
  std::string page = "<html><body>" + kReport + kReport + "</body></html>";
  DecodedText d = DecodeToUtf8(ToGbk(page));
  EXPECT_EQ(d.charset_declared, "");
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, HeaderBeatsMeta) {
  std::string page = "<meta charset=\"utf-8\">" + kReport;
  DecodedText d = DecodeToUtf8(ToGbk(page), "text/html; charset=GBK");
  EXPECT_EQ(d.charset_declared, "gbk");
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, Utf8BomWins) {
  std::string page = "<meta charset=\"gbk\">" + kReport;
  DecodedText d = DecodeToUtf8("\xEF\xBB\xBF" + page);
  EXPECT_EQ(d.charset_used, "utf-8");
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, Utf16LeBom) {
  std::string bytes = "\xFF\xFE";
  for (char c : std::string("<p>ok</p>")) bytes += c, bytes += '\0';
  DecodedText d = DecodeToUtf8(bytes);
  EXPECT_EQ(d.utf8, "<p>ok</p>");
}

TEST(CharsetTest, ForcedCharsetSkipsEvidence) {
  std::string page = "<meta charset=\"utf-8\">" + kReport;
  DecodedText d = DecodeToUtf8(ToGbk(page), "", "GBK");
  EXPECT_EQ(d.charset_used, "gb18030");
  EXPECT_EQ(d.utf8, page);
}

TEST(CharsetTest, InvalidBytesNeverEscape) {
  std::string bytes = "<p>\xFF\xFE\x80 abc \xC3</p>";
  DecodedText d = DecodeToUtf8(bytes, "", "utf-8");
  for (std::size_t i = 0; i < d.utf8.size(); ++i) ASSERT_NE(static_cast<unsigned char>(d.utf8[i]), 0xFF);
  EXPECT_NE(d.utf8.find("abc"), std::string::npos);
}

// Control characters go whichever way the text was decoded (tab, line breaks and CR stay), and a
// valid UTF-8 page is otherwise kept byte for byte.
TEST(CharsetTest, ControlCharactersGoOnEveryPath) {
  const std::string page = "<p>\x01报告\x7F\t正文\r\n\x1B" + kReport + "</p>";
  const std::string clean = "<p>报告\t正文\r\n" + kReport + "</p>";
  EXPECT_EQ(DecodeToUtf8(page).utf8, clean);                                   // checked UTF-8
  EXPECT_EQ(DecodeToUtf8(ToGbk(page), "text/html; charset=gbk").utf8, clean);  // declared, through iconv
  EXPECT_EQ(DecodeToUtf8(ToGbk(page)).utf8, clean);                            // detected, through iconv
  EXPECT_EQ(DecodeToUtf8(page, "", "utf-8").utf8, clean);                      // forced
}

// A UTF-8 page cut inside its last character is still UTF-8; the cut bytes become U+FFFD.
TEST(CharsetTest, Utf8CutInItsLastCharacterEndsInReplacement) {
  const std::string page = kReport + "报";
  DecodedText d = DecodeToUtf8(page.substr(0, page.size() - 1));
  EXPECT_EQ(d.charset_used, "utf-8");
  ASSERT_GT(d.utf8.size(), kReport.size());
  EXPECT_EQ(d.utf8.substr(0, kReport.size()), kReport);
  std::string rest = d.utf8.substr(kReport.size());
  while (rest.compare(0, 3, "\xEF\xBF\xBD") == 0) rest.erase(0, 3);
  EXPECT_EQ(rest, "") << "only replacement characters after the text";
}

}  // namespace
}  // namespace gongkai::extract
