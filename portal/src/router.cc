#include "router.h"

#include <cstdio>

#include "chrome.h"
#include "content.h"
#include "embedded.h"
#include "report_files.h"
#include "site_structure.h"
#include "stat_attachment.h"
#include "templates.h"
#include "util.h"

namespace gongkai::portal {
namespace {

constexpr int64_t kSiteEpoch = 1577808000;  // 2020-01-01 00:00 +08: Last-Modified of fixed pages

Page HtmlPage(const SiteModel& site, const std::string& title, const std::string& main) {
  Page page;
  page.html = true;
  page.last_modified = kSiteEpoch;
  page.body = HeadStart(site, title) + StandardMeta(site, nullptr) + "</head>\n<body>\n" + SiteHeader(site) +
              main + Footer(site) + BrowserNotice() + "</body>\n</html>\n";
  return page;
}

Page Home(const SiteModel& site) {
  std::string main =
      "<div class=\"zwgk\"><h3><a href=\"" + site.ListingPath(0) + "\">" + site.column_name + "</a></h3><ul>";
  for (size_t i = 0; i < site.reports.size() && i < 3; ++i) {
    main += "<li><a href=\"" + HtmlEscape(site.reports[i].path) + "\">" + HtmlEscape(site.reports[i].title) +
            "</a></li>";
  }
  return HtmlPage(site, site.spec.name, main + "</ul></div>\n");
}

Page Redirect(int status, const std::string& location) {
  Page page;
  page.status = status;
  page.location = location;
  page.body = "<html><body>Moved: <a href=\"" + HtmlEscape(location) + "\">here</a></body></html>\n";
  return page;
}

std::string PdfBytes(const ReportModel& r) {
  const std::string text = "BT /F1 12 Tf 72 770 Td (Government information disclosure annual report " +
                           std::to_string(r.year) + ", article " + std::to_string(r.article_id) + ") Tj ET";
  const std::string objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"};
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::string xref = "xref\n0 6\n0000000000 65535 f \n";
  for (int i = 0; i < 5; ++i) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", out.size());
    xref += entry;
    out += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref_at = out.size();
  return out + xref + "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref_at) +
         "\n%%EOF\n";
}

std::string DocBytes(const ReportModel& r) {
  std::string out("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);  // OLE2 compound file signature
  out.resize(512, '\0');
  out += "Government information disclosure annual report " + std::to_string(r.year) + ", article " +
         std::to_string(r.article_id);
  out.resize(1536, '\0');
  return out;
}

bool Attachment(const SiteModel& site, const PageRequest& req, Page* page) {
  for (const ReportModel& r : site.reports) {
    if (r.attachment_path.empty() || r.attachment_path != req.target) continue;
    if (!r.file.empty()) {  // a real report file (report_files.h)
      page->content_type = ReportFileContentType(r.file);
      page->body = std::string(ReportFileBytes(r.file));
    } else if (r.stats_in_attachment) {  // the report's own tables (stat_attachment.h)
      page->content_type = kDocxContentType;
      page->body = StatAttachmentDocx(r);
    } else {
      page->content_type = r.attachment_pdf ? "application/pdf" : "application/msword";
      page->body = r.attachment_pdf ? PdfBytes(r) : DocBytes(r);
    }
    page->last_modified = r.published_unix;
    return true;
  }
  return false;
}

// /calendar/YYYY-MM.html links the months before and after it: an endless space of pages.
bool Calendar(const SiteModel& site, const PageRequest& req, Page* page) {
  int year = 0, month = 0;
  char tail[8] = {0};
  if (std::sscanf(req.path.c_str(), "/calendar/%4d-%2d.%5s", &year, &month, tail) != 3 ||
      std::string(tail) != "html" || month < 1 || month > 12 || year < 1000) {
    return false;
  }
  auto link = [&](int y, int m, const char* label) {
    char path[40];
    std::snprintf(path, sizeof path, "/calendar/%04d-%02d.html", y, m);
    return std::string("<a href=\"") + path + "\">" + label + std::to_string(y) + "年" + std::to_string(m) +
           "月年度报告</a> ";
  };
  const std::string main = "<div class=\"calendar\"><h3>" + std::to_string(year) + "年" +
                           std::to_string(month) + "月年度报告发布日历</h3><p>本月无发布。</p>" +
                           link(month == 1 ? year - 1 : year, month == 1 ? 12 : month - 1, "上月：") +
                           link(month == 12 ? year + 1 : year, month == 12 ? 1 : month + 1, "下月：") +
                           "</div>\n";
  *page = HtmlPage(site, "年度报告发布日历", main);
  page->last_modified = 0;
  return true;
}

bool FaultPage(const SiteModel& site, const PageRequest& req, Page* page) {
  const Faults& f = site.spec.faults;
  const std::string& p = req.path;
  if (f.redirect_loop && (p == "/loop/a.html" || p == "/loop/b.html")) {
    *page = Redirect(302, p == "/loop/a.html" ? "/loop/b.html" : "/loop/a.html");
    return true;
  }
  Page::Special special = Page::Special::kNone;
  if (f.connection_reset && p == "/reset/ndbg.html") special = Page::Special::kReset;
  if (f.truncated_body && p == "/truncated/ndbg.html") special = Page::Special::kTruncated;
  if (f.slow_drip_ms > 0 && p == "/drip/ndbg.html") special = Page::Special::kDrip;
  if (f.oversized_bytes > 0 && p == "/big/ndbg.html") special = Page::Special::kOversized;
  if (special == Page::Special::kNone) return false;
  *page = HtmlPage(
      site, site.spec.name + "历年年度报告汇编",
      "<div class=\"main\"><p>" + HtmlEscape(site.spec.name) +
          "历年政府信息公开工作年度报告汇编。</p><p>本页按年度汇总本机关历年发布的政府信息公开工作年度报告，供公众查阅和下载。</p></div>\n");
  page->last_modified = 0;
  page->special = special;
  return true;
}

// sitemaps.org XML listing every report page with its publication date; for a site whose column
// only the sitemap names, its structure pages and the column (not the reports).
Page Sitemap(const SiteModel& site) {
  Page page;
  page.content_type = "application/xml";
  page.last_modified = ListingLastModified(site);
  page.body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  if (site.ColumnOnlyInSitemap()) {
    for (const std::string& path : SitemapStructurePaths(site)) {
      page.body +=
          "<url><loc>" + HtmlEscape(site.base_url + path) + "</loc><changefreq>weekly</changefreq></url>\n";
    }
    page.body += "</urlset>\n";
    return page;
  }
  for (const ReportModel& r : site.reports) {
    page.body += "<url><loc>" + HtmlEscape(site.base_url + r.path) + "</loc><lastmod>" + r.published +
                 "</lastmod></url>\n";
  }
  page.body += "</urlset>\n";
  return page;
}

}  // namespace

int FindReportByPath(const SiteModel& site, const std::string& path_and_query) {
  for (size_t i = 0; i < site.reports.size(); ++i) {
    if (site.reports[i].path == path_and_query) return static_cast<int>(i);
  }
  return -1;
}

int64_t ListingLastModified(const SiteModel& site) {
  int64_t newest = kSiteEpoch;
  for (const ReportModel& r : site.reports) newest = std::max(newest, r.published_unix);
  return newest;
}

int64_t ReportLastModified(const ReportModel& report, int revision) {
  constexpr int64_t kDay = 86400;
  return report.published_unix + revision * kDay;
}

Page NotFound() {
  Page page;
  page.status = 404;
  page.body =
      "<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1>"
      "<p>您访问的页面不存在或已被删除。</p></body></html>\n";
  page.html = true;
  return page;
}

std::string RobotsRules(const SiteModel& site) {
  std::string out = "# robots.txt for " + site.domain +
                    "\nUser-agent: *\nDisallow: /private/\nDisallow: /search/\n"
                    "Disallow: /*?print=1\n";
  if (site.spec.robots == Robots::kRulesWithCrawlDelay)
    out += "Crawl-delay: " + std::to_string(site.spec.crawl_delay_s) + "\n";
  if (site.HasSitemap()) out += "\nSitemap: " + site.base_url + site.SitemapPath() + "\n";
  return out + "\nUser-agent: EvilScraper\nDisallow: /\n";
}

Page AntiBotChallenge(const SiteModel& site) {
  Page page;
  page.status = 521;
  page.body = "<html><script>" + std::string(EmbeddedText("antibot-challenge-jsl.js")) + "</script></html>";
  page.headers.push_back({"Set-Cookie", "__jsluid_h=" + Hex64(site.seed).substr(0, 32) +
                                            "; max-age=31536000; path=/; HttpOnly"});
  return page;
}

std::string FillerChunk(size_t bytes) {
  static const std::string kUnit = "<p>年度报告汇编数据填充内容。</p>\n";
  std::string out;
  out.reserve(bytes);
  while (out.size() < bytes) out += kUnit;
  out.resize(bytes);
  return out;
}

Page Route(const SiteModel& site, const PageRequest& req, const RevisionOf& revision) {
  Page page;
  if (RenderSiteStructure(site, req, &page)) return page;
  bool found = false;
  switch (site.spec.tmpl) {
    case Template::kTrsWcm:
      found = RenderTrs(site, req, revision, &page);
      break;
    case Template::kHanwebJcms:
      found = RenderHanweb(site, req, revision, &page);
      break;
    case Template::kPlain:
      found = RenderPlain(site, req, revision, &page);
      break;
  }
  if (found) return page;
  if (req.path == "/" || req.path == "/index.html") return Home(site);
  if (req.path == site.DraftPath()) {
    return HtmlPage(
        site, "征求意见稿",
        "<p>" + HtmlEscape(site.spec.name) + "2023年政府信息公开工作年度报告（征求意见稿）</p>\n");
  }
  if (req.path.rfind("/search/", 0) == 0) return HtmlPage(site, "搜索", "<p>搜索结果</p>\n");
  if (site.HasSitemap() && req.path == site.SitemapPath()) return Sitemap(site);
  if (Attachment(site, req, &page)) return page;
  if (site.spec.faults.redirects && req.path.rfind("/go/report/", 0) == 0) {
    const std::string n = req.path.substr(11);
    if (!n.empty() && n.size() < 6 && n.find_first_not_of("0123456789") == std::string::npos &&
        std::stoi(n) < static_cast<int>(site.reports.size())) {
      return Redirect(301, site.reports[std::stoi(n)].path);
    }
  }
  if (site.spec.faults.crawler_trap && Calendar(site, req, &page)) return page;
  if (FaultPage(site, req, &page)) return page;
  return NotFound();
}

}  // namespace gongkai::portal
