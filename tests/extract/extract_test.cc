// Extract(): errors, metadata forms, attachments, renderings, determinism and hostile inputs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "extract/extractor.h"

namespace gongkai::extract {
namespace {

const std::string kBody =
    "<p>根据《中华人民共和国政府信息公开条例》的相关要求，阿拉山口市对2017年政府信息公开进行梳理和汇总，形成本报告。"
    "本报告由概述、主动公开情况、依申请公开情况、存在的问题及改进措施四个部分组成。</p>"
    "<p>2017年，阿拉山口市人民政府深入贯彻党的十九大精神，不断加强组织领导，逐步完善工作制度，深化公开内容，丰富公开形式。</p>";

bool RunPage(const std::string& html, Extraction* e, const std::string& url = "") {
  ExtractInput input;
  input.bytes = html;
  input.url = url;
  Status status;
  return (status = Extract(input, Options{}, e)).ok();
}

TEST(ExtractTest, EmptyInputIsAnError) {
  ExtractInput input;
  input.bytes = " \n\t ";
  Extraction e;
  Status status;
  EXPECT_FALSE((status = Extract(input, Options{}, &e)).ok());
  EXPECT_EQ(status.message(), "empty input");
}

TEST(ExtractTest, BinaryInputIsAnError) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj";
  ExtractInput input;
  input.bytes = pdf;
  Extraction e;
  Status status;
  EXPECT_FALSE((status = Extract(input, Options{}, &e)).ok());
  EXPECT_NE(status.message().find("PDF"), std::string::npos);
  std::string zeros = "GARBAGE" + std::string(4096, '\0');
  input.bytes = zeros;
  EXPECT_FALSE((status = Extract(input, Options{}, &e)).ok());
  EXPECT_NE(status.message().find("binary"), std::string::npos);
}

TEST(ExtractTest, TitleFromArticleTitleMeta) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><head><meta name=\"ArticleTitle\" content=\"年度报告甲\"><title>别的_站点</title></head><body>" +
          kBody + "</body></html>",
      &e));
  EXPECT_EQ(e.title, "年度报告甲");
}

TEST(ExtractTest, TitleFromH1MatchingTitleTag) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><head><title>阿拉山口市2017年政府信息公开工作年度报告_阿拉山口市人民政府</title></head><body>"
      "<div class=logo>阿拉山口市人民政府</div><h1>阿拉山口市2017年政府信息公开工作年度报告</h1>" +
          kBody + "</body></html>",
      &e));
  EXPECT_EQ(e.title, "阿拉山口市2017年政府信息公开工作年度报告");
  EXPECT_EQ(e.site, "阿拉山口市人民政府");
}

TEST(ExtractTest, TitleTagWithSiteSuffixRemoved) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><head><title>2012年通化市政府信息公开工作年度报告 - 通化市人民政府</title></head><body>" +
          kBody + "</body></html>",
      &e));
  EXPECT_EQ(e.title, "2012年通化市政府信息公开工作年度报告");
}

TEST(ExtractTest, TitleAboveTheDateLine) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><head><title>通化市人民政府信息公开网</title></head><body><div>通化市人民政府信息公开网</div>"
      "<div><b>2012年通化市政府信息公开工作年度报告</b></div><div>发布时间:2013-03-04 访问次数:612</div><div>" +
          kBody + "</div></body></html>",
      &e));
  EXPECT_EQ(e.title, "2012年通化市政府信息公开工作年度报告");
  EXPECT_EQ(e.published.value_or(""), "2013-03-04");
  EXPECT_EQ(e.text.find("访问次数"), std::string::npos);
}

TEST(ExtractTest, TitleTagWithBareHyphenBeforeSiteName) {
  Extraction e;
  ASSERT_TRUE(
      RunPage("<html><head><title>阿拉山口市政府信息公开年度报告-阿拉山口市人民政府</title></head><body>" +
                  kBody + "</body></html>",
              &e));
  EXPECT_EQ(e.title, "阿拉山口市政府信息公开年度报告");
}

