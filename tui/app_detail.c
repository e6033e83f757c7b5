/*
 * app_detail — the detail view of one result: one line per field, JSON
 * values pretty-printed; its keys and its drawing.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "client/cl_logs.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

/* a: the values of the selected field over the search and range. */
void
app_detail_analyse(struct app *a)
{
	const struct cl_logs *pg = NULL;
	const struct cl_row *row = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	char field[256];

	if (row == NULL || a->detail.pos.sel >= row->n)
		return;
	app_text_copy(field, sizeof field, cl_row_key(pg, row, (uint32_t)a->detail.pos.sel));
	a->detail.on = 0;
	app_an_top_open(a, field);
}

/* The detail view: j/k (and g/G) select a field, scrolling to keep it in
 * view; y copies its value; Esc, q or Enter go back. */
void
app_detail_key(struct app *a, const struct scr_key *k)
{
	const struct cl_logs *pg = NULL;
	const struct cl_row *row = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	size_t start = 0, lines, i, vn, page = app_layout_page(a) + 1;
	const char *v;

	if (k->code == SK_ESC || k->code == 'q' || k->code == SK_ENTER || row == NULL) {
		a->detail.on = 0;
		return;
	}
	if ((k->code == 'j' || k->code == SK_DOWN) && a->detail.pos.sel + 1 < row->n)
		a->detail.pos.sel++;
	else if ((k->code == 'k' || k->code == SK_UP) && a->detail.pos.sel > 0)
		a->detail.pos.sel--;
	else if (k->code == 'g' || k->code == SK_HOME)
		a->detail.pos.sel = 0;
	else if (k->code == 'G' || k->code == SK_END)
		a->detail.pos.sel = row->n ? row->n - 1 : 0;
	if (a->detail.pos.sel >= row->n)
		a->detail.pos.sel = row->n ? row->n - 1 : 0;
	if (row->n == 0)
		return;
	v = cl_row_val(row, (uint32_t)a->detail.pos.sel, &vn);
	if (k->code == 'y') {
		long n = scr_clipboard(v, vn);
		const char *key = cl_row_key(pg, row, (uint32_t)a->detail.pos.sel);

		if (n < 0)
			app_statusf(a, 1, "too long for the clipboard (%zu bytes)", vn);
		else
			app_statusf(a, 0, "copied the value of %.60s (%zu bytes, OSC 52)", key, vn);
		return;
	}
	for (i = 0; i < a->detail.pos.sel; i++) {
		size_t n;
		const char *w = cl_row_val(row, (uint32_t)i, &n);

		start += app_pretty_lines(w, n);
	}
	lines = app_pretty_lines(v, vn);
	if (start < a->detail.pos.top)
		a->detail.pos.top = start;
	else if (start + lines > a->detail.pos.top + page)
		a->detail.pos.top = lines > page ? start : start + lines - page;
}

/* __time__ (unix seconds) with its local date and time beside it. 1 when
 * out holds that. */
static int
app_detail_time(const char *key, const char *v, size_t vn, char *out, size_t n)
{
	char num[24], when[64];
	time_t t;
	struct tm tm;

	if (strcmp(key, "__time__") != 0 || vn == 0 || vn >= sizeof num)
		return 0;
	memcpy(num, v, vn);
	num[vn] = '\0';
	if (strspn(num, "0123456789") != vn)
		return 0;
	t = (time_t)strtoll(num, NULL, 10);
	localtime_r(&t, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S %Z", &tm);
	snprintf(out, n, "%s  (%s)", num, when);
	return 1;
}

/* Every field of the selected log, JSON values pretty-printed. */
static void
app_detail_draw_fields(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct cl_logs *pg;
	const struct cl_row *row = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	int y = r->y + 1, skip = (int)a->detail.pos.top;
	uint32_t i;

	if (row == NULL)
		return;
	for (i = 0; i < row->n && y < r->y + r->h; i++) {
		size_t vn;
		const char *k = cl_row_key(pg, row, i), *v = cl_row_val(row, i, &vn);
		char *pretty = app_pretty_json(v, vn), tv[96];
		const char *p = pretty ? pretty : v;
		size_t plen = pretty ? strlen(pretty) : vn;
		int first = 1;

		if (pretty == NULL && app_detail_time(k, v, vn, tv, sizeof tv)) {
			p = tv;
			plen = strlen(tv);
		}

		while (y < r->y + r->h) {
			const char *nl = pretty ? memchr(p, '\n', plen) : NULL;
			size_t ln = nl ? (size_t)(nl - p) : plen;

			if (skip > 0) {
				skip--;
			} else {
				int x = r->x;

				if (first)
					x += cv_text(cv, x, y, r->w, k, strlen(k), THEME_RESULT_KEY);
				x = r->x + 24 < r->x + r->w ? r->x + 24 : x;
				cv_text(cv, x, y, r->x + r->w - x, p, ln, THEME_RESULT_VALUE);
				if (i == a->detail.pos.sel)
					cv_set_attr(cv, r->x, y, r->w, a->focus == AF_RESULTS ?
					    THEME_A_REVERSE : THEME_A_BOLD);
				y++;
			}
			first = 0;
			if (nl == NULL)
				break;
			plen -= ln + 1;
			p = nl + 1;
		}
		free(pretty);
	}
}

void
app_detail_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	app_chrome_title(cv, r, a->focus == AF_RESULTS, "Log detail  (Esc returns)");
	app_detail_draw_fields(a, cv, r);
}

void
app_detail_close(struct app *a)
{
	a->detail.on = 0;
}
