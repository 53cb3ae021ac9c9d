// The libcurl Transport (see transport.h). The multi loop follows curl's docs/examples/crawler.c:
// CURLOPT_PRIVATE carries our Transfer, curl_multi_info_read reports finished ones. Names are
// resolved by getaddrinfo on one helper thread, which wakes the loop when an answer is ready.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

#include "crawler/transport.h"

#include "crawler/url.h"
#include "extract/links.h"

namespace gongkai::crawler {
namespace {

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string TrimCrlf(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
  return std::string(s);
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

FetchError Classify(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return FetchError::kNone;
    case CURLE_OPERATION_TIMEDOUT:
      return FetchError::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FetchError::kDns;
    case CURLE_COULDNT_CONNECT:
      return FetchError::kConnect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return FetchError::kTls;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return FetchError::kReset;
    default:
      return FetchError::kOther;
  }
}

}  // namespace

const char* ToString(FetchError error) {
  switch (error) {
    case FetchError::kNone:
      return "";
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kDns:
      return "dns";
    case FetchError::kConnect:
      return "connect";
    case FetchError::kTls:
      return "tls";
    case FetchError::kReset:
      return "reset";
    case FetchError::kOther:
      return "other";
  }
  return "other";
}

ErrorKind ToErrorKind(FetchError error) {
  switch (error) {
    case FetchError::kNone:
      return ErrorKind::kNone;
    case FetchError::kTimeout:
      return ErrorKind::kTimeout;
    case FetchError::kDns:
      return ErrorKind::kDns;
    case FetchError::kConnect:
      return ErrorKind::kConnect;
    case FetchError::kTls:
      return ErrorKind::kTls;
    case FetchError::kReset:
      return ErrorKind::kReset;
    case FetchError::kOther:
      return ErrorKind::kOther;
  }
  return ErrorKind::kOther;
}

std::string FetchResult::Header(std::string_view name) const {
  for (const auto& [key, value] : response_headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

namespace {

// The address of `host` (brackets of an IPv6 literal allowed), "" when it does not resolve. Blocks:
// called only on the resolver thread, or for numeric hosts.
std::string LookUp(const std::string& host, bool numeric_only) {
  std::string name = host;
  if (name.size() > 1 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_family = AF_UNSPEC;
  if (numeric_only) hints.ai_flags = AI_NUMERICHOST;
  addrinfo* result = nullptr;
  if (getaddrinfo(name.c_str(), nullptr, &hints, &result) != 0 || result == nullptr) return "";
  char text[INET6_ADDRSTRLEN] = {0};
  const void* address =
      result->ai_family == AF_INET6
          ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(result->ai_addr)->sin6_addr)
          : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(result->ai_addr)->sin_addr);
  inet_ntop(result->ai_family, address, text, sizeof text);
  freeaddrinfo(result);
  return text;
}

bool IsNumericHost(const std::string& host) {
  return !host.empty() && (host.front() == '[' || !LookUp(host, /*numeric_only=*/true).empty());
}

// One transfer: the curl easy handle and what its callbacks collect.
class Transfer {
 public:
  // `easy` is a fresh or curl_easy_reset() handle; the transfer owns it until Release().
  Transfer(FetchRequest request, const Options& options, CURL* easy) : options_(options), easy_(easy) {
    result.id = request.id;
    result.url = request.url;
    pinned_ip_ = request.connect_ip;
    Configure(request);
  }
  ~Transfer() {
    if (easy_ != nullptr) curl_easy_cleanup(easy_);
    if (headers_ != nullptr) curl_slist_free_all(headers_);
    if (connect_to_ != nullptr) curl_slist_free_all(connect_to_);
  }
  CURL* easy() const { return easy_; }
  // Gives the handle back, reset, for another transfer (saves curl_easy_init's allocations).
  CURL* Release() {
    CURL* easy = easy_;
    easy_ = nullptr;
    curl_easy_reset(easy);
    return easy;
  }

  void Finish(CURLcode code) {
    if (code == CURLE_WRITE_ERROR && result.truncated) code = CURLE_OK;  // we cut the body ourselves
    result.error = Classify(code);
    if (result.error != FetchError::kNone) result.error_message = curl_easy_strerror(code);
    long status = 0;
    curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
    char* ip = nullptr;
    if (curl_easy_getinfo(easy_, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr)
      result.remote_ip = ip;
    if (!pinned_ip_.empty() && !result.remote_ip.empty() && result.remote_ip != pinned_ip_) {
      // Never hand back an answer from an address other than the one pinned for the URL's host:
      // it would be archived under a host that was not contacted.
      result.error = FetchError::kOther;
      result.error_message =
          "connected to " + result.remote_ip + ", not to " + pinned_ip_ + " (the address of the URL's host)";
      result.body.clear();
      result.response_headers.clear();
      result.status = 0;
      return;
    }
    long version = 0;
    curl_easy_getinfo(easy_, CURLINFO_HTTP_VERSION, &version);
    result.http_version = version == CURL_HTTP_VERSION_2_0   ? "HTTP/2"
                          : version == CURL_HTTP_VERSION_1_0 ? "HTTP/1.0"
                          : version == CURL_HTTP_VERSION_3   ? "HTTP/3"
                                                             : "HTTP/1.1";
    if (result.status >= 300 && result.status < 400) {
      std::string location = result.Header("Location");
      if (!location.empty()) result.location = extract::ResolveUrl(result.url, location);
    }
  }

  FetchResult result;

 private:
  void Configure(const FetchRequest& request) {
    curl_easy_setopt(easy_, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy_, CURLOPT_PRIVATE, this);
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(easy_, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(easy_, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 0L);
    // One connection per request: when a reused keep-alive connection turns out dead, libcurl
    // silently re-sends the request on a new one -- a second request to the server with no gap.
    // At one request per host every few seconds, a fresh connection costs the server nothing.
    curl_easy_setopt(easy_, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
    curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout_ms));
    curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(options_.low_speed_bytes_per_s));
    curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, static_cast<long>(options_.low_speed_time_ms / 1000)));
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &Transfer::OnHeader);
    curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &Transfer::OnBody);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
    // Request headers as sent come through the debug callback (CURLINFO_HEADER_OUT).
    curl_easy_setopt(easy_, CURLOPT_DEBUGFUNCTION, &Transfer::OnDebug);
    curl_easy_setopt(easy_, CURLOPT_DEBUGDATA, this);
    curl_easy_setopt(easy_, CURLOPT_VERBOSE, 1L);
    for (const auto& [name, value] : request.extra_headers) {
      headers_ = curl_slist_append(headers_, (name + ": " + value).c_str());
    }
    if (headers_ != nullptr) curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
    auto parsed = ParseUrl(request.url);
    if (!request.connect_ip.empty() && parsed) {
      // Pin this one connection to the address the politeness budget was charged to. Not
      // CURLOPT_RESOLVE: its entries go into the multi handle's shared DNS cache and would send
      // every later request for that host:port to this address (a robots.txt redirect to another
      // host then poisoned that host for the rest of the run). CONNECT_TO is per handle, and
      // curl_easy_reset() clears it.
      std::string port = std::to_string(parsed->port);
      bool v6 = request.connect_ip.find(':') != std::string::npos;
      std::string entry = parsed->host + ":" + port + ":" +
                          (v6 ? "[" + request.connect_ip + "]" : request.connect_ip) + ":" + port;
      connect_to_ = curl_slist_append(connect_to_, entry.c_str());
      curl_easy_setopt(easy_, CURLOPT_CONNECT_TO, connect_to_);
    }
  }

  static size_t OnHeader(char* data, size_t size, size_t count, void* self_ptr) {
    auto* self = static_cast<Transfer*>(self_ptr);
    std::string_view line(data, size * count);
    if (line.substr(0, 5) == "HTTP/") {
      self->result.response_headers.clear();  // a new response (after 100 Continue)
    } else if (size_t colon = line.find(':'); colon != std::string_view::npos) {
      std::string value = TrimCrlf(line.substr(colon + 1));
      value.erase(0, value.find_first_not_of(" \t"));
      self->result.response_headers.emplace_back(std::string(line.substr(0, colon)), value);
    }
    return size * count;
  }

  static size_t OnBody(char* data, size_t size, size_t count, void* self_ptr) {
    auto* self = static_cast<Transfer*>(self_ptr);
    std::string& body = self->result.body;
    const size_t n = size * count;
    const size_t cap = static_cast<size_t>(std::max<int64_t>(0, self->options_.max_body_bytes));
    const size_t keep = std::min(n, cap - body.size());
    GrowWithin(&body, body.size() + keep, cap);
    body.append(data, keep);
    if (keep < n) {
      self->result.truncated = true;
      return 0;  // CURLE_WRITE_ERROR stops the transfer: the rest is never read into memory
    }
    return n;
  }

  // Makes room for `need` bytes, doubling as std::string would but never past `cap`, so the
  // buffer of a body cut at the cap is at most the cap.
  static void GrowWithin(std::string* body, size_t need, size_t cap) {
    if (need <= body->capacity()) return;
    std::string bigger;
    bigger.reserve(std::min(cap, std::max(need, 2 * body->capacity())));  // exact: bigger is empty
    bigger.append(*body);
    body->swap(bigger);
  }

  static int OnDebug(CURL*, curl_infotype type, char* data, size_t size, void* self_ptr) {
    if (type != CURLINFO_HEADER_OUT) return 0;
    auto* self = static_cast<Transfer*>(self_ptr);
    self->result.request_headers.clear();
    std::string_view text(data, size);
    size_t pos = text.find("\r\n");  // skip the request line
    while (pos != std::string_view::npos && pos + 2 < text.size()) {
      size_t end = text.find("\r\n", pos + 2);
      std::string_view line =
          text.substr(pos + 2, end == std::string_view::npos ? std::string_view::npos : end - pos - 2);
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        std::string value(line.substr(colon + 1));
        value.erase(0, value.find_first_not_of(" \t"));
        self->result.request_headers.emplace_back(std::string(line.substr(0, colon)), value);
      }
      pos = end;
    }
    return 0;
  }

  const Options& options_;
  CURL* easy_ = nullptr;
  curl_slist* headers_ = nullptr;
  curl_slist* connect_to_ = nullptr;
  std::string pinned_ip_;  // FetchRequest::connect_ip
};

