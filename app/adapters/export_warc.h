// The WARC-based exports of `gongkai export` (see cmd_export.cc): WARC to a stream or to files
// rotated by size, WARC plus a sorted CDXJ index beside it, and WACZ. Every file is written
// through OutputFile (a temporary file renamed when complete).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "storage/export.h"

namespace gongkai::app {

struct WarcExportRequest {
  std::string format;  // "warc", "cdxj" or "wacz"
  // Output file; "" or "-" writes a single WARC to `stdout_stream` (format warc only).
  // warc: the first WARC file (later ones <stem>-00001<ext> ...); cdxj: the index, with the WARC
  // files beside it as <stem>.warc.gz (<stem>-00001.warc.gz ...); wacz: the .wacz.
  std::string out;
};

// Runs the export. *written receives the files created, in order. InvalidArgument for a bad --out.
storage::Status RunWarcExport(storage::Archive& archive, const storage::ExportOptions& options,
                              const WarcExportRequest& request, std::ostream& stdout_stream,
                              storage::ExportResult* result, std::vector<std::string>* written);

}  // namespace gongkai::app
