// storage_bench: figures of the archive on synthetic Chinese reports (deterministic for a seed).
//
// Usage: storage_bench [--reports N] [--zstd-level L] [--durable] [--queries Q] [--dir DIR] [--search-only]
// --search-only measures search on the archive a previous run left in DIR.
// Prints: insert rate (RecordFetch with body + extraction, one transaction each), the end-of-run
// index compaction, bytes raw vs stored (blobs) vs the whole file (the synthetic text is random
// words: it compresses far worse than real reports, and its index is larger), and search latency (p50/p95/max
// over Q queries of 3-8 characters, and of 2-character queries, which match nearly every report).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "storage/archive.h"

namespace {

using gongkai::storage::Archive;
using Clock = std::chrono::steady_clock;

const char* const kWords[] = {
    "政府",     "信息",       "公开",     "工作",           "年度",       "报告",
    "主动",     "依申请",     "条例",     "行政",           "复议",       "诉讼",
    "收费",     "减免",       "统计",     "数据",           "规范性文件", "行政许可",
    "行政处罚", "行政强制",   "财政",     "预算",           "决算",       "三公经费",
    "政务",     "服务",       "平台",     "网站",           "新闻发布会", "政策解读",
    "回应关切", "人大代表",   "建议",     "政协委员",       "提案",       "办理",
    "乡镇",     "街道",       "社区",     "教育",           "卫生健康",   "生态环境",
    "交通运输", "住房",       "城乡建设", "农业农村",       "水利",       "应急管理",
    "市场监管", "公共资源",   "交易",     "重大项目",       "审批",       "监督",
    "保障",     "培训",       "考核",     "存在的主要问题", "改进情况",   "其他需要报告的事项",
    "总体情况", "收到和处理", "申请情况", "机构建设",       "人员",       "经费",
    "会议",     "通知",       "意见",     "决定",           "办法",       "实施",
    "推进",     "落实",       "完善",     "加强",           "提高",       "群众",
    "企业",     "满意度",     "一网通办", "营商环境",       "数字政府",   "疫情防控",
    "乡村振兴", "安全生产"};
constexpr int kWordCount = sizeof(kWords) / sizeof(kWords[0]);
const char* const kPlaces[] = {"福州市", "通化市", "昆明市", "厦门市", "阿拉山口市", "晋安区", "晋宁区",
                               "翔安区", "测试县", "示例市", "南平市", "三明市",     "龙岩市", "宁德市"};

struct Flags {
  int reports = 100000;
  int zstd_level = 3;  // the archive default (config.toml archive.zstd_level)
  bool durable = false;
  int queries = 200;
  std::string dir = "storage-bench";
  bool search_only = false;
};

std::string Sentence(std::mt19937& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += kWords[rng() % kWordCount];
  return s + "。";
}

struct Page {
  std::string url, html, title, text;
};

Page MakePage(std::mt19937& rng, int i) {
  Page p;
  std::string place = kPlaces[rng() % (sizeof(kPlaces) / sizeof(kPlaces[0]))];
  int year = 2008 + static_cast<int>(rng() % 16);
  p.url = "http://site" + std::to_string(i % 200) + ".gov.test/xxgk/ndbg/t" + std::to_string(year) + "_" +
          std::to_string(i) + ".html";
  p.title = place + "人民政府" + std::to_string(year) + "年政府信息公开工作年度报告";
  for (int k = 0; k < 12; ++k) p.text += Sentence(rng, 8 + static_cast<int>(rng() % 10)) + "\n";
  std::string nav;
  for (int k = 0; k < 30; ++k)
    nav += "<li><a href=\"/col/" + std::to_string(k) + "/\">" + kWords[k % kWordCount] + "</a></li>";
  p.html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + p.title +
           "</title><meta name=\"SiteName\" content=\"" + place + "人民政府\"></head><body><ul class=nav>" +
           nav + "</ul><div class=article><h1>" + p.title + "</h1><div class=content><p>" + p.text +
           "</p></div></div><div class=footer>主办单位：" + place + "人民政府办公室 版权所有</div>" + nav +
           "</body></html>";
  return p;
}

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * (v.size() - 1) + 0.5))];
}

void Die(const gongkai::storage::Status& s, const char* what) {
  if (s.ok()) return;
  std::fprintf(stderr, "storage_bench: %s: %s\n", what, s.ToString().c_str());
  std::exit(1);
}

int64_t FileSize(const std::string& path) {
  std::error_code ec;
  auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : static_cast<int64_t>(n);
}

