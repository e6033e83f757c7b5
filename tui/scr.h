/*
 * scr — the only module that talks to curses: terminal setup and restore,
 * colour pairs from the theme, blitting a widgets/ canvas onto the screen,
 * reading keys (wide characters and function keys) and resize handling.
 *
 * Everything above this draws into a canvas (no curses), so screens are
 * testable as text. Nothing may write to stdout/stderr while the screen is
 * up: scr_open points fd 2 at a log file (or /dev/null) until scr_close.
 */
#ifndef SLSX_TUI_SCR_H
#define SLSX_TUI_SCR_H

#include <stddef.h>
#include <stdint.h>

struct canvas;
struct theme;

/* A key: ch is a Unicode character (code > 0 when it is one) or a key
 * code below; utf8 holds what the terminal sends for it (for readline). */
enum scr_keycode {
	SK_NONE = 0,
	SK_UP = 0x110000, SK_DOWN, SK_LEFT, SK_RIGHT, SK_HOME, SK_END, SK_PGUP, SK_PGDN,
	SK_BTAB, SK_DEL, SK_BACKSPACE, SK_ENTER, SK_ESC, SK_TAB, SK_F1, SK_RESIZE,
	SK_META, /* Alt-b, Alt-f, Alt-d, Alt-Backspace, Alt-.: seq holds ESC and the key */
	SK_MOUSE_CLICK, SK_MOUSE_UP, SK_MOUSE_DOWN
};
struct scr_key {
	uint32_t code;   /* a character, or an scr_keycode */
	char seq[16];    /* bytes a terminal would send (UTF-8, "\x1b[A", ...) */
	size_t nseq;
	int mx, my;      /* mouse position for SK_MOUSE_* */
};

/* Open the terminal (stdin/stdout must be a tty). log_fd receives what
 * would go to stderr (-1: /dev/null). 0 ok, -1 with err. */
int scr_open(const struct theme *th, int log_fd, char *err, size_t errlen);
void scr_close(void);
/* SIGTERM or SIGHUP arrived while the screen was up: quit cleanly. */
int scr_quit_requested(void);
int scr_is_open(void);
/* Apply another theme. */
void scr_set_theme(const struct theme *th);
/* Current size. */
void scr_size(int *w, int *h);
/* Draw cv and put the cursor at (cx, cy) (-1: hide it). */
void scr_blit(const struct canvas *cv, int cx, int cy);
/* Next pending key without waiting: 1 got one, 0 none, -1 the terminal
 * is gone. */
int scr_key(struct scr_key *k);
/* Put text on the clipboard of the terminal (OSC 52: works over SSH and
 * in tmux with set-clipboard on). At most 100,000 bytes; returns the
 * count sent, -1 when too long. */
long scr_clipboard(const char *s, size_t n);
/* Is the locale UTF-8 (else draw ASCII)? */
int scr_utf8(void);

#endif
