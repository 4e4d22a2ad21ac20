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
#include <stdio.h>
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

#endif