// getaddrinfo off the loop: one thread takes names from a queue and posts answers back.
class Resolver {
 public:
  explicit Resolver(std::function<void()> wake) : wake_(std::move(wake)) {}
  ~Resolver() { Stop(); }

  // Ends the thread (after the lookup under way, if any): no wake-up comes after this returns.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    if (thread_.joinable()) thread_.join();  // waits for at most the lookup under way
  }

  void Resolve(const std::string& host_name) {
    if (IsNumericHost(host_name)) {  // no lookup: answered at once
      std::lock_guard<std::mutex> lock(mutex_);
      done_.push_back({host_name, LookUp(host_name, /*numeric_only=*/true)});
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) {
      try {
        thread_ = std::thread([this] { Work(); });
      } catch (const std::system_error&) {
        // The OS refused the thread: this name is looked up here, blocking the loop once, rather
        // than letting the exception leave the library; the next name tries a thread again.
        done_.push_back({host_name, LookUp(host_name, /*numeric_only=*/false)});
        return;
      }
    }
    queue_.push_back(host_name);
    ready_.notify_one();
  }

  void TakeDone(std::vector<Resolution>* out) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& resolution : done_) out->push_back(std::move(resolution));
    done_.clear();
  }

 private:
  void Work() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      std::string name = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      std::string ip = LookUp(name, /*numeric_only=*/false);
      lock.lock();
      done_.push_back({std::move(name), std::move(ip)});
      wake_();
    }
  }

  std::function<void()> wake_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> queue_;
  std::vector<Resolution> done_;
  bool stopping_ = false;
  std::thread thread_;  // started on the first name that needs a lookup
};

