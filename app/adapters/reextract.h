// Re-extraction of archived bodies (storage hands out bodies, extract turns them into text), used by
// `gongkai reextract` and `gongkai import-warc`. Offline, parallel, resumable: every result is
// committed as it is made, and a restarted run skips the bodies already done.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "extract/extractor.h"
#include "progress.h"
#include "storage/archive.h"

namespace gongkai::app {

struct ReextractStats {
  int64_t tasks = 0;      // bodies to extract
  int64_t extracted = 0;  // extractions stored
  int64_t changed = 0;    // of which differ from the body's previous current extraction
  int64_t failed = 0;     // bodies the extractor refused (binary, empty)
  double seconds = 0;
};

struct ReextractOptions {
  bool all = false;  // re-extract every report body, not only those without a current-version extraction
  int jobs = 0;      // worker threads; 0 = all cores
  Progress* progress = nullptr;  // when set: its total is the task count, Add(1) per body done
};

// Runs extract::Extract with `extract_options` over the report bodies of the archive at
// archive_options.path. `--all` runs remember their start in the archive's meta table so a killed run
// resumes where it stopped. Returns a non-OK status when the archive cannot be opened or written.
storage::Status Reextract(const storage::Options& archive_options, const extract::Options& extract_options,
                          const ReextractOptions& options, ReextractStats* stats);

}  // namespace gongkai::app
