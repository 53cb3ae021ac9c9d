// A plain JSP site: /ndbg/list.jsp?page=N (or pageNum=N), 1-based, with 首页/上一页/下一页/尾页 links;
// articles /ndbg/show.jsp?id=N in an old table layout (<td id="zoom">).
#include <string>

#include "chrome.h"
#include "content.h"
#include "templates.h"
#include "util.h"

namespace gongkai::portal {
namespace {

std::string PageLink(const SiteModel& site, int page_number, const std::string& text) {
  return "<a href=\"list.jsp?" + std::string(site.spec.plain_page_num ? "pageNum=" : "page=") +
         std::to_string(page_number) + "\">" + text + "</a>";
}

std::string Pager(const SiteModel& site, int number) {
  const int pages = site.PageCount();
  std::string out = "<div class=\"fenye\">共" + std::to_string(site.reports.size()) + "条记录 第" +
                    std::to_string(number) + "/" + std::to_string(pages) + "页 ";
  out +=
      (number > 1 ? PageLink(site, 1, "首页") + " " + PageLink(site, number - 1, "上一页") : "首页 上一页") +
      " ";
  out += number < pages ? PageLink(site, number + 1, "下一页") + " " + PageLink(site, pages, "尾页")
                        : "下一页 尾页";
  return out + "</div>\n";
}

Page Listing(const SiteModel& site, int number) {
  Page page;
  page.html = true;
  page.last_modified = ListingLastModified(site);
  const int per = site.spec.per_page;
  std::string out = HeadStart(site, site.spec.name + "-" + site.column_name) + StandardMeta(site, nullptr) +
                    "</head>\n<body>\n" + SiteHeader(site) + Breadcrumb(site, "") +
                    "<table width=\"980\" align=\"center\" class=\"list\">\n";
  for (int i = (number - 1) * per; i < number * per && i < static_cast<int>(site.reports.size()); ++i) {
    const ReportModel& r = site.reports[i];
    const std::string href = r.path.substr(r.path.rfind('/') + 1);
    out += "<tr><td class=\"dot\">·</td><td><a href=\"" + HtmlEscape(href) + "\" target=\"_blank\">" +
           HtmlEscape(r.title) + "</a></td><td class=\"date\">[" + r.published + "]</td></tr>\n";
  }
  out += "</table>\n" + Pager(site, number);
  if (number == 1) out += ExtraListingLinks(site);
  out += Footer(site) + BrowserNotice() + "</body>\n</html>\n";
  page.body = std::move(out);
  return page;
}

Page Report(const SiteModel& site, int index, int revision) {
  const ReportModel& r = site.reports[index];
  Page page;
  page.html = true;
  page.last_modified = ReportLastModified(r, revision);
  std::string out = HeadStart(site, r.title) + StandardMeta(site, &r) + "</head>\n<body>\n" +
                    SiteHeader(site) + Breadcrumb(site, "") +
                    "<table width=\"980\" align=\"center\" class=\"article\">\n"
                    "<tr><td class=\"bt\" align=\"center\"><b>" +
                    HtmlEscape(r.title) + "</b></td></tr>\n<tr><td>" + MetaLine(r) +
                    "</td></tr>\n<tr><td class=\"content\" id=\"zoom\">\n" +
                    BlocksToHtml(PageBodyBlocks(site, r, revision), "<p>") + "</td></tr>\n<tr><td>" +
                    AttachmentBlock(r) + Tools() + ShareBar() + "</td></tr>\n</table>\n" + QrBlock() +
                    PrevNext(site, index) + Related(site, index) + Footer(site) + BrowserNotice() +
                    "</body>\n</html>\n";
  page.body = std::move(out);
  return page;
}

}  // namespace

bool RenderPlain(const SiteModel& site, const PageRequest& req, const RevisionOf& revision, Page* page) {
  if (req.path == "/ndbg/list.jsp" || req.path == "/ndbg/") {
    const char* name = site.spec.plain_page_num ? "pageNum" : "page";
    auto it = req.params.find(name);
    int number = 1;
    if (it != req.params.end()) {
      const std::string& v = it->second;
      if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos) return false;
      number = std::stoi(v);
    }
    if (number < 1 || number > site.PageCount()) return false;
    *page = Listing(site, number);
    return true;
  }
  if (req.path == "/ndbg/show.jsp") {
    auto it = req.params.find("id");
    if (it == req.params.end()) return false;
    const int index = FindReportByPath(site, "/ndbg/show.jsp?id=" + it->second);
    if (index < 0) return false;
    *page = Report(site, index, revision(index));
    return true;
  }
  return false;
}

}  // namespace gongkai::portal
