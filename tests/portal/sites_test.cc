// The demo set and the generated benchmark bed: coverage, determinism, and consistency of the ground
// truth (a small breadth-first crawler in this file finds exactly report_urls and attachment_urls).
#include <deque>
#include <regex>
#include <set>

#include "portal_fixture.h"

namespace gongkai::portal::testing {
namespace {

TEST(PortalSites, DefaultSitesCoverEveryMode) {
  const auto sites = DefaultSites();
  EXPECT_GE(sites.size(), 6u);
  std::set<Template> templates;
  std::set<Charset> charsets;
  std::set<Robots> robots;
  std::set<std::string> ips;
  bool meta = false, no_meta = false, attachments = false, faults = false;
  for (const auto& s : sites) {
    templates.insert(s.tmpl);
    charsets.insert(s.charset);
    robots.insert(s.robots);
    ips.insert(s.ip);
    (s.meta_tags ? meta : no_meta) = true;
    attachments = attachments || s.attachments;
    faults =
        faults || s.faults.rate_limit_every_n > 0 || s.faults.crawler_trap || s.faults.anti_bot_challenge;
  }
  EXPECT_EQ(templates.size(), 3u);
  EXPECT_EQ(charsets.size(), 4u);
  EXPECT_EQ(robots.size(), 5u);
  EXPECT_LT(ips.size(), sites.size());  // a shared platform IP
  EXPECT_TRUE(meta && no_meta && attachments && faults);
}

TEST(PortalSites, GeneratedSitesAreVariedAndDeterministic) {
  const auto a = GeneratedSites(60, 3);
  const auto b = GeneratedSites(60, 3);
  ASSERT_EQ(a.size(), 60u);
  int delayed = 0, smallest = 1000, largest = 0;
  std::set<std::string> ips;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].report_count, b[i].report_count);
    delayed += a[i].robots == Robots::kRulesWithCrawlDelay;
    smallest = std::min(smallest, a[i].report_count);
    largest = std::max(largest, a[i].report_count);
    ips.insert(a[i].ip);
    EXPECT_FALSE(a[i].faults.anti_bot_challenge);
  }
  EXPECT_GE(delayed, 15);
  EXPECT_LT(smallest, 10);
  EXPECT_GT(largest, 50);
  EXPECT_LT(ips.size(), a.size());
  EXPECT_GT(ips.size(), a.size() / 2);
  const auto c = GeneratedSites(60, 4);
  int differ = 0;
  for (size_t i = 0; i < a.size(); ++i) differ += a[i].report_count != c[i].report_count;
  EXPECT_GT(differ, 0);
}

// --- A minimal crawler that knows the three pagers, to check the ground truth end to end. ---

std::string Resolve(const std::string& base_url, const std::string& page_url, const std::string& href) {
  if (href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0) return href;
  if (href.empty() || href.rfind("javascript:", 0) == 0 || href[0] == '#') return "";
  if (href[0] == '/') return base_url + href;
  std::string dir = page_url.substr(0, page_url.find('?'));
  dir = dir.substr(0, dir.rfind('/') + 1);
  return dir + (href.rfind("./", 0) == 0 ? href.substr(2) : href);
}

std::string Unescape(std::string s) {
  for (size_t at; (at = s.find("&amp;")) != std::string::npos;) s.replace(at, 5, "&");
  return s;
}

struct CrawlResult {
  std::set<std::string> fetched_ok;  // 200 answers
  std::set<std::string> linked;      // every same-host URL seen
};

std::vector<std::string> PagerUrls(const SiteInfo& site, const std::string& url, const std::string& body) {
  std::vector<std::string> out;
  std::smatch m;
  if (std::regex_search(body, m, std::regex("createPageHTML\\((\\d+), (\\d+), \"(\\w+)\", \"(\\w+)\"\\)"))) {
    for (int k = 1; k < std::stoi(m[1]); ++k)
      out.push_back(Resolve(site.base_url, url, m[3].str() + "_" + std::to_string(k) + "." + m[4].str()));
  }
  if (std::regex_search(
          body, m,
          std::regex("perPage: (\\d+), totalRecord: (\\d+), proxyUrl: '([^']+)'.*columnid: (\\d+)"))) {
    const int per = std::stoi(m[1]) * 3, total = std::stoi(m[2]);
    for (int start = 1; start <= total; start += per) {
      out.push_back(site.base_url + m[3].str() + "?startrecord=" + std::to_string(start) + "&endrecord=" +
                    std::to_string(start + per - 1) + "&perpage=" + m[1].str() + "&columnid=" + m[4].str());
    }
  }
  return out;
}