class CurlTransport final : public Transport {
 public:
  CurlTransport(const Options& options, Clock* clock);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  void Start(FetchRequest request) override;
  void Resolve(const std::string& host_name) override { resolver_.Resolve(host_name); }
  void Poll(int timeout_ms, TransportEvents* events) override;
  void Cancel(uint64_t id) override;
  void CancelAll() override;
  size_t InFlight() const override { return transfers_.size(); }
  void Wakeup() override { curl_multi_wakeup(multi_); }

 private:
  void Collect(TransportEvents* events);

  const Options& options_;
  Clock* clock_;
  CURLM* multi_;
  std::vector<std::unique_ptr<Transfer>> transfers_;
  // Finished handles, reset, reused by Start() (at most the peak number of transfers in flight).
  std::vector<CURL*> spare_handles_;
  Resolver resolver_;  // its wake-ups use multi_: stopped first in the destructor
};

CurlTransport::CurlTransport(const Options& options, Clock* clock)
    : options_(options), clock_(clock), multi_(nullptr), resolver_([this] { Wakeup(); }) {
  GlobalInitOnce();
  multi_ = curl_multi_init();
}

CurlTransport::~CurlTransport() {
  resolver_.Stop();
  CancelAll();
  for (CURL* easy : spare_handles_) curl_easy_cleanup(easy);
  curl_multi_cleanup(multi_);
}

