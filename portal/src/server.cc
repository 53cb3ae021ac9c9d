// The request path of every site: log the arrival, apply the fault knobs, route, answer conditional
// requests with 304, transcode to the site's charset, stream the special fault answers, log completion.
#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <chrono>
#include <cstring>
#include <ctime>
#include <cstdlib>
#include <thread>

#include "impl.h"
#include "router.h"
#include "util.h"

namespace gongkai::portal {
namespace {

constexpr size_t kDripChunkBytes = 64;              // bytes per slow-drip write
constexpr size_t kOversizedChunkBytes = 64 * 1024;  // write size of the oversized page

// The request being answered on this worker thread: opened by the handler, closed by the logger
// (cpp-httplib runs both, and any content provider, on the same thread).
struct Pending {
  bool open = false;
  LoggedRequest entry;
  bool reset = false;        // log status 0
  int64_t cpu_start_ns = 0;  // this thread's CPU clock at arrival
  bool streamed = false;     // bytes counted by a content provider
  int64_t streamed_bytes = 0;
};
thread_local Pending tls_pending;

int64_t ThreadCpuNanos() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

void CloseLog(Portal::Impl* portal, const httplib::Response& res);

void OpenLog(Portal::Impl* portal, const RunningSite& site, const httplib::Request& req) {
  Pending& p = tls_pending;
  if (p.open) {  // the logger never ran for this thread's previous request: log it as it stood
    httplib::Response none;
    none.status = 0;
    CloseLog(portal, none);
  }
  portal->BeginRequest();
  p = Pending{};
  p.open = true;
  p.cpu_start_ns = ThreadCpuNanos();
  LoggedRequest& e = p.entry;
  e.start_us = SteadyMicros();
  e.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  e.host = site.info.host;
  e.ip = site.info.ip;
  e.method = req.method;
  e.target = req.target;
  e.user_agent = req.get_header_value("User-Agent");
  e.if_none_match = req.get_header_value("If-None-Match");
  e.if_modified_since = req.get_header_value("If-Modified-Since");
}

void CloseLog(Portal::Impl* portal, const httplib::Response& res) {
  Pending& p = tls_pending;
  if (!p.open) return;
  p.open = false;
  p.entry.end_us = SteadyMicros();
  portal->server_cpu_ns += ThreadCpuNanos() - p.cpu_start_ns;
  p.entry.status = p.reset ? 0 : res.status;
  p.entry.bytes = p.streamed ? p.streamed_bytes : static_cast<int64_t>(res.body.size());
  portal->Append(std::move(p.entry));  // ends the request begun in OpenLog
}

// Calls `fn(fd, local, peer)` for every connected IPv4 TCP socket of this process; stops when it
// returns true.
template <typename Fn>
void ForEachConnection(Fn fn) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return;
  while (dirent* ent = readdir(dir)) {
    const int fd = std::atoi(ent->d_name);
    if (fd <= 2 || fd == dirfd(dir)) continue;
    sockaddr_in local{}, peer{};
    socklen_t ll = sizeof local, pl = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &ll) != 0 || local.sin_family != AF_INET)
      continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &pl) != 0) continue;
    if (fn(fd, local, peer)) break;
  }
  closedir(dir);
}

std::string Ip(const sockaddr_in& addr) {
  char ip[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &addr.sin_addr, ip, sizeof ip);
  return ip;
}

// Sends a TCP RST on the connection of `req` at once: finds its descriptor by the address pair and
// disconnects it (connect(AF_UNSPEC) aborts an established TCP connection on Linux).
void ResetConnection(const httplib::Request& req) {
  ForEachConnection([&req](int fd, const sockaddr_in& local, const sockaddr_in& peer) {
    if (ntohs(peer.sin_port) != req.remote_port || ntohs(local.sin_port) != req.local_port ||
        Ip(peer) != req.remote_addr) {
      return false;
    }
    linger lg{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    connect(fd, &unspec, sizeof unspec);
    return true;
  });
}

bool Compressible(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/xml", 0) == 0 ||
         type.rfind("application/javascript", 0) == 0 || type.rfind("application/json", 0) == 0;
}

// True when Accept-Encoding lists gzip (or *) without q=0.
bool AcceptsGzip(const std::string& header) {
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    std::string item = header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? header.size() : comma + 1;
    std::string name = item.substr(0, item.find(';'));
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name != "gzip" && name != "*") continue;
    const size_t q = item.find("q=");
    if (q == std::string::npos || std::strtod(item.c_str() + q + 2, nullptr) > 0) return true;
  }
  return false;
}

