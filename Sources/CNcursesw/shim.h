#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
/* Wide-character ncurses: without NCURSES_WIDECHAR get_wch, mvaddwstr and cchar_t are invisible. */
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
/* Function-like macros and C globals do not import into Swift 6; these wrappers do. */
static inline int shim_getmaxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int shim_getmaxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline WINDOW *shim_stdscr(void) { return stdscr; }
static inline attr_t shim_A_BOLD(void) { return A_BOLD; }
static inline attr_t shim_A_REVERSE(void) { return A_REVERSE; }
static inline int shim_KEY_F(int n) { return KEY_F(n); }
static inline attr_t shim_COLOR_PAIR(int n) { return COLOR_PAIR(n); }
extern int wcwidth(wchar_t c);
static inline int shim_wcwidth(wchar_t c) { return wcwidth(c); }
static inline int shim_mvadd_wch(int y, int x, wchar_t wc, attr_t attr) {
    cchar_t cc; wchar_t s[2] = { wc, 0 };
    if (setcchar(&cc, s, attr, 0, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}
#endif
