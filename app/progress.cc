#include "progress.h"

#include <unistd.h>

#include <cstdio>

#include "log.h"
#include "terminal.h"

namespace gongkai::app {
namespace {

constexpr int64_t kLiveIntervalMs = 200;

std::string Duration(double seconds) {
  auto s = static_cast<long long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
  }
  return text;
}

}  // namespace

Progress::Mode CommandProgressMode(bool quiet) {
  return quiet ? Progress::Mode::kNone : Progress::Mode::kAuto;
}

Progress::Progress(std::string what, std::string unit, int64_t total, Mode mode)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      total_(total),
      mode_(mode),
      start_(std::chrono::steady_clock::now()) {
  if (mode_ == Mode::kAuto) mode_ = UseLiveLines(STDERR_FILENO) ? Mode::kLive : Mode::kLog;
  if (mode_ == Mode::kLog) {
    log::Info(what_ + ": started" + (total > 0 ? ", " + std::to_string(total) + " " + unit_ + " to do" : ""));
  }
  Report(true);
}

Progress::~Progress() {
  Finish();
}

std::string Progress::Describe(int64_t done, int64_t total, double seconds, const std::string& unit) {
  char text[160];
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line = std::to_string(done) + (total > 0 ? "/" + std::to_string(total) : "") + " " + unit;
  std::snprintf(text, sizeof text, "  %.1f/s", rate);
  line += text;
  if (total > 0 && done > 0 && rate > 0) {
    const double left = static_cast<double>(total - std::min(done, total)) / rate;
    line += "  ETA " + Duration(left);
  } else if (total > 0) {
    line += "  ETA -";
  }
  return line;
}

double Progress::Seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::Add(int64_t n) {
  done_.fetch_add(n, std::memory_order_relaxed);
  Report(false);
}

void Progress::Set(int64_t done) {
  done_.store(done, std::memory_order_relaxed);
  Report(false);
}

void Progress::Report(bool force) {
  if (mode_ == Mode::kNone) return;
  const double seconds = Seconds();
  const auto ms = static_cast<int64_t>(seconds * 1000);
  std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
  if (!lock.owns_lock() || finished_) return;  // another thread is reporting
  const int64_t interval = mode_ == Mode::kLive ? kLiveIntervalMs : kLogIntervalMs;
  if (!force && last_report_ms_ >= 0 && ms - last_report_ms_ < interval) return;
  if (mode_ == Mode::kLog && force) {  // the start line is logged by the constructor
    last_report_ms_ = ms;
    return;
  }
  last_report_ms_ = ms;
  std::string line = what_ + ": " + Describe(done_.load(), total_.load(), seconds, unit_);
  if (mode_ == Mode::kLive) {
    std::fprintf(stderr, "\r\033[K%s", line.c_str());
    std::fflush(stderr);
  } else {
    log::Info(line);
  }
}

void Progress::Finish(const std::string& note) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_) return;
  finished_ = true;
  if (mode_ == Mode::kNone) return;
  const double seconds = Seconds();
  if (mode_ == Mode::kLive) {
    std::fprintf(stderr, "\r\033[K%s: %s\n", what_.c_str(),
                 Describe(done_.load(), total_.load(), seconds, unit_).c_str());
    std::fflush(stderr);
  }
  char text[64];
  std::snprintf(text, sizeof text, " in %.1f s", seconds);
  if (mode_ == Mode::kLog) {
    log::Info(what_ + ": done: " + std::to_string(done_.load()) + " " + unit_ + text +
              (note.empty() ? "" : ", " + note));
  }
}

}  // namespace gongkai::app