// Every body goes out through a sized content provider: cpp-httplib then never compresses on its
// own (the portal decides), and the bytes written are counted for the log.
void Send(std::string body, const std::string& type, httplib::Response& res) {
  tls_pending.streamed = true;
  int64_t* counted = &tls_pending.streamed_bytes;
  const size_t size = body.size();  // before the lambda takes `body`
  if (size == 0) {
    res.set_content("", type.c_str());
    return;
  }
  res.set_content_provider(
      size, type, [body = std::move(body), counted](size_t offset, size_t length, httplib::DataSink& sink) {
        if (!sink.write(body.data() + offset, length)) return false;
        *counted += static_cast<int64_t>(length);
        return true;
      });
}

std::string ContentTypeFor(const SiteModel& site, const Page& page) {
  if (!page.html) return page.content_type;
  switch (site.spec.charset) {
    case Charset::kUtf8:
    case Charset::kWrongDeclaration:
      return "text/html; charset=utf-8";
    case Charset::kGbkMetaOnly:
      return "text/html";
    case Charset::kGbkHeaderOnly:
      return "text/html; charset=GBK";
  }
  return "text/html";
}

std::string Encode(const SiteModel& site, const Page& page) {
  if (!page.html || site.spec.charset == Charset::kUtf8) return page.body;
  std::string gbk;
  return Utf8ToGbk(page.body, &gbk) ? gbk : page.body;
}

bool EtagMatches(const std::string& header, const std::string& etag) {
  size_t start = 0;
  while (start < header.size()) {
    size_t comma = header.find(',', start);
    std::string tag = header.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!tag.empty() && tag.front() == ' ') tag.erase(0, 1);
    while (!tag.empty() && tag.back() == ' ') tag.pop_back();
    if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);
    if (tag == "*" || tag == etag) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

bool NotModified(const httplib::Request& req, const std::string& etag, int64_t last_modified) {
  if (req.has_header("If-None-Match")) return EtagMatches(req.get_header_value("If-None-Match"), etag);
  int64_t since = 0;
  return req.has_header("If-Modified-Since") &&
         ParseHttpDate(req.get_header_value("If-Modified-Since"), &since) && last_modified <= since;
}

Page Status(int status, int retry_after_s) {
  Page page;
  page.status = status;
  page.body =
      status == 429
          ? "<html><body><h1>429 Too Many Requests</h1><p>访问过于频繁，请稍后再试。</p></body></html>\n"
          : "<html><body><h1>503 Service Unavailable</h1><p>系统维护中，请稍后访问。</p></body></html>\n";
  page.content_type = "text/html; charset=utf-8";
  page.headers.push_back({"Retry-After", std::to_string(retry_after_s)});
  return page;
}

Page RobotsAnswer(RunningSite& site) {
  Page page;
  page.content_type = "text/plain";
  page.last_modified = 1577808000;
  const SiteModel& m = site.model;
  switch (m.spec.robots) {
    case Robots::kRules:
    case Robots::kRulesWithCrawlDelay:
      page.body = RobotsRules(m);
      break;
    case Robots::kNone:
      break;
    case Robots::kNotFound:
      page.status = 404;
      page.last_modified = 0;
      page.body = "Not Found\n";
      break;
    case Robots::kServerError: {
      const int64_t n = ++site.robots_requests;
      if (m.spec.robots_errors > 0 && n > m.spec.robots_errors) {
        page.body = RobotsRules(m);
      } else {
        page.status = 500;
        page.last_modified = 0;
        page.body = "Internal Server Error\n";
      }
      break;
    }
  }
  return page;
}

// Everything before routing: robots.txt, the anti-bot wall, 429 and 503 by request number.
Page Answer(RunningSite& site, const httplib::Request& req, int64_t n) {
  const Faults& f = site.model.spec.faults;
  if (req.path == "/robots.txt") return RobotsAnswer(site);
  if (f.anti_bot_challenge && req.get_header_value("Cookie").find(kClearanceCookie) == std::string::npos) {
    return AntiBotChallenge(site.model);
  }
  if (f.rate_limit_every_n > 0 && n % f.rate_limit_every_n == 0) return Status(429, f.retry_after_s);
  if (f.burst_503_length > 0 && n > f.burst_503_after && n - f.burst_503_after <= f.burst_503_length) {
    return Status(503, f.retry_after_s);
  }
  PageRequest pr;
  pr.method = req.method;
  pr.path = req.path;
  pr.target = req.target;
  for (const auto& [k, v] : req.params) pr.params.emplace(k, v);
  return Route(site.model, pr, [&site](int index) { return site.Revision(index); });
}

