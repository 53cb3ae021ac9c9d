// Charset evidence and decoding: header, BOM, <meta>, detection, and declarations that lie.
#include <gtest/gtest.h>

#include <iconv.h>

#include <cerrno>
#include <random>
#include <string>

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

// What glibc's iconv makes of `bytes` as GB18030, undecodable bytes skipped one at a time.
std::string IconvFromGb18030(const std::string& bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  std::string out;
  char buf[4096];
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buf;
    size_t o_left = sizeof buf;
    size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    out.append(buf, o - buf);
    if (r != static_cast<size_t>(-1) || errno == E2BIG) continue;
    out += "\xEF\xBF\xBD";
    if (errno == EINVAL) break;
    ++in, --in_left;
  }
  iconv_close(cd);
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
  // Past a long clean start, at every offset within an eight-byte word.
  for (int pad = 0; pad < 8; ++pad) {
    const std::string start = kReport + std::string(static_cast<std::size_t>(pad), 'x');
    EXPECT_EQ(DecodeToUtf8(start + "\x1F\x7F" + kReport + "\x02").utf8, start + kReport) << pad;
    EXPECT_EQ(DecodeToUtf8(ToGbk(start + "\x1F" + kReport + "\x7F"), "text/html; charset=gbk").utf8,
              start + kReport)
        << pad;
  }
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

// GBK text is decoded through a table read from iconv: every two-byte code, between ASCII, comes
// out as iconv has it, and a page with what the table does not hold (a four-byte code, a stray
// byte, a code cut at the end) is decoded by iconv as a whole, U+FFFD for each bad byte.
TEST(CharsetTest, GbkTableAgreesWithIconvOnEveryTwoByteCode) {
  std::string page = "<p>";
  for (int lead = 0x81; lead <= 0xFE; ++lead) {
    for (int trail = 0x40; trail <= 0xFE; ++trail) {
      if (trail == 0x7F) continue;
      page += static_cast<char>(lead);
      page += static_cast<char>(trail);
    }
    page += "<br>\n";
  }
  page += "</p>";
  // Some two-byte codes may be undecodable (user-defined areas): iconv's result is the reference
  // either way.
  EXPECT_EQ(DecodeToUtf8(page, "", "gb18030").utf8, IconvFromGb18030(page));
  const std::string gbk = ToGbk(kReport);
  EXPECT_EQ(DecodeToUtf8(gbk, "", "gb18030").utf8, kReport);
  EXPECT_EQ(DecodeToUtf8(gbk, "text/html; charset=gb2312").utf8, kReport);
  for (const std::string& odd :
       {std::string("\x81\x30\x81\x30"), std::string("\x80"), std::string("\xFF"), std::string("\xB1")}) {
    const std::string mixed = gbk + odd + gbk;
    EXPECT_EQ(DecodeToUtf8(mixed, "", "gb18030").utf8, IconvFromGb18030(mixed)) << mixed;
  }
  const std::string cut = gbk + "\xB1";  // a lead byte with no trail, at the end
  EXPECT_EQ(DecodeToUtf8(cut, "", "gb18030").utf8, IconvFromGb18030(cut));
}

// The table path leaves out control characters as it copies (the iconv path drops them after): on
// random runs of ASCII (controls, tabs and line breaks among it), two-byte codes and the odd byte the
// table does not hold, at every alignment, both give iconv's text without the controls.
TEST(CharsetTest, GbkTableDropsControlsLikeIconvThenTheScan) {
  auto without_controls = [](std::string text) {
    std::erase_if(text, [](char ch) {
      const auto b = static_cast<unsigned char>(ch);
      return (b < 0x20 && b != '\n' && b != '\t' && b != '\r') || b == 0x7F;
    });
    return text;
  };
  const std::string gbk = ToGbk(kReport);
  std::mt19937 random(16);
  for (int round = 0; round < 2000; ++round) {
    std::string page;
    const int pieces = static_cast<int>(random() % 40);
    for (int k = 0; k < pieces; ++k) {
      switch (random() % 6) {
        case 0:
          page += static_cast<char>(random() % 0x80);  // any ASCII byte, controls included
          break;
        case 1:
          page += std::string(random() % 20, static_cast<char>('a' + random() % 26));
          break;
        case 2:
          page += gbk.substr(random() % gbk.size(), random() % 30);  // may cut a code in two
          break;
        case 3:
          page += "\r\n\t";
          break;
        case 4:
          page += static_cast<char>(0x81 + random() % 0x7E);
          page += static_cast<char>(0x40 + random() % 0xBF);
          break;
        default:
          if (random() % 8 == 0) page += "\x80\xFF\x81\x30\x81\x30"[random() % 6];
          break;
      }
    }
    ASSERT_EQ(DecodeToUtf8(page, "", "gb18030").utf8, without_controls(IconvFromGb18030(page))) << round;
  }
}

}  // namespace
}  // namespace gongkai::extract
