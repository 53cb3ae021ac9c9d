// RunHelper(): fork/exec with rlimits and a deadline (subprocess.h).
#include "subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace gongkai::extract {
namespace {

std::string Locate(const std::string& name) {
  if (!name.empty() && name[0] == '/') return access(name.c_str(), X_OK) == 0 ? name : "";
  for (const char* dir : {"/usr/bin/", "/bin/", "/usr/local/bin/"}) {
    std::string path = std::string(dir) + name;
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

// Runs in the forked child: only system calls from here on (no allocation: the parent may have
// other threads holding malloc's locks).
[[noreturn]] void Child(const char* path, char* const* args, const HelperLimits& limits, int out_fd) {
  // No network: a fresh, empty network namespace when unprivileged namespaces are allowed (the
  // helpers never use the network anyway; this is defence in depth).
  (void)unshare(CLONE_NEWUSER | CLONE_NEWNET);
  rlimit cpu{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds + 1)};
  setrlimit(RLIMIT_CPU, &cpu);
  rlim_t bytes = static_cast<rlim_t>(limits.memory_mb) * 1024 * 1024;
  rlimit as{bytes, bytes};
  setrlimit(RLIMIT_AS, &as);
  rlimit core{0, 0};
  setrlimit(RLIMIT_CORE, &core);
  rlimit fsize{64 * 1024 * 1024, 64 * 1024 * 1024};
  setrlimit(RLIMIT_FSIZE, &fsize);
  int devnull = open("/dev/null", O_RDWR);
  dup2(devnull, STDIN_FILENO);
  dup2(out_fd, STDOUT_FILENO);
  dup2(devnull, STDERR_FILENO);
  for (int fd = 3; fd < 1024; ++fd) close(fd);
  char env_path[] = "PATH=/usr/bin:/bin";
  char env_lang[] = "LANG=C.UTF-8";
  char env_home[] = "HOME=/nonexistent";
  char* envp[] = {env_path, env_lang, env_home, nullptr};
  execve(path, args, envp);
  _exit(127);
}

}  // namespace

HelperResult RunHelper(const std::vector<std::string>& argv, const HelperLimits& limits) {
  HelperResult result;
  std::string path = argv.empty() ? "" : Locate(argv[0]);
  if (path.empty()) {
    result.status = HelperResult::Status::kNotFound;
    result.detail = (argv.empty() ? std::string("no program") : argv[0]) + " is not installed";
    return result;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    result.detail = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    result.detail = std::string("fork: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0) Child(path.c_str(), args.data(), limits, fds[1]);
  close(fds[1]);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2 * limits.cpu_seconds + 1);
  bool timed_out = false, too_large = false;
  char buf[65536];
  for (;;) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
            .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (result.output.size() + static_cast<std::size_t>(n) > limits.max_output_bytes) {
      too_large = true;
      break;
    }
    result.output.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (timed_out || too_large) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out || (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL))) {
    result.status = HelperResult::Status::kTimeout;
    result.detail = argv[0] + " ran out of time (" + std::to_string(limits.cpu_seconds) + " s CPU)";
  } else if (too_large) {
    result.status = HelperResult::Status::kOutputTooLarge;
    result.detail = argv[0] + " wrote more than " + std::to_string(limits.max_output_bytes) + " bytes";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    result.status = HelperResult::Status::kOk;
    result.exit_code = 0;
  } else {
    result.status = HelperResult::Status::kFailed;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.detail =
        argv[0] + (WIFSIGNALED(status) ? " was killed by signal " + std::to_string(WTERMSIG(status))
                                       : " exited with " + std::to_string(result.exit_code));
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV) result.detail += " (out of memory or a crash)";
  }
  if (result.status != HelperResult::Status::kOk) result.output.clear();
  return result;
}

}  // namespace gongkai::extract
