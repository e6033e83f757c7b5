/*
 * canvas — the cell grid widgets draw into (see canvas.h).
 */
#include "widgets/canvas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/u8.h"
#include "base/xalloc.h"

#define CV_MAX_DIM 4096
#define CV_MAX_LINE 65536 /* a one-line canvas (a strip drawn off screen) */

struct canvas *
cv_new(int w, int h)
{
	struct canvas *cv = xcalloc(1, sizeof *cv);

	cv_resize(cv, w, h);
	return cv;
}

struct canvas *
cv_strip(const struct canvas *like, int w)
{
	struct canvas *cv = cv_new(w, 1);

	cv->ascii = like->ascii;
	return cv;
}

void
cv_free(struct canvas *cv)
{
	if (cv == NULL)
		return;
	free(cv->cell);
	free(cv);
}

void
cv_resize(struct canvas *cv, int w, int h)
{
	int maxw = h == 1 ? CV_MAX_LINE : CV_MAX_DIM;

	cv->w = w < 0 ? 0 : w > maxw ? maxw : w;
	cv->h = h < 0 ? 0 : h > CV_MAX_DIM ? CV_MAX_DIM : h;
	free(cv->cell);
	cv->cell = xcalloc((size_t)cv->w * (size_t)cv->h + 1, sizeof *cv->cell);
	cv_clear(cv, THEME_DEFAULT);
}

void
cv_clear(struct canvas *cv, enum theme_role role)
{
	size_t i, n = (size_t)cv->w * (size_t)cv->h;

	for (i = 0; i < n; i++)
		cv->cell[i] = (struct cv_cell){ ' ', (uint8_t)role, 0 };
}

static struct cv_cell *
cv_cell_at(struct canvas *cv, int x, int y)
{
	if (x < 0 || y < 0 || x >= cv->w || y >= cv->h)
		return NULL;
	return &cv->cell[(size_t)y * (size_t)cv->w + (size_t)x];
}

const struct cv_cell *
cv_at(const struct canvas *cv, int x, int y)
{
	return cv_cell_at((struct canvas *)cv, x, y);
}

int
cv_wrap_end(const struct canvas *st, int s, int fw, int used)
{
	int e = s + fw;
	const struct cv_cell *c;

	if (e >= used)
		return used;
	if ((c = cv_at(st, e, 0)) != NULL && c->ch == 0 && e - 1 > s)
		e--;
	return e;
}

int
cv_wrap_copy(struct canvas *dst, int dx, int dy, const struct canvas *st, int fw, int used,
    int skip, int maxl)
{
	int s = 0, l = 0;

	do {
		int e = cv_wrap_end(st, s, fw, used);

		if (dst != NULL && l >= skip)
			cv_copy(dst, dx, dy + l - skip, st, s, 0, e - s);
		s = e;
		l++;
	} while (s < used && l - skip < maxl);
	return l - skip;
}

int
cv_wrap_lines(const struct canvas *st, int fw, int used, int maxl)
{
	return cv_wrap_copy(NULL, 0, 0, st, fw, used, 0, maxl);
}

/* Put one code point of width cw (1 or 2) at x; a wide char's right half
 * is a 0 cell. Overwriting half of a wide char blanks the other half. */
static void
cv_put(struct canvas *cv, int x, int y, uint32_t ch, int cw, enum theme_role role)
{
	struct cv_cell *c = cv_cell_at(cv, x, y), *l, *r;

	if (c == NULL)
		return;
	if (c->ch == 0 && (l = cv_cell_at(cv, x - 1, y)) != NULL)
		l->ch = ' ';
	if ((r = cv_cell_at(cv, x + cw, y)) != NULL && r->ch == 0)
		r->ch = ' ';
	*c = (struct cv_cell){ ch, (uint8_t)role, 0 };
	if (cw == 2 && (r = cv_cell_at(cv, x + 1, y)) != NULL)
		*r = (struct cv_cell){ 0, (uint8_t)role, 0 };
}

/* Draw ASCII text s (escapes) in role; returns columns or -1 if it did
 * not fit in left columns (nothing is drawn then). */
static int
cv_ascii(struct canvas *cv, int x, int y, int left, const char *s, enum theme_role role)
{
	int n = (int)strlen(s), i;

	if (n > left)
		return -1;
	for (i = 0; i < n; i++)
		cv_put(cv, x + i, y, (unsigned char)s[i], 1, role);
	return n;
}

