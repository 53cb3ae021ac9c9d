// The result of an archive operation: gongkai::Status (base/status.h), the one error type of every
// gongkai library, under the name storage code and its callers have always used.
#pragma once

#include "base/status.h"

namespace gongkai::storage {

using Status = gongkai::Status;

}  // namespace gongkai::storage
