// What the terminal on a file descriptor can take: colour (honouring NO_COLOR and TERM=dumb,
// https://no-color.org) and live progress lines. One place, so every command decides alike.
#pragma once

namespace gongkai::app {

// True when `fd` is a terminal.
bool IsTerminal(int fd);

// True when `fd` is a terminal, NO_COLOR is unset or empty, and TERM is not "dumb".
bool UseColor(int fd);

// True when `fd` is a terminal that can redraw a line in place ("\r\033[K"): not TERM=dumb (an
// Emacs shell buffer, a serial console). Else progress goes out as log lines.
bool UseLiveLines(int fd);

}  // namespace gongkai::app
