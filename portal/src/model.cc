#include "model.h"

#include "report_files.h"

#include <algorithm>
#include <cstdio>

#include "stat_tables.h"
#include "util.h"

namespace gongkai::portal {
namespace {

const std::vector<std::string> kDepartments = {
    "",           "教育局",     "财政局",        "卫生健康局",   "生态环境局",           "住房和城乡建设局",
    "交通运输局", "农业农村局", "民政局",        "司法局",       "人力资源和社会保障局", "自然资源局",
    "应急管理局", "统计局",     "审计局",        "文化和旅游局", "退役军人事务局",       "医疗保障局",
    "水利局",     "商务局",     "市场监督管理局"};

// Reports of years before this use the older report examples; from it on the 2019 standard template.
constexpr int kStandardTemplateYear = 2019;
constexpr int kNewestYear = 2022;
constexpr int kYearsPerDepartment = 8;

std::string Pad2(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string ExampleFor(int year, Rng& rng) {
  static const std::vector<std::string> kOlder = {"jinan-fuzhou-2017.txt", "tonghua-2012.txt",
                                                  "neicuo-xiangan-2015.txt", "alashankou-2017.txt"};
  if (year >= kStandardTemplateYear) return "jinning-kunming-2020.txt";
  return rng.Pick(kOlder);
}

std::string ReportPath(const SiteModel& site, const ReportModel& r) {
  const std::string ym = std::to_string(r.pub_year) + Pad2(r.pub_month);
  const std::string ymd = ym + Pad2(r.pub_day);
  switch (site.spec.tmpl) {
    case Template::kTrsWcm:
      return "/xxgk/ndbg/" + ym + "/t" + ymd + "_" + std::to_string(r.article_id) + ".html";
    case Template::kHanwebJcms:
      return "/art/" + std::to_string(r.pub_year) + "/" + std::to_string(r.pub_month) + "/" +
             std::to_string(r.pub_day) + "/art_" + std::to_string(site.column_id) + "_" +
             std::to_string(r.article_id) + ".html";
    case Template::kPlain:
      return "/ndbg/show.jsp?id=" + std::to_string(r.article_id);
  }
  return "/";
}

std::string AttachmentPath(const SiteModel& site, const ReportModel& r) {
  const std::string ymd = std::to_string(r.pub_year) + Pad2(r.pub_month) + Pad2(r.pub_day);
  const std::string ext = r.stats_in_attachment ? ".docx" : r.attachment_pdf ? ".pdf" : ".doc";
  const std::string serial = std::to_string(100000000 + r.article_id * 7);
  switch (site.spec.tmpl) {
    case Template::kTrsWcm:
      return "/xxgk/ndbg/" + ymd.substr(0, 6) + "/P0" + ymd + serial + ext;
    case Template::kHanwebJcms:
      return "/module/download/downfile.jsp?classid=0&filename=" + ymd + serial + ext;
    case Template::kPlain:
      return "/uploadfiles/" + ymd.substr(0, 6) + "/" + ymd + serial + ext;
  }
  return "/";
}

ReportModel MakeReport(const SiteModel& site, int i, Rng& rng) {
  ReportModel r;
  r.year = kNewestYear - (i % kYearsPerDepartment);
  const int dept_index = (i / kYearsPerDepartment) % static_cast<int>(kDepartments.size());
  const int batch = i / (kYearsPerDepartment * static_cast<int>(kDepartments.size()));
  r.dept = kDepartments[dept_index];
  r.title = site.spec.name + r.dept + std::to_string(r.year) + "年政府信息公开工作年度报告";
  if (batch > 0) r.title += "（第" + std::to_string(batch + 1) + "版）";
  r.pub_year = r.year + 1;
  r.pub_month = rng.Uniform(1, 3);
  r.pub_day = rng.Uniform(1, 28);
  r.pub_hour = rng.Uniform(8, 17);
  r.pub_minute = rng.Uniform(0, 59);
  r.published = std::to_string(r.pub_year) + "-" + Pad2(r.pub_month) + "-" + Pad2(r.pub_day);
  r.published_unix = UnixSeconds(r.pub_year, r.pub_month, r.pub_day, r.pub_hour, r.pub_minute);
  r.example = ExampleFor(r.year, rng);
  r.seed = rng.Next();
  r.article_id = 40000 + site.index * 1000 + i * 7 + rng.Uniform(0, 6);
  r.visits = rng.Uniform(30, 9000);
  r.source = r.dept.empty() ? site.spec.name + "办公室" : site.spec.name + r.dept;
  r.stats_table = site.spec.stats_tables && r.year >= kStandardTemplateYear;
  if (site.spec.attachments && i % 3 == 1) {
    r.attachment_pdf = (i / 3) % 2 == 0;
    r.attachment_path = AttachmentPath(site, r);
  }
  AssignReportFile(site, i, &r);  // report_files.cc: some reports are only a file
  if (r.stats_table) {
    r.stats_edition = r.year >= 2021 ? "2021" : "2019";
    // The newest report keeps the official layout; the others cycle through the markup variants.
    r.stats_markup = i == 0 ? 0 : static_cast<int>(r.seed % PageStatMarkups().size());
    r.stats_break = r.seed % 5 == 0;
    // Tables only in the attachment: a DOCX generated from these tables (stat_attachment.h); a report
    // published only as a fixture file (AssignReportFile) keeps that file.
    r.stats_in_attachment = !r.attachment_path.empty() && r.file.empty() && (i / 3) % 4 == 1;
    if (r.stats_in_attachment) r.attachment_path = AttachmentPath(site, r);
  }
  r.path = ReportPath(site, r);
  return r;
}

struct Province {
  const char* abbrev;
  const char* domain;
};
const std::vector<Province> kProvinces = {{"闽", "fj"}, {"吉", "jl"}, {"滇", "yn"}, {"新", "xj"},
                                          {"蒙", "nm"}, {"苏", "js"}, {"浙", "zj"}, {"粤", "gd"}};

void FillIdentity(SiteModel& site, Rng& rng) {
  const Province& p = rng.Pick(kProvinces);
  site.domain = "www.site" + std::to_string(site.index + 1) + "." + p.domain + ".gov.cn";
  site.site_code = std::to_string(1000000000ll + static_cast<long long>(rng.Next() % 8999999999ull));
  site.icp = std::string(p.abbrev) + "ICP备" + Pad2(rng.Uniform(5, 21)) + "00" +
             std::to_string(rng.Uniform(1000, 9999)) + "号";
  site.police = std::string(p.abbrev) + "公网安备 " + std::to_string(rng.Uniform(10000, 99999)) + "02000" +
                std::to_string(rng.Uniform(100, 999)) + "号";
  site.organizer = site.spec.name + "办公室";
  site.contractor = site.spec.name + "大数据服务中心";
  site.tech_support = rng.Pick(std::vector<std::string>{"拓尔思信息技术股份有限公司", "南京大汉网络有限公司",
                                                        "开普云信息科技股份有限公司"});
  site.phone =
      "0" + std::to_string(rng.Uniform(591, 998)) + "-" + std::to_string(rng.Uniform(2000000, 8999999));
  site.address = site.spec.name + "行政中心" + std::to_string(rng.Uniform(1, 9)) + "号楼";
  site.zip = std::to_string(rng.Uniform(100000, 850000));
  site.column_name = "年度报告";
  site.column_id = site.spec.column_id > 0 ? site.spec.column_id : 1000 + site.index * 17;
}

}  // namespace

int SiteModel::PageCount() const {
  const int per = std::max(1, spec.per_page);
  return std::max(1, (static_cast<int>(reports.size()) + per - 1) / per);
}

std::string SiteModel::ListingPath(int page) const {
  switch (spec.tmpl) {
    case Template::kTrsWcm:
      return page == 0 ? "/xxgk/ndbg/index.html" : "/xxgk/ndbg/index_" + std::to_string(page) + ".html";
    case Template::kHanwebJcms:
      return "/col/col" + std::to_string(column_id) + "/index.html";
    case Template::kPlain:
      return std::string("/ndbg/list.jsp?") + (spec.plain_page_num ? "pageNum=" : "page=") +
             std::to_string(page + 1);
  }
  return "/";
}

std::vector<std::string> SiteModel::DataproxyPaths() const {
  std::vector<std::string> out;
  if (spec.tmpl != Template::kHanwebJcms) return out;
  const int per = std::max(1, spec.per_page);
  const int batch = per * kHanwebPagesPerFetch;
  const int total = static_cast<int>(reports.size());
  for (int start = 1; start <= total; start += batch) {
    const int end = std::min(total, start + batch - 1);
    out.push_back("/module/web/jpage/dataproxy.jsp?startrecord=" + std::to_string(start) +
                  "&endrecord=" + std::to_string(end) + "&perpage=" + std::to_string(per) +
                  "&columnid=" + std::to_string(column_id) + "&appid=1&webid=1");
  }
  return out;
}

bool SiteModel::LinksDisallowed() const {
  return spec.robots == Robots::kRules || spec.robots == Robots::kRulesWithCrawlDelay ||
         (spec.robots == Robots::kServerError && spec.robots_errors > 0);
}

SiteModel BuildSiteModel(const SiteSpec& spec, int index, uint64_t seed) {
  SiteModel site;
  site.spec = spec;
  site.index = index;
  site.seed = MixSeed(seed, static_cast<uint64_t>(index) + 1, Fnv1a64(spec.name));
  Rng rng(site.seed);
  FillIdentity(site, rng);
  for (int i = 0; i < spec.report_count; ++i) site.reports.push_back(MakeReport(site, i, rng));
  std::stable_sort(site.reports.begin(), site.reports.end(), [](const ReportModel& a, const ReportModel& b) {
    return a.published_unix > b.published_unix;
  });
  return site;
}

}  // namespace gongkai::portal