// Must survive: a hyphen inside a word or a number is not a separator.
TEST(ExtractTest, HyphenInsideWordsStaysInTheTitle) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><head><title>COVID-19疫情防控工作报告</title></head><body>" + kBody + "</body></html>", &e));
  EXPECT_EQ(e.title, "COVID-19疫情防控工作报告");
}

TEST(ExtractTest, PublishedFromPubDateMeta) {
  Extraction e;
  ASSERT_TRUE(RunPage("<html><head><meta name=\"PubDate\" content=\"2018-01-31 10:25\"></head><body>" +
                          kBody + "</body></html>",
                      &e));
  EXPECT_EQ(e.published.value_or(""), "2018-01-31T10:25:00");
}

TEST(ExtractTest, PublishedSourceFromMetaLine) {
  Extraction e;
  ASSERT_TRUE(
      RunPage("<html><body><h1>阿拉山口市2017年政府信息公开工作年度报告</h1>"
              "<div>时间:2018年01月31日 10:25 来源:阿拉山口市政府办 点击:[ ]</div><div>" +
                  kBody + "</div></body></html>",
              &e));
  EXPECT_EQ(e.published.value_or(""), "2018-01-31T10:25:00");
  EXPECT_EQ(e.source, "阿拉山口市政府办");
  EXPECT_EQ(e.text.find("点击"), std::string::npos);
}

TEST(ExtractTest, SourceFromAuthorLineWhenNoSourceLine) {
  Extraction e;
  ASSERT_TRUE(
      RunPage("<html><body><h1>关于印发年度报告的通知</h1><p>发布时间：2023-02-01 作者：市政府办公室</p>" +
                  kBody + "</body></html>",
              &e));
  EXPECT_EQ(e.source, "市政府办公室");
}

TEST(ExtractTest, SourceLineWinsOverAuthorLine) {
  Extraction e;
  ASSERT_TRUE(RunPage("<html><body><h1>关于印发年度报告的通知</h1><p>作者：张三 来源：市统计局</p>" + kBody +
                          "</body></html>",
                      &e));
  EXPECT_EQ(e.source, "市统计局");
}

// Must survive: an author named far below the title, inside the body, is not the page's source.
TEST(ExtractTest, AuthorLineFarFromTheTitleIsNotTheSource) {
  std::string body;
  for (int i = 0; i < 14; ++i) body += kBody;
  Extraction e;
  ASSERT_TRUE(
      RunPage("<html><body><h1>关于印发年度报告的通知</h1>" + body + "<p>作者：张三</p></body></html>", &e));
  EXPECT_EQ(e.source, "");
}

TEST(ExtractTest, PublishedFromChineseNumeralDateLine) {
  Extraction e;
  ASSERT_TRUE(RunPage("<html><body><h1>关于印发年度报告的通知</h1><p>成文日期：二〇二三年一月三十一日</p>" +
                          kBody + "</body></html>",
                      &e));
  ASSERT_TRUE(e.published.has_value());
  EXPECT_EQ(*e.published, "2023-01-31");
}

TEST(ExtractTest, NoDateGivesNull) {
  Extraction e;
  ASSERT_TRUE(RunPage("<html><body>" + kBody + "</body></html>", &e));
  EXPECT_FALSE(e.published.has_value());
  EXPECT_NE(ToJson(e).find("\"published\":null"), std::string::npos);
}

TEST(ExtractTest, ColumnFromBreadcrumb) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><body><div class=position>当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>部门年度报告</a></div>" +
          kBody + "</body></html>",
      &e));
  EXPECT_EQ(e.column, "部门年度报告");
}

TEST(ExtractTest, HanwebMarkersBoundTheContent) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><body><div><p>这是一段很长的侧栏文字，介绍本站的各种栏目和服务内容，方便群众快速找到所需的信息和办事入口。</p></div>"
      "<div><!--ContentStart-->" +
          kBody + "<!--ContentEnd--></div></body></html>",
      &e));
  EXPECT_EQ(e.text.find("侧栏"), std::string::npos);
  EXPECT_NE(e.text.find("阿拉山口市对2017年"), std::string::npos);
}

