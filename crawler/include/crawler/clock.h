// The crawler's only view of time, behind an interface so politeness and back-off can be tested
// without sleeping (leveldb's Env idea). All crawler times are microseconds of a monotonic clock.
#pragma once

#include <cstdint>

namespace gongkai::crawler {

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic microseconds (steady_clock in production; the epoch is arbitrary).
  virtual int64_t NowUs() = 0;
  // Wall-clock microseconds since the Unix epoch, for records humans read.
  virtual int64_t WallUs() = 0;
};

// The process-wide real clock (std::chrono::steady_clock / system_clock).
Clock* RealClock();

// A clock that moves only when told to: for tests.
class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t start_us = 1'000'000) : now_us_(start_us) {}
  int64_t NowUs() override { return now_us_; }
  int64_t WallUs() override { return 1'700'000'000'000'000 + now_us_; }
  void AdvanceMs(int64_t ms) { now_us_ += ms * 1000; }
  void SetUs(int64_t us) { now_us_ = us; }

 private:
  int64_t now_us_;
};

}  // namespace gongkai::crawler
