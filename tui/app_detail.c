/*
 * app_detail — the detail view of one result: each field on as many lines
 * as its value needs (cut at its newlines and at the pane's width, JSON
 * pretty-printed, never a literal "\n"), scrolled by line; its keys and its
 * drawing. The layout is made once per log and width: a frame draws only
 * the lines it shows, so a 200 KB value pages as fast as a short one.
 */
#include "tui/app_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/u8.h"
#include "base/xalloc.h"
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

static void
app_detail_free_layout(struct app_detail *d)
{
	size_t i;

	for (i = 0; i < d->nfields; i++)
		free(d->text[i]);
	free(d->text);
	free(d->tlen);
	free(d->first);
	free(d->lines);
	d->text = NULL;
	d->tlen = NULL;
	d->first = NULL;
	d->lines = NULL;
	d->nlines = d->nfields = 0;
	d->row = NULL;
	d->w = 0;
}

/* Field i's text as shown: pretty JSON, __time__ with its date, or the
 * value itself. */
static const char *
app_detail_text(const struct app_detail *d, uint32_t i, size_t *n)
{
	if (d->text[i]) {
		*n = d->tlen[i];
		return d->text[i];
	}
	return cl_row_val(d->row, i, n);
}

static void
app_detail_push(struct app_detail *d, size_t *cap, uint32_t field, size_t off, size_t len,
    int first)
{
	if (d->nlines == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		d->lines = xreallocarray(d->lines, *cap, sizeof *d->lines);
	}
	d->lines[d->nlines++] = (struct app_dline){ field, (uint32_t)off, (uint32_t)len, first };
}

/* Where to cut a line that goes on after its first take bytes: after
 * its last space when that is in the line's second half (words stay
 * whole), else where the width ends. */
static size_t
app_detail_word(const char *s, size_t take)
{
	size_t i;

	for (i = take; i > take / 2; i--)
		if (s[i - 1] == ' ')
			return i;
	return take;
}

/* Tabs (a stack trace's "\tat", pretty JSON's indent) as spaces to the
 * next multiple of 4 columns: field i's text becomes a copy with them. */
static void
app_detail_tabs(struct app_detail *d, uint32_t i, const char *v, size_t vn)
{
	const char *s = d->text[i] ? d->text[i] : v;
	size_t n = d->text[i] ? d->tlen[i] : vn, k, col = 0, nt = 0, o = 0;
	char *out;

	for (k = 0; k < n; k++)
		nt += s[k] == '\t';
	if (nt == 0)
		return;
	out = xmalloc(n + nt * 3 + 1);
	for (k = 0; k < n; k++) {
		if (s[k] == '\t') {
			do
				out[o++] = ' ';
			while (++col % 4);
			continue;
		}
		out[o++] = s[k];
		col = s[k] == '\n' ? 0 : ((unsigned char)s[k] & 0xc0) == 0x80 ? col : col + 1;
	}
	out[o] = '\0';
	free(d->text[i]);
	d->text[i] = out;
	d->tlen[i] = o;
}

/* Field i's lines: one per line of its text, each cut to vw columns. */
static void
app_detail_lay_field(struct app_detail *d, size_t *cap, const struct canvas *m, uint32_t i,
    int vw)
{
	size_t n, p = 0;
	const char *s = app_detail_text(d, i, &n), *nl;
	int first = 1;

	do {
		size_t end, seg, q;

		nl = memchr(s + p, '\n', n - p);
		end = nl ? (size_t)(nl - s) : n;
		seg = end > p && s[end - 1] == '\r' ? end - 1 : end;
		q = p;
		do {
			size_t take = cv_text_fit(m, s + q, seg - q, vw, NULL);

			if (take == 0 && q < seg)
				take = 1; /* nothing fits: one byte, not an endless loop */
			else if (q + take < seg)
				take = app_detail_word(s + q, take);
			app_detail_push(d, cap, i, q, take, first);
			first = 0;
			q += take;
		} while (q < seg);
		p = end + 1;
	} while (nl);
}

