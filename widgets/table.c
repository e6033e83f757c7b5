/*
 * table — the table widget (see table.h).
 */
#include "widgets/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/u8.h"
#include "base/xalloc.h"
#include "themes/theme.h"
#include "widgets/canvas.h"

#define TBL_COL_MAX 40
#define TBL_SAMPLE 200

struct tbl {
	char **names;
	int *width;
	int *num;        /* column looks numeric */
	size_t ncols;
	size_t nrows;
	tbl_cell_fn *fn;
	void *ud;
	size_t sel, top;
	size_t hcol;     /* first column shown */
	size_t measured; /* rows sampled when widths were last measured */
	long sort_col;   /* the column marked sorted (-1: none) */
	int sort_desc;
};

struct tbl *
tbl_new(void)
{
	struct tbl *t = xcalloc(1, sizeof(struct tbl));

	t->sort_col = -1;
	return t;
}

static void
tbl_clear_columns(struct tbl *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->names[i]);
	free(t->names);
	free(t->width);
	free(t->num);
	t->names = NULL;
	t->width = t->num = NULL;
	t->ncols = 0;
}

void
tbl_free(struct tbl *t)
{
	if (t == NULL)
		return;
	tbl_clear_columns(t);
	free(t);
}

void
tbl_set_columns(struct tbl *t, const char *const *names, size_t n)
{
	size_t i;

	tbl_clear_columns(t);
	t->names = xcalloc(n + 1, sizeof *t->names);
	t->width = xcalloc(n + 1, sizeof *t->width);
	t->num = xcalloc(n + 1, sizeof *t->num);
	for (i = 0; i < n; i++)
		t->names[i] = xstrdup(names[i]);
	t->ncols = n;
	t->measured = (size_t)-1;
}

void
tbl_set_source(struct tbl *t, size_t nrows, tbl_cell_fn *fn, void *ud)
{
	if (nrows != t->nrows)
		t->measured = (size_t)-1;
	t->nrows = nrows;
	t->fn = fn;
	t->ud = ud;
	if (t->sel >= nrows)
		t->sel = nrows ? nrows - 1 : 0;
}

static int
tbl_is_num(const char *s, size_t n)
{
	size_t i, digits = 0;

	if (n == 0 || (n == 4 && memcmp(s, "null", 4) == 0))
		return -1; /* says nothing */
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!strchr("+-.eE", s[i]))
			return 0;
	}
	return digits > 0;
}

/* A number as shown: a decimal fraction of more than TBL_FRAC digits
 * (0.17919999999999994, what doubles print) is rounded to TBL_FRAC
 * digits with trailing zeros dropped; anything else is shown as it is.
 * The cell's own text is untouched (copies and exports keep it). */
#define TBL_FRAC 6
static const char *
tbl_num_text(const char *s, size_t n, char *buf, size_t cap, size_t *outlen)
{
	const char *dot = memchr(s, '.', n);
	char tmp[64], *end;
	double d;
	int k;

	*outlen = n;
	if (dot == NULL || n >= sizeof tmp || (size_t)(s + n - dot - 1) <= TBL_FRAC ||
	    memchr(s, 'e', n) || memchr(s, 'E', n))
		return s;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	d = strtod(tmp, &end);
	if (*end != '\0')
		return s;
	k = snprintf(buf, cap, "%.*f", TBL_FRAC, d);
	if (k <= 0 || (size_t)k >= cap)
		return s;
	while (k > 1 && buf[k - 1] == '0')
		k--;
	if (buf[k - 1] == '.')
		k--;
	if (k == 2 && buf[0] == '-' && buf[1] == '0')
		buf[0] = '0', k = 1; /* -0.0000001 */
	*outlen = (size_t)k;
	return buf;
}

/* The text of cell (r, c) as drawn. */
static const char *
tbl_text(const struct tbl *t, size_t r, size_t c, char *buf, size_t cap, size_t *len)
{
	const char *v = t->fn(t->ud, r, c, len);

	if (tbl_is_num(v, *len) == 1)
		return tbl_num_text(v, *len, buf, cap, len);
	return v;
}

/* Sample the first rows, the visible rows and a spread of the rest. */
static void
tbl_measure_row(struct tbl *t, size_t r, int *seen_text)
{
	size_t c, len;
	char buf[64];

	for (c = 0; c < t->ncols; c++) {
		const char *v = tbl_text(t, r, c, buf, sizeof buf, &len);
		int w = (int)u8_width(v, len), num = tbl_is_num(v, len);

		if (w > t->width[c])
			t->width[c] = w > TBL_COL_MAX ? TBL_COL_MAX : w;
		if (num == 0)
			seen_text[c] = 1;
	}
}

