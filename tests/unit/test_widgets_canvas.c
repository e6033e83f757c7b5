/*
 * test_widgets_canvas — the drawing layer rendered to strings: text
 * clipping, wide characters at the edge, hostile bytes turned into visible
 * escapes, boxes, coordinates off the canvas; the histogram's shape,
 * merging and zoom ranges; the table's widths, alignment, scrolling and a
 * million rows through the cell callback.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "themes/theme.h"
#include "widgets/canvas.h"
#include "widgets/hist.h"
#include "widgets/table.h"
#include "tests/unit/t.h"

static char *
row_text(const struct canvas *cv, int y)
{
	char *all = cv_to_text(cv), *p = all, *nl;
	int i;

	for (i = 0; i < y && p; i++)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	p = strdup(p ? p : "");
	if ((nl = strchr(p, '\n')) != NULL)
		*nl = '\0';
	free(all);
	return p;
}

#define T_ROW(cv, y, want)                                                      \
	do {                                                                    \
		char *r_ = row_text(cv, y);                                     \
		T_EQ_STR(r_, want);                                             \
		free(r_);                                                       \
	} while (0)

static void
test_text_clip(void)
{
	struct canvas *cv = cv_new(10, 3);

	T_EQ_INT(cv_text(cv, 0, 0, 10, "hello world", 11, THEME_DEFAULT), 10);
	T_ROW(cv, 0, "hello worl");
	T_EQ_INT(cv_text(cv, 2, 1, 3, "abcdef", 6, THEME_DEFAULT), 3);
	T_ROW(cv, 1, "  abc");
	/* off the canvas: nothing drawn, nothing broken */
	T_EQ_INT(cv_text(cv, 0, -1, 10, "x", 1, THEME_DEFAULT), 0);
	T_EQ_INT(cv_text(cv, 0, 3, 10, "x", 1, THEME_DEFAULT), 0);
	T_EQ_INT(cv_text(cv, 50, 0, 10, "x", 1, THEME_DEFAULT), 0);
	cv_fill(cv, -5, -5, 100, 100, '#', THEME_DEFAULT);
	T_ROW(cv, 2, "##########");
	cv_set_attr(cv, -3, 0, 1000, THEME_A_REVERSE);
	T_CHECK(cv_at(cv, 9, 0)->attrs & THEME_A_REVERSE);
	T_CHECK(cv_at(cv, 10, 0) == NULL);
	cv_free(cv);
}

static void
test_wide(void)
{
	struct canvas *cv = cv_new(5, 2);

	/* three CJK characters (2 columns each) in 5 columns: two fit, then a space */
	T_EQ_INT(cv_text(cv, 0, 0, 5, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 9, THEME_DEFAULT), 5);
	T_ROW(cv, 0, "\xe6\x97\xa5\xe6\x9c\xac");
	T_EQ_INT(cv_at(cv, 1, 0)->ch, 0);   /* right half */
	/* overwriting half of a wide character blanks the other half */
	cv_text(cv, 1, 0, 1, "x", 1, THEME_DEFAULT);
	T_ROW(cv, 0, " x\xe6\x9c\xac");
	cv_free(cv);
}

static void
test_hostile(void)
{
	struct canvas *cv = cv_new(60, 1);
	const char bad[] = "a\x1b[2J\x1b]0;t\x07\r\b\xc2\x9b\xe2\x80\xae\xff\tz";
	int x, y;

	cv_text(cv, 0, 0, 60, bad, sizeof bad - 1, THEME_RESULT_VALUE);
	T_ROW(cv, 0, "a\\e[2J\\e]0;t\\a\\r\\b\\x9b\\u202e\\xff z");
	for (y = 0; y < cv->h; y++)
		for (x = 0; x < cv->w; x++) {
			uint32_t ch = cv_at(cv, x, y)->ch;

			T_CHECK(!(ch > 0 && ch < 0x20) && ch != 0x7f && !(ch >= 0x80 && ch < 0xa0) &&
			    ch != 0x202e);
		}
	T_EQ_INT(cv_at(cv, 1, 0)->role, THEME_ESCAPE);
	T_EQ_INT(cv_at(cv, 0, 0)->role, THEME_RESULT_VALUE);
	cv_free(cv);
}