void CurlTransport::Start(FetchRequest request) {
  CURL* easy = nullptr;
  if (spare_handles_.empty()) {
    easy = curl_easy_init();
  } else {
    easy = spare_handles_.back();
    spare_handles_.pop_back();
  }
  auto transfer = std::make_unique<Transfer>(std::move(request), options_, easy);
  transfer->result.start_us = clock_->NowUs();
  transfer->result.start_wall_us = clock_->WallUs();
  curl_multi_add_handle(multi_, transfer->easy());
  transfers_.push_back(std::move(transfer));
}

void CurlTransport::Collect(TransportEvents* events) {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    Transfer* transfer = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
    CURLcode code = msg->data.result;
    curl_multi_remove_handle(multi_, msg->easy_handle);
    transfer->Finish(code);
    transfer->result.end_us = clock_->NowUs();
    events->fetches.push_back(std::move(transfer->result));
    spare_handles_.push_back(transfer->Release());
    transfers_.erase(std::find_if(transfers_.begin(), transfers_.end(),
                                  [&](const auto& t) { return t.get() == transfer; }));
  }
  resolver_.TakeDone(&events->resolutions);
}

void CurlTransport::Poll(int timeout_ms, TransportEvents* events) {
  int running = 0;
  curl_multi_perform(multi_, &running);
  const size_t before = events->fetches.size() + events->resolutions.size();
  Collect(events);
  if (events->fetches.size() + events->resolutions.size() > before) return;
  curl_multi_poll(multi_, nullptr, 0, std::max(0, timeout_ms), nullptr);
  curl_multi_perform(multi_, &running);
  Collect(events);
}

void CurlTransport::Cancel(uint64_t id) {
  auto it =
      std::find_if(transfers_.begin(), transfers_.end(), [&](const auto& t) { return t->result.id == id; });
  if (it == transfers_.end()) return;
  curl_multi_remove_handle(multi_, (*it)->easy());
  transfers_.erase(it);
}

void CurlTransport::CancelAll() {
  for (auto& transfer : transfers_) curl_multi_remove_handle(multi_, transfer->easy());
  transfers_.clear();
}

}  // namespace

std::unique_ptr<Transport> NewCurlTransport(const Options& options, Clock* clock) {
  return std::make_unique<CurlTransport>(options, clock);
}

}  // namespace gongkai::crawler