void Latency(Archive& archive, std::mt19937& rng, int queries, bool short_terms) {
  std::vector<double> ms, cpu_ms;
  size_t total_hits = 0;
  auto cpu_now = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
  };
  for (int q = 0; q < queries; ++q) {
    std::string word = kWords[rng() % kWordCount];
    std::string text = short_terms ? word.substr(0, 6) : word + kWords[rng() % kWordCount];
    if (!short_terms && rng() % 3 == 0) text = kPlaces[rng() % 14] + std::string("人民政府");
    gongkai::storage::SearchQuery query;
    query.text = text;
    std::vector<gongkai::storage::SearchHit> hits;
    auto start = Clock::now();
    double cpu_start = cpu_now();
    Die(archive.Search(query, &hits), "search");
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    cpu_ms.push_back(cpu_now() - cpu_start);
    total_hits += hits.size();
  }
  std::printf(
      "search %-22s queries=%d p50_ms=%.2f p95_ms=%.2f max_ms=%.2f cpu_p50_ms=%.2f cpu_p95_ms=%.2f "
      "mean_hits=%.1f\n",
      short_terms ? "(2 chars)" : "(3-10 chars)", queries, Percentile(ms, 0.5), Percentile(ms, 0.95),
      Percentile(ms, 1.0), Percentile(cpu_ms, 0.5), Percentile(cpu_ms, 0.95),
      static_cast<double>(total_hits) / queries);
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
    if (arg == "--reports")
      flags.reports = std::stoi(value());
    else if (arg == "--zstd-level")
      flags.zstd_level = std::stoi(value());
    else if (arg == "--durable")
      flags.durable = true;
    else if (arg == "--queries")
      flags.queries = std::stoi(value());
    else if (arg == "--dir")
      flags.dir = value();
    else if (arg == "--search-only")
      flags.search_only = true;
    else {
      std::fprintf(
          stderr,
          "usage: storage_bench [--reports N] [--zstd-level L] [--durable] [--queries Q] [--dir DIR] "
          "[--search-only]\n");
      return 2;
    }
  }
  if (!flags.search_only) std::filesystem::remove_all(flags.dir);
  gongkai::storage::Options options;
  options.path = flags.dir + "/bench.sqlite";
  options.zstd_level = flags.zstd_level;
  options.durable_commits = flags.durable;
  std::unique_ptr<Archive> archive;
  Die(Archive::Open(options, &archive), "open");
  int64_t run = 0;
  Die(archive->BeginRun({"bench", "bench", "", 0}, &run), "begin run");
  std::mt19937 rng(42);
  if (flags.search_only) {
    Latency(*archive, rng, flags.queries, false);
    Latency(*archive, rng, flags.queries / 4, true);
    return 0;
  }
  int64_t raw_bytes = 0, text_bytes = 0;
  auto start = Clock::now();
  for (int i = 0; i < flags.reports; ++i) {
    Page page = MakePage(rng, i);
    gongkai::storage::Capture c;
    c.run_id = run;
    c.url = page.url;
    c.status = 200;
    c.response_headers = {{"Content-Type", "text/html; charset=utf-8"}};
    c.started_at_ms = 1700000000000 + i;
    c.page_kind = gongkai::storage::PageKind::kReport;
    gongkai::storage::ExtractionRecord e;
    e.title = page.title;
    e.text = page.text;
    e.published = "20" + page.url.substr(page.url.find("/t") + 4, 2) + "-03-01";
    e.extractor_version = "bench";
    Die(archive->RecordFetch(c, std::string_view(page.html), false, {}, &e, nullptr), "record");
    raw_bytes += static_cast<int64_t>(page.html.size());
    text_bytes += static_cast<int64_t>(page.text.size() + page.title.size());
  }
  double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  auto compact_start = Clock::now();
  Die(archive->FinishRun(run, "{}", 1700000000000 + flags.reports), "finish run (compacts the index)");
  double compact_seconds = std::chrono::duration<double>(Clock::now() - compact_start).count();
  std::vector<gongkai::storage::SiteStats> stats;
  Die(archive->Stats(&stats), "stats");
  int64_t stored = 0;
  for (const auto& s : stats) stored += s.stored_bytes;
  archive.reset();  // checkpoint the WAL into the file
  Die(Archive::Open(options, &archive), "reopen");
  int64_t file = FileSize(options.path) + FileSize(options.path + "-wal");
  std::printf(
      "insert reports=%d seconds=%.1f per_s=%.0f zstd_level=%d synchronous=%s; end of run "
      "(index compaction) seconds=%.1f\n",
      flags.reports, seconds, flags.reports / seconds, flags.zstd_level, flags.durable ? "FULL" : "NORMAL",
      compact_seconds);
  std::printf("bytes raw=%lld text=%lld blobs_stored=%lld blobs/raw=%.3f file=%lld file/raw=%.3f\n",
              static_cast<long long>(raw_bytes), static_cast<long long>(text_bytes),
              static_cast<long long>(stored), static_cast<double>(stored) / raw_bytes,
              static_cast<long long>(file), static_cast<double>(file) / raw_bytes);
  Latency(*archive, rng, flags.queries, false);
  Latency(*archive, rng, flags.queries / 4, true);
  return 0;
}
