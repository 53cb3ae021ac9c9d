// Portal::Impl: the running servers, their models and the request log. Private to the portal.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "model.h"
#include "portal/portal.h"

namespace httplib {
class Server;
}

namespace gongkai::portal {

struct RunningSite {
  SiteModel model;
  SiteInfo info;
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  std::atomic<bool> listen_returned{false};  // listen_after_bind() came back (stopped or failed)
  std::atomic<int64_t> requests{0};          // every request, robots.txt included
  std::atomic<int64_t> robots_requests{0};
  mutable std::mutex revisions_mu;
  std::vector<int> revisions;  // per report, see Portal::ModifyReport

  int Revision(int index) const;
};

class Portal::Impl {
 public:
  Options options;
  std::vector<std::unique_ptr<RunningSite>> sites;
  std::vector<SiteInfo> infos;
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> server_cpu_ns{0};  // CPU of the worker threads between arrival and logging
  bool stopped = false;
  std::mutex stop_mu;

  mutable std::mutex log_mu;
  mutable std::condition_variable log_cv;
  std::vector<LoggedRequest> log;
  int in_flight = 0;  // requests begun but not yet logged (guarded by log_mu)

  void BeginRequest();
  void Append(LoggedRequest entry);  // also ends one request in flight
  // Waits up to `limit` until no request is in flight: a client that has read its answer then
  // finds it in the log (cpp-httplib logs just after the last byte is written).
  void WaitIdle(std::unique_lock<std::mutex>& lock) const;
  void StopAll();
};

// Registers the request handler and logger of `site` on its server (server.cc).
void InstallHandlers(Portal::Impl* portal, RunningSite* site);

// Shuts down (without closing) every accepted connection to the given ip:port endpoints, so
// cpp-httplib's workers leave their keep-alive waits at once; used by Stop().
void ShutdownConnections(const std::vector<std::pair<std::string, int>>& endpoints);

// Fills `site->info` from the model once the port is known.
void FillSiteInfo(RunningSite* site);

// Microseconds on the steady clock (the request log's clock).
int64_t SteadyMicros();

}  // namespace gongkai::portal
