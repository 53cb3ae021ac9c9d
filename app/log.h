// The CLI's log: every operational message (progress, run events, warnings, the final error) is
// one line "2026-12-05T01:15:00.123Z INFO  <message>" — a UTC time stamp and a level — written to
// stderr, or appended to the --log-file. With a log file, ERROR lines also go to stderr (cron
// mails them). SIGHUP reopens the file (logrotate's move-then-HUP). Thread-safe.
// Results (search hits, show, stats) are not log lines: they go to stdout unadorned.
#pragma once

#include <string>
#include <string_view>

namespace gongkai::app::log {

enum class Level { kInfo, kWarn, kError };

void Write(Level level, std::string_view message);
inline void Info(std::string_view message) {
  Write(Level::kInfo, message);
}
inline void Warn(std::string_view message) {
  Write(Level::kWarn, message);
}
inline void Error(std::string_view message) {
  Write(Level::kError, message);
}

// Sends log lines to `path` from now on: appended, the directory created when missing, reopened
// at the next line after SIGHUP. False with *error naming the file and the reason.
bool OpenFile(const std::string& path, std::string* error);

// True when log lines go to a file (stderr is then free for a live progress line).
bool ToFile();

// The line as written, without the newline (for tests and progress output).
std::string Format(Level level, std::string_view message);

}  // namespace gongkai::app::log
