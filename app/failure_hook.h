// The operator's failure hook: config.toml `[hooks] on_failure`, a shell command run after a
// command ends with exit code 1 (failed) or 5 (crawl finished with failures). It gets the run
// summary as one JSON object on stdin — {"command", "exit_code", "message", "summary"} (summary:
// the crawl run's figures, or null) — and the same facts in GONGKAI_COMMAND, GONGKAI_EXIT_CODE and
// GONGKAI_MESSAGE. Its own failure is logged, never changes gongkai's exit code.
#pragma once

#include <string>

namespace gongkai::app {

struct FailureReport {
  std::string command;  // "crawl", "export", ...
  int exit_code = 0;
  std::string message;       // the error message, "" when the command itself reported (exit 5)
  std::string summary_json;  // the run summary (crawl), "" when there is none
};

// True for the exit codes that run the hook (1 and 5).
bool RunsFailureHook(int exit_code);

// Runs `shell_command` with /bin/sh, the report on its stdin; waits for it. Returns its exit
// status (-1 when it could not be started).
int RunFailureHook(const std::string& shell_command, const FailureReport& report);

}  // namespace gongkai::app
