// A hand-scripted HTTP site on one loopback address and port, for attacks and faults the simulated
// portal does not model (a robots.txt redirect to another site, a second server on a victim's port
// at the attacker's address, a host that is down). Every request is logged with the local address
// that received it, so a test can prove which address a crawler really contacted.
#pragma once

#include <httplib.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gongkai::testing {

struct ScriptedAnswer {
  int status = 200;
  std::string body;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
};

inline ScriptedAnswer MakeAnswer(int status, std::string body,
                                 std::string content_type = "text/html; charset=utf-8",
                                 std::vector<std::pair<std::string, std::string>> headers = {}) {
  ScriptedAnswer a;
  a.status = status;
  a.body = std::move(body);
  a.content_type = std::move(content_type);
  a.headers = std::move(headers);
  return a;
}

struct SiteHit {
  std::string local_addr;  // the address that received the request
  int local_port = 0;
  std::string path;
};

class LoopbackSite {
 public:
  // Binds `ip`:`port` (0 = any free port). ok() says whether the bind worked.
  LoopbackSite(const std::string& ip, int port) : ip_(ip) {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { Serve(req, res); });
    port_ = port == 0 ? server_.bind_to_any_port(ip) : (server_.bind_to_port(ip, port) ? port : -1);
    if (port_ > 0) {
      thread_ = std::thread([this] { server_.listen_after_bind(); });
      while (!server_.is_running()) std::this_thread::yield();
    }
  }
  ~LoopbackSite() {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }
  LoopbackSite(const LoopbackSite&) = delete;
  LoopbackSite& operator=(const LoopbackSite&) = delete;

  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  std::string host() const { return ip_ + ":" + std::to_string(port_); }
  std::string url(const std::string& path) const { return "http://" + host() + path; }

  // The answer for `path` (exact path, no query); unknown paths answer 404. `answers` are served in
  // turn, the last one repeated.
  void Answer(const std::string& path, std::vector<ScriptedAnswer> answers) {
    std::lock_guard<std::mutex> lock(mu_);
    script_[path] = std::move(answers);
  }
  void Answer(const std::string& path, ScriptedAnswer answer) {
    Answer(path, std::vector<ScriptedAnswer>{answer});
  }
  // Every path not scripted gets this answer instead of a 404.
  void AnswerEverythingElse(ScriptedAnswer answer) {
    std::lock_guard<std::mutex> lock(mu_);
    fallback_ = std::make_unique<ScriptedAnswer>(std::move(answer));
  }

  std::vector<SiteHit> hits() const {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
  }

 private:
  void Serve(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu_);
    hits_.push_back({req.local_addr, req.local_port, req.path});
    const ScriptedAnswer* answer = fallback_.get();
    auto it = script_.find(req.path);
    if (it != script_.end() && !it->second.empty()) {
      size_t served = served_[req.path]++;
      answer = &it->second[std::min(served, it->second.size() - 1)];
    }
    if (answer == nullptr) {
      res.status = 404;
      res.set_content("not found", "text/plain");
      return;
    }
    res.status = answer->status;
    for (const auto& [name, value] : answer->headers) res.set_header(name, value);
    res.set_content(answer->body, answer->content_type);
  }

  std::string ip_;
  int port_ = -1;
  httplib::Server server_;
  std::thread thread_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<ScriptedAnswer>> script_;
  std::map<std::string, size_t> served_;
  std::unique_ptr<ScriptedAnswer> fallback_;
  std::vector<SiteHit> hits_;
};

// Runs `gongkai ARGS...` (the binary under test) to completion; returns its exit code (128 + signal
// when killed). Standard output and error go to `output_path` when it is not empty.
int RunGongkai(const std::vector<std::string>& args, const std::string& output_path = "");

// Starts `gongkai ARGS...` in the background; returns its pid (stdout/stderr to /dev/null).
int StartGongkai(const std::vector<std::string>& args);
// Waits for a child started by StartGongkai; its exit code, or 128 + signal.
int WaitGongkai(int pid);

}  // namespace gongkai::testing
