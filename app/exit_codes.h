// Exit codes of the gongkai CLI (documented in README "Exit codes").
#pragma once

namespace gongkai::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;        // the command ran and failed (I/O error, bad input file)
inline constexpr int kExitUsage = 2;          // bad command line or configuration
inline constexpr int kExitDamaged = 3;        // verify found damage in the archive
inline constexpr int kExitLocked = 4;         // another crawl holds the archive lock
inline constexpr int kExitPartial = 5;        // crawl finished, but some hosts were parked or errors occurred
inline constexpr int kExitImportDamaged = 6;  // import-warc read past damage (records after it kept)
inline constexpr int kExitInterrupted = 130;  // stopped by SIGINT/SIGTERM; resumable

}  // namespace gongkai::app
