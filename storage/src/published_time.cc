// FormatPublished (storage/export.h): report dates as researchers should read them.
#include <cctype>

#include "storage/export.h"

namespace gongkai::storage {
namespace {

bool Digits(const std::string& s, size_t at, size_t n) {
  if (at + n > s.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

std::string FormatPublished(const std::string& published) {
  // "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS", nothing after: a local time on a Chinese portal.
  const bool date = Digits(published, 0, 4) && published.size() >= 10 && published[4] == '-' &&
                    Digits(published, 5, 2) && published[7] == '-' && Digits(published, 8, 2);
  if (!date || published.size() <= 10 || published[10] != 'T') return published;
  const bool minutes =
      Digits(published, 11, 2) && published.size() >= 16 && published[13] == ':' && Digits(published, 14, 2);
  if (!minutes) return published;
  if (published.size() == 16) return published + ":00+08:00";
  if (published.size() == 19 && published[16] == ':' && Digits(published, 17, 2)) return published + "+08:00";
  return published;  // already has a zone or a fraction: as stored
}

}  // namespace gongkai::storage
