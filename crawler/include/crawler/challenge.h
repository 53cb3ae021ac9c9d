// Anti-bot challenge recognition. Some portals sit behind WAFs that answer a crawler with a
// challenge instead of the page: 加速乐 (jsl) answers HTTP 521 with a JavaScript snippet that sets
// the __jsl_clearance cookie and reloads; other WAFs answer 412 (or 403/200) with a JS/verification
// page. Such answers are recorded as challenges, never extracted or archived as reports, and
// reported per host. gongkai does not try to pass them.
#pragma once

#include <string_view>

namespace gongkai::crawler {

enum class ChallengeKind {
  kNone,
  kJslCookie,  // 加速乐: 521 + document.cookie=...__jsl_clearance...
  kWaf412,     // 412 Precondition Failed answered to a plain GET: a WAF verification page
  kJsCookie,   // another status whose small body only sets a cookie and reloads the page
};

const char* ToString(ChallengeKind kind);

// Classifies an answer. `body` may be the first bytes only (a challenge is small).
ChallengeKind DetectChallenge(int status, std::string_view body);

}  // namespace gongkai::crawler
