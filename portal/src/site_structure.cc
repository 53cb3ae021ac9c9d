// The site structure around the 年报 column and the pager traps (see site_structure.h).
#include "site_structure.h"

#include <cstdio>

#include "chrome.h"
#include "util.h"

namespace gongkai::portal {
namespace {

const char* const kDepartments[] = {
    "教育局",           "财政局",         "民政局",     "卫生健康委员会",       "自然资源局",
    "住房和城乡建设局", "交通运输局",     "农业农村局", "文化和旅游局",         "市场监督管理局",
    "生态环境局",       "水利局",         "商务局",     "应急管理局",           "审计局",
    "统计局",           "医疗保障局",     "林业局",     "人力资源和社会保障局", "公安局",
    "司法局",           "退役军人事务局", "科学技术局", "工业和信息化局"};
constexpr int kMaxDepartments = sizeof(kDepartments) / sizeof(kDepartments[0]);
constexpr int kNewestYear = 2023;
constexpr char kPlatform[] = "/xxgk/index.html";
constexpr char kActive[] = "/xxgk/fdzdgknr/index.html";
constexpr char kDepartmentColumn[] = "/xxgk/bmnb/index.html";

int Departments(const SiteModel& site) {
  if (!site.spec.deep_navigation) return 0;
  return std::min(std::max(site.spec.departments, 0), kMaxDepartments);
}

// One department report: its place in the department's list.
struct DeptReport {
  int dept = 0, index = 0, year = 0;
  std::string title, path, published;
};

// Department k lists 2-4 reports, newest first; the second item of each list carries a title
// without a report keyword (工作要点落实情况, 工作总结, a bare year) or the 图片版 form.
std::vector<DeptReport> DeptReports(const SiteModel& site, int k) {
  std::vector<DeptReport> out;
  const int count = 2 + k % 3;
  for (int j = 0; j < count; ++j) {
    DeptReport r;
    r.dept = k;
    r.index = j;
    r.year = kNewestYear - j;
    const std::string dept = site.spec.name + kDepartments[k];
    const std::string year = std::to_string(r.year);
    if (j == 1) {
      switch (k % 4) {
        case 0:
          r.title = dept + year + "年政务公开工作要点落实情况";
          break;
        case 1:
          r.title = dept + year + "年工作总结";
          break;
        case 2:
          r.title = dept + year + "年度报告（图片版）";
          break;
        default:
          r.title = year + "年";
          break;
      }
    } else {
      r.title = dept + year + "年政府信息公开工作年度报告";
    }
    const int month = 1 + (k + j) % 3, day = 1 + (k * 7 + j * 3) % 28;
    char date[32], path[128];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", r.year + 1, month, day);
    std::snprintf(path, sizeof path, "/xxgk/bmnb/d%d/%04d%02d/t%04d%02d%02d_%d.html", k, r.year + 1, month,
                  r.year + 1, month, day, 70000 + k * 10 + j);
    r.published = date;
    r.path = path;
    out.push_back(std::move(r));
  }
  return out;
}

std::string Link(const std::string& href, const std::string& text) {
  return "<a href=\"" + HtmlEscape(href) + "\" target=\"_blank\" title=\"" + HtmlEscape(text) + "\">" +
         HtmlEscape(text) + "</a>";
}

std::string DeptDir(int k) {
  return "/xxgk/bmnb/d" + std::to_string(k) + "/";
}

Page StructPage(const SiteModel& site, const std::string& title, const std::string& column,
                const std::string& main) {
  Page page;
  page.html = true;
  page.last_modified = 1577808000;  // 2020-01-01 +08
  std::string meta;
  if (site.spec.meta_tags) {
    meta = "<meta name=\"SiteName\" content=\"" + HtmlEscape(site.spec.name) +
           "\">\n<meta name=\"ColumnName\" content=\"" + HtmlEscape(column) + "\">\n";
  }
  page.body = HeadStart(site, title) + meta + "</head>\n<body>\n" + SiteHeader(site) + main + Footer(site) +
              BrowserNotice() + "</body>\n</html>\n";
  return page;
}

std::string Li(const std::string& href, const std::string& text, const std::string& date = "") {
  return "<li>" + Link(href, text) + (date.empty() ? "" : "<span class=\"date\">" + date + "</span>") +
         "</li>\n";
}

// A box of a sidebar: keyword links that are not the page's items.
std::string SideBoxes(const SiteModel& site) {
  return "<div class=\"side\"><div class=\"box\"><h3>热点</h3><ul>\n" +
         Li("/xxgk/hot/1.html", std::to_string(kNewestYear) + "年政府工作报告全文", "2023-01-16") +
         Li("/xxgk/hot/2.html", site.spec.name + std::to_string(kNewestYear) + "年政务公开工作要点",
            "2023-03-02") +
         "</ul></div>\n<div class=\"box\"><h3>相关链接</h3><ul>\n" +
         Li("/xxgk/hot/3.html", "关于" + std::to_string(kNewestYear) + "年政府信息公开工作年度报告格式的通知",
            "2023-11-20") +
         Li("/xxgk/hot/4.html", "政府信息公开工作年度报告编写指引（2022年修订）", "2022-12-01") +
         "</ul></div>\n<div class=\"box\"><h3>历年年报</h3><ul>\n" +
         Li(site.ListingPath(0), "政府信息公开年报") +
         (Departments(site) > 0 ? Li(kDepartmentColumn, "部门年报") : "") + "</ul></div></div>\n";
}

std::string LeftNav() {
  return "<div class=\"left-nav\"><ul>\n" + Li("/xxgk/zn/index.html", "政府信息公开指南") +
         Li("/xxgk/zd/index.html", "政府信息公开制度") + Li(kActive, "法定主动公开内容") +
         Li("/xxgk/ysq/index.html", "依申请公开") + "</ul></div>\n";
}

std::string Prose(const std::string& subject, int paragraphs) {
  static const char* const kSentences[] = {
      "按照有关要求，认真组织开展相关工作，进一步健全工作机制，明确责任分工，确保各项任务落到实处。",
      "坚持以公开为常态、不公开为例外，及时准确发布权威信息，回应社会关切，提升公开质量和实效。",
      "加强平台建设和日常管理，规范信息发布流程，完善审核机制，保障信息安全和内容准确。",
      "下一步将继续加强培训指导，强化监督考核，推动各项工作持续深入开展，不断提高群众满意度。"};
  std::string out;
  for (int i = 0; i < paragraphs; ++i) {
    out += "<p>" + HtmlEscape(subject) + kSentences[i % 4] + kSentences[(i + 1) % 4] + "</p>\n";
  }
  return out;
}

Page Home(const SiteModel& site) {
  std::string main = "<div class=\"rk\"><a href=\"" + std::string(kPlatform) +
                     "\">政府信息公开</a> <a href=\"/zwfw/index.html\">政务服务</a></div>\n"
                     "<div class=\"xwdt\"><h3>政务要闻</h3><ul>\n";
  for (int i = 0; i < 5; ++i) {
    char date[16];
    std::snprintf(date, sizeof date, "2023-0%d-1%d", 1 + i, i);
    main += Li("/xxgk/news/" + std::to_string(i + 1) + ".html",
               site.spec.name + "召开第" + std::to_string(20 - i) + "次常务会议", date);
  }
  return StructPage(site, site.spec.name, "首页", main + "</ul></div>\n");
}

Page Platform(const SiteModel& site) {
  std::string main = LeftNav() + "<div class=\"main\"><h3>政策解读</h3><ul class=\"list\">\n";
  for (int i = 0; i < 6; ++i) {
    char date[16];
    std::snprintf(date, sizeof date, "2023-%02d-0%d", 2 + i, 1 + i);
    main += Li("/xxgk/news/" + std::to_string(10 + i) + ".html",
               "图解：" + site.spec.name + "关于推进第" + std::to_string(i + 1) + "批重点项目建设的实施意见",
               date);
  }
  return StructPage(site, "政府信息公开_" + site.spec.name, "政府信息公开", main + "</ul></div>\n");
}

Page Active(const SiteModel& site) {
  std::string main = LeftNav() + "<div class=\"main\"><h3>法定主动公开内容</h3><ul class=\"sub-columns\">\n" +
                     Li("/xxgk/jgzn/", "机构职能") + Li("/xxgk/zcwj/", "政策文件") +
                     Li("/xxgk/ghjh/", "规划计划") + Li("/xxgk/czxx/", "财政信息");
  if (!site.ColumnOnlyInSitemap()) main += Li(site.ListingPath(0), "政府信息公开年报");
  if (Departments(site) > 0) main += Li(kDepartmentColumn, "部门年报");
  return StructPage(site, "法定主动公开内容_" + site.spec.name, "法定主动公开内容", main + "</ul></div>\n");
}

Page DepartmentColumn(const SiteModel& site) {
  std::string main = LeftNav() + "<div class=\"main\"><h3>部门年报</h3><ul class=\"dept-list\">\n";
  for (int k = 0; k < Departments(site); ++k) main += Li(DeptDir(k), kDepartments[k]);
  return StructPage(site, "部门年报_" + site.spec.name, "部门年报", main + "</ul></div>\n" + SideBoxes(site));
}

Page DeptListing(const SiteModel& site, int k) {
  std::string main = SideBoxes(site) + "<div class=\"main\"><div class=\"lm_name\">" +
                     std::string(kDepartments[k]) + "</div>\n<ul class=\"list\">\n";
  for (const DeptReport& r : DeptReports(site, k)) main += Li(r.path, r.title, r.published);
  return StructPage(site, std::string(kDepartments[k]) + "年报_" + site.spec.name,
                    std::string(kDepartments[k]) + "年报", main + "</ul></div>\n");
}

Page DeptReportPage(const SiteModel& site, const DeptReport& r) {
  const std::string agency = site.spec.name + kDepartments[r.dept];
  std::string body;
  if (r.title.find("图片版") != std::string::npos) {
    body = "<p>" + HtmlEscape(agency) + std::to_string(r.year) +
           "年度政府信息公开工作年度报告图片版如下，共三页。</p>\n" + "<p><img src=\"" + DeptDir(r.dept) +
           "nb" + std::to_string(r.year) + "_1.jpg\" alt=\"第一页\"></p>\n" + Prose(agency + "本年度", 3);
  } else {
    body = Prose(agency + std::to_string(r.year) + "年", 5);
  }
  std::string main = "<div class=\"xl_main\"><div class=\"xl_title\"><h1>" + HtmlEscape(r.title) +
                     "</h1></div>\n" + "<div class=\"info\"><span>发布时间：" + r.published +
                     "</span>&nbsp;&nbsp;<span>发布机构：" + HtmlEscape(agency) +
                     "</span></div>\n<div class=\"xl_con\">\n" + body + "</div></div>\n";
  Page page = StructPage(site, r.title, std::string(kDepartments[r.dept]) + "年报", main);
  return page;
}

Page Document(const SiteModel& site, const std::string& title) {
  return StructPage(site, title + "_" + site.spec.name, title,
                    LeftNav() + "<div class=\"main\"><h1>" + HtmlEscape(title) + "</h1>\n" +
                        Prose(site.spec.name, 4) + "</div>\n");
}

// /trap/a/list.jsp?page=N: the same items on every page; /trap/b/list.jsp?page=N: new items and a
// 下一页 on every page, forever.
bool TrapPager(const SiteModel& site, const PageRequest& req, Page* page) {
  const bool a = req.path == "/trap/a/list.jsp", b = req.path == "/trap/b/list.jsp";
  if (!site.spec.faults.pager_traps || (!a && !b)) return false;
  auto it = req.params.find("page");
  int n = 1;
  if (it != req.params.end()) {
    if (it->second.empty() || it->second.size() > 7 ||
        it->second.find_first_not_of("0123456789") != std::string::npos) {
      return false;
    }
    n = std::stoi(it->second);
  }
  std::string main = "<div class=\"main\"><ul class=\"list\">\n";
  for (int i = 0; i < 3; ++i) {
    const int id = a ? i : n * 3 + i;
    main += Li(std::string(a ? "/trap/a/" : "/trap/b/") + "item" + std::to_string(id) + ".html",
               "第" + std::to_string(id) + "号政府信息公开工作年度报告", "2022-01-0" + std::to_string(1 + i));
  }
  main += "</ul><div class=\"fenye\"><a href=\"list.jsp?page=" + std::to_string(n + 1) +
          "\">下一页</a></div></div>\n";
  *page = StructPage(site, "历年年报", "历年年报", main);
  page->last_modified = 0;
  return true;
}

}  // namespace

std::vector<std::string> DepartmentReportPaths(const SiteModel& site) {
  std::vector<std::string> out;
  for (int k = 0; k < Departments(site); ++k) {
    for (const DeptReport& r : DeptReports(site, k)) out.push_back(r.path);
  }
  return out;
}

std::vector<std::string> DepartmentColumnPaths(const SiteModel& site) {
  if (Departments(site) == 0) return {};
  return {kDepartmentColumn};
}

std::vector<std::string> SitemapStructurePaths(const SiteModel& site) {
  return {"/",
          kPlatform,
          kActive,
          "/xxgk/zn/index.html",
          "/xxgk/zd/index.html",
          "/xxgk/ysq/index.html",
          site.ListingPath(0)};
}

std::vector<std::string> TrapPagerPaths(const SiteModel& site) {
  if (!site.spec.faults.pager_traps) return {};
  return {"/trap/a/list.jsp?page=1", "/trap/b/list.jsp?page=1"};
}

std::string TrapPagerLinks(const SiteModel& site) {
  std::string out;
  for (const std::string& path : TrapPagerPaths(site)) {
    out += "<li>" +
           Link(path, path.find("/a/") != std::string::npos ? "历年年报（汇总）" : "历年年报（更多）") +
           "</li>\n";
  }
  return out;
}

bool RenderSiteStructure(const SiteModel& site, const PageRequest& req, Page* page) {
  if (TrapPager(site, req, page)) return true;
  if (!site.spec.deep_navigation) return false;
  const std::string& p = req.path;
  if (p == "/" || p == "/index.html") return *page = Home(site), true;
  if (p == kPlatform) return *page = Platform(site), true;
  if (p == kActive) return *page = Active(site), true;
  if (p == "/xxgk/zn/index.html") return *page = Document(site, "政府信息公开指南"), true;
  if (p == "/xxgk/zd/index.html") return *page = Document(site, "政府信息公开制度"), true;
  if (p == "/xxgk/ysq/index.html") return *page = Document(site, "依申请公开"), true;
  if (p.rfind("/xxgk/hot/", 0) == 0 || p.rfind("/xxgk/news/", 0) == 0) {
    return *page = Document(site, "政务动态"), true;
  }
  if (Departments(site) == 0) return false;
  if (p == kDepartmentColumn || p == "/xxgk/bmnb/") return *page = DepartmentColumn(site), true;
  for (int k = 0; k < Departments(site); ++k) {
    if (p == DeptDir(k) || p == DeptDir(k) + "index.html") return *page = DeptListing(site, k), true;
    if (p.rfind(DeptDir(k), 0) != 0) continue;
    for (const DeptReport& r : DeptReports(site, k)) {
      if (r.path == p) return *page = DeptReportPage(site, r), true;
    }
  }
  return false;
}

}  // namespace gongkai::portal
