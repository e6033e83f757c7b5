/*
 * app_marks — marked rows of the results: m marks (or unmarks) the
 * selected row, ] and [ jump to the next and previous mark, M clears
 * them; marked rows are underlined (app_results_draw_loglist), the title
 * counts them, and :export
 * writes the marked rows alone while there are any. A mark belongs to the
 * row (its number in arrival order), so sorting keeps it; a new query
 * clears them.
 */
#include "tui/app_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

static int
app_marks_has(const struct app_marks *m, uint32_t ref)
{
	return ref / 8 < m->nbits && (m->bits[ref / 8] >> (ref % 8) & 1);
}

int
app_marks_row(const struct app *a, size_t i)
{
	return i < a->res.rows.n && app_marks_has(&a->marks, a->res.rows.ref[i]);
}

static void
app_marks_toggle(struct app *a, size_t i)
{
	struct app_marks *m = &a->marks;
	uint32_t ref;

	if (i >= a->res.rows.n)
		return;
	ref = a->res.rows.ref[i];
	if (ref / 8 >= m->nbits) {
		size_t n = (size_t)ref / 8 * 2 + 64;

		m->bits = xrealloc(m->bits, n);
		memset(m->bits + m->nbits, 0, n - m->nbits);
		m->nbits = n;
	}
	m->bits[ref / 8] ^= (uint8_t)(1u << (ref % 8));
	m->count += app_marks_has(m, ref) ? 1 : -1;
}

/* The next (dir 1) or previous (-1) marked row from the selection. */
static void
app_marks_jump(struct app *a, int dir)
{
	size_t n = a->res.rows.n, i = a->res.pos.sel, k;

	if (a->marks.count == 0) {
		app_statusf(a, 1, "no marks (m marks the selected row)");
		return;
	}
	for (k = 1; k <= n; k++) {
		size_t j = dir > 0 ? (i + k) % n : (i + n - k % n) % n;

		if (app_marks_row(a, j)) {
			a->res.pos.sel = j;
			return;
		}
	}
}

void
app_marks_clear(struct app *a)
{
	free(a->marks.bits);
	memset(&a->marks, 0, sizeof a->marks);
}

/* m ] [ M in the results; 1 when the key was one of them. */
int
app_marks_key(struct app *a, const struct scr_key *k)
{
	switch (k->code) {
	case 'm':
		app_marks_toggle(a, a->res.pos.sel);
		if (a->res.pos.sel + 1 < a->res.rows.n)
			a->res.pos.sel++; /* m m m marks a run */
		return 1;
	case ']': app_marks_jump(a, 1); return 1;
	case '[': app_marks_jump(a, -1); return 1;
	case 'M':
		if (a->marks.count)
			app_statusf(a, 0, "cleared %zu marks", a->marks.count);
		app_marks_clear(a);
		return 1;
	default: return 0;
	}
}
