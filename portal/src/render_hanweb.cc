// Hanweb jcms: /col/colNNN/index.html carries the first records inline in a <datastore> script and a
// jpage() pager that fetches the rest from /module/web/jpage/dataproxy.jsp (XML, records in CDATA);
// articles /art/Y/M/D/art_COL_ID.html with the body between <meta name="ContentStart"/"ContentEnd">.
#include <algorithm>
#include <string>

#include "chrome.h"
#include "content.h"
#include "templates.h"
#include "util.h"

namespace gongkai::portal {
namespace {

constexpr char kDataproxy[] = "/module/web/jpage/dataproxy.jsp";

std::string Record(const ReportModel& r) {
  return "<record><![CDATA[<li><a href=\"" + r.path + "\" target=\"_blank\" title=\"" + HtmlEscape(r.title) +
         "\">" + HtmlEscape(r.title) + "</a><span class=\"bt-data-time\">" + r.published +
         "</span></li>]]></record>\n";
}

// Records start..end, 1-based inclusive, clamped.
std::string Records(const SiteModel& site, int start, int end) {
  std::string out;
  const int total = static_cast<int>(site.reports.size());
  for (int i = std::max(1, start); i <= std::min(end, total); ++i) out += Record(site.reports[i - 1]);
  return out;
}

Page Listing(const SiteModel& site) {
  Page page;
  page.html = true;
  page.last_modified = ListingLastModified(site);
  const int per = site.spec.per_page;
  const int total = static_cast<int>(site.reports.size());
  const std::string col = std::to_string(site.column_id);
  std::string out =
      HeadStart(site, site.column_name + " " + site.spec.name) + StandardMeta(site, nullptr) +
      "<script type=\"text/javascript\" src=\"/module/jslib/jquery/jquery.js\"></script>\n"
      "<script type=\"text/javascript\" src=\"/module/web/jpage/jpage.js\"></script>\n</head>\n<body>\n" +
      SiteHeader(site) + Breadcrumb(site, "") + "<div class=\"main-right\"><div class=\"bt-title\">" +
      site.column_name + "</div>\n<div id=\"" + col +
      "\"><script type=\"text/xml\"><datastore>\n"
      "<nextgroup><![CDATA[<a href=\"" +
      kDataproxy + "?page=1&appid=1&webid=1&path=/&columnid=" + col + "&unitid=" + col +
      "&webname=&permissiontype=0\"></a>]]></nextgroup>\n<recordset>\n" +
      Records(site, 1, per * kHanwebPagesPerFetch) +
      "</recordset></datastore></script></div>\n"
      "<script type=\"text/javascript\">$(document).ready(function(){ $('#" +
      col + "').jpage({ dataStore: dataStore, openCookies: false, perPage: " + std::to_string(per) +
      ", totalRecord: " + std::to_string(total) + ", proxyUrl: '" + kDataproxy +
      "', groupSize: " + std::to_string(kHanwebPagesPerFetch) +
      ", barPosition: 'bottom', ajaxParam: { col: 1, appid: 1, webid: 1, path: '/', columnid: " + col +
      ", sourceContentType: 1, unitid: " + col + ", webname: '', permissiontype: 0 } }); });</script>\n" +
      ExtraListingLinks(site) + "</div>\n" + Footer(site) + BrowserNotice() + "</body>\n</html>\n";
  page.body = std::move(out);
  return page;
}

int IntParam(const PageRequest& req, const std::string& name, int fallback) {
  auto it = req.params.find(name);
  if (it == req.params.end() || it->second.empty() || it->second.size() > 9 ||
      it->second.find_first_not_of("0123456789") != std::string::npos) {
    return fallback;
  }
  return std::stoi(it->second);
}

Page Dataproxy(const SiteModel& site, const PageRequest& req) {
  const int total = static_cast<int>(site.reports.size());
  const int per = std::max(1, IntParam(req, "perpage", site.spec.per_page));
  const int start = IntParam(req, "startrecord", 1);
  const int end = IntParam(req, "endrecord", start + per * kHanwebPagesPerFetch - 1);
  const int column = IntParam(req, "columnid", site.column_id);
  Page page;
  page.content_type = "text/xml;charset=UTF-8";  // always UTF-8, whatever the site's HTML charset
  if (column != site.column_id || start < 1 || end < start) {
    page.status = 400;
    page.body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore><error>bad parameters</error></datastore>\n";
    return page;
  }
  page.last_modified = ListingLastModified(site);
  page.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<datastore>\n<totalrecord>" +
              std::to_string(total) + "</totalrecord>\n<totalpage>" + std::to_string(site.PageCount()) +
              "</totalpage>\n<recordset>\n" + Records(site, start, end) + "</recordset>\n</datastore>\n";
  return page;
}

Page Report(const SiteModel& site, int index, int revision) {
  const ReportModel& r = site.reports[index];
  Page page;
  page.html = true;
  page.last_modified = ReportLastModified(r, revision);
  std::string out =
      HeadStart(site, r.title + " " + site.spec.name) + StandardMeta(site, &r) + "</head>\n<body>\n" +
      SiteHeader(site) + Breadcrumb(site, "") +
      "<div class=\"main-txt\">\n<table width=\"100%\"><tr><td class=\"title\">" + HtmlEscape(r.title) +
      "</td></tr><tr><td>" + MetaLine(r) + "</td></tr><tr><td>" + Tools() +
      "</td></tr></table>\n"
      "<div id=\"zoom\">\n<!--ZJEG_RSS.content.begin--><meta name=\"ContentStart\">\n" +
      BlocksToHtml(PageBodyBlocks(site, r, revision), "<p style=\"text-indent:2em;line-height:2;\">") +
      "<meta name=\"ContentEnd\"><!--ZJEG_RSS.content.end-->\n</div>\n" + AttachmentBlock(r) + ShareBar() +
      QrBlock() + PrevNext(site, index) + Related(site, index) + "</div>\n" + Footer(site) + BrowserNotice() +
      "</body>\n</html>\n";
  page.body = std::move(out);
  return page;
}

}  // namespace

bool RenderHanweb(const SiteModel& site, const PageRequest& req, const RevisionOf& revision, Page* page) {
  const std::string col_dir = "/col/col" + std::to_string(site.column_id) + "/";
  if (req.path == col_dir || req.path == col_dir + "index.html") {
    *page = Listing(site);
    return true;
  }
  if (req.path == kDataproxy) {
    *page = Dataproxy(site, req);
    return true;
  }
  const int index = FindReportByPath(site, req.path);
  if (index < 0) return false;
  *page = Report(site, index, revision(index));
  return true;
}

}  // namespace gongkai::portal