static void
tbl_measure(struct tbl *t, size_t visible)
{
	size_t c, r, step;
	int *seen_text;

	if (t->measured == t->nrows || t->fn == NULL)
		return;
	seen_text = xcalloc(t->ncols + 1, sizeof *seen_text);
	for (c = 0; c < t->ncols; c++) /* the sorted column: room for " ▲" */
		t->width[c] = (int)u8_width(t->names[c], strlen(t->names[c])) +
		    ((long)c == t->sort_col ? 2 : 0);
	for (r = 0; r < t->nrows && r < TBL_SAMPLE; r++)
		tbl_measure_row(t, r, seen_text);
	step = t->nrows / TBL_SAMPLE + 1;
	for (r = TBL_SAMPLE; r < t->nrows; r += step)
		tbl_measure_row(t, r, seen_text);
	for (r = t->top; r < t->top + visible && r < t->nrows; r++)
		tbl_measure_row(t, r, seen_text);
	for (c = 0; c < t->ncols; c++) {
		t->num[c] = t->nrows > 0 && !seen_text[c];
		if (t->width[c] < 1)
			t->width[c] = 1;
	}
	free(seen_text);
	t->measured = t->nrows;
}

/* One cell: cut to w columns (an ellipsis marks the cut), padded. */
static void
tbl_cell(struct canvas *cv, int x, int y, int w, const char *s, size_t n, int right,
    enum theme_role role)
{
	int cw = (int)u8_width(s, n);

	cv_fill(cv, x, y, w, 1, ' ', role);
	if (cw > w) {
		int used = cv_text(cv, x, y, w - 1, s, n, role);

		cv_text(cv, x + used, y, 1, "\xe2\x80\xa6", 3, role);
		return;
	}
	cv_text(cv, right ? x + w - cw : x, y, w, s, n, role);
}

/* A column's name, with an arrow when the table is sorted by it. */
static void
tbl_header(const struct tbl *t, struct canvas *cv, int x, int y, int w, size_t c)
{
	char name[256];
	int n;

	if ((long)c == t->sort_col)
		n = snprintf(name, sizeof name, "%s %s", t->names[c],
		    t->sort_desc ? "\xe2\x96\xbc" : "\xe2\x96\xb2");
	else
		n = snprintf(name, sizeof name, "%s", t->names[c]);
	(void)n; /* a name past 255 bytes is cut; the cell is 40 columns at most */
	tbl_cell(cv, x, y, w, name, strlen(name), t->num[c], THEME_TABLE_HEADER);
}

void
tbl_draw(struct tbl *t, struct canvas *cv, int x, int y, int w, int h)
{
	size_t rows = h > 1 ? (size_t)h - 1 : 0, r, c;
	int cx;

	if (w <= 0 || h <= 0)
		return;
	cv_fill(cv, x, y, w, h, ' ', THEME_DEFAULT);
	if (t->sel < t->top)
		t->top = t->sel;
	if (rows && t->sel >= t->top + rows)
		t->top = t->sel - rows + 1;
	tbl_measure(t, rows);
	if (t->hcol >= t->ncols)
		t->hcol = t->ncols ? t->ncols - 1 : 0;
	cv_fill(cv, x, y, w, 1, ' ', THEME_TABLE_HEADER);
	for (c = t->hcol, cx = x; c < t->ncols && cx < x + w; c++) {
		int cw = t->width[c] < x + w - cx ? t->width[c] : x + w - cx;

		tbl_header(t, cv, cx, y, cw, c);
		for (r = 0; r < rows && t->top + r < t->nrows; r++) {
			size_t len;
			char buf[64];
			const char *v = tbl_text(t, t->top + r, c, buf, sizeof buf, &len);

			tbl_cell(cv, cx, y + 1 + (int)r, cw, v, len, t->num[c],
			    t->num[c] ? THEME_NUM : THEME_RESULT_VALUE);
		}
		cx += cw + 2;
	}
	if (t->nrows && t->sel >= t->top && t->sel < t->top + rows)
		cv_set_attr(cv, x, y + 1 + (int)(t->sel - t->top), w, THEME_A_REVERSE);
}

void
tbl_move(struct tbl *t, long d)
{
	long v = (long)t->sel + d;

	if (t->nrows == 0 || v < 0)
		v = 0;
	else if ((size_t)v >= t->nrows)
		v = (long)t->nrows - 1;
	t->sel = (size_t)v;
}

void
tbl_home(struct tbl *t)
{
	t->sel = 0;
}

void
tbl_end(struct tbl *t)
{
	t->sel = t->nrows ? t->nrows - 1 : 0;
}

void
tbl_hscroll(struct tbl *t, int d)
{
	long v = (long)t->hcol + d;

	if (v < 0)
		v = 0;
	if (t->ncols && (size_t)v >= t->ncols)
		v = (long)t->ncols - 1;
	t->hcol = (size_t)v;
}

void
tbl_set_sort(struct tbl *t, long col, int desc)
{
	if (col != t->sort_col)
		t->measured = (size_t)-1;
	t->sort_col = col;
	t->sort_desc = desc;
}

size_t
tbl_sel(const struct tbl *t)
{
	return t->sel;
}

int
tbl_col_width(const struct tbl *t, size_t c)
{
	return c < t->ncols ? t->width[c] : 0;
}

long
tbl_col_at(const struct tbl *t, int dx, int w)
{
	size_t c;
	int cx = 0;

	if (dx < 0 || dx >= w)
		return -1;
	for (c = t->hcol; c < t->ncols && cx < w; c++) {
		int cw = t->width[c] < w - cx ? t->width[c] : w - cx;

		if (dx < cx + cw + 2)
			return (long)c;
		cx += cw + 2;
	}
	return -1;
}
