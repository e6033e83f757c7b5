/*
 * table — a scrollable table of text cells (SQL results). Rows come from a
 * callback, so a million-row result is never copied and drawing costs the
 * visible rows plus a bounded sample for column widths. Widths fit the
 * header and the sampled cells (capped at 40 columns), numbers are
 * right-aligned (a long decimal fraction shown to 6 digits), columns scroll horizontally, and the selected row stays
 * in view.
 */
#ifndef SLSX_WIDGETS_TABLE_H
#define SLSX_WIDGETS_TABLE_H

#include <stddef.h>

struct canvas;
struct tbl;

/* The cell text of (row, col) and its length; never NULL ("" when empty). */
typedef const char *tbl_cell_fn(void *ud, size_t row, size_t col, size_t *len);

struct tbl *tbl_new(void);
void tbl_free(struct tbl *t);
/* Column names (copied). Widths are measured again. */
void tbl_set_columns(struct tbl *t, const char *const *names, size_t n);
void tbl_set_source(struct tbl *t, size_t nrows, tbl_cell_fn *fn, void *ud);
void tbl_draw(struct tbl *t, struct canvas *cv, int x, int y, int w, int h);
/* Selection and scrolling. */
void tbl_move(struct tbl *t, long drow);
void tbl_home(struct tbl *t);
void tbl_end(struct tbl *t);
void tbl_hscroll(struct tbl *t, int dcol);
size_t tbl_sel(const struct tbl *t);
/* Mark column col (-1: none) as the one the rows are sorted by: its
 * header carries an arrow, up for ascending, down for descending. */
void tbl_set_sort(struct tbl *t, long col, int desc);
/* The width the table gives column c (after tbl_draw). */
int tbl_col_width(const struct tbl *t, size_t c);
/* The column drawn dx cells right of the table's left edge (after
 * tbl_draw at width w), or -1 past the last one. */
long tbl_col_at(const struct tbl *t, int dx, int w);

#endif
