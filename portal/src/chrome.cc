#include "chrome.h"

#include "report_files.h"
#include "site_structure.h"

#include "content.h"
#include "util.h"

namespace gongkai::portal {
namespace {

const char kQrText[] = "扫一扫在手机上查看当前页面";
const char kBrowserNotice[] =
    "为确保最佳浏览效果，建议您使用以下浏览器版本：IE浏览器9.0版本及以上；Google Chrome浏览器 63版本及以上；"
    "360浏览器9.1版本及以上，且IE内核9.0及以上。";
const char kToolsText[] = "【字体：";
const char kShareText[] = "分享到：";

std::string MetaCharset(const SiteModel& site) {
  switch (site.spec.charset) {
    case Charset::kUtf8:
    case Charset::kWrongDeclaration:
      return "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n";
    case Charset::kGbkMetaOnly:
      return "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n";
    case Charset::kGbkHeaderOnly:
      return "";
  }
  return "";
}

std::string Meta(const std::string& name, const std::string& content) {
  return "<meta name=\"" + name + "\" content=\"" + HtmlEscape(content) + "\">\n";
}

std::string Link(const std::string& href, const std::string& text) {
  return "<a href=\"" + HtmlEscape(href) + "\" target=\"_blank\" title=\"" + HtmlEscape(text) + "\">" +
         HtmlEscape(text) + "</a>";
}

}  // namespace

std::string HeadStart(const SiteModel& site, const std::string& title) {
  return "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
         "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n" +
         MetaCharset(site) + "<meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">\n<title>" +
         HtmlEscape(title) + "</title>\n";
}

std::string StandardMeta(const SiteModel& site, const ReportModel* report) {
  if (!site.spec.meta_tags) return "";
  std::string out = Meta("SiteName", site.spec.name) + Meta("SiteDomain", site.domain) +
                    Meta("SiteIDCode", site.site_code) + Meta("ColumnName", site.column_name) +
                    Meta("ColumnType", "政府信息公开年报");
  if (report != nullptr) {
    out += Meta("ArticleTitle", report->title) +
           Meta("PubDate", report->published + " " + (report->pub_hour < 10 ? "0" : "") +
                               std::to_string(report->pub_hour) + ":" + (report->pub_minute < 10 ? "0" : "") +
                               std::to_string(report->pub_minute)) +
           Meta("ContentSource", report->source) + Meta("Keywords", "政府信息公开,年度报告") +
           Meta("Description", report->title);
  }
  return out;
}

std::string SiteHeader(const SiteModel& site) {
  return "<div class=\"top\"><div class=\"top_l\">" + HtmlEscape(site.spec.name) +
         "门户网站</div><div class=\"top_r\"><a href=\"javascript:void(0)\" onclick=\"SetHome(this,window.location)\">设为首页</a> | "
         "<a href=\"javascript:void(0)\" onclick=\"AddFavorite()\">加入收藏</a> | <a href=\"/\">无障碍浏览</a></div></div>\n"
         "<div class=\"nav\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/\">走进" +
         HtmlEscape(site.spec.name) +
         "</a></li><li><a href=\"/\">政务公开</a></li><li><a href=\"/\">政务服务</a></li>"
         "<li><a href=\"/\">互动交流</a></li><li><a href=\"/\">专题专栏</a></li></ul></div>\n";
}

std::string Breadcrumb(const SiteModel& site, const std::string& last) {
  return "<div class=\"position\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/\">政府信息公开</a> &gt; <a href=\"" +
         HtmlEscape(site.ListingPath(0)) + "\">" + HtmlEscape(site.column_name) + "</a>" +
         (last.empty() ? "" : " &gt; " + HtmlEscape(last)) + "</div>\n";
}

std::string MetaLine(const ReportModel& r) {
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", r.pub_hour, r.pub_minute);
  return "<div class=\"info\"><span>发布时间：" + r.published + " " + time +
         "</span>&nbsp;&nbsp;<span>来源：" + HtmlEscape(r.source) + "</span>&nbsp;&nbsp;<span>访问次数：" +
         std::to_string(r.visits) + "</span></div>\n";
}

std::string Tools() {
  return std::string("<div class=\"tools\">") + kToolsText +
         "<a href=\"javascript:doZoom(18)\">大</a> <a href=\"javascript:doZoom(16)\">中</a> "
         "<a href=\"javascript:doZoom(14)\">小</a>】 <a href=\"javascript:window.print()\">【打印】</a> "
         "<a href=\"javascript:window.close()\">【关闭】</a></div>\n";
}

std::string ShareBar() {
  return std::string("<div class=\"share\">") + kShareText +
         "<a href=\"javascript:void(0)\" class=\"weibo\">新浪微博</a> <a href=\"javascript:void(0)\" class=\"weixin\">微信</a> "
         "<a href=\"javascript:void(0)\" class=\"qzone\">QQ空间</a> <a href=\"javascript:void(0)\">更多</a></div>\n";
}

std::string QrBlock() {
  return std::string("<div class=\"ewm\"><img src=\"/images/qrcode.png\" alt=\"二维码\"><p>") + kQrText +
         "</p></div>\n";
}

std::string PrevNext(const SiteModel& site, int index) {
  std::string out = "<div class=\"prevnext\">";
  const int n = static_cast<int>(site.reports.size());
  out += "<p>上一篇：" +
         (index > 0 ? Link(site.reports[index - 1].path, site.reports[index - 1].title) : "没有了") + "</p>";
  out += "<p>下一篇：" +
         (index + 1 < n ? Link(site.reports[index + 1].path, site.reports[index + 1].title) : "没有了") +
         "</p>";
  return out + "</div>\n";
}

std::string Related(const SiteModel& site, int index) {
  std::string out = "<div class=\"xgyd\"><h4>相关阅读</h4><ul>";
  const int n = static_cast<int>(site.reports.size());
  for (int k = 2; k <= 4 && k < n; ++k) {
    const ReportModel& r = site.reports[(index + k) % n];
    out += "<li>" + Link(r.path, r.title) + "<span>" + r.published + "</span></li>";
  }
  return out + "</ul></div>\n";
}

std::string AttachmentBlock(const ReportModel& r) {
  if (r.attachment_path.empty()) return "";
  const std::string name = r.title + (!r.file.empty()         ? ReportFileExtension(r.file)
                                      : r.stats_in_attachment ? ".docx"
                                      : r.attachment_pdf      ? ".pdf"
                                                              : ".doc");
  return "<div class=\"fujian\">附件：<a href=\"" + HtmlEscape(r.attachment_path) + "\">" + HtmlEscape(name) +
         "</a></div>\n";
}

std::string Footer(const SiteModel& site) {
  return "<div class=\"footer\"><p><a href=\"/\">网站地图</a> | <a href=\"/\">联系我们</a> | <a href=\"/\">隐私声明</a></p>"
         "<p>主办：" +
         HtmlEscape(site.organizer) + "&nbsp;&nbsp;承办：" + HtmlEscape(site.contractor) +
         "&nbsp;&nbsp;技术支持：" + HtmlEscape(site.tech_support) + "</p><p>联系电话：" + site.phone +
         "&nbsp;&nbsp;地址：" + HtmlEscape(site.address) + "&nbsp;&nbsp;邮编：" + site.zip +
         "</p><p><a href=\"https://beian.miit.gov.cn/\">" + HtmlEscape(site.icp) +
         "</a>&nbsp;&nbsp;<img src=\"/images/ga.png\">" + HtmlEscape(site.police) +
         "&nbsp;&nbsp;网站标识码：" + site.site_code + "</p></div>\n";
}

std::string BrowserNotice() {
  return std::string("<div class=\"llq\">") + kBrowserNotice + "</div>\n";
}

std::string TrapStartPath() {
  return "/calendar/2021-01.html";
}
std::string RedirectPath(int report_index) {
  return "/go/report/" + std::to_string(report_index);
}

std::vector<std::string> FaultPaths(const SiteModel& site) {
  const Faults& f = site.spec.faults;
  std::vector<std::string> out;
  if (f.connection_reset) out.push_back("/reset/ndbg.html");
  if (f.truncated_body) out.push_back("/truncated/ndbg.html");
  if (f.redirect_loop) out.push_back("/loop/a.html");
  if (f.slow_drip_ms > 0) out.push_back("/drip/ndbg.html");
  if (f.oversized_bytes > 0) out.push_back("/big/ndbg.html");
  return out;
}

std::string ExtraListingLinks(const SiteModel& site) {
  std::string out = "<div class=\"xglj\"><ul>\n";
  if (site.LinksDisallowed()) {
    out += "<li>" + Link(site.DraftPath(), site.spec.name + "2023年政府信息公开工作年度报告（征求意见稿）") +
           "</li>\n";
    out += "<li>" + Link(site.SearchPath(), "搜索历年年度报告") + "</li>\n";
  }
  int k = 0;
  for (const std::string& path : FaultPaths(site)) {
    out +=
        "<li>" + Link(path, site.spec.name + "历年年度报告汇编（" + std::to_string(++k) + "）") + "</li>\n";
  }
  if (site.spec.faults.crawler_trap) out += "<li>" + Link(TrapStartPath(), "年度报告发布日历") + "</li>\n";
  out += TrapPagerLinks(site);
  if (site.spec.faults.redirects && !site.reports.empty()) {
    out += "<li>" + Link(RedirectPath(0), site.reports[0].title + "（转载）") + "</li>\n";
  }
  return out + "</ul></div>\n";
}

std::vector<std::string> BoilerplateSnippets(const SiteModel& site) {
  return {site.icp,
          site.police,
          kQrText,
          "主办：" + site.organizer,
          "技术支持：" + site.tech_support,
          "访问次数：",
          kToolsText,
          kShareText,
          "相关阅读",
          Utf8Prefix(kBrowserNotice, 12)};
}

}  // namespace gongkai::portal