CrawlResult Crawl(const SiteInfo& site) {
  constexpr int kMaxPages = 500, kRetries = 4;
  std::vector<std::string> disallow;
  for (int i = 0; i < kRetries; ++i) {
    Fetched robots = Get(site.base_url + "/robots.txt");
    if (robots.status >= 500) continue;
    if (robots.status == 200) {
      std::smatch m;
      std::string text = robots.body.substr(0, robots.body.find("\n\n"));  // the User-agent: * group
      static const std::regex kDisallow("Disallow: (/[^*\\n]*)\\n");
      for (auto it = std::sregex_iterator(text.begin(), text.end(), kDisallow); it != std::sregex_iterator();
           ++it) {
        disallow.push_back((*it)[1]);
      }
    }
    break;
  }
  std::set<std::string> avoid(site.fault_urls.begin(), site.fault_urls.end());
  CrawlResult result;
  std::deque<std::string> queue(site.listing_urls.begin(), site.listing_urls.end());
  std::set<std::string> queued(queue.begin(), queue.end());
  int pages = 0;
  while (!queue.empty() && ++pages < kMaxPages) {
    const std::string url = queue.front();
    queue.pop_front();
    const std::string path = url.substr(site.base_url.size());
    bool skip = avoid.count(url) || path.rfind("/calendar/", 0) == 0;
    for (const auto& d : disallow) skip = skip || path.rfind(d, 0) == 0;
    if (skip) continue;
    Fetched f;
    for (int i = 0; i < kRetries && (f = Get(url)).ok && (f.status == 429 || f.status == 503); ++i) {
    }
    std::vector<std::string> next;
    if (f.status == 301 || f.status == 302) next.push_back(Resolve(site.base_url, url, f.Header("Location")));
    if (f.status == 200) {
      result.fetched_ok.insert(url);
      static const std::regex kHref("href=\"([^\"]+)\"");
      for (auto it = std::sregex_iterator(f.body.begin(), f.body.end(), kHref); it != std::sregex_iterator();
           ++it) {
        next.push_back(Resolve(site.base_url, url, Unescape((*it)[1])));
      }
      for (const auto& u : PagerUrls(site, url, f.body)) next.push_back(u);
    }
    for (const auto& u : next) {
      if (u.rfind(site.base_url + "/", 0) != 0) continue;
      result.linked.insert(u);
      if (queued.insert(u).second) queue.push_back(u);
    }
  }
  return result;
}

TEST(PortalSites, GroundTruthIsExactlyWhatACrawlerFinds) {
  auto portal = StartSites(DefaultSites());
  for (const SiteInfo& site : portal->sites()) {
    SCOPED_TRACE(site.name);
    const CrawlResult r = Crawl(site);
    std::set<std::string> reports, attachments;
    for (const auto& u : r.fetched_ok) {
      if (portal->TruthFor(u) != nullptr) reports.insert(u);
      if (u.ends_with(".pdf") || u.ends_with(".doc") || u.ends_with(".docx") || u.ends_with(".ofd"))
        attachments.insert(u);
    }
    EXPECT_EQ(reports, std::set<std::string>(site.report_urls.begin(), site.report_urls.end()));
    EXPECT_EQ(attachments, std::set<std::string>(site.attachment_urls.begin(), site.attachment_urls.end()));
    for (const auto& u : site.disallowed_urls) {
      EXPECT_TRUE(r.linked.count(u)) << u;
      EXPECT_FALSE(r.fetched_ok.count(u)) << u;
    }
  }
}

TEST(PortalSites, TruthsMatchThePages) {
  SiteSpec spec = TestSite(Template::kTrsWcm);
  spec.report_count = 9;
  auto portal = StartSites({spec});
  const auto truths = portal->Truths();
  ASSERT_EQ(truths.size(), 9u);
  for (const auto& t : truths) {
    const std::string body = Get(t.url).body;
    EXPECT_TRUE(Contains(body, "<h1>" + t.title + "</h1>"));
    EXPECT_TRUE(Contains(body, "发布时间：" + t.published));
    EXPECT_GE(t.body_snippets.size(), 3u);
    for (const auto& s : t.body_snippets) {
      EXPECT_TRUE(Contains(body, s)) << s;
      EXPECT_TRUE(Contains(t.body_text, s)) << s;
    }
    for (const auto& s : t.boilerplate_snippets) {
      EXPECT_TRUE(Contains(body, s)) << s;
      EXPECT_FALSE(Contains(t.body_text, s)) << s;
    }
  }
  EXPECT_EQ(portal->TruthFor(portal->sites()[0].listing_urls[0]), nullptr);
  const std::string jsonl = portal->TruthsJsonl();
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 9);
  EXPECT_TRUE(Contains(jsonl, "{\"url\":\"" + truths[0].url +
                                  "\",\"site_name\":\"测试区人民政府\",\"title\":\"" + truths[0].title));
}

}  // namespace
}  // namespace gongkai::portal::testing
