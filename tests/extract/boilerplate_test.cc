// The boilerplate line filter, one case per pattern class of data/boilerplate.txt: the chrome line
// at the edge of the body goes, and a body sentence using the same words stays.
#include <gtest/gtest.h>

#include "boilerplate.h"
#include "extract/extractor.h"

namespace gongkai::extract {
extern const char kShippedBoilerplatePatterns[];
namespace {

const char* const kProse[] = {
    "2017年，阿拉山口市人民政府深入贯彻党的十九大精神，不断加强组织领导，逐步完善工作制度，深化公开内容，"
    "丰富公开形式，着力加强平台建设，政府信息公开工作取得了新的进展。",
    "阿拉山口市政务公开工作领导小组召开专题会议研究部署政务公开工作，加强对政府信息公开工作的领导，明确各部门职责，"
    "对日常工作和任务落实情况进行督促检查，使政务公开工作走向常态化。",
    "针对工作中的薄弱环节，不断建立健全工作机制，进一步明确责任，保障信息及时发布，以制度促规范，以规范促提高。"};

struct Case {
  const char* name;
  const char* chrome;  // a chrome line placed after the body
  const char* trap;    // a body sentence with the same words
};

const Case kCases[] = {
    {"ToolBar", "【字体：大 中 小】【打印本页】【关闭窗口】",
     "全年共打印发放政府信息公开指南2000余册，关闭僵尸栏目12个，字体字号统一规范。"},
    {"ShareBar", "分享到：新浪微博 微信 更多",
     "我们将政务新媒体的内容分享到各个社区服务站，方便群众及时了解政策。"},
    {"QrCode", "扫一扫在手机上查看当前页面",
     "群众用手机扫一扫政务服务二维码即可在线查看办事指南和办理进度，全年扫码查看12万次。"},
    {"PrevNext", "上一篇：2017年州民宗委政府信息公开年度报告",
     "与上一年相比，依申请公开数量有所增加，下一步将继续加强答复工作的规范化建设。"},
    {"BackToTop", "【返回顶部】",
     "对群众反映的问题及时回应，办理完毕后返回处理结果，群众满意率达到98%以上。"},
    {"Correction", "【我要纠错】", "对网站普查中发现的错链、死链和错别字进行纠错整改，确保信息准确无误。"},
    {"Counter", "访问次数：612",
     "全年政府网站访问次数达到120万人次，较上年增长百分之十五，公开实效明显增强。"},
    {"HomeFavorite", "设为首页 | 加入收藏",
     "通过门户网站首页集中发布重要政策，方便群众收藏和查阅，全年发布信息3000余条。"},
    {"Accessibility", "无障碍 | 长者模式 | 关怀版 | 繁體",
     "完成政府网站无障碍和适老化改造，推出长者模式，方便老年人和残疾人获取政府信息。"},
    {"Breadcrumb", "当前位置：首页 > 政务公开 > 年度报告",
     "根据当前位置服务需要，在各乡镇便民服务中心设立政府信息公开查阅点，提供查阅服务。"},
    {"SiteLinks", "网站地图 | 联系我们 | 网站声明",
     "在网站显著位置公布联系我们的方式和网站地图，便于公众查找所需的政府信息。"},
    {"ReportLine", "违法和不良信息举报",
     "畅通违法和不良信息举报渠道，全年受理群众举报和投诉线索21件，均已按时办结。"},
    {"Related", "相关解读 文字解读 图片解读 视频解读 访谈解读 媒体报道",
     "围绕重要政策文件开展政策解读，采用文字解读、图片解读等方式，全年发布解读材料36篇。"},
    {"EmptyAttachment", "附件下载",
     "本报告附件包括政府信息公开情况统计表，可在附件下载栏目获取完整的统计数据和说明。"},
    {"LeaveDialog", "您访问的链接即将离开“阿拉山口市人民政府”门户网站 是否继续？",
     "对即将离开本市的企业做好政策解读和服务工作，是否继续享受优惠政策由相关部门审核。"},
    {"Icp", "新ICP备05001568号-1",
     "按照工业和信息化部要求完成网站ICP备案信息核查，确保备案信息真实准确，全年核查网站5个。"},
    {"PublicSecurity", "新公网安备 65270102000123号",
     "配合公安机关做好网站公网安全备案工作，落实网络安全等级保护制度，开展安全检测4次。"},
    {"SiteCode", "网站标识码：6527000001",
     "按照要求在政府网站底部标注网站标识码和备案编号，规范网站名称和域名管理。"},
    {"Sponsor", "主办单位：阿拉山口市人民政府办公室 承办：阿拉山口市电子政务办公室 技术支持：某某公司",
     "由市电子政务办公室承办政府网站的日常运维，技术支持单位负责系统安全，主办单位加强统筹协调。"},
    {"Copyright", "版权所有 © 阿拉山口市人民政府 Copyright 2018 All Rights Reserved",
     "加强政府网站内容版权保护工作，规范转载行为，全年未发生版权纠纷和侵权事件。"},
    {"ContactFooter", "联系电话：0909-6998669 地址：阿拉山口市天山街8号 邮编：833418",
     "如对本报告有疑问，请与阿拉山口市电子政务办公室联系，地址：阿拉山口市天山街8号；邮编：833418；电话：0909-6998669。"},
    {"BrowserNotice",
     "为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上；谷歌浏览器63版本及以上",
     "对政府网站进行了兼容性改造，确保在各种浏览器和手机上都有良好的浏览效果，群众满意度明显提高。"},
    {"DateOnlyLine", "2023年12月01日 14:43",
     "2023年12月01日，市政府召开常务会议，研究部署政府信息公开工作，会议时长两小时。"},
    {"PostedUpdatedLine", "Posted Fri, May 10, 2024 at 2:52 pm PT|Updated Fri, May 10, 2024 at 2:55 pm PT",
     "The rider was posted to the clinic on Fri, May 10, 2024 at 2:52 pm PT and the council updated its report the next day, after a long meeting."},
    {"NewsletterSignup",
     "Get more local news delivered straight to your inbox. Sign up for free Patch newsletters and alerts.",
     "The council said residents who sign up for the newsletters of the city will hear about the bridge works first, which drew praise from many of them at the hearing."},
    {"RelativeDate", "7 days ago",
     "The rescue team reached the valley 7 days ago and has been searching the river banks ever since, the police spokesman said at the briefing."},
    {"FollowUs", "Follow China.org.cn on Twitter and Facebook to join the conversation.",
     "Residents who follow the council on Twitter learned of the vote first, and many of them came to the hall on Tuesday evening to hear the debate."},
    {"OpinionDisclaimer",
     "Opinion articles reflect the views of their authors, not necessarily those of China.org.cn.",
     "The survey shows that the articles reflect the views of residents on both banks, who have argued about the bridge for more than a decade."},
    {"ReadingTime", "5 min read",
     "The rescue took the team 5 min to reach the rider, who had been lying in the scrub for an hour, and a long read of the map to find the way out."},
    {"MoreOnTopic", "Mehr zum Thema",
     "Die Polizei will mehr zum Thema Sicherheit am Fluss sagen, sobald die Suche beendet ist, sagte der Sprecher am Dienstag."},
    {"DayFirstDateLine", "12.05.2024 - 18:01",
     "Am 12.05.2024 - 18:01 Uhr meldete die Polizei, dass die Suche am Fluss fortgesetzt wird, sagte der Sprecher am Dienstag in der Stadt."},
    {"ContinuesBelow", "Continua após a publicidade",
     "A campanha continua após a publicidade ser aprovada pela prefeitura, disse o secretário na terça-feira, e deve durar até o fim do ano."},
    {"ShareWithoutTo", "分享：微信 微博 QQ空间",
     "我们在各乡镇开展经验分享活动，组织工作人员交流政府信息公开的做法和体会。"},
};

std::string PageWith(const Case& c) {
  std::string html =
      "<html><head><title>阿拉山口市2017年政府信息公开工作年度报告_阿拉山口市人民政府</title></head><body>"
      "<div class=\"nav\"><a href=/>首页</a><a href=/a>政务公开</a></div>"
      "<div class=\"article\"><h1>阿拉山口市2017年政府信息公开工作年度报告</h1>";
  html += std::string("<p>") + kProse[0] + "</p><p>" + c.trap + "</p><p>" + kProse[1] + "</p><p>" +
          kProse[2] + "</p>";
  html += std::string("<p>") + c.chrome + "</p></div></body></html>";
  return html;
}

class BoilerplateCaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(BoilerplateCaseTest, ChromeGoesTrapStays) {
  const Case& c = GetParam();
  std::string html = PageWith(c);
  ExtractInput input;
  input.bytes = html;
  Extraction e;
  Status status;
  ASSERT_TRUE((status = Extract(input, Options{}, &e)).ok()) << status.message();
  // The chrome may occur inside the trap sentence: look for it as a line of its own.
  std::string lines = "\n" + e.text + "\n";
  EXPECT_EQ(lines.find("\n" + std::string(c.chrome) + "\n"), std::string::npos) << c.name << " kept chrome:\n"
                                                                                << e.text;
  EXPECT_NE(e.text.find(c.trap), std::string::npos) << c.name << " lost the body sentence:\n" << e.text;
  EXPECT_NE(e.text.find(kProse[2]), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(PatternClasses, BoilerplateCaseTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return std::string(info.param.name);
                         });

TEST(BoilerplatePatternsTest, ShippedFileParses) {
  BoilerplatePatterns p;
  Status status;
  ASSERT_TRUE((status = p.Parse(kShippedBoilerplatePatterns)).ok()) << status.ToString();
  EXPECT_GT(p.size(), 40u);
  EXPECT_EQ(BoilerplatePatterns::Shipped().size(), p.size());
}

TEST(BoilerplatePatternsTest, MalformedLineIsReported) {
  BoilerplatePatterns p;
  Status status;
  EXPECT_FALSE((status = p.Parse("phrase only-two-fields\n")).ok());
  EXPECT_NE(status.message().find("line 1"), std::string::npos);
  EXPECT_FALSE((status = p.Parse("short\tx\t(unclosed\n")).ok());
  EXPECT_NE(status.message().find("bad regex"), std::string::npos);
}

// Debian 12's RE2 in Latin-1 mode found nothing for alternatives sharing a leading non-ASCII byte.
TEST(BoilerplatePatternsTest, AlternativesSharingALeadingCharacterMatch) {
  BoilerplatePatterns p;
  ASSERT_TRUE(p.Parse("edge\t邮\t(邮编|邮政编码)\\s*(:|：)?\n").ok());
  EXPECT_TRUE(p.Match("地址：平遥区13号  邮编：335022").edge_hit);
  EXPECT_TRUE(p.Match("邮政编码: 335022").edge_hit);
  EXPECT_FALSE(p.Match("邮件地址").edge_hit);
}

TEST(BoilerplatePatternsTest, ShippedPatternsCountBytes) {
  BoilerplatePatterns p;
  ASSERT_TRUE(p.Parse("short\t-\t^.{6}$\nphrase\t分享\t分享.{0,6}\n").ok());
  EXPECT_TRUE(p.Match("关闭").short_hit);  // two characters, six bytes
  EXPECT_FALSE(p.Match("关闭本页窗口").short_hit);
  EXPECT_TRUE(p.Match("abcdef").short_hit);
  // The phrase takes 分享 and six more bytes: what is left of the line decides phrase_only.
  EXPECT_TRUE(p.Match("分享到微信").phrase_only);
  EXPECT_FALSE(p.Match("分享到微信朋友圈的文章已经删除了").phrase_only);
}

// Triggers are looked for byte by byte, which finds what a look by characters finds only because a
// trigger begins with a whole character.
TEST(BoilerplatePatternsTest, TriggerThatIsNotUtf8IsRefused) {
  BoilerplatePatterns p;
  Status status = p.Parse("short\t\x88\xAB\t\x88\xAB\n");
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("line 1: trigger is not UTF-8"), std::string::npos) << status.message();
  EXPECT_FALSE(p.Parse("short\tab|\xE5\x88\t\xE5\x88\n").ok());  // a character cut short
}

// The line is lower-cased (ASCII) before triggers and regexes see it.
TEST(BoilerplatePatternsTest, TriggersIgnoreAsciiCase) {
  BoilerplatePatterns p;
  ASSERT_TRUE(p.Parse("short\tcopyright|©\t(copyright|©)\\s*\\d{4}\nedge\tx\tx(\\d|$)\n").ok());
  EXPECT_TRUE(p.Match("COPYRIGHT 2024 政府网站").short_hit);
  EXPECT_TRUE(p.Match("CopyRight 2024").short_hit);
  EXPECT_TRUE(p.Match("© 2024").short_hit);
  EXPECT_FALSE(p.Match("COPYRIGHTS RESERVED").short_hit);
  EXPECT_TRUE(p.Match("X1").edge_hit);  // a one-byte trigger, the line's first byte
  EXPECT_TRUE(p.Match("2X").edge_hit);  // ... and its last
  EXPECT_FALSE(p.Match("2").edge_hit);
}

// A line over 400 bytes is prose: only `line` patterns are tried, their triggers looked for anywhere.
TEST(BoilerplatePatternsTest, LongLinesTryOnlyLinePatterns) {
  BoilerplatePatterns p;
  ASSERT_TRUE(p.Parse("line\t免责声明|Below\t(免责声明|below)\nshort\t版权\t版权\n").ok());
  std::string prose;
  while (prose.size() <= 400) prose += "政府信息公开工作取得了新的进展。";
  EXPECT_TRUE(p.Match(prose + "免责声明").line_hit);
  EXPECT_TRUE(p.Match("BELOW " + prose).line_hit);
  EXPECT_FALSE(p.Match(prose + "版权").short_hit);
  EXPECT_TRUE(p.Match("版权").short_hit);
}

// Han characters whose 64-character block starts no trigger are skipped undecoded; a trigger is
// still found at the start, in the middle and at the end of a line, next to characters of its own
// block (版 U+7248 and 牌 U+724C share one), and after bytes that are not UTF-8.
TEST(BoilerplatePatternsTest, TriggersFoundAmongSkippedHanText) {
  BoilerplatePatterns p;
  ASSERT_TRUE(p.Parse("short\t版权\t版权\n").ok());
  EXPECT_TRUE(p.Match("版权所有").short_hit);
  EXPECT_TRUE(p.Match("政府信息公开牌版权所有").short_hit);
  EXPECT_TRUE(p.Match("政府信息公开版权").short_hit);
  EXPECT_TRUE(p.Match("\xE0\x80\x80版权").short_hit);  // an overlong form, three U+FFFD
  EXPECT_TRUE(p.Match("\xED\xA0\x80版权").short_hit);  // a surrogate
  EXPECT_TRUE(p.Match("\xE6\x94版权").short_hit);      // a character cut short
  EXPECT_FALSE(p.Match("政府信息公开牌权所有").short_hit);
  EXPECT_FALSE(p.Match("政府信息公开版\xE6").short_hit);
}

// The patterns tried on a line are kept as bits; past 256 of them they no longer fit on the stack.
TEST(BoilerplatePatternsTest, ManyConfigExtras) {
  BoilerplatePatterns p;
  std::vector<std::string> extras;
  for (int i = 0; i < 300; ++i) extras.push_back("extra" + std::to_string(i));
  ASSERT_TRUE(p.AddWholeLine(extras).ok());
  EXPECT_TRUE(p.Match("extra299").line_hit);
  EXPECT_TRUE(p.Match("extra0").line_hit);
  EXPECT_FALSE(p.Match("extra300").line_hit);
}

TEST(BoilerplatePatternsTest, ConfigExtrasCountCharactersAndRefuseLookaround) {
  BoilerplatePatterns p;
  ASSERT_TRUE(p.AddWholeLine({"^.{2}$"}).ok());
  EXPECT_TRUE(p.Match("关闭").line_hit);
  EXPECT_FALSE(p.Match("关闭本页").line_hit);
  Status status = p.AddWholeLine({"本站(?=声明)"});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("bad pattern '本站(?=声明)'"), std::string::npos) << status.message();
}

TEST(BoilerplatePatternsTest, ConfigExtrasMatchWholeLines) {
  std::string html = PageWith(kCases[0]);
  html.insert(html.find("</div></body>"), "<p>本网站由某某科技有限公司设计制作</p>");
  ExtractInput input;
  input.bytes = html;
  Options options;
  options.extra_boilerplate_patterns = {"本网站由.*设计制作"};
  Extraction e;
  Status status;
  ASSERT_TRUE((status = Extract(input, options, &e)).ok()) << status.message();
  EXPECT_EQ(e.text.find("设计制作"), std::string::npos);
  options.extra_boilerplate_patterns = {"(unclosed"};
  EXPECT_FALSE((status = Extract(input, options, &e)).ok());
  EXPECT_NE(status.message().find("extra_boilerplate_patterns"), std::string::npos);
}

}  // namespace
}  // namespace gongkai::extract
