#include "log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <system_error>

namespace gongkai::app::log {
namespace {

std::mutex g_mutex;
std::string g_path;  // "" = stderr
int g_fd = -1;
volatile std::sig_atomic_t g_reopen = 0;

extern "C" void OnHangUp(int) {
  g_reopen = 1;
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kInfo:
      return "INFO ";
    case Level::kWarn:
      return "WARN ";
    case Level::kError:
      return "ERROR";
  }
  return "INFO ";
}

std::string Now() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char text[48];  // room for any int, so the compiler sees no truncation
  std::snprintf(text, sizeof text, "%s.%03dZ", date, static_cast<int>(ms % 1000));
  return text;
}

int OpenAppend(const std::string& path, std::string* error) {
  std::error_code ec;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) {
    *error = "cannot create the log directory " + parent.string() + ": " + ec.message();
    return -1;
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) *error = "cannot open the log file " + path + ": " + std::strerror(errno);
  return fd;
}

void WriteAll(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a log that cannot be written must not stop the work
    done += static_cast<size_t>(n);
  }
}

}  // namespace

std::string Format(Level level, std::string_view message) {
  return Now() + " " + LevelName(level) + " " + std::string(message);
}

void Write(Level level, std::string_view message) {
  std::string line = Format(level, message) + "\n";
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_fd >= 0 && g_reopen) {
    g_reopen = 0;
    std::string error;
    int fd = OpenAppend(g_path, &error);
    if (fd >= 0) {
      ::close(g_fd);
      g_fd = fd;
    }
  }
  if (g_fd >= 0) {
    WriteAll(g_fd, line);
    if (level == Level::kError) WriteAll(STDERR_FILENO, line);
  } else {
    WriteAll(STDERR_FILENO, line);
  }
}

bool OpenFile(const std::string& path, std::string* error) {
  int fd = OpenAppend(path, error);
  if (fd < 0) return false;
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_fd >= 0) ::close(g_fd);
  g_fd = fd;
  g_path = path;
  struct sigaction action {};
  action.sa_handler = OnHangUp;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGHUP, &action, nullptr);
  return true;
}

bool ToFile() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_fd >= 0;
}

}  // namespace gongkai::app::log
