// An in-memory CrawlStore with the archive's semantics that the scheduler relies on: a frontier
// that is also the seen set, atomic Record(), validators and bodies of earlier captures, robots.txt
// history and politeness state. It outlives Scheduler objects, so a test can stop one and resume
// with the next, as `gongkai crawl` does over the archive.
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "crawler/crawl_store.h"

namespace gongkai::crawler::testing {

class MemoryCrawlStore : public CrawlStore {
 public:
  Status Add(const std::vector<FrontierItem>& items) override {
    for (const auto& item : items) {
      if (done_.emplace(item.url, false).second) order_.push_back(item);
    }
    return Status::OK();
  }
  Status Load(std::vector<FrontierItem>* pending, std::vector<std::string>* seen) override {
    for (const auto& item : order_) {
      seen->push_back(item.url);
      if (!done_[item.url]) pending->push_back(item);
    }
    return Status::OK();
  }
  Status Record(const Exchange& e, std::optional<std::string_view> body, bool item_done,
                const std::vector<FrontierItem>& discovered, const extract::Extraction*,
                BodyChange* change) override {
    *change = BodyChange::kNone;
    if (e.not_modified) {
      *change = BodyChange::kRevisit;
    } else if (body && e.status >= 200 && e.status < 300 && e.page_kind != PageKind::kRobots) {
      auto previous = bodies_.find(e.item.url);
      *change = previous == bodies_.end()   ? BodyChange::kNew
                : previous->second == *body ? BodyChange::kUnchanged
                                            : BodyChange::kChanged;
      bodies_[e.item.url] = std::string(*body);
      StoredValidators v;
      for (const auto& [name, value] : e.response_headers) {
        if (name == "ETag") v.etag = value;
        if (name == "Last-Modified") v.last_modified = value;
      }
      v.fetched_at_ms = e.started_at_ms;
      validators_[e.item.url] = v;
    }
    if (e.page_kind == PageKind::kRobots && e.status > 0) {
      StoredRobots r;
      r.status = e.status;
      r.body = body ? std::string(*body) : "";
      for (const auto& [name, value] : e.response_headers) {
        if (name == "Location") r.location = value;
      }
      r.fetched_at_ms = e.started_at_ms;
      robots_[e.final_url] = r;
    }
    records.push_back(e);
    if (item_done) done_[e.item.url] = true;
    return Add(discovered);
  }
  Status MarkDone(const std::string& url) override {
    done_[url] = true;
    return Status::OK();
  }
  std::optional<StoredValidators> LatestValidators(const std::string& url) override {
    auto it = validators_.find(url);
    if (it == validators_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> LatestBody(const std::string& url) override {
    auto it = bodies_.find(url);
    if (it == bodies_.end()) return std::nullopt;
    return it->second;
  }
  std::optional<StoredRobots> LatestRobots(const std::string& url) override {
    auto it = robots_.find(url);
    if (it == robots_.end()) return std::nullopt;
    return it->second;
  }
  Status LoadPoliteness(std::vector<PolitenessState>* this_run,
                        std::vector<PolitenessState>* earlier) override {
    for (const auto& [key, state] : politeness_) (key.first ? *earlier : *this_run).push_back(state);
    return Status::OK();
  }
  Status SavePoliteness(const std::vector<PolitenessState>& states) override {
    for (const auto& state : states) {
      politeness_[{false, (state.scope == PolitenessState::Scope::kIp ? "ip:" : "host:") + state.key}] =
          state;
    }
    return Status::OK();
  }

  // A capture from an earlier run: what a conditional GET revalidates.
  void AddCapture(const std::string& url, const std::string& body, const StoredValidators& validators) {
    bodies_[url] = body;
    validators_[url] = validators;
  }
  bool IsDone(const std::string& url) const {
    auto it = done_.find(url);
    return it != done_.end() && it->second;
  }
  // Exchanges recorded for `url` (as the item or the final URL).
  std::vector<Exchange> RecordsOf(const std::string& url) const {
    std::vector<Exchange> out;
    std::copy_if(records.begin(), records.end(), std::back_inserter(out),
                 [&](const Exchange& e) { return e.item.url == url || e.final_url == url; });
    return out;
  }

  std::vector<Exchange> records;

 private:
  std::vector<FrontierItem> order_;
  std::map<std::string, bool> done_;
  std::map<std::string, std::string> bodies_;
  std::map<std::string, StoredValidators> validators_;
  std::map<std::string, StoredRobots> robots_;
  // (earlier run?, "host:KEY" / "ip:KEY") -> state
  std::map<std::pair<bool, std::string>, PolitenessState> politeness_;
};

}  // namespace gongkai::crawler::testing
