// What the terminal on a file descriptor can take: colour (honouring NO_COLOR and TERM=dumb,
// https://no-color.org) and live progress lines. One place, so every command decides alike.
#pragma once

namespace gongkai::app {

// True when `fd` is a terminal.
bool IsTerminal(int fd);

// True when `fd` is a terminal, NO_COLOR is unset or empty, and TERM is not "dumb".
bool UseColor(int fd);

}  // namespace gongkai::app
