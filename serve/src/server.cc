// The HTTP side of gongkai serve (see serve/server.h): two cpp-httplib servers, the pages' origin
// and the raw view's origin, with the token check, the security headers and the routes.
#include "serve/server.h"

#include <arpa/inet.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <chrono>
#include <httplib.h>
#include <mutex>
#include <thread>

#include "archive_reader.h"
#include "html.h"
#include "pages.h"
#include "raw_rewrite.h"

namespace gongkai::serve {
namespace {

// The pages: no script at all, styles inline, images only from this origin (the charts are inline
// SVG), forms submit only here.
const char kPagesPolicy[] =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";
// The raw view: a sandbox (no script, no form, no popup, no top navigation, an opaque origin without
// cookies) that may load only from the raw origin itself, i.e. only archived copies.
const char kRawPolicy[] =
    "sandbox; default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'self'; style-src 'self' 'unsafe-inline'";
constexpr auto kStartTimeout = std::chrono::seconds(10);
const char kTokenCookie[] = "gongkai_token";

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string Hex(const unsigned char* bytes, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 15];
  }
  return out;
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const std::string cookies = req.get_header_value("Cookie");
  size_t at = 0;
  while (at < cookies.size()) {
    size_t end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    std::string part = cookies.substr(at, end - at);
    part.erase(0, part.find_first_not_of(' '));
    if (part.rfind(name + "=", 0) == 0) return part.substr(name.size() + 1);
    at = end + 1;
  }
  return "";
}

Query ToQuery(const httplib::Request& req) {
  Query query;
  for (const auto& [key, value] : req.params) query[key] = value;
  return query;
}

// The host name the browser used (without the port), for links to the other origin.
std::string RequestHost(const httplib::Request& req, const std::string& fallback) {
  std::string host = req.get_header_value("Host");
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    host = close == std::string::npos ? "" : host.substr(0, close + 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  const bool clean = !host.empty() && host.size() < 256 && std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' || c == ']' ||
           c == ':';
  });
  if (clean) return host;
  return fallback.find(':') != std::string::npos ? "[" + fallback + "]" : fallback;
}

