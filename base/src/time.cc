// The wall clock (see time.h).
#include "base/time.h"

#include <chrono>

namespace gongkai {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace gongkai
