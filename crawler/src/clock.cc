// The real clock (see clock.h).
#include "crawler/clock.h"

#include <chrono>

namespace gongkai::crawler {
namespace {

class SteadyClock : public Clock {
 public:
  int64_t NowUs() override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  int64_t WallUs() override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

}  // namespace

Clock* RealClock() {
  static SteadyClock clock;
  return &clock;
}

}  // namespace gongkai::crawler