static void
test_box(void)
{
	struct canvas *cv = cv_new(12, 3);

	cv_box(cv, 0, 0, 12, 3, THEME_BORDER, "keys");
	T_ROW(cv, 0, "\xe2\x94\x8c\xe2\x94\x80 keys \xe2\x94\x80\xe2\x94\x80\xe2\x94\x80\xe2\x94\x90");
	T_ROW(cv, 1, "\xe2\x94\x82          \xe2\x94\x82");
	cv_box_ascii(cv, 0, 0, 12, 3, THEME_BORDER, "k");
	T_ROW(cv, 0, "+- k ------+");
	T_ROW(cv, 2, "+----------+");
	cv_box(cv, 5, 5, 1, 1, THEME_BORDER, "x"); /* too small / outside: ignored */
	cv_resize(cv, 3, 1);
	T_ROW(cv, 0, "");
	cv_free(cv);
}

static void
test_hist(void)
{
	struct canvas *cv = cv_new(8, 4);
	struct hist_bucket b[4];
	int64_t f, t;
	size_t i;

	for (i = 0; i < 4; i++)
		b[i] = (struct hist_bucket){ 1000 + (int64_t)i * 60, 1060 + (int64_t)i * 60,
			(int64_t)i * 2, 1 };
	/* 4 buckets in 8 columns: 2 columns each; 3 rows of bars; max 6 */
	hist_draw(cv, 0, 0, 8, 4, b, 4, -1);
	T_ROW(cv, 0, "6     \xe2\x96\x88\xe2\x96\x88");
	T_ROW(cv, 2, "  \xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88");
	T_CHECK(hist_col_range(8, b, 4, 5, &f, &t) == 0);
	T_EQ_INT(f, 1120);
	T_EQ_INT(t, 1180);
	T_CHECK(hist_col_range(8, b, 4, 8, &f, &t) == -1);
	cv_free(cv);

	/* more buckets than columns: merged, counts summed */
	{
		struct hist_bucket m[10];
		size_t first, last;

		for (i = 0; i < 10; i++)
			m[i] = (struct hist_bucket){ (int64_t)i, (int64_t)i + 1, 1, 1 };
		T_CHECK(hist_col_buckets(5, 10, 4, &first, &last) == 0);
		T_EQ_INT(first, 8);
		T_EQ_INT(last, 9);
		T_CHECK(hist_col_range(5, m, 10, 0, &f, &t) == 0);
		T_EQ_INT(t, 2);
		/* 90 buckets in 57 columns (15 minutes at 80x24): 45 bars of two
		 * buckets each, never one and two by turns */
		T_EQ_INT(hist_ncols(57, 90), 45);
		for (i = 0; i < 45; i++) {
			T_CHECK(hist_col_buckets(57, 90, (int)i, &first, &last) == 0);
			T_EQ_INT(last - first, 1);
		}
		T_CHECK(hist_col_buckets(57, 90, 45, &first, &last) == -1);
	}
	/* no hits */
	cv = cv_new(20, 3);
	hist_draw(cv, 0, 0, 20, 3, NULL, 0, -1);
	T_ROW(cv, 1, " no hits");
	cv_free(cv);
}

static const char *
cell_fn(void *ud, size_t row, size_t col, size_t *len)
{
	static char buf[64];

	(void)ud;
	if (col == 0)
		snprintf(buf, sizeof buf, "name%zu", row % 7);
	else
		snprintf(buf, sizeof buf, "%zu", row * 3);
	*len = strlen(buf);
	return buf;
}

