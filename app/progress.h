// Progress of a long command (reextract, import-warc, verify, export), one helper for all: on a
// terminal (stderr), a live line redrawn at most 5 times a second — done/total, rate, ETA; when
// stderr is not a terminal (cron, systemd, a pipe), log lines (log.h) at the start, every
// kLogIntervalMs and at the end. --quiet silences it. Thread-safe: workers may call Add().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace gongkai::app {

class Progress {
 public:
  // Log lines when not on a terminal: a line a minute is enough for an operator's log.
  static constexpr int64_t kLogIntervalMs = 60'000;

  enum class Mode { kAuto, kLive, kLog, kNone };

  // `what`: the command ("reextract"); `unit`: what is counted ("reports", "MB"); `total`: how many
  // are expected (0 when unknown: then no ETA). kAuto is kLive on a terminal, else kLog.
  Progress(std::string what, std::string unit, int64_t total, Mode mode);
  ~Progress();  // Finish() unless called
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void SetTotal(int64_t total) { total_.store(total); }
  void Add(int64_t n = 1);
  void Set(int64_t done);  // for callers that report a running count
  // Ends the live line and logs "<what>: done: N unit in S s (R unit/s)" plus `note`.
  void Finish(const std::string& note = "");

  // "1200/5000 reports  240.0/s  ETA 0:16" (for tests of the wording).
  static std::string Describe(int64_t done, int64_t total, double seconds, const std::string& unit);

 private:
  void Report(bool force);
  double Seconds() const;

  std::string what_, unit_;
  std::atomic<int64_t> total_, done_{0};
  Mode mode_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  int64_t last_report_ms_ = -1;
  bool finished_ = false;
};

// Progress::Mode for a command: kNone with --quiet, else kAuto.
Progress::Mode CommandProgressMode(bool quiet);

}  // namespace gongkai::app
