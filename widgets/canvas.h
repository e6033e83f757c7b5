/*
 * canvas — a grid of cells (a code point, a theme role, extra attributes)
 * that every widget draws into. The terminal layer (tui/scr) copies it to
 * curses; tests read it back as text with cv_to_text, so every screen can
 * be asserted without a terminal.
 *
 * Text drawn with cv_text is hostile-safe: control bytes (C0, DEL, C1,
 * ESC), bidi controls and invalid UTF-8 never land in a cell as they are.
 * They are drawn as visible escapes ("\e", "\r", "\x9b", "\u202e") in role
 * THEME_ESCAPE. A tab is drawn as one space. Zero-width characters
 * (combining marks) are dropped: a cell holds one code point. A wide
 * (2-column) character never straddles the clip edge; a space fills the
 * last column instead.
 */
#ifndef SLSX_WIDGETS_CANVAS_H
#define SLSX_WIDGETS_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#include "themes/theme.h"

struct cv_cell {
	uint32_t ch;     /* code point; 0 = right half of the wide char on the left */
	uint8_t role;    /* enum theme_role */
	uint8_t attrs;   /* THEME_A_* added on top of the role's style */
};

struct canvas {
	int w, h;
	struct cv_cell *cell; /* h rows of w cells */
	int ascii;       /* the terminal shows ASCII only (no UTF-8 locale): each
			    character above 0x7e is drawn as one '?' (THEME_ESCAPE)
			    in one column, so a 3-byte CJK character is one '?' */
};

struct canvas *cv_new(int w, int h);
/* A one-row canvas w columns wide, drawn off screen and copied into like
 * (cv_copy): it shows characters as like does (its ascii). */
struct canvas *cv_strip(const struct canvas *like, int w);
void cv_free(struct canvas *cv);
/* New size; the content is cleared. At most 4096 x 4096, or 65536 columns
 * for a canvas of one row. */
void cv_resize(struct canvas *cv, int w, int h);
void cv_clear(struct canvas *cv, enum theme_role role);
/* Draw n bytes of UTF-8 at (x, y), at most maxw columns (and within the
 * canvas). Returns the columns used. */
int cv_text(struct canvas *cv, int x, int y, int maxw, const char *s, size_t n,
    enum theme_role role);
/* How many bytes of s cv_text would draw in maxw columns (whole
 * characters and escapes), and the columns they take (*cols, may be NULL):
 * where to cut a long text into lines. */
size_t cv_text_fit(const struct canvas *cv, const char *s, size_t n, int maxw, int *cols);
/* Copy w cells of src's row sy from column sx to (dx, dy): a strip drawn
 * off screen, shown scrolled or cut into lines. A wide character that
 * either edge cuts becomes a space. */
void cv_copy(struct canvas *dst, int dx, int dy, const struct canvas *src, int sx, int sy, int w);
/* Where a line of a strip wrapped fw columns wide ends when it starts at
 * column s of row 0: s + fw, one less rather than cut a wide character,
 * at most used (the columns drawn). */
int cv_wrap_end(const struct canvas *st, int s, int fw, int used);
/* Row 0's first used columns of st wrapped fw wide, copied to dst from
 * (dx, dy) one line a row: the lines from the skip-th on, at most maxl of
 * them; the lines copied (dst NULL: only counted). */
int cv_wrap_copy(struct canvas *dst, int dx, int dy, const struct canvas *st, int fw, int used,
    int skip, int maxl);
/* The lines row 0's first used columns take wrapped fw wide (at least 1,
 * at most maxl). */
int cv_wrap_lines(const struct canvas *st, int fw, int used, int maxl);
/* Fill a rectangle with one code point (width 1). */
void cv_fill(struct canvas *cv, int x, int y, int w, int h, uint32_t ch, enum theme_role role);
/* A box with line-drawing characters and a title in its top edge. */
void cv_box(struct canvas *cv, int x, int y, int w, int h, enum theme_role role,
    const char *title);
/* The same with + - | for terminals without UTF-8. */
void cv_box_ascii(struct canvas *cv, int x, int y, int w, int h, enum theme_role role,
    const char *title);
/* Add attributes to w cells from (x, y), e.g. reverse a selected row. */
void cv_set_attr(struct canvas *cv, int x, int y, int w, uint8_t attrs);
/* The screen as text: rows joined by '\n', trailing spaces trimmed, each
 * wide character once (what tmux capture-pane shows). malloc'd. */
char *cv_to_text(const struct canvas *cv);
/* The cell at (x, y), or NULL outside. */
const struct cv_cell *cv_at(const struct canvas *cv, int x, int y);

#endif