/* The visible escape for an unsafe code point or an invalid byte. */
static void
cv_escape(int32_t cp, unsigned char byte, int invalid, char *buf, size_t n)
{
	static const char *const c0[] = { "\\0", 0, 0, 0, 0, 0, 0, "\\a", "\\b", "\\t", "\\n",
		"\\v", "\\f", "\\r" };

	if (invalid)
		snprintf(buf, n, "\\x%02x", byte);
	else if (cp == 27)
		snprintf(buf, n, "\\e");
	else if (cp >= 0 && cp < 14 && c0[cp])
		snprintf(buf, n, "%s", c0[cp]);
	else if (cp < 0x100)
		snprintf(buf, n, "\\x%02x", (unsigned)cp);
	else
		snprintf(buf, n, "\\u%04x", (unsigned)cp);
}

/* One character of s (n > 0 bytes) as cv_text draws it: its bytes (*k),
 * its code point (*cp, '?' for one the canvas cannot hold), its columns
 * (returned; 0 for a combining mark), and the escape it is drawn as in esc
 * ("" when drawn as itself). */
static int
cv_char(const struct canvas *cv, const char *s, size_t n, size_t *k, int32_t *cp, char esc[16])
{
	esc[0] = '\0';
	*k = u8_decode(s, n, cp);
	if (*k == 1 && *cp == '\t') {
		*cp = ' '; /* a tab is one space */
		return 1;
	}
	if (*k == 0 || *cp < 0 || u8_cp_is_unsafe(*cp) || u8_cp_width(*cp) < 0) {
		cv_escape(*cp, (unsigned char)s[0], *k == 0 || *cp < 0, esc, 16);
		if (*k == 0)
			*k = 1;
		return (int)strlen(esc);
	}
	if (u8_cp_width(*cp) <= 0)
		return 0; /* combining and zero-width characters */
	if (cv->ascii && *cp > 0x7e) {
		*cp = '?'; /* one placeholder per character the locale cannot show */
		return 1;
	}
	return u8_cp_width(*cp);
}

size_t
cv_text_fit(const struct canvas *cv, const char *s, size_t n, int maxw, int *cols)
{
	size_t i = 0, k;
	int col = 0, cw;
	int32_t cp;
	char esc[16];

	while (i < n) {
		cw = cv_char(cv, s + i, n - i, &k, &cp, esc);
		if (col + cw > maxw)
			break;
		col += cw;
		i += k;
	}
	if (cols)
		*cols = col;
	return i;
}

int
cv_text(struct canvas *cv, int x, int y, int maxw, const char *s, size_t n,
    enum theme_role role)
{
	int col = 0, end;
	size_t i = 0;

	if (s == NULL || maxw <= 0 || y < 0 || y >= cv->h)
		return 0;
	end = maxw;
	if (x + end > cv->w)
		end = cv->w - x;
	while (i < n && col < end) {
		int32_t cp;
		size_t k;
		char esc[16];
		int cw = cv_char(cv, s + i, n - i, &k, &cp, esc);

		if (esc[0]) {
			int used = cv_ascii(cv, x + col, y, end - col, esc, THEME_ESCAPE);

			if (used < 0)
				break;
			col += used;
			i += k;
			continue;
		}
		i += k;
		if (cw <= 0)
			continue;
		if (col + cw > end) {
			cv_put(cv, x + col, y, ' ', 1, role);
			col++;
			break;
		}
		cv_put(cv, x + col, y, (uint32_t)cp, cw, cv->ascii && cp == '?' && k > 1 ?
		    THEME_ESCAPE : role);
		col += cw;
	}
	return col;
}

void
cv_copy(struct canvas *dst, int dx, int dy, const struct canvas *src, int sx, int sy, int w)
{
	int i;

	for (i = 0; i < w; i++) {
		const struct cv_cell *c = cv_at(src, sx + i, sy);
		struct cv_cell *d = cv_cell_at(dst, dx + i, dy);

		if (c == NULL || d == NULL)
			continue;
		*d = *c;
		/* a wide character cut by either edge becomes a space */
		if ((c->ch == 0 && i == 0) || (i == w - 1 && (c = cv_at(src, sx + i + 1, sy)) &&
		    c->ch == 0 && d->ch != 0))
			d->ch = ' ';
	}
}

