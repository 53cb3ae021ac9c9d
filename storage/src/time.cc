// ISO 8601 times for exports and command output.
#include <cstdio>
#include <ctime>

#include "storage/export.h"

namespace gongkai::storage {

std::string FormatIsoTime(int64_t ms, bool with_ms) {
  time_t seconds = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&seconds, &tm);
  char buffer[40];
  strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &tm);
  std::string text = buffer;
  if (with_ms && ms % 1000 != 0) {
    char fraction[8];
    snprintf(fraction, sizeof(fraction), ".%03d", static_cast<int>(ms % 1000));
    text += fraction;
  }
  return text + "Z";
}

bool ParseIsoTime(const std::string& text, int64_t* ms) {
  struct tm tm {};
  int consumed = 0;
  if (sscanf(text.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &consumed) != 3 ||
      consumed != 10) {
    return false;
  }
  double fraction_ms = 0;
  if (text.size() > 10) {
    float seconds = 0;
    int rest = 0;
    if (sscanf(text.c_str() + 10, "T%2d:%2d:%f%n", &tm.tm_hour, &tm.tm_min, &seconds, &rest) != 3)
      return false;
    std::string tail = text.substr(10 + rest);
    if (tail != "Z" && !tail.empty()) return false;
    tm.tm_sec = static_cast<int>(seconds);
    fraction_ms = (seconds - tm.tm_sec) * 1000.0;
  }
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31) return false;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  *ms = static_cast<int64_t>(timegm(&tm)) * 1000 + static_cast<int64_t>(fraction_ms + 0.5);
  return true;
}

}  // namespace gongkai::storage
