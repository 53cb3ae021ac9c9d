// The in-memory frontier: one FIFO queue of FrontierItems per host, stored compactly so a crawl of
// thousands of portals keeps millions of URLs in little memory. An item is one packed string
// (kind, depth, navigation mark, interned seed name, referring page and agency, URL bytes); the referring
// pages and seed names, shared by many items, are stored once. The persistent copy lives in the CrawlStore;
// this is the scheduler's working set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "crawler/crawl_store.h"

namespace gongkai::crawler {

class Frontier {
 public:
  // A new empty queue; returns its id.
  size_t AddQueue();

  void Push(size_t queue, const FrontierItem& item);
  bool Empty(size_t queue) const { return queues_[queue].empty(); }
  size_t Size(size_t queue) const { return queues_[queue].size(); }
  // The item at the front of a non-empty queue.
  FrontierItem Front(size_t queue) const;
  void Pop(size_t queue);

  size_t total() const { return total_; }
  // Bytes held (records, interned strings, queue bookkeeping), approximately.
  size_t MemoryBytes() const;

 private:
  uint32_t Intern(const std::string& text);

  std::vector<std::deque<std::string>> queues_;
  std::vector<std::string> strings_;  // interned seed names, referring URLs and agencies
  std::unordered_map<std::string, uint32_t> string_ids_;
  size_t total_ = 0;
  size_t record_bytes_ = 0;
};

}  // namespace gongkai::crawler
