/*
 * hist — the histogram widget (see hist.h).
 */
#include "widgets/hist.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/tz.h"
#include "themes/theme.h"
#include "widgets/canvas.h"

/* More buckets than columns: every column takes the same number of
 * buckets (the last may hold fewer), so every bar covers the same span. */
static size_t
hist_per_col(int w, size_t n)
{
	return (n + (size_t)w - 1) / (size_t)w;
}

int
hist_ncols(int w, size_t n)
{
	if (w <= 0 || n == 0)
		return 0;
	if (n <= (size_t)w)
		return (int)n * (w / (int)n);
	return (int)((n + hist_per_col(w, n) - 1) / hist_per_col(w, n));
}

int
hist_col_buckets(int w, size_t n, int col, size_t *first, size_t *last)
{
	size_t each;

	if (w <= 0 || n == 0 || col < 0)
		return -1;
	if (n <= (size_t)w) {
		/* fewer buckets than columns: each takes w/n columns */
		size_t per = (size_t)w / n, b = (size_t)col / per;

		if (b >= n)
			return -1;
		*first = *last = b;
		return 0;
	}
	each = hist_per_col(w, n);
	if ((size_t)col * each >= n)
		return -1;
	*first = (size_t)col * each;
	*last = *first + each - 1 < n ? *first + each - 1 : n - 1;
	return 0;
}

int
hist_col_range(int w, const struct hist_bucket *b, size_t n, int col, int64_t *from,
    int64_t *to)
{
	size_t f, l;

	if (hist_col_buckets(w, n, col, &f, &l) != 0)
		return -1;
	*from = b[f].from;
	*to = b[l].to;
	return 0;
}

/* Columns used by the bars and the count each column shows. */
static int
hist_columns(int w, const struct hist_bucket *b, size_t n, int64_t *col, int *per)
{
	int c, ncol;

	*per = n && n <= (size_t)w ? w / (int)n : 1;
	ncol = hist_ncols(w, n);
	for (c = 0; c < ncol; c++) {
		size_t f, l, i;

		col[c] = 0;
		if (hist_col_buckets(w, n, c, &f, &l) == 0)
			for (i = f; i <= l; i++)
				col[c] += b[i].count;
	}
	return ncol;
}

/* Axis labels: dates alone (with the year) over two months, with the date
 * when the bars pass midnight, with seconds under 20 minutes. */
static const char *
hist_label_fmt(int64_t from, int64_t to, int *width)
{
	int64_t span = to - from;

	if (span > 60 * 86400) {
		*width = 10;
		return "%Y-%m-%d";
	}
	if (tz_days(from, to)) {
		*width = 11;
		return "%m-%d %H:%M";
	}
	if (span < 1200) {
		*width = 8;
		return "%H:%M:%S";
	}
	*width = 5;
	return "%H:%M";
}

static void
hist_label(int64_t t, const char *fmt, char *buf, size_t n)
{
	time_t s = (time_t)t;
	struct tm tm;

	localtime_r(&s, &tm);
	strftime(buf, n, fmt, &tm);
}

static void
hist_axis(struct canvas *cv, int x, int y, int w, int ncol, const struct hist_bucket *b,
    size_t n, int ascii)
{
	int c, next = 0, lw;
	const char *fmt = hist_label_fmt(n ? b[0].from : 0, n ? b[n - 1].to : 0, &lw);

	cv_fill(cv, x, y, ncol, 1, ascii ? '-' : 0x2500, THEME_HIST_AXIS);
	for (c = 0; c + lw <= ncol; c++) {
		size_t f, l;
		char buf[32];

		if (c < next || hist_col_buckets(w, n, c, &f, &l) != 0)
			continue;
		(void)l;
		hist_label(b[f].from, fmt, buf, sizeof buf);
		cv_text(cv, x + c, y, lw, buf, strlen(buf), THEME_HIST_AXIS);
		next = c + lw + 3;
	}
}

static void
hist_draw_impl(struct canvas *cv, int x, int y, int w, int h, const struct hist_bucket *b,
    size_t n, int lo, int hi, int ascii)
{
	static const uint32_t eighths[] = { ' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586,
		0x2587, 0x2588 };
	int64_t col[4096], max = 0;
	int ncol, per, c, rows = h - 1;
	char buf[48];

	if (w <= 0 || h <= 0)
		return;
	if (w > 4096)
		w = 4096;
	cv_fill(cv, x, y, w, h, ' ', THEME_DEFAULT);
	ncol = hist_columns(w, b, n, col, &per);
	for (c = 0; c < ncol; c++)
		max = col[c] > max ? col[c] : max;
	if (rows <= 0)
		return;
	if (n == 0 || max == 0) {
		cv_fill(cv, x, y + h - 1, w, 1, ascii ? '-' : 0x2500, THEME_HIST_AXIS);
		cv_text(cv, x + 1, y + rows / 2, w - 1, "no hits", 7, THEME_HIST_AXIS);
		return;
	}
	for (c = 0; c < ncol; c++) {
		/* height in eighths of a cell; a non-zero count shows at least one */
		int64_t e = col[c] * rows * 8 / max;
		int r;
		enum theme_role role = c >= lo && c <= hi ? THEME_HIST_SEL : THEME_HIST_BAR;

		if (e == 0 && col[c] > 0)
			e = 1;
		for (r = 0; r < rows; r++) {
			int64_t cell = e - (int64_t)r * 8;
			uint32_t ch = cell >= 8 ? (ascii ? '#' : eighths[8])
			    : cell > 0 ? (ascii ? (cell >= 4 ? '#' : '.') : eighths[cell]) : ' ';

			cv_fill(cv, x + c, y + rows - 1 - r, 1, 1, ch, role);
		}
		if (c >= lo && c <= hi && e < (int64_t)rows * 8)
			cv_set_attr(cv, x + c, y, 1, THEME_A_REVERSE);
	}
	snprintf(buf, sizeof buf, "%" PRId64, max);
	cv_text(cv, x, y, w, buf, strlen(buf), THEME_HIST_AXIS);
	hist_axis(cv, x, y + h - 1, w, ncol, b, n, ascii);
}

void
hist_draw(struct canvas *cv, int x, int y, int w, int h, const struct hist_bucket *b,
    size_t n, int sel)
{
	hist_draw_impl(cv, x, y, w, h, b, n, sel, sel, 0);
}

void
hist_draw_ascii(struct canvas *cv, int x, int y, int w, int h,
    const struct hist_bucket *b, size_t n, int sel)
{
	hist_draw_impl(cv, x, y, w, h, b, n, sel, sel, 1);
}

void
hist_draw_span(struct canvas *cv, int x, int y, int w, int h, const struct hist_bucket *b,
    size_t n, int lo, int hi, int ascii)
{
	hist_draw_impl(cv, x, y, w, h, b, n, lo < 0 ? hi : lo, hi < 0 ? lo : hi, ascii);
}