void Stream(Portal::Impl* portal, const SiteModel& site, Page::Special special, std::string body,
            const std::string& type, httplib::Response& res) {
  tls_pending.streamed = true;
  int64_t* counted = &tls_pending.streamed_bytes;
  if (special == Page::Special::kTruncated) {
    const size_t size = body.size();  // before the lambda takes `body`
    const size_t half = size / 2;
    res.set_content_provider(
        size, type, [body = std::move(body), half, counted](size_t, size_t, httplib::DataSink& sink) {
          if (sink.write(body.data(), half)) *counted += static_cast<int64_t>(half);
          return false;  // abort: the client was promised the whole body
        });
    return;
  }
  if (special == Page::Special::kDrip) {
    const int pause_ms = site.spec.faults.slow_drip_ms;
    const size_t size = body.size();  // before the lambda takes `body`
    res.set_content_provider(
        size, type,
        [body = std::move(body), pause_ms, counted, portal](size_t offset, size_t, httplib::DataSink& sink) {
          if (portal->stopping) return false;
          const size_t n = std::min(kDripChunkBytes, body.size() - offset);
          std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms));
          if (!sink.write(body.data() + offset, n)) return false;
          *counted += static_cast<int64_t>(n);
          return true;
        });
    return;
  }
  const size_t total = static_cast<size_t>(site.spec.faults.oversized_bytes);
  res.set_content_provider(total, type,
                           [chunk = FillerChunk(kOversizedChunkBytes), total, counted, portal](
                               size_t offset, size_t, httplib::DataSink& sink) {
                             if (portal->stopping) return false;
                             const size_t n = std::min(chunk.size(), total - offset);
                             if (!sink.write(chunk.data(), n)) return false;
                             *counted += static_cast<int64_t>(n);
                             return true;
                           });
}

void Respond(Portal::Impl* portal, const RunningSite& site, const httplib::Request& req, Page page,
             httplib::Response& res) {
  const SiteModel& m = site.model;
  res.status = page.status;
  for (const auto& [k, v] : page.headers) res.set_header(k, v);
  if (!page.location.empty()) res.set_header("Location", page.location);
  const std::string type = ContentTypeFor(m, page);
  std::string body = Encode(m, page);
  if (page.special == Page::Special::kReset) {
    ResetConnection(req);
    tls_pending.reset = true;
    return;
  }
  if (page.special != Page::Special::kNone) {
    Stream(portal, m, page.special, std::move(body), type, res);
    return;
  }
  if (page.status == 200 && page.last_modified > 0) {
    const std::string etag = "\"" + Hex64(BodyHash(body)) + "\"";
    res.set_header("ETag", etag);
    res.set_header("Last-Modified", HttpDate(page.last_modified));
    if (NotModified(req, etag, page.last_modified)) {
      res.status = 304;
      return;
    }
  }
  if (m.spec.gzip && Compressible(type)) {
    res.set_header("Vary", "Accept-Encoding");
    if (AcceptsGzip(req.get_header_value("Accept-Encoding")) && !body.empty()) {
      std::string gz = Gzip(body);
      if (!gz.empty()) {
        res.set_header("Content-Encoding", "gzip");
        body = std::move(gz);
      }
    }
  }
  Send(std::move(body), type, res);
}

void Handle(Portal::Impl* portal, RunningSite* site, const httplib::Request& req, httplib::Response& res) {
  OpenLog(portal, *site, req);
  const int64_t n = ++site->requests;
  const int latency = site->model.spec.faults.latency_ms;
  if (latency > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency));
  Respond(portal, *site, req, Answer(*site, req, n), res);
}

}  // namespace

void ShutdownConnections(const std::vector<std::pair<std::string, int>>& endpoints) {
  ForEachConnection([&endpoints](int fd, const sockaddr_in& local, const sockaddr_in&) {
    for (const auto& [ip, port] : endpoints) {
      if (ntohs(local.sin_port) == port && Ip(local) == ip) shutdown(fd, SHUT_RDWR);
    }
    return false;
  });
}

int64_t SteadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void InstallHandlers(Portal::Impl* portal, RunningSite* site) {
  httplib::Server& svr = *site->server;
  const int threads = std::max(1, portal->options.threads_per_site);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  svr.set_keep_alive_timeout(portal->options.keep_alive_timeout_s);
  // cpp-httplib's default also sets SO_REUSEPORT, which would let two portals share a fixed port.
  svr.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // POST bodies (Hanweb's jpage posts its form) must be read before answering: route them normally.
  svr.set_pre_routing_handler([portal, site](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST") return httplib::Server::HandlerResponse::Unhandled;
    Handle(portal, site, req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.Post(".*", [portal, site](const httplib::Request& req, httplib::Response& res) {
    Handle(portal, site, req, res);
  });
  svr.set_logger([portal](const httplib::Request&, const httplib::Response& res) { CloseLog(portal, res); });
}

}  // namespace gongkai::portal
