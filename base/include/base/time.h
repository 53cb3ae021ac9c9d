// The wall clock in milliseconds since the Unix epoch: the one NowMs() behind every timestamp that
// goes into the archive (run start, capture and extraction times). Scheduling takes its time from
// the crawler's injected Clock instead, so tests never depend on this.
#pragma once

#include <cstdint>

namespace gongkai {

// Milliseconds since 1970-01-01T00:00:00Z (system_clock; can step when the clock is set).
int64_t NowMs();

}  // namespace gongkai