static const void *
app_detail_memrchr(const char *s, char c, size_t n)
{
	while (n-- > 0)
		if (s[n] == c)
			return s + n;
	return NULL;
}

/* Piece j of name k cut into lines of cols columns: its start (*off) and
 * length returned; with j = SIZE_MAX, the number of pieces. */
static size_t
app_detail_name_piece(const struct canvas *m, const char *k, int cols, size_t j, size_t *off)
{
	size_t n = strlen(k), p = 0, i = 0;

	for (;;) {
		size_t take = cv_text_fit(m, k + p, n - p, cols, NULL);

		if (take == 0 && p < n)
			take = 1;
		else if (p + take < n && memchr(k + p, ':', take))
			/* __tag__:__path__ goes on after its ':' */
			take = (size_t)((const char *)app_detail_memrchr(k + p, ':', take) - (k + p)) + 1;
		if (i == j) {
			*off = p;
			return take;
		}
		p += take;
		i++;
		if (p >= n)
			return j == SIZE_MAX ? i : 0;
	}
}

/* The name column: the longest name and a space, within a third of the
 * pane. */
static int
app_detail_name_cols(const struct cl_logs *pg, const struct cl_row *row, int w)
{
	int kw = 0, max = w / 3 < 10 ? 10 : w / 3 > 32 ? 32 : w / 3;
	uint32_t i;

	for (i = 0; i < row->n; i++) {
		const char *k = cl_row_key(pg, row, i);
		int c = (int)u8_width(k, strlen(k)) + 2;

		kw = c > kw ? c : kw;
	}
	return kw > max ? max : kw < 8 ? 8 : kw;
}

/* Lay the selected log out for a pane w columns wide (again only when
 * the log, the query or the width changed). */
static void
app_detail_layout(struct app *a, int w)
{
	struct app_detail *d = &a->detail;
	const struct cl_logs *pg = NULL;
	const struct cl_row *row = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	struct canvas m;
	size_t cap = 0;
	uint32_t i;
	int vw;

	if (d->lines && d->row == row && d->w == w && d->gen == a->gen)
		return;
	app_detail_free_layout(d);
	if (row == NULL)
		return;
	memset(&m, 0, sizeof m);
	m.ascii = !a->utf8;
	d->row = row;
	d->gen = a->gen;
	d->w = w;
	d->kw = app_detail_name_cols(pg, row, w);
	vw = w - d->kw < 8 ? 8 : w - d->kw;
	d->nfields = row->n;
	d->text = xcalloc(row->n + 1, sizeof *d->text);
	d->tlen = xcalloc(row->n + 1, sizeof *d->tlen);
	d->first = xcalloc(row->n + 1, sizeof *d->first);
	for (i = 0; i < row->n; i++) {
		size_t vn;
		const char *v = cl_row_val(row, i, &vn);
		char tv[96];

		d->text[i] = app_pretty_json(v, vn);
		if (d->text[i] == NULL && app_detail_time(cl_row_key(pg, row, i), v, vn, tv, sizeof tv))
			d->text[i] = xstrdup(tv);
		d->tlen[i] = d->text[i] ? strlen(d->text[i]) : 0;
		app_detail_tabs(d, i, v, vn);
		d->first[i] = d->nlines;
		app_detail_lay_field(d, &cap, &m, i, vw);
		/* a name longer than its column goes on under itself */
		while (d->nlines - d->first[i] < app_detail_name_piece(&m, cl_row_key(pg, row, i),
		    d->kw - 1, SIZE_MAX, NULL))
			app_detail_push(d, &cap, i, 0, 0, 0);
	}
	d->first[row->n] = d->nlines;
}

/* The lines the pane shows. */
static size_t
app_detail_page(const struct app *a)
{
	struct app_layout l;

	app_layout(a, &l);
	return l.res.h > 2 ? (size_t)l.res.h - 1 : 1;
}