static void
test_table(void)
{
	static const char *const cols[] = { "name", "count" };
	struct canvas *cv = cv_new(30, 5);
	struct tbl *t = tbl_new();

	tbl_set_columns(t, cols, 2);
	tbl_set_source(t, 1000000, cell_fn, NULL);
	tbl_draw(t, cv, 0, 0, 30, 5);
	T_ROW(cv, 0, "name     count");
	T_ROW(cv, 1, "name0        0"); /* numbers right-aligned */
	T_ROW(cv, 2, "name1        3");
	T_EQ_INT(tbl_col_width(t, 1), 7); /* "2999997" */
	/* a click finds its column: "name " + gap, then "count" */
	T_EQ_INT(tbl_col_at(t, 0, 30), 0);
	T_EQ_INT(tbl_col_at(t, 6, 30), 0);
	T_EQ_INT(tbl_col_at(t, 7, 30), 1);
	T_EQ_INT(tbl_col_at(t, 15, 30), 1);
	T_EQ_INT(tbl_col_at(t, 16, 30), -1);
	T_EQ_INT(tbl_col_at(t, -1, 30), -1);
	tbl_end(t);
	tbl_draw(t, cv, 0, 0, 30, 5);
	T_EQ_INT(tbl_sel(t), 999999);
	T_ROW(cv, 4, "name0  2999997"); /* the selection is in view */
	tbl_move(t, -2);
	tbl_hscroll(t, 1);
	tbl_draw(t, cv, 0, 0, 30, 5);
	T_ROW(cv, 0, "  count");
	tbl_hscroll(t, -5);
	tbl_home(t);
	tbl_draw(t, cv, 0, 0, 30, 5);
	T_ROW(cv, 1, "name0        0");
	T_CHECK(cv_at(cv, 0, 1)->attrs & THEME_A_REVERSE);
	/* a cell wider than the space left is cut with an ellipsis */
	cv_clear(cv, THEME_DEFAULT);
	tbl_draw(t, cv, 0, 0, 9, 3);
	T_ROW(cv, 0, "name   c\xe2\x80\xa6");
	/* the sorted column's header carries an arrow */
	tbl_set_sort(t, 1, 1);
	cv_clear(cv, THEME_DEFAULT);
	tbl_draw(t, cv, 0, 0, 30, 5);
	T_ROW(cv, 0, "name   count \xe2\x96\xbc");
	tbl_set_sort(t, 0, 0);
	tbl_draw(t, cv, 0, 0, 30, 5);
	T_ROW(cv, 0, "name \xe2\x96\xb2    count");
	tbl_free(t);
	cv_free(cv);
}

/* Long decimal fractions are shown to 6 digits; others as they are. */
static const char *
float_fn(void *ud, size_t row, size_t col, size_t *len)
{
	static const char *const v[] = { "0.2608192090395481", "0.17919999999999994",
		"1234567.5", "-0.00000001", "1e-7", "12", "0.5000004" };

	(void)ud;
	(void)col;
	*len = strlen(v[row]);
	return v[row];
}

static void
test_table_floats(void)
{
	static const char *const cols[] = { "t" };
	struct canvas *cv = cv_new(12, 8);
	struct tbl *t = tbl_new();

	tbl_set_columns(t, cols, 1);
	tbl_set_source(t, 7, float_fn, NULL);
	tbl_draw(t, cv, 0, 0, 12, 8);
	T_ROW(cv, 1, " 0.260819");
	T_ROW(cv, 2, "   0.1792");
	T_ROW(cv, 3, "1234567.5");
	T_ROW(cv, 4, "        0");
	T_ROW(cv, 5, "     1e-7");
	T_ROW(cv, 6, "       12");
	T_ROW(cv, 7, "      0.5");
	tbl_free(t);
	cv_free(cv);
}

/* Without UTF-8 (ascii): each character above 0x7e is one '?' in one
 * column, a 3-byte CJK character too; escapes stay as they are. */
static void
test_ascii(void)
{
	struct canvas *cv = cv_new(20, 1);
	int cols;

	cv->ascii = 1;
	T_EQ_INT(cv_text(cv, 0, 0, 20, "m=\xe6\x97\xa5\xe6\x9c\xac\xc3\xa9!\x1b", 12,
	    THEME_DEFAULT), 8);
	T_ROW(cv, 0, "m=??" "?!\\e");
	T_EQ_INT(cv_at(cv, 2, 0)->ch, '?');
	T_EQ_INT(cv_at(cv, 2, 0)->role, THEME_ESCAPE);
	T_EQ_INT(cv_at(cv, 3, 0)->ch, '?'); /* never a right half (0) cell */
	T_EQ_INT(cv_text_fit(cv, "\xe6\x97\xa5\xe6\x9c\xac", 6, 1, &cols), 3);
	T_EQ_INT(cols, 1);
	cv_free(cv);
}

/* A strip (cv_strip) shows characters as the canvas it is copied into: on
 * an ASCII screen a CJK character is one '?' there too, never '?' and a
 * blank (the tail pane drew "? ? ?" from a strip that knew no locale). */
static void
test_strip_ascii(void)
{
	struct canvas *cv = cv_new(10, 1), *st;

	cv->ascii = 1;
	st = cv_strip(cv, 40);
	T_EQ_INT(st->w, 40);
	T_EQ_INT(st->h, 1);
	cv_text(st, 0, 0, 40, "m=\xe8\xaf\xb7\xe6\xb1\x82!", 9, THEME_DEFAULT);
	cv_copy(cv, 0, 0, st, 0, 0, 10);
	T_ROW(cv, 0, "m=??" "!");
	cv_free(st);
	cv->ascii = 0;
	st = cv_strip(cv, 40);
	cv_text(st, 0, 0, 40, "m=\xe8\xaf\xb7!", 6, THEME_DEFAULT);
	cv_copy(cv, 0, 0, st, 0, 0, 10);
	T_ROW(cv, 0, "m=\xe8\xaf\xb7!");
	cv_free(st);
	cv_free(cv);
}

