#include "terminal.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace gongkai::app {

bool IsTerminal(int fd) {
  return isatty(fd) == 1;
}

bool UseColor(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return IsTerminal(fd);
}

}  // namespace gongkai::app
