// Anti-bot challenge recognition (see challenge.h).
#include "crawler/challenge.h"

#include <string>

namespace gongkai::crawler {
namespace {

// A challenge script is small; a real page that happens to mention document.cookie is not.
constexpr size_t kMaxChallengeBodyBytes = 16 * 1024;

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool SetsCookieAndReloads(std::string_view body) {
  return Contains(body, "document.cookie") &&
         (Contains(body, "location.href") || Contains(body, "location.reload") ||
          Contains(body, "location.replace") || Contains(body, "window.location"));
}

}  // namespace

const char* ToString(ChallengeKind kind) {
  switch (kind) {
    case ChallengeKind::kNone:
      return "none";
    case ChallengeKind::kJslCookie:
      return "jsl_521";
    case ChallengeKind::kWaf412:
      return "waf_412";
    case ChallengeKind::kJsCookie:
      return "js_cookie";
  }
  return "?";
}

ChallengeKind DetectChallenge(int status, std::string_view body) {
  if (status == 521) return ChallengeKind::kJslCookie;  // 加速乐's status: never a real page
  if (status == 412) return ChallengeKind::kWaf412;     // we never send preconditions that fail
  if (body.size() <= kMaxChallengeBodyBytes) {
    // jsl builds the cookie name from fragments: ('_')+('_')+('j')+('s')+('l')...
    if (Contains(body, "__jsl_clearance") || Contains(body, "('_')+('_')+('j')+('s')+('l')")) {
      return ChallengeKind::kJslCookie;
    }
    if (SetsCookieAndReloads(body) && !Contains(body, "<a ") && !Contains(body, "<p")) {
      return ChallengeKind::kJsCookie;
    }
  }
  return ChallengeKind::kNone;
}

}  // namespace gongkai::crawler
