// An in-memory CrawlStore for the benchmarks: the crawler's cost without the archive's.
#pragma once

#include <map>
#include <set>

#include "crawler/crawl_store.h"

namespace gongkai::bench {

class MemoryStore : public crawler::CrawlStore {
 public:
  Status Add(const std::vector<crawler::FrontierItem>& items) override {
    for (const auto& item : items) seen_.insert(item.url);
    return Status::OK();
  }
  Status Load(std::vector<crawler::FrontierItem>*, std::vector<std::string>*) override {
    return Status::OK();
  }
  Status Record(const crawler::Exchange& e, std::optional<std::string_view> body, bool,
                const std::vector<crawler::FrontierItem>& d, const extract::Extraction*,
                crawler::BodyChange* change) override {
    for (const auto& item : d) seen_.insert(item.url);
    *change = crawler::BodyChange::kNew;
    if (body && e.page_kind == crawler::PageKind::kReport) reports.insert(e.final_url);
    ++records;
    return Status::OK();
  }
  Status MarkDone(const std::string&) override { return Status::OK(); }
  std::optional<crawler::StoredValidators> LatestValidators(const std::string&) override {
    return std::nullopt;
  }
  std::optional<std::string> LatestBody(const std::string&) override { return std::nullopt; }

  std::set<std::string> reports;
  int64_t records = 0;

 private:
  std::set<std::string> seen_;
};

}  // namespace gongkai::bench
