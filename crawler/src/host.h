// One host of a crawl as the scheduler and the dispatcher see it: its authority, its address once the
// transport has resolved it, its robots gate (robots_gate.h), its queue (host_queue.h) and its figures.
// A Host is created on the first URL seen for it and lives as long as the run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "crawler/options.h"
#include "crawler/summary.h"
#include "host_queue.h"
#include "robots_gate.h"

namespace gongkai::crawler {

struct Host {
  Host(const Options& options, Frontier* frontier, std::string key_in, std::string origin_in,
       std::string seed_in, std::vector<std::string> allowed_hosts)
      : key(key_in),
        origin(origin_in),
        seed(std::move(seed_in)),
        robots(options, std::move(key_in), origin_in, std::move(allowed_hosts)),
        queue(frontier) {}

  std::string key;  // host[:port]
  std::string origin;
  std::string name;       // the host name of `key` (no port), as resolved
  bool ip_known = false;  // the Transport answered for `name`: nothing is dispatched before
  std::string ip;         // resolved once; "" when resolution failed (the transport reports the error)
  std::string seed;
  RobotsGate robots;
  HostQueue queue;
  HostFigures figures;
};

// The request for the robots.txt of `host`, at the URL its gate says to ask now.
inline Task RobotsTask(const Host& host) {
  Task task;
  task.robots = true;
  task.url = host.robots.url();
  task.item.url = host.robots.url();
  task.item.kind = LinkKind::kRobots;
  task.item.seed_name = host.seed;
  return task;
}

}  // namespace gongkai::crawler
