// TRS WCM: /xxgk/ndbg/index.html, index_1.html … paged only by the createPageHTML() JS call;
// articles ./YYYYMM/tYYYYMMDD_ID.html with the body in <div class="TRS_Editor">.
#include <string>

#include "chrome.h"
#include "content.h"
#include "templates.h"
#include "util.h"

namespace gongkai::portal {
namespace {

constexpr char kColumnDir[] = "/xxgk/ndbg/";

// The pager script of TRS sites: page links exist only once this JavaScript runs.
const char kCreatePageHtml[] = R"js(<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0)
    document.write("<span>首页</span>&nbsp;<span>上一页</span>&nbsp;");
  else {
    document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">首页</a>&nbsp;");
    if(nCurrIndex == 1) document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">上一页</a>&nbsp;");
    else document.write("<a href=\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\">上一页</a>&nbsp;");
  }
  if(nCurrIndex == (_nPageCount-1))
    document.write("<span>下一页</span>&nbsp;<span>尾页</span>");
  else {
    document.write("<a href=\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\">下一页</a>&nbsp;");
    document.write("<a href=\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\">尾页</a>");
  }
}
</script>
)js";

std::string Relative(const std::string& path) {
  // Listing pages live in kColumnDir; TRS writes article links relative to it.
  if (path.rfind(kColumnDir, 0) == 0) return "./" + path.substr(sizeof(kColumnDir) - 1);
  return path;
}

Page Listing(const SiteModel& site, int page_index) {
  Page page;
  page.html = true;
  page.last_modified = ListingLastModified(site);
  const int per = site.spec.per_page;
  std::string out = HeadStart(site, site.column_name + "_" + site.spec.name) + StandardMeta(site, nullptr) +
                    kCreatePageHtml + "</head>\n<body>\n" + SiteHeader(site) + Breadcrumb(site, "") +
                    "<div class=\"main\"><div class=\"lm_name\">" + site.column_name +
                    "</div>\n<ul class=\"list\">\n";
  for (int i = page_index * per; i < (page_index + 1) * per && i < static_cast<int>(site.reports.size());
       ++i) {
    const ReportModel& r = site.reports[i];
    out += "<li><a href=\"" + Relative(r.path) + "\" target=\"_blank\" title=\"" + HtmlEscape(r.title) +
           "\">" + HtmlEscape(r.title) + "</a><span>" + r.published + "</span></li>\n";
  }
  out += "</ul>\n<div class=\"page\"><script type=\"text/javascript\">createPageHTML(" +
         std::to_string(site.PageCount()) + ", " + std::to_string(page_index) +
         ", \"index\", \"html\");</script></div>\n";
  if (page_index == 0) out += ExtraListingLinks(site);
  out += "</div>\n" + Footer(site) + BrowserNotice() + "</body>\n</html>\n";
  page.body = std::move(out);
  return page;
}

Page Report(const SiteModel& site, int index, int revision) {
  const ReportModel& r = site.reports[index];
  Page page;
  page.html = true;
  page.last_modified = ReportLastModified(r, revision);
  std::string out =
      HeadStart(site, r.title) + StandardMeta(site, &r) + "</head>\n<body>\n" + SiteHeader(site) +
      Breadcrumb(site, "正文") + "<div class=\"xl_main\">\n<div class=\"xl_title\"><h1>" +
      HtmlEscape(r.title) + "</h1></div>\n" + MetaLine(r) + Tools() +
      "<div class=\"xl_con\"><div class=\"TRS_Editor\"><div class=\"Custom_UnionStyle\">\n" +
      BlocksToHtml(PageBodyBlocks(site, r, revision), "<p style=\"text-indent: 2em;\">") +
      "</div></div></div>\n" + AttachmentBlock(r) + ShareBar() + QrBlock() + PrevNext(site, index) +
      Related(site, index) + "</div>\n" + Footer(site) + BrowserNotice() + "</body>\n</html>\n";
  page.body = std::move(out);
  return page;
}

}  // namespace

bool RenderTrs(const SiteModel& site, const PageRequest& req, const RevisionOf& revision, Page* page) {
  const std::string& p = req.path;
  if (p == "/xxgk/ndbg") {
    page->status = 301;
    page->location = kColumnDir;
    return true;
  }
  if (p == kColumnDir || p == "/xxgk/ndbg/index.html") {
    *page = Listing(site, 0);
    return true;
  }
  const std::string prefix = "/xxgk/ndbg/index_";
  if (p.rfind(prefix, 0) == 0 && p.size() > prefix.size() + 5 && p.ends_with(".html")) {
    const std::string digits = p.substr(prefix.size(), p.size() - prefix.size() - 5);
    if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 6) return false;
    const int n = std::stoi(digits);
    if (n < 1 || n >= site.PageCount()) return false;
    *page = Listing(site, n);
    return true;
  }
  const int index = FindReportByPath(site, p);
  if (index < 0) return false;
  *page = Report(site, index, revision(index));
  return true;
}

}  // namespace gongkai::portal
