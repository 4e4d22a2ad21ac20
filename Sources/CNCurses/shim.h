// CNCurses: the only C in Farmacy's terminal stack.
//
// ncurses exposes much of its API as macros and mutable globals, which Swift cannot import
// (macros) or refuses in Swift 6 mode (globals are shared mutable state). Each one we need is
// wrapped here in a static inline function, compiled into the importing Swift module.
// Only CursesBackend imports this module, and only its terminal thread calls into it.
#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

// Both must come before the first system header, or cchar_t, wget_wch, setcchar and
// mvadd_wch are missing. A cSettings define would not reach the Swift importer of clients.
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// MARK: - Attributes

static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_italic(void) { return A_ITALIC; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }

// MARK: - Keys

static inline int cn_key_f(int n) { return KEY_F(n); }
static inline int cn_key_code_yes(void) { return KEY_CODE_YES; }

// MARK: - Mouse

static inline mmask_t cn_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t cn_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline mmask_t cn_button_pressed(int button) {
  switch (button) {
  case 1: return BUTTON1_PRESSED;
  case 2: return BUTTON2_PRESSED;
  case 3: return BUTTON3_PRESSED;
  case 4: return BUTTON4_PRESSED;
  case 5: return BUTTON5_PRESSED;
  default: return 0;
  }
}
static inline mmask_t cn_button_released(int button) {
  switch (button) {
  case 1: return BUTTON1_RELEASED;
  case 2: return BUTTON2_RELEASED;
  case 3: return BUTTON3_RELEASED;
  case 4: return BUTTON4_RELEASED;
  case 5: return BUTTON5_RELEASED;
  default: return 0;
  }
}
static inline mmask_t cn_button_clicked(int button) {
  switch (button) {
  case 1: return BUTTON1_CLICKED;
  case 2: return BUTTON2_CLICKED;
  case 3: return BUTTON3_CLICKED;
  default: return 0;
  }
}
static inline mmask_t cn_button_shift(void) { return BUTTON_SHIFT; }
static inline mmask_t cn_button_ctrl(void) { return BUTTON_CTRL; }
static inline mmask_t cn_button_alt(void) { return BUTTON_ALT; }

// MARK: - Line drawing (valid only after initscr/newterm)

static inline const cchar_t *cn_wacs_hline(void) { return WACS_HLINE; }
static inline const cchar_t *cn_wacs_vline(void) { return WACS_VLINE; }
static inline const cchar_t *cn_wacs_ulcorner(void) { return WACS_ULCORNER; }
static inline const cchar_t *cn_wacs_urcorner(void) { return WACS_URCORNER; }
static inline const cchar_t *cn_wacs_llcorner(void) { return WACS_LLCORNER; }
static inline const cchar_t *cn_wacs_lrcorner(void) { return WACS_LRCORNER; }

// MARK: - Globals, read through functions

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }

// MARK: - Helpers for the C library

// ioctl is variadic; this reads the kernel's idea of the terminal size.
static inline int cn_terminal_size(int fd, int *rows, int *cols) {
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
  *rows = size.ws_row;
  *cols = size.ws_col;
  return 0;
}

static inline int cn_wcwidth(wchar_t c) { return wcwidth(c); }

// MARK: - Giving the terminal back after a crash

// A trap (a failed precondition, an overflow), a segmentation fault or abort() kills the process
// while curses has the terminal: raw mode, no echo, the alternate screen, mouse reporting on.
// These handlers put the terminal back first, then let the crash go on as it would have
// (Swift's backtrace, if one was installed before, then the default action and its core
// dump). Only async-signal-safe calls: write(2), tcsetattr(3), sigaction(2), raise(3).

enum { CN_CRASH_SIGNAL_COUNT = 6 };
static inline int cn_crash_signal(int index) {
  switch (index) {
  case 0: return SIGSEGV;
  case 1: return SIGBUS;
  case 2: return SIGILL;
  case 3: return SIGTRAP;
  case 4: return SIGABRT;
  default: return SIGFPE;
  }
}

struct cn_crash_state {
  struct sigaction previous[CN_CRASH_SIGNAL_COUNT];
  struct termios modes;
  volatile sig_atomic_t has_modes;
  volatile sig_atomic_t input;
  volatile sig_atomic_t output;
};

// Storage inside a function: Swift imports a header's functions, not its variables.
static inline struct cn_crash_state *cn_crash(void) {
  static struct cn_crash_state state = {.input = -1, .output = -1};
  return &state;
}

static void cn_crash_handler(int signal, siginfo_t *info, void *context) {
  struct cn_crash_state *state = cn_crash();
  int output = state->output;
  if (output >= 0) {
    state->output = -1;
    // Mouse reports off, colours and attributes off, cursor shown, main screen back.
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[0m\033[?25h\033[?1049l\r\n";
    ssize_t written = write(output, reset, sizeof(reset) - 1);
    (void)written;
    if (state->has_modes) tcsetattr(state->input, TCSANOW, &state->modes);
  }
  for (int i = 0; i < CN_CRASH_SIGNAL_COUNT; i++) {
    if (cn_crash_signal(i) != signal) continue;
    struct sigaction previous = state->previous[i];
    sigaction(signal, &previous, NULL);
    if ((previous.sa_flags & SA_SIGINFO) && previous.sa_sigaction != NULL) {
      previous.sa_sigaction(signal, info, context);
      return;
    }
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN && previous.sa_handler != NULL) {
      previous.sa_handler(signal);
      return;
    }
  }
  // The default action now: re-raised, it ends the process as the crash would have.
  raise(signal);
}

/// Saves the terminal's modes from `input` (before curses changes them) and installs the
/// handlers, which write the reset to `output`. The calling thread (the terminal thread) gets
/// an alternate signal stack if it has none, so a stack overflow can still be handled.
static inline void cn_install_crash_restore(int input, int output) {
  struct cn_crash_state *state = cn_crash();
  state->has_modes = tcgetattr(input, &state->modes) == 0;
  state->input = input;
  stack_t current;
  if (sigaltstack(NULL, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
    static char alternate[64 * 1024];
    stack_t stack = {.ss_sp = alternate, .ss_size = sizeof(alternate), .ss_flags = 0};
    sigaltstack(&stack, NULL);
  }
  struct sigaction action;
  memset(&action, 0, sizeof(action));
  action.sa_sigaction = cn_crash_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  for (int i = 0; i < CN_CRASH_SIGNAL_COUNT; i++) sigaction(cn_crash_signal(i), &action, &state->previous[i]);
  state->output = output;
}

/// Puts the handlers that were there before back, once curses has given the terminal back.
static inline void cn_remove_crash_restore(void) {
  struct cn_crash_state *state = cn_crash();
  state->output = -1;
  for (int i = 0; i < CN_CRASH_SIGNAL_COUNT; i++) sigaction(cn_crash_signal(i), &state->previous[i], NULL);
}

#endif
