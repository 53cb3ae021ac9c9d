// Run summary rendering (see summary.h).
#include "crawler/summary.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace gongkai::crawler {

std::vector<std::string> RunSummary::ParkedHosts() const {
  std::vector<std::string> out;
  for (const auto& h : hosts) {
    if (h.parked) out.push_back(h.host);
  }
  return out;
}

std::vector<std::string> RunSummary::ChallengedHosts() const {
  std::vector<std::string> out;
  for (const auto& h : hosts) {
    if (h.challenges > 0) out.push_back(h.host);
  }
  return out;
}

std::vector<std::string> RunSummary::UnresolvedRobotsHosts() const {
  std::vector<std::string> out;
  for (const auto& h : hosts) {
    if (h.robots_unresolved) out.push_back(h.host);
  }
  return out;
}

bool RunSummary::HasFailures() const {
  return failed > 0 || pending > 0 || !ParkedHosts().empty() || !ChallengedHosts().empty() ||
         !UnresolvedRobotsHosts().empty();
}

std::string RunSummary::ToJson() const {
  nlohmann::json j;
  j["stop_reason"] = ToString(stop_reason);
  j["duration_ms"] = duration_ms;
  j["requests"] = requests;
  j["pages"] = pages;
  j["reports"] = {{"new", reports_new},
                  {"changed", reports_changed},
                  {"unchanged", reports_unchanged},
                  {"not_modified", not_modified}};
  j["attachments"] = attachments;
  j["errors"] = errors;
  j["skipped_recent"] = skipped_recent;
  j["errors_by_kind"] = errors_by_kind;
  j["pending"] = pending;
  if (!notes.empty()) j["notes"] = notes;
  j["failed"] = failed;
  if (gave_up_pending) j["gave_up_pending"] = true;
  j["hosts"] = nlohmann::json::array();
  for (const auto& h : hosts) {
    j["hosts"].push_back({{"host", h.host},
                          {"seed", h.seed},
                          {"requests", h.requests},
                          {"pages", h.pages},
                          {"reports_new", h.reports_new},
                          {"reports_changed", h.reports_changed},
                          {"reports_unchanged", h.reports_unchanged},
                          {"not_modified", h.not_modified},
                          {"errors", h.errors},
                          {"retries", h.retries},
                          {"challenges", h.challenges},
                          {"disallowed", h.disallowed},
                          {"robots", h.robots},
                          {"parked", h.parked},
                          {"crawl_delay_ms", h.crawl_delay_ms},
                          {"failed", h.failed},
                          {"pending", h.pending},
                          {"capped", h.capped},
                          {"robots_unresolved", h.robots_unresolved}});
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // host names from the network
}

std::string RunSummary::ToText() const {
  std::string out;
  char line[512];
  std::snprintf(
      line, sizeof line,
      "Run %s in %.1f s: %lld requests, %lld pages, reports %lld new / %lld changed / %lld unchanged "
      "(%lld not modified), %lld attachments, %lld errors, %lld pending\n",
      complete() ? "complete" : ("stopped (" + std::string(ToString(stop_reason)) + ")").c_str(),
      duration_ms / 1000.0, static_cast<long long>(requests), static_cast<long long>(pages),
      static_cast<long long>(reports_new), static_cast<long long>(reports_changed),
      static_cast<long long>(reports_unchanged), static_cast<long long>(not_modified),
      static_cast<long long>(attachments), static_cast<long long>(errors), static_cast<long long>(pending));
  out += line;
  if (!errors_by_kind.empty()) {
    out += "Errors by kind:";
    for (const auto& [kind, count] : errors_by_kind) out += " " + kind + "=" + std::to_string(count);
    out += "\n";
  }
  if (failed > 0)
    out += "Failed for good: " + std::to_string(failed) + " pages (retries exhausted, redirect loops)\n";
  for (const auto& h : hosts) {
    if (h.robots_unresolved) {
      out += "Not crawled: " + h.host + ": robots.txt " + h.robots + " after every retry\n";
    } else if (h.parked && h.pending > 0) {
      out += "Not crawled: " + h.host + ": parked after repeated failures\n";
    }
  }
  if (pending > 0 && complete()) {
    out += std::to_string(pending) + (gave_up_pending
                                          ? " pending items given up (the same hosts failed run after run)\n"
                                          : " pending items kept for the next run\n");
  }
  out += "Host                      req  pages  new  chg  same  304  err  robots\n";
  for (const auto& h : hosts) {
    std::string flags;
    if (h.parked) flags += "  PARKED";
    if (h.challenges > 0) flags += "  ANTI-BOT CHALLENGE x" + std::to_string(h.challenges);
    if (h.disallowed > 0) flags += "  disallowed " + std::to_string(h.disallowed);
    if (h.failed > 0) flags += "  FAILED " + std::to_string(h.failed);
    if (h.capped > 0) flags += "  capped " + std::to_string(h.capped);
    if (h.pending > 0) flags += "  pending " + std::to_string(h.pending);
    std::snprintf(line, sizeof line, "%-24s %5lld %6lld %4lld %4lld %5lld %4lld %4lld  %s%s\n",
                  h.host.c_str(), static_cast<long long>(h.requests), static_cast<long long>(h.pages),
                  static_cast<long long>(h.reports_new), static_cast<long long>(h.reports_changed),
                  static_cast<long long>(h.reports_unchanged), static_cast<long long>(h.not_modified),
                  static_cast<long long>(h.errors), h.robots.c_str(), flags.c_str());
    out += line;
  }
  // Discovery's doubts and dropped traps: the first few here, all of them in the run's JSON.
  constexpr size_t kNotesShown = 10;
  for (size_t i = 0; i < notes.size() && i < kNotesShown; ++i) out += "note: " + notes[i] + "\n";
  if (notes.size() > kNotesShown)
    out += "note: ... " + std::to_string(notes.size() - kNotesShown) + " more\n";
  return out;
}

}  // namespace gongkai::crawler
