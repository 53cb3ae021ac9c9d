#include "terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace gongkai::app {

bool IsTerminal(int fd) {
  return isatty(fd) == 1;
}

namespace {

bool DumbTerminal() {
  const char* term = std::getenv("TERM");
  return term != nullptr && std::strcmp(term, "dumb") == 0;
}

}  // namespace

bool UseColor(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  if (DumbTerminal()) return false;
  return IsTerminal(fd);
}

bool UseLiveLines(int fd) {
  return !DumbTerminal() && IsTerminal(fd);
}

}  // namespace gongkai::app