std::string MediaType(const std::string& content_type) {
  std::string type = content_type.substr(0, content_type.find(';'));
  type.erase(type.find_last_not_of(" \t") + 1);
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

bool LooksLikeHtml(const std::string& body) {
  std::string head = body.substr(0, 512);
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  return head.find("<html") != std::string::npos || head.find("<!doctype html") != std::string::npos ||
         head.find("<head") != std::string::npos || head.find("<body") != std::string::npos;
}

class HttpServer final : public Server {
 public:
  explicit HttpServer(const Options& options) : options_(options) {}
  ~HttpServer() override { Stop(); }

  Status Init() {
    int connections = options_.archive_connections > 0
                          ? options_.archive_connections
                          : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<SeedRegion> seeds;
    for (const auto& [name, region] : options_.seeds) seeds.push_back({name, region});
    Status status = ArchiveReader::Open(options_.archive_path, connections, options_.search_cache_entries,
                                        std::move(seeds), &reader_);
    if (!status.ok()) return status;
    const int threads = std::max(2, options_.http_threads);
    for (httplib::Server* s : {&pages_, &raw_}) {
      s->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
      s->set_payload_max_length(64 * 1024);  // only GETs are served
      s->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        Send(res, ErrorJson(500, "internal error: " + what), kPagesPolicy);
      });
    }
    RoutePages();
    RouteRaw();
    status = Listen(&pages_, options_.port, &port_, &pages_thread_);
    if (!status.ok()) return status;
    int raw_port = options_.raw_port >= 0 ? options_.raw_port : (options_.port == 0 ? 0 : options_.port + 1);
    return Listen(&raw_, raw_port, &raw_port_, &raw_thread_);
  }

  int port() const override { return port_; }
  int raw_port() const override { return raw_port_; }

  void Stop() override {
    std::lock_guard<std::mutex> lock(stop_mutex_);
    pages_.stop();
    raw_.stop();
    if (pages_thread_.joinable()) pages_thread_.join();
    if (raw_thread_.joinable()) raw_thread_.join();
  }

 private:
  static void Send(httplib::Response& res, const Response& r, const char* policy) {
    res.status = r.status;
    res.set_header("Content-Security-Policy", policy);
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
    res.set_content(r.body, r.content_type.c_str());
  }

  Status Listen(httplib::Server* server, int port, int* bound, std::thread* thread) {
    *bound = port == 0 ? server->bind_to_any_port(options_.bind)
                       : (server->bind_to_port(options_.bind, port) ? port : -1);
    if (*bound <= 0) {
      return Status::IOError("cannot listen on " + options_.bind + ":" + std::to_string(port) +
                             " (in use, or not an address of this machine)");
    }
    *thread = std::thread([server] { server->listen_after_bind(); });
    // cpp-httplib 0.11.4 ignores stop() until the server runs: wait for that.
    const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (!server->is_running()) {
      if (std::chrono::steady_clock::now() > deadline)
        return Status::IOError("the server did not start listening");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return Status::OK();
  }

  // ---- the token ----

  std::string Signature(int64_t capture_id) const {
    if (options_.token.empty()) return "";
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    const std::string message = "raw:" + std::to_string(capture_id);
    HMAC(EVP_sha256(), options_.token.data(), static_cast<int>(options_.token.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
    return Hex(mac, 16);
  }

  std::string RawPath(int64_t capture_id) const {
    std::string path = "/raw/" + std::to_string(capture_id);
    if (!options_.token.empty()) path += "?sig=" + Signature(capture_id);
    return path;
  }

  // True when the request may see the pages; sets the cookie when the token came in the query.
  bool Authorized(const httplib::Request& req, httplib::Response& res) const {
    if (options_.token.empty()) return true;
    const std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) == 0 && ConstantTimeEquals(auth.substr(7), options_.token)) return true;
    if (ConstantTimeEquals(CookieValue(req, kTokenCookie), options_.token)) return true;
    if (req.has_param("token") && ConstantTimeEquals(req.get_param_value("token"), options_.token)) {
      res.set_header("Set-Cookie", std::string(kTokenCookie) + "=" + options_.token +
                                       "; HttpOnly; SameSite=Strict; Path=/");
      return true;
    }
    return false;
  }

  // ---- routes ----

  using Handler = std::function<Response(const httplib::Request&, const PageContext&)>;

  void Page(const char* pattern, Handler handler) {
    pages_.Get(pattern, [this, handler](const httplib::Request& req, httplib::Response& res) {
      if (!Authorized(req, res)) {
        return Send(res,
                    ErrorJson(401,
                              "this server needs its token: send 'Authorization: Bearer TOKEN', "
                              "or open any page once with ?token=TOKEN"),
                    kPagesPolicy);
      }
      PageContext ctx;
      ctx.reader = reader_.get();
      const std::string origin =
          "http://" + RequestHost(req, options_.bind) + ":" + std::to_string(raw_port_);
      ctx.raw_url = [this, origin](int64_t id) { return origin + RawPath(id); };
      Send(res, handler(req, ctx), kPagesPolicy);
    });
  }

  void RoutePages() {
    auto search = [](const httplib::Request& req, const PageContext& ctx) {
      return SearchPageHtml(ctx, ToQuery(req));
    };
    Page("/", search);
    Page("/search", search);
    Page(R"(/report/([^/]+))", [](const httplib::Request& req, const PageContext& ctx) {
      return ReportPageHtml(ctx, req.matches[1]);
    });
    Page(R"(/provenance/([^/]+))", [](const httplib::Request& req, const PageContext& ctx) {
      return ProvenancePageHtml(ctx, req.matches[1]);
    });
    Page("/diff",
         [](const httplib::Request& req, const PageContext& ctx) { return DiffPageHtml(ctx, ToQuery(req)); });
    Page("/coverage", [](const httplib::Request& req, const PageContext& ctx) {
      return CoveragePageHtml(ctx, ToQuery(req));
    });
    Page("/runs", [](const httplib::Request&, const PageContext& ctx) { return RunsPageHtml(ctx); });
    Page("/api/search",
         [](const httplib::Request& req, const PageContext& ctx) { return SearchApi(ctx, ToQuery(req)); });
    Page(R"(/api/report/([^/]+))",
         [](const httplib::Request& req, const PageContext& ctx) { return ReportApi(ctx, req.matches[1]); });
    Page("/api/coverage",
         [](const httplib::Request& req, const PageContext& ctx) { return CoverageApi(ctx, ToQuery(req)); });
    Page("/api/runs", [](const httplib::Request&, const PageContext& ctx) { return RunsApi(ctx); });
    pages_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      const std::string message = res.status == 404
                                      ? "no page at " + req.path.substr(0, 200)
                                      : "the request was refused (" + std::to_string(res.status) + ")";
      Send(res,
           req.path.rfind("/api/", 0) == 0 ? ErrorJson(res.status, message)
                                           : ErrorPageHtml(res.status, message),
           kPagesPolicy);
    });
  }

  void RouteRaw() {
    raw_.Get(R"(/raw/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
      Response r = RawResponse(req, res);
      if (r.status != 200) Send(res, r, kRawPolicy);
    });
    raw_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      Send(res,
           ErrorJson(res.status,
                     "the raw origin serves only /raw/<capture id>, not " + req.path.substr(0, 200)),
           kRawPolicy);
    });
  }

  // Serves the body (status 200, written into res) or returns the error to send.
  Response RawResponse(const httplib::Request& req, httplib::Response& res) {
    int64_t id = 0;
    if (!ParseId(req.matches[1], &id))
      return ErrorJson(400, "'" + std::string(req.matches[1]).substr(0, 40) + "' is not a capture id");
    if (!options_.token.empty() &&
        !ConstantTimeEquals(req.has_param("sig") ? req.get_param_value("sig") : "", Signature(id))) {
      return ErrorJson(401, "raw view links are signed; open them from the pages");
    }
    RawCapture raw;
    Status status = reader_->Raw(id, &raw);
    if (!status.ok()) return ErrorJson(HttpStatusOf(status), status.message());
    const storage::Capture& c = raw.capture;
    const std::string base = c.final_url.empty() ? c.url : c.final_url;
    std::string type = MediaType(c.content_type);
    const std::string charset = c.charset_used.empty() ? "" : "; charset=" + c.charset_used;
    std::string body;
    auto mapper = [&](const std::vector<std::string>& urls) -> UrlMapper {
      auto ids = std::make_shared<std::map<std::string, int64_t>>();
      Status s = reader_->ArchivedCaptures(urls, ids.get());
      if (!s.ok()) ids->clear();
      return [this, ids](const std::string& url) {
        auto it = ids->find(url);
        return it == ids->end() || it->second == 0 ? std::string() : RawPath(it->second);
      };
    };
    if (type == "text/html" || type == "application/xhtml+xml" || (type.empty() && LooksLikeHtml(raw.body))) {
      body = RewriteHtml(raw.body, base, mapper(CollectHtmlUrls(raw.body, base)));
      type = "text/html" + charset;
    } else if (type == "text/css") {
      body = RewriteCss(raw.body, base, mapper(CollectCssUrls(raw.body, base)));
      type += charset;
    } else if (type.rfind("image/", 0) == 0 || type == "text/plain") {
      body = std::move(raw.body);
      if (type == "text/plain") type += charset;
    } else {
      body = std::move(raw.body);
      type = "application/octet-stream";
      res.set_header("Content-Disposition", "attachment; filename=\"capture-" + std::to_string(id) + "\"");
    }
    Response r;
    r.content_type = type;
    r.body = std::move(body);
    Send(res, r, kRawPolicy);
    return r;
  }

  Options options_;
  std::unique_ptr<ArchiveReader> reader_;
  httplib::Server pages_, raw_;
  std::thread pages_thread_, raw_thread_;
  int port_ = 0, raw_port_ = 0;
  std::mutex stop_mutex_;
};

}  // namespace

bool IsLoopbackAddress(const std::string& address) {
  if (address == "localhost" || address == "::1" || address == "[::1]") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return false;
}

Status Server::Start(const Options& options, std::unique_ptr<Server>* server) {
  if (!IsLoopbackAddress(options.bind)) {
    if (!options.allow_remote) {
      return Status::InvalidArgument("--bind " + options.bind +
                                     " is not a loopback address: the archive would be reachable from other "
                                     "machines; add --allow-remote (and set a token) if that is meant");
    }
    if (options.token.empty()) {
      return Status::InvalidArgument(
          "--bind " + options.bind +
          " with --allow-remote needs a shared-secret token (GONGKAI_SERVE_TOKEN or --token-file)");
    }
  }
  if (options.archive_path.empty()) return Status::InvalidArgument("no archive to serve");
  auto s = std::make_unique<HttpServer>(options);
  Status status = s->Init();
  if (!status.ok()) return status;
  *server = std::move(s);
  return Status::OK();
}

}  // namespace gongkai::serve
