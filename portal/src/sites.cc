// The demo set of sites and the generated sites of the crawl benchmark.
#include <string>
#include <vector>

#include "portal/portal.h"
#include "util.h"

namespace gongkai::portal {
namespace {

SiteSpec Site(const std::string& name, const std::string& ip, Template tmpl, Charset charset, Robots robots) {
  SiteSpec s;
  s.name = name;
  s.ip = ip;
  s.tmpl = tmpl;
  s.charset = charset;
  s.robots = robots;
  return s;
}

}  // namespace

std::vector<SiteSpec> DefaultSites() {
  std::vector<SiteSpec> sites;
  // 0: TRS WCM, UTF-8, Crawl-delay 1 s, meta tags, PDF/DOC attachments, redirects.
  SiteSpec jinan = Site("福州市晋安区人民政府", "127.0.1.2", Template::kTrsWcm, Charset::kUtf8,
                        Robots::kRulesWithCrawlDelay);
  jinan.crawl_delay_s = 1;
  jinan.attachments = true;
  jinan.file_reports = true;
  jinan.faults.redirects = true;
  jinan.sitemap = true;
  jinan.deep_navigation = true;  // 首页 -> 政府信息公开 -> 法定主动公开内容 -> 年报 column
  sites.push_back(jinan);
  // 1: plain ?page=N, GBK declared only in <meta>, no meta tags, 429 every 7th request.
  SiteSpec tonghua =
      Site("通化市人民政府", "127.0.1.3", Template::kPlain, Charset::kGbkMetaOnly, Robots::kRules);
  tonghua.meta_tags = false;
  tonghua.faults.rate_limit_every_n = 7;
  tonghua.faults.retry_after_s = 1;
  sites.push_back(tonghua);
  // 2 and 3: Hanweb jcms on one 集约化 platform IP (two ports): UTF-8 without robots rules, and
  // GBK declared only in the header with robots.txt 404.
  SiteSpec jinning =
      Site("昆明市晋宁区人民政府", "127.0.1.4", Template::kHanwebJcms, Charset::kUtf8, Robots::kNone);
  jinning.report_count = 17;
  jinning.per_page = 4;
  jinning.deep_navigation = true;
  sites.push_back(jinning);
  SiteSpec neicuo = Site("厦门市翔安区内厝镇人民政府", "127.0.1.4", Template::kHanwebJcms,
                         Charset::kGbkHeaderOnly, Robots::kNotFound);
  neicuo.report_count = 6;
  neicuo.attachments = true;
  neicuo.file_reports = true;
  neicuo.stats_tables = false;
  sites.push_back(neicuo);
  // 4: plain pageNum=N, GBK bytes declared utf-8, no meta tags, a burst of 503s, latency, no gzip.
  SiteSpec alashankou =
      Site("阿拉山口市人民政府", "127.0.1.5", Template::kPlain, Charset::kWrongDeclaration, Robots::kRules);
  alashankou.meta_tags = false;
  alashankou.plain_page_num = true;
  alashankou.gzip = false;
  alashankou.faults.burst_503_after = 3;
  alashankou.faults.burst_503_length = 2;
  alashankou.faults.latency_ms = 20;
  sites.push_back(alashankou);
  // 5: robots.txt answers 500 twice, then rules (the crawler must wait and retry robots).
  SiteSpec flaky =
      Site("示例市人民政府", "127.0.1.6", Template::kTrsWcm, Charset::kUtf8, Robots::kServerError);
  flaky.robots_errors = 2;
  flaky.report_count = 5;
  sites.push_back(flaky);
  // 6: the fault site: reset, truncated, redirect loop, slow drip, oversized page, calendar trap.
  SiteSpec faults = Site("测试县人民政府", "127.0.1.7", Template::kTrsWcm, Charset::kUtf8, Robots::kRules);
  faults.report_count = 6;
  faults.faults.connection_reset = true;
  faults.faults.truncated_body = true;
  faults.faults.redirect_loop = true;
  faults.faults.slow_drip_ms = 20;
  faults.faults.oversized_bytes = 24ll * 1024 * 1024;
  faults.faults.crawler_trap = true;
  sites.push_back(faults);
  // 7: behind an anti-bot wall (加速乐 521 challenge): nothing but robots.txt is reachable.
  SiteSpec walled = Site("防护市人民政府", "127.0.1.8", Template::kPlain, Charset::kUtf8, Robots::kRules);
  walled.report_count = 4;
  walled.faults.anti_bot_challenge = true;
  sites.push_back(walled);
  return sites;
}

std::vector<SiteSpec> StructureSites() {
  std::vector<SiteSpec> sites;
  // A 集约化 platform: 24 department sub-columns under 部门年报, reached from the home page only
  // through navigation; sidebars with keyword links that are not items.
  SiteSpec platform = Site("东湖区人民政府", "127.0.1.10", Template::kTrsWcm, Charset::kUtf8, Robots::kRules);
  platform.deep_navigation = true;
  platform.departments = 24;
  platform.report_count = 9;
  sites.push_back(platform);
  SiteSpec plain =
      Site("西岭县人民政府", "127.0.1.11", Template::kPlain, Charset::kGbkMetaOnly, Robots::kNone);
  plain.deep_navigation = true;
  plain.departments = 5;
  plain.meta_tags = false;
  sites.push_back(plain);
  SiteSpec hanweb =
      Site("南塘镇人民政府", "127.0.1.12", Template::kHanwebJcms, Charset::kGbkHeaderOnly, Robots::kNotFound);
  hanweb.deep_navigation = true;
  hanweb.departments = 3;
  hanweb.per_page = 3;
  sites.push_back(hanweb);
  // The 年报 column is linked from no page: only /sitemap.xml lists it, and no robots.txt names that.
  SiteSpec hidden =
      Site("北湖区人民政府", "127.0.1.13", Template::kTrsWcm, Charset::kUtf8, Robots::kNotFound);
  hidden.deep_navigation = true;
  hidden.column_only_in_sitemap = true;
  hidden.report_count = 7;
  sites.push_back(hidden);
  return sites;
}

std::vector<SiteSpec> GeneratedSites(int n, uint64_t seed) {
  static const std::vector<std::string> kCities = {"青山", "临川", "永安", "东兴", "长宁", "安平",
                                                   "丰城", "南乐", "武陵", "江源", "清河", "云岩",
                                                   "平遥", "桐庐", "新丰", "龙泉"};
  static const std::vector<std::string> kKinds = {"区", "县", "市", "镇"};
  constexpr int kShareEvery = 4;  // every 4th site joins the previous site's IP (a 集约化 platform)
  std::vector<SiteSpec> sites;
  Rng rng(MixSeed(seed, 0x5eed));
  std::string ip;
  for (int i = 0; i < n; ++i) {
    SiteSpec s;
    s.name = kCities[i % kCities.size()] + kKinds[(i / kCities.size()) % kKinds.size()] +
             std::to_string(i + 1) + "号人民政府";
    if (i % kShareEvery != kShareEvery - 1 || ip.empty()) {
      ip = "127.0." + std::to_string(2 + i / 250) + "." + std::to_string(2 + i % 250);
    }
    s.ip = ip;
    s.tmpl = static_cast<Template>(i % 3);
    s.charset = static_cast<Charset>(rng.Uniform(0, 3));
    if (i % 3 == 0) {
      s.robots = Robots::kRulesWithCrawlDelay;
      s.crawl_delay_s = rng.Uniform(1, 2);
    } else {
      s.robots = rng.Uniform(0, 3) == 0 ? Robots::kNone
                                        : (rng.Uniform(0, 4) == 0 ? Robots::kNotFound : Robots::kRules);
    }
    // Sizes: mostly small portals, a few big ones (long-tailed like the real set).
    const int roll = rng.Uniform(0, 9);
    s.report_count = roll < 6 ? rng.Uniform(3, 20) : (roll < 9 ? rng.Uniform(20, 60) : rng.Uniform(60, 120));
    s.per_page = rng.Uniform(8, 20);
    s.meta_tags = rng.Uniform(0, 1) == 0;
    s.attachments = rng.Uniform(0, 2) == 0;
    s.plain_page_num = rng.Uniform(0, 1) == 0;
    s.gzip = rng.Uniform(0, 2) == 0;  // most small portals do not compress
    // Site structure (no draws: earlier fields stay as they were for a seed).
    s.deep_navigation = i % 2 == 0;
    if (s.deep_navigation && i % 6 == 0) s.departments = 3 + i % 10;
    sites.push_back(s);
  }
  return sites;
}

}  // namespace gongkai::portal