/* j / k: within a field taller than the pane, scroll by line; else the
 * next (previous) field, scrolled into view. */
static void
app_detail_step(struct app_detail *d, int down, size_t page)
{
	size_t *sel = &d->pos.sel, *top = &d->pos.top;

	if (down) {
		if (d->first[*sel + 1] > *top + page) {
			(*top)++;
		} else if (*sel + 1 < d->nfields) {
			size_t end;

			(*sel)++;
			end = d->first[*sel + 1];
			if (end > *top + page)
				*top = end - page < d->first[*sel] ? end - page : d->first[*sel];
		}
	} else {
		if (d->first[*sel] < *top) {
			(*top)--;
		} else if (*sel > 0) {
			size_t end;

			(*sel)--;
			end = d->first[*sel + 1];
			if (d->first[*sel] < *top)
				*top = end > page && end - page > d->first[*sel] ? end - page
										  : d->first[*sel];
		}
	}
}

/* PgDn / PgUp (Space, b): a page of lines; the selection moves to a field
 * on the screen when it leaves it. */
static void
app_detail_page_key(struct app_detail *d, int down, size_t page)
{
	size_t max = d->nlines > page ? d->nlines - page : 0;

	if (down)
		d->pos.top = d->pos.top + page > max ? max : d->pos.top + page;
	else
		d->pos.top = d->pos.top > page ? d->pos.top - page : 0;
	if (d->first[d->pos.sel + 1] <= d->pos.top)
		d->pos.sel = d->lines[d->pos.top].field;
	else if (d->first[d->pos.sel] >= d->pos.top + page)
		d->pos.sel = d->lines[d->pos.top + page - 1 < d->nlines ? d->pos.top + page - 1
									   : d->nlines - 1].field;
}

/* y: the selected field's exact value onto the terminal's clipboard. */
static void
app_detail_yank(struct app *a)
{
	const struct cl_logs *pg = NULL;
	const struct cl_row *row = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	size_t vn;
	const char *v = cl_row_val(row, (uint32_t)a->detail.pos.sel, &vn);
	const char *key = cl_row_key(pg, row, (uint32_t)a->detail.pos.sel);
	long n = scr_clipboard(v, vn);

	if (n < 0)
		app_statusf(a, 1, "too long for the clipboard (%zu bytes)", vn);
	else
		app_statusf(a, 0, "copied the value of %.60s (%zu bytes, OSC 52)", key, vn);
}

/* The detail view: j/k select a field (and scroll through one taller
 * than the pane), the wheel makes three of those steps, PgDn/PgUp
 * (Space, b) page, g/G go to either end; y copies the value; Esc, q or
 * Enter go back. */
void
app_detail_key(struct app *a, const struct scr_key *k)
{
	struct app_detail *d = &a->detail;
	struct app_layout l;
	size_t page = app_detail_page(a);

	app_layout(a, &l);
	app_detail_layout(a, l.res.w);
	if (k->code == SK_ESC || k->code == 'q' || k->code == SK_ENTER || d->row == NULL) {
		app_detail_close(a);
		return;
	}
	if (d->nfields == 0)
		return;
	if (d->pos.sel >= d->nfields)
		d->pos.sel = d->nfields - 1;
	if (k->code == 'j' || k->code == SK_DOWN || k->code == 'k' || k->code == SK_UP)
		app_detail_step(d, k->code == 'j' || k->code == SK_DOWN, page);
	else if (k->code == SK_MOUSE_DOWN || k->code == SK_MOUSE_UP)
		for (int i = 0; i < 3; i++) /* the wheel: three steps, as in the lists */
			app_detail_step(d, k->code == SK_MOUSE_DOWN, page);
	else if (k->code == SK_PGDN || k->code == ' ' || k->code == SK_PGUP || k->code == 'b')
		app_detail_page_key(d, k->code == SK_PGDN || k->code == ' ', page);
	else if (k->code == 'g' || k->code == SK_HOME)
		d->pos.sel = d->pos.top = 0;
	else if (k->code == 'G' || k->code == SK_END) {
		d->pos.sel = d->nfields - 1;
		d->pos.top = d->nlines > page ? d->nlines - page : 0;
	} else if (k->code == 'y')
		app_detail_yank(a);
}

