// The site router: pages every template shares (robots.txt rules, home page, attachments, Disallowed
// pages, redirects, fault pages, the calendar trap, the anti-bot challenge) around the template's own.
#pragma once

#include <string>

#include "model.h"
#include "page.h"

namespace gongkai::portal {

// Routes everything but robots.txt and the request-counting faults (the server does those).
Page Route(const SiteModel& site, const PageRequest& req, const RevisionOf& revision);

// The robots.txt body of a site with rules (kRules / kRulesWithCrawlDelay / recovered kServerError).
std::string RobotsRules(const SiteModel& site);

// The 加速乐 answer: HTTP 521, a JS cookie challenge, a __jsluid cookie.
Page AntiBotChallenge(const SiteModel& site);
constexpr char kClearanceCookie[] = "__jsl_clearance_s";

// The bytes the Special::kOversized page streams, chunk by chunk.
std::string FillerChunk(size_t bytes);

}  // namespace gongkai::portal