void
cv_fill(struct canvas *cv, int x, int y, int w, int h, uint32_t ch, enum theme_role role)
{
	int i, j;

	for (j = y < 0 ? 0 : y; j < y + h && j < cv->h; j++)
		for (i = x < 0 ? 0 : x; i < x + w && i < cv->w; i++)
			cv_put(cv, i, j, ch, 1, role);
}

/* g: horizontal, vertical, then the four corners (top-left clockwise). */
static void
cv_box_glyphs(struct canvas *cv, int x, int y, int w, int h, enum theme_role role,
    const char *title, const uint32_t g[6])
{
	if (w < 2 || h < 2)
		return;
	cv_fill(cv, x + 1, y, w - 2, 1, g[0], role);
	cv_fill(cv, x + 1, y + h - 1, w - 2, 1, g[0], role);
	cv_fill(cv, x, y + 1, 1, h - 2, g[1], role);
	cv_fill(cv, x + w - 1, y + 1, 1, h - 2, g[1], role);
	cv_fill(cv, x, y, 1, 1, g[2], role);
	cv_fill(cv, x + w - 1, y, 1, 1, g[3], role);
	cv_fill(cv, x + w - 1, y + h - 1, 1, 1, g[4], role);
	cv_fill(cv, x, y + h - 1, 1, 1, g[5], role);
	if (title && *title && w > 4) {
		int used = cv_text(cv, x + 2, y, w - 4, " ", 1, THEME_TITLE);

		used += cv_text(cv, x + 2 + used, y, w - 4 - used, title, strlen(title), THEME_TITLE);
		cv_text(cv, x + 2 + used, y, w - 4 - used, " ", 1, THEME_TITLE);
	}
}

void
cv_box(struct canvas *cv, int x, int y, int w, int h, enum theme_role role,
    const char *title)
{
	static const uint32_t g[6] = { 0x2500, 0x2502, 0x250c, 0x2510, 0x2518, 0x2514 };

	cv_box_glyphs(cv, x, y, w, h, role, title, g);
}

void
cv_box_ascii(struct canvas *cv, int x, int y, int w, int h, enum theme_role role,
    const char *title)
{
	static const uint32_t g[6] = { '-', '|', '+', '+', '+', '+' };

	cv_box_glyphs(cv, x, y, w, h, role, title, g);
}

void
cv_set_attr(struct canvas *cv, int x, int y, int w, uint8_t attrs)
{
	int i;

	for (i = x < 0 ? 0 : x; i < x + w && i < cv->w; i++) {
		struct cv_cell *c = cv_cell_at(cv, i, y);

		if (c)
			c->attrs |= attrs;
	}
}

char *
cv_to_text(const struct canvas *cv)
{
	struct sb b;
	int x, y;
	int rc = 0;

	sb_init(&b, 0);
	for (y = 0; y < cv->h; y++) {
		size_t keep = b.len;

		for (x = 0; x < cv->w; x++) {
			const struct cv_cell *c = &cv->cell[(size_t)y * (size_t)cv->w + (size_t)x];
			char u[8];
			size_t k = 0;
			uint32_t ch = c->ch;

			if (ch == 0)
				continue;
			if (ch < 0x80) {
				u[k++] = (char)ch;
			} else if (ch < 0x800) {
				u[k++] = (char)(0xc0 | (ch >> 6));
				u[k++] = (char)(0x80 | (ch & 0x3f));
			} else if (ch < 0x10000) {
				u[k++] = (char)(0xe0 | (ch >> 12));
				u[k++] = (char)(0x80 | ((ch >> 6) & 0x3f));
				u[k++] = (char)(0x80 | (ch & 0x3f));
			} else {
				u[k++] = (char)(0xf0 | (ch >> 18));
				u[k++] = (char)(0x80 | ((ch >> 12) & 0x3f));
				u[k++] = (char)(0x80 | ((ch >> 6) & 0x3f));
				u[k++] = (char)(0x80 | (ch & 0x3f));
			}
			rc |= sb_add(&b, u, k);
			if (ch != ' ')
				keep = b.len;
		}
		sb_setlen(&b, keep);
		if (y + 1 < cv->h)
			rc |= sb_addc(&b, '\n');
	}
	if (rc != 0 || b.p == NULL) {
		sb_free(&b);
		return xstrdup("");
	}
	return sb_take(&b, NULL);
}