TEST(ExtractTest, AttachmentsAreAbsolute) {
  Extraction e;
  ASSERT_TRUE(
      RunPage("<html><body><div class=content>" + kBody +
                  "<p>附件：<a href=\"P020180131.xls\">政府信息公开统计表.xls</a></p></div></body></html>",
              &e, "http://www.alsk.gov.cn/zwgk/nb/t20180131.html"));
  ASSERT_EQ(e.attachments.size(), 1u);
  EXPECT_EQ(e.attachments[0].name, "政府信息公开统计表.xls");
  EXPECT_EQ(e.attachments[0].url, "http://www.alsk.gov.cn/zwgk/nb/P020180131.xls");
}

TEST(ExtractTest, JsonHasTheContractKeys) {
  Extraction e;
  ASSERT_TRUE(RunPage("<html><body>" + kBody + "</body></html>", &e));
  nlohmann::json j = nlohmann::json::parse(ToJson(e));
  for (const char* key : {"title", "published", "source", "site", "column", "text", "tables", "attachments",
                          "charset", "charset_declared", "extractor_version"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j["extractor_version"], kExtractorVersion);
  EXPECT_EQ(j["charset"], "utf-8");
}

TEST(ExtractTest, TextAndMarkdownRenderings) {
  Extraction e;
  ASSERT_TRUE(RunPage(
      "<html><head><meta name=PubDate content=2018-01-31></head><body><h1>报告</h1><div>" + kBody +
          "<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table></div></body></html>",
      &e));
  EXPECT_EQ(ToText(e).substr(0, 19), "报告\n2018-01-31\n\n");
  std::string md = ToMarkdown(e);
  EXPECT_NE(md.find("# 报告"), std::string::npos);
  EXPECT_NE(md.find("| a | b |\n| --- | --- |\n| 1 | 2 |"), std::string::npos) << md;
}

TEST(ExtractTest, Deterministic) {
  std::string html =
      "<html><body><h1>报告</h1>" + kBody +
      "<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table></body></html>";
  Extraction a, b;
  ASSERT_TRUE(RunPage(html, &a));
  ASSERT_TRUE(RunPage(html, &b));
  EXPECT_EQ(ToJson(a), ToJson(b));
}

TEST(HostileInputTest, DeepNestingDoesNotBlowUp) {
  std::string html = "<html><body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "x";
  for (int i = 0; i < 20000; ++i) html += "<b><i><font>";
  Extraction e;
  EXPECT_TRUE(RunPage(html, &e));
}

TEST(HostileInputTest, TruncatedAndMalformedMarkup) {
  const char* inputs[] = {"<html><body><p>半截",    "<table><tr><td rowspan=-5 colspan=abc>x",
                          "<<<>>></a></table></p>", "<!-- never closed",
                          "<script>never closed",   "\xE4\xB8",
                          "<p>\xFF\xFE\xFD</p>",    "<meta charset=\"x-unknown-charset\"><p>text</p>"};
  for (const char* s : inputs) {
    Extraction e;
    std::string html(s);
    ExtractInput input;
    input.bytes = html;
    (void)Extract(input, Options{}, &e);  // must not crash; result may be empty
  }
}

TEST(HostileInputTest, OversizedInputIsCut) {
  std::string html = "<html><body>";
  while (html.size() < 50u * 1024 * 1024) html += "<p>段落文字，测试。</p>\n";
  ExtractInput input;
  input.bytes = html;
  Options options;
  options.max_input_bytes = 256 * 1024;
  Extraction e;
  Status status;
  ASSERT_TRUE((status = Extract(input, options, &e)).ok()) << status.message();
  EXPECT_LT(e.text.size(), 300u * 1024);
}

}  // namespace
}  // namespace gongkai::extract
