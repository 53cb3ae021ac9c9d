#include "failure_hook.h"

#include <sys/wait.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "exit_codes.h"
#include "log.h"

namespace gongkai::app {

bool RunsFailureHook(int exit_code) {
  return exit_code == kExitFailure || exit_code == kExitPartial;
}

int RunFailureHook(const std::string& shell_command, const FailureReport& report) {
  nlohmann::json summary = nlohmann::json::parse(report.summary_json, nullptr, false);
  if (report.summary_json.empty() || summary.is_discarded()) summary = nullptr;
  const nlohmann::json input = {{"command", report.command},
                                {"exit_code", report.exit_code},
                                {"message", report.message},
                                {"summary", summary}};
  setenv("GONGKAI_COMMAND", report.command.c_str(), 1);
  setenv("GONGKAI_EXIT_CODE", std::to_string(report.exit_code).c_str(), 1);
  setenv("GONGKAI_MESSAGE", report.message.c_str(), 1);
  std::signal(SIGPIPE, SIG_IGN);  // a hook that does not read its stdin must not kill us
  FILE* hook = popen(shell_command.c_str(), "w");
  if (hook == nullptr) {
    log::Error("on_failure hook could not be started: " + shell_command);
    return -1;
  }
  const std::string text = input.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::fwrite(text.data(), 1, text.size(), hook);
  int status = pclose(hook);
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code != 0)
    log::Warn("on_failure hook exited with " + std::to_string(code) + ": " + shell_command);
  else
    log::Info("on_failure hook ran: " + shell_command);
  return code;
}

}  // namespace gongkai::app
