// A small archive for the serve tests, written through storage's public API: a seed listing, a
// report with headings, a table, an attachment, two captures and two extractor versions (whose
// statistics cells differ: the newer one fails t3.balance.natural), its page
// assets (a stylesheet and an image), 30 more reports over two hosts and five years (one missing),
// an error, a finished run, and a hostile page whose every script, asset, frame, import, refresh
// and form points at `outside_url` (a loopback server that must never be asked for anything).
#pragma once

#include <cstdint>
#include <string>

#include "storage/status.h"

namespace gongkai::serve::testing {

struct FixtureIds {
  int64_t seed = 0;        // the seed listing page
  int64_t report = 0;      // the report's current capture
  int64_t old_report = 0;  // its earlier capture (other text)
  int64_t stylesheet = 0, image = 0, attachment = 0;
  int64_t hostile = 0;    // the hostile page
  int64_t not_found = 0;  // a 404 capture
};

inline constexpr char kReportTitle[] = "测试市2023年政府信息公开工作年度报告";
inline constexpr char kReportUrl[] = "http://fixture.gov.test/xxgk/ndbg/2023.html";

storage::Status WriteFixtureArchive(const std::string& path, const std::string& outside_url, FixtureIds* ids);

}  // namespace gongkai::serve::testing
