/*
 * hist — the hits-over-time histogram: bars of eighth blocks scaled to the
 * largest bucket, the count of that bucket at the top left, and a time
 * axis whose labels never overlap. More buckets than columns are merged
 * (counts summed); fewer are widened.
 */
#ifndef SLSX_WIDGETS_HIST_H
#define SLSX_WIDGETS_HIST_H

#include <stddef.h>
#include <stdint.h>

struct canvas;

struct hist_bucket {
	int64_t from, to, count;
	int complete;
};

/* Draw into the rectangle (x, y, w, h): h-1 rows of bars, the axis below.
 * sel is a selected column (-1 none). ascii: '#' bars and '-' axis for
 * terminals without UTF-8. */
void hist_draw(struct canvas *cv, int x, int y, int w, int h, const struct hist_bucket *b,
    size_t n, int sel);
void hist_draw_ascii(struct canvas *cv, int x, int y, int w, int h,
    const struct hist_bucket *b, size_t n, int sel);
/* How many columns the bars of n buckets take in w columns. */
int hist_ncols(int w, size_t n);
/* The buckets column col stands for: [first, last] indexes. 0 ok, -1 when
 * col is outside the bars. */
int hist_col_buckets(int w, size_t n, int col, size_t *first, size_t *last);
/* The time range [*from, *to) of column col. 0 ok, -1 outside. */
int hist_col_range(int w, const struct hist_bucket *b, size_t n, int col, int64_t *from,
    int64_t *to);

/* The same with the columns lo..hi selected (a marked span). */
void hist_draw_span(struct canvas *cv, int x, int y, int w, int h, const struct hist_bucket *b,
    size_t n, int lo, int hi, int ascii);

#endif