/* cv_text_fit: whole characters and escapes within the width; cv_copy:
 * a strip shown from a column, a wide character cut by an edge blanked. */
static void
test_fit_copy(void)
{
	struct canvas *cv = cv_new(10, 1), *st = cv_new(100, 1);
	int cols;

	T_EQ_INT(cv_text_fit(cv, "abcdef", 6, 4, &cols), 4);
	T_EQ_INT(cols, 4);
	T_EQ_INT(cv_text_fit(cv, "a\xe6\x97\xa5" "b", 5, 2, &cols), 1); /* the wide one waits */
	T_EQ_INT(cols, 1);
	T_EQ_INT(cv_text_fit(cv, "a\nb", 3, 2, &cols), 1); /* "\\n" is two columns */
	T_EQ_INT(cv_text_fit(cv, "a\nb", 3, 3, &cols), 2);
	T_EQ_INT(cols, 3);
	T_EQ_INT(cv_text_fit(cv, "", 0, 3, &cols), 0);
	cv_text(st, 0, 0, 100, "0123456789\xe6\x97\xa5" "xyz", 16, THEME_DEFAULT);
	cv_copy(cv, 0, 0, st, 5, 0, 6);
	T_ROW(cv, 0, "56789");
	T_EQ_INT(cv_at(cv, 5, 0)->ch, ' '); /* the left half of the cut wide char */
	cv_clear(cv, THEME_DEFAULT);
	cv_copy(cv, 0, 0, st, 11, 0, 4);
	T_ROW(cv, 0, " xyz");
	cv_clear(cv, THEME_DEFAULT);
	cv_copy(cv, 0, 0, st, 10, 0, 10);
	T_ROW(cv, 0, "\xe6\x97\xa5" "xyz");
	cv_free(st);
	cv_free(cv);
}

/* cv_wrap_end: lines of a strip fw wide, a wide character that would be
 * cut moved to the next line, the last line ending where the text does. */
static void
test_wrap_end(void)
{
	struct canvas *st = cv_new(100, 1);
	int used = cv_text(st, 0, 0, 100, "0123456789\xe6\x97\xa5" "xyz", 16, THEME_DEFAULT);

	T_EQ_INT(used, 15);
	T_EQ_INT(cv_wrap_end(st, 0, 4, used), 4);
	T_EQ_INT(cv_wrap_end(st, 4, 7, used), 10); /* not cutting the wide char at 10-11 */
	T_EQ_INT(cv_wrap_end(st, 10, 7, used), 15);
	T_EQ_INT(cv_wrap_end(st, 10, 2, used), 12);
	T_EQ_INT(cv_wrap_end(st, 10, 1, used), 11); /* one column: it cannot be moved on */
	T_EQ_INT(cv_wrap_end(st, 15, 4, used), 15);
	T_EQ_INT(cv_wrap_lines(st, 4, used, 10), 4);   /* columns 0-3 4-7 8-11 12-14 */
	T_EQ_INT(cv_wrap_lines(st, 4, used, 2), 2);    /* at most maxl */
	T_EQ_INT(cv_wrap_lines(st, 20, used, 10), 1);
	T_EQ_INT(cv_wrap_lines(st, 4, 0, 10), 1);      /* nothing drawn: one line still */
	/* copied a line a row, from the skip-th line, at most maxl */
	{
		struct canvas *cv = cv_new(6, 4);

		T_EQ_INT(cv_wrap_copy(cv, 1, 0, st, 4, used, 1, 2), 2);
		T_ROW(cv, 0, " 4567");
		T_ROW(cv, 1, " 89\xe6\x97\xa5");
		T_ROW(cv, 2, "");
		cv_free(cv);
	}
	cv_free(st);
}

#define T_LIST(X)                                                               \
	X(test_text_clip) X(test_wide) X(test_hostile) X(test_box) X(test_hist)     \
	X(test_table) X(test_table_floats) X(test_ascii) X(test_strip_ascii) X(test_fit_copy) \
	X(test_wrap_end)
T_MAIN(T_LIST)
