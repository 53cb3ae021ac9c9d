// Running the gongkai binary from integration tests (see loopback_site.h).
#include "loopback_site.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace gongkai::testing {
namespace {

pid_t Spawn(const std::vector<std::string>& args, const std::string& output_path) {
  std::vector<char*> argv;
  std::string binary = GONGKAI_BINARY;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    int fd =
        open(output_path.empty() ? "/dev/null" : output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

int WaitGongkai(int pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int StartGongkai(const std::vector<std::string>& args) {
  return Spawn(args, "");
}

int RunGongkai(const std::vector<std::string>& args, const std::string& output_path) {
  return WaitGongkai(Spawn(args, output_path));
}

}  // namespace gongkai::testing
