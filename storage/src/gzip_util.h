// gzip members for WARC files: compress one record into its own member (reading is in
// warc_reader.h).
#pragma once

#include <string>
#include <string_view>

#include "storage/status.h"

namespace gongkai::storage {

// One complete gzip member holding `data`.
std::string GzipMember(std::string_view data);

}  // namespace gongkai::storage
