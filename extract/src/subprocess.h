// Runs a helper program (antiword, catdoc) on untrusted input in a bounded child: fork/exec with
// no shell, a clean environment, CPU-time and address-space limits (setrlimit), a wall-clock
// deadline, its own network namespace when the kernel allows (no network), stdout captured up to
// a cap. The only place in extract/ that starts a process.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace gongkai::extract {

struct HelperLimits {
  int cpu_seconds = 10;  // RLIMIT_CPU; the wall-clock deadline is twice this
  int memory_mb = 256;   // RLIMIT_AS
  std::size_t max_output_bytes = 32 * 1024 * 1024;
};

struct HelperResult {
  enum class Status { kOk, kNotFound, kFailed, kTimeout, kOutputTooLarge };
  Status status = Status::kFailed;
  int exit_code = -1;
  std::string output;  // stdout
  std::string detail;  // what went wrong, for messages
};

// Runs argv[0] (an absolute path, or a name looked up in /usr/bin and /bin) with argv.
HelperResult RunHelper(const std::vector<std::string>& argv, const HelperLimits& limits);

}  // namespace gongkai::extract
