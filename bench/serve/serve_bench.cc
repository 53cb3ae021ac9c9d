// serve_bench: load on gongkai serve — N concurrent loopback clients (keep-alive, one request at a
// time each) for S seconds, against a server started in-process on the given archive.
//
// Usage: serve_bench --archive PATH [--clients 50] [--seconds 30] [--mix search|pages]
//                    [--queries N] [--cache 0|1] [--connections C] [--warm]
// --mix search: /api/search only, over a fixed list of queries (pages 1-3; --queries limits how many
//   distinct queries are used); pages: /, /search, /report, /provenance, /coverage, /api/search.
// --cache 0 turns the server's search cache off, so every request searches the archive.
// --warm first asks every distinct search of the mix once (the clients share the list; its wall
//   time is printed as warmup_s), then measures: the steady state of a server whose researchers
//   repeat and page through queries. Without it the first asks of each query are measured too.
// Prints requests, errors (transport failures and non-2xx), throughput and latency p50/p95/p99/max.
// A storage_bench archive (bench/storage) of 100,000 reports is the reference input.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <httplib.h>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "serve/server.h"

namespace {

using Clock = std::chrono::steady_clock;

// Queries a researcher might type: template headings, topics, place names, 2-character words (scan).
const char* const kQueries[] = {"政府信息公开",
                                "依申请",
                                "行政复议",
                                "行政诉讼",
                                "年度报告",
                                "主动公开",
                                "规范性文件",
                                "行政许可",
                                "行政处罚",
                                "三公经费",
                                "政策解读",
                                "回应关切",
                                "人大代表",
                                "政协委员",
                                "一网通办",
                                "营商环境",
                                "数字政府",
                                "疫情防控",
                                "乡村振兴",
                                "安全生产",
                                "存在的主要问题",
                                "改进情况",
                                "其他需要报告的事项",
                                "收到和处理",
                                "机构建设",
                                "新闻发布会",
                                "公共资源",
                                "重大项目",
                                "满意度",
                                "生态环境",
                                "交通运输",
                                "城乡建设",
                                "农业农村",
                                "应急管理",
                                "市场监管",
                                "福州市",
                                "厦门市",
                                "昆明市",
                                "晋安区",
                                "翔安区",
                                "福州市 行政复议",
                                "厦门市 政策解读",
                                "数字政府 营商环境",
                                "信息",
                                "公开",
                                "收费",
                                "减免",
                                "统计"};
constexpr int kQueryCount = sizeof(kQueries) / sizeof(kQueries[0]);

struct Flags {
  std::string archive;
  int clients = 50;
  int seconds = 30;
  std::string mix = "search";
  int queries = kQueryCount;
  bool cache = true;
  int connections = 0;
  bool warm = false;
};

double Percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  size_t k = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

std::string Path(const Flags& flags, std::mt19937& rng) {
  const std::string q =
      httplib::detail::encode_query_param(kQueries[rng() % static_cast<unsigned>(flags.queries)]);
  const std::string page = std::to_string(1 + rng() % 3);
  if (flags.mix == "search") return "/api/search?q=" + q + "&page=" + page;
  switch (rng() % 6) {
    case 0:
      return "/";
    case 1:
      return "/search?q=" + q + "&page=" + page;
    case 2:
      return "/report/" + std::to_string(1 + rng() % 100000);
    case 3:
      return "/provenance/" + std::to_string(1 + rng() % 100000);
    case 4:
      return "/coverage";
    default:
      return "/api/search?q=" + q;
  }
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--archive")
      flags.archive = value();
    else if (arg == "--clients")
      flags.clients = std::atoi(value().c_str());
    else if (arg == "--seconds")
      flags.seconds = std::atoi(value().c_str());
    else if (arg == "--mix")
      flags.mix = value();
    else if (arg == "--queries")
      flags.queries = std::clamp(std::atoi(value().c_str()), 1, kQueryCount);
    else if (arg == "--cache")
      flags.cache = value() != "0";
    else if (arg == "--connections")
      flags.connections = std::atoi(value().c_str());
    else if (arg == "--warm")
      flags.warm = true;
    else {
      std::fprintf(stderr,
                   "usage: serve_bench --archive PATH [--clients 50] [--seconds 30] [--mix search|pages] "
                   "[--queries N] [--cache 0|1] [--connections C] [--warm]\n");
      return 2;
    }
  }
  if (flags.archive.empty() || (flags.mix != "search" && flags.mix != "pages")) {
    std::fprintf(stderr, "serve_bench: --archive is required; --mix is search or pages\n");
    return 2;
  }
  gongkai::serve::Options options;
  options.archive_path = flags.archive;
  options.port = 0;
  options.search_cache_entries = flags.cache ? 256 : 0;
  options.archive_connections = flags.connections;
  std::unique_ptr<gongkai::serve::Server> server;
  auto status = gongkai::serve::Server::Start(options, &server);
  if (!status.ok()) {
    std::fprintf(stderr, "serve_bench: %s\n", status.ToString().c_str());
    return 1;
  }
  double warmup_s = 0;
  if (flags.warm) {
    std::vector<std::string> paths;
    for (int q = 0; q < flags.queries; ++q) {
      for (int page = 1; page <= 3; ++page) {
        paths.push_back("/api/search?q=" + httplib::detail::encode_query_param(kQueries[q]) +
                        "&page=" + std::to_string(page));
      }
    }
    std::atomic<size_t> next{0};
    const auto start = Clock::now();
    std::vector<std::thread> warmers;
    for (int c = 0; c < flags.clients; ++c) {
      warmers.emplace_back([&] {
        httplib::Client client("127.0.0.1", server->port());
        client.set_read_timeout(600, 0);
        for (size_t i; (i = next++) < paths.size();) client.Get(paths[i].c_str());
      });
    }
    for (auto& t : warmers) t.join();
    warmup_s = std::chrono::duration<double>(Clock::now() - start).count();
  }
  std::atomic<int64_t> errors{0};
  std::mutex mutex;
  std::vector<double> latencies_ms;
  std::string first_error;
  const auto deadline = Clock::now() + std::chrono::seconds(flags.seconds);
  std::vector<std::thread> clients;
  for (int c = 0; c < flags.clients; ++c) {
    clients.emplace_back([&, c] {
      std::mt19937 rng(static_cast<unsigned>(1000 + c));
      httplib::Client client("127.0.0.1", server->port());
      client.set_keep_alive(true);
      client.set_read_timeout(600, 0);  // a slow answer is a latency, not an error
      std::vector<double> mine;
      while (Clock::now() < deadline) {
        const std::string path = Path(flags, rng);
        const auto start = Clock::now();
        auto res = client.Get(path.c_str());
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        if (!res || res->status / 100 != 2) {
          ++errors;
          std::lock_guard<std::mutex> lock(mutex);
          if (first_error.empty()) {
            first_error = path + ": " +
                          (res ? std::to_string(res->status) + " " + res->body.substr(0, 200)
                               : httplib::to_string(res.error()));
          }
        }
      }
      std::lock_guard<std::mutex> lock(mutex);
      latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : clients) t.join();
  server->Stop();
  const size_t n = latencies_ms.size();
  std::printf("serve_bench mix=%s clients=%d seconds=%d queries=%d cache=%d cores=%u warm=%d warmup_s=%.1f\n",
              flags.mix.c_str(), flags.clients, flags.seconds, flags.queries, flags.cache ? 1 : 0,
              std::thread::hardware_concurrency(), flags.warm ? 1 : 0, warmup_s);
  std::printf("requests=%zu errors=%lld per_s=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", n,
              static_cast<long long>(errors.load()), static_cast<double>(n) / flags.seconds,
              Percentile(latencies_ms, 0.50), Percentile(latencies_ms, 0.95), Percentile(latencies_ms, 0.99),
              Percentile(latencies_ms, 1.0));
  if (!first_error.empty()) std::printf("first error: %s\n", first_error.c_str());
  return errors.load() == 0 ? 0 : 1;
}
