// Header redaction for exports (storage/export.h: RedactHeaders).
#include <algorithm>
#include <cctype>

#include "storage/export.h"

namespace gongkai::storage {
namespace {

bool SameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

Headers RedactHeaders(const Headers& headers, const std::vector<std::string>& names) {
  Headers out = headers;
  for (auto& [name, value] : out) {
    for (const std::string& redacted : names) {
      if (SameName(name, redacted)) {
        value = "REDACTED";
        break;
      }
    }
  }
  return out;
}

}  // namespace gongkai::storage
