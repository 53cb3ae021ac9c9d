// gzip members for WARC files: compress one record into its own member; read a file that is one or
// many concatenated members (or not compressed at all).
#pragma once

#include <string>
#include <string_view>

#include "storage/status.h"

namespace gongkai::storage {

// One complete gzip member holding `data`.
std::string GzipMember(std::string_view data);

// If `data` starts with the gzip magic, inflates every concatenated member into *out; otherwise
// copies it. Corruption (naming `what`) on damaged gzip data.
Status GunzipAll(std::string_view data, const std::string& what, std::string* out);

}  // namespace gongkai::storage