/* Line j of a field's name in the name column: the name cut into lines
 * that fit it, so that it never runs into its value; on the first line
 * shown of a field carried over from above (top), the name dimmed, cut
 * with a mark. */
static void
app_detail_draw_name(const struct app *a, struct canvas *cv, int x, int y, const char *k,
    size_t j, int top)
{
	int kw = a->detail.kw, cols;
	size_t n = strlen(k), off = 0, len = app_detail_name_piece(cv, k, kw - 1, j, &off);

	if (len > 0 || j == 0) {
		cv_text(cv, x, y, kw - 1, k + off, len, THEME_RESULT_KEY);
		return;
	}
	if (!top)
		return;
	len = cv_text_fit(cv, k, n, kw - 2, &cols);
	cols = cv_text(cv, x, y, kw - 2, k, len, THEME_TREE_DIM);
	if (len < n)
		cv_text(cv, x + cols, y, 1, a->utf8 ? "\u2026" : "~", a->utf8 ? 3 : 1, THEME_ESCAPE);
}

static void
app_detail_draw_lines(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct app_detail *d = &a->detail;
	const struct cl_logs *pg = NULL;
	size_t i, page = r->h > 1 ? (size_t)r->h - 1 : 0;
	uint8_t hl = a->focus == AF_RESULTS ? THEME_A_REVERSE : THEME_A_BOLD;

	app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	for (i = 0; i < page && d->pos.top + i < d->nlines; i++) {
		const struct app_dline *ln = &d->lines[d->pos.top + i];
		int y = r->y + 1 + (int)i;
		size_t tn;
		const char *t = app_detail_text(d, ln->field, &tn);

		app_detail_draw_name(a, cv, r->x, y, cl_row_key(pg, d->row, ln->field),
		    d->pos.top + i - d->first[ln->field], i == 0);
		cv_text(cv, r->x + d->kw, y, r->w - d->kw, t + ln->off, ln->len, THEME_RESULT_VALUE);
		if (ln->field == d->pos.sel)
			cv_set_attr(cv, r->x, y, ln->first ? r->w : d->kw - 1, hl);
	}
}

void
app_detail_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct app_detail *d = &a->detail;
	const struct cl_logs *pg = NULL;
	char title[256];
	size_t page = r->h > 1 ? (size_t)r->h - 1 : 1, max;

	app_detail_layout((struct app *)a, r->w);
	max = d->nlines > page ? d->nlines - page : 0;
	if (d->pos.top > max)
		((struct app *)a)->detail.pos.top = max;
	if (d->row == NULL || d->nfields == 0) {
		app_chrome_title(cv, r, a->focus == AF_RESULTS, "Log detail  (Esc returns)");
		return;
	}
	app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	snprintf(title, sizeof title, "Log detail  %zu/%zu  line %zu-%zu of %zu  %.100s  (Esc returns)",
	    d->pos.sel + 1, d->nfields, d->pos.top + 1,
	    d->pos.top + page < d->nlines ? d->pos.top + page : d->nlines, d->nlines,
	    cl_row_key(pg, d->row, (uint32_t)(d->pos.sel < d->nfields ? d->pos.sel : 0)));
	app_chrome_title(cv, r, a->focus == AF_RESULTS, title);
	app_detail_draw_lines(a, cv, r);
}

void
app_detail_close(struct app *a)
{
	a->detail.on = 0;
	app_detail_free_layout(&a->detail);
}
