/*
 * app_results — the results pane: pages from the query job, fetching
 * more while scrolling, sorting the SQL table, :find, copying a row, its
 * keys and its drawing (log lines or the SQL table).
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sb.h"
#include "base/tz.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_fmt.h"
#include "client/cl_merge.h"
#include "client/cl_query.h"
#include "tui/scr.h"
#include "widgets/canvas.h"
#include "widgets/table.h"

#define APP_PAGE_ROWS 300   /* rows asked for at a time while scrolling */
#define APP_SQL_PAGE 1000   /* SQL rows at a time, for a statement with no LIMIT */
#define APP_HSTEP 8         /* columns h / l scroll log lines sideways */
#define APP_HSCROLL_MAX 60000 /* within the off-screen strip (canvas.h) */

static void app_results_sort(struct app *a, int quiet);

/* The SQL table: a cell source over the result rows. */
struct app_results_tsrc {
	const struct app *a;
	const char **cols;
};

void
app_results_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct app *a = ud;

	a->dirty = 1;
	if (page == NULL) {
		a->res.done = 1;
		if (err)
			app_text_err(a->res.err, sizeof a->res.err, "query", err);
		return;
	}
	app_status_ok(a, AM_QUERY);
	if (!page->complete)
		a->res.complete = 0;
	a->res.elapsed_ms += page->elapsed_ms;
	if (page->has_sql)
		a->res.sql = 1;
	if (app_rows_add(&a->res.rows, page, 0, page->nrows, a->res.rows.n) != 0)
		app_statusf(a, 1, "results are full (%zu rows): narrow the query", a->res.rows.n);
	else if (a->res.sort_col >= 0)
		app_results_sort(a, 1); /* more rows of a sorted table */
}

/* The results of a new query: nothing yet. */
void
app_results_reset(struct app *a)
{
	struct app_results *r = &a->res;

	cl_qjob_free(r->job);
	r->job = NULL;
	cl_mjob_free(r->mjob);
	r->mjob = NULL;
	app_rows_free(&r->rows);
	r->sql = cl_query_is_sql(a->q.query);
	r->done = 0;
	r->complete = 1;
	r->want = 0;
	r->err[0] = '\0';
	r->elapsed_ms = 0;
	r->pos.sel = r->pos.top = 0;
	r->hscroll = 0;
	r->sort_col = -1;
	app_marks_clear(a);
}

void
app_results_free(struct app *a)
{
	cl_qjob_free(a->res.job);
	a->res.job = NULL;
	cl_mjob_free(a->res.mjob);
	a->res.mjob = NULL;
	app_rows_free(&a->res.rows);
	tbl_free(a->res.tbl);
	a->res.tbl = NULL;
	app_results_set_columns(a, NULL);
	app_detail_close(a);
}

/* Ask for the rows of the query: an SQL statement with its own LIMIT
 * whole; a search's, or an SQL statement's with no LIMIT, first page
 * (more come while scrolling). */
/* Several logstores open (q.logstore "a,b"): one merged job, asked for
 * more as the user scrolls (an SQL statement with its own LIMIT: all its
 * rows at once). 0, or -1 when the list is bad. */
static int
app_results_merged(struct app *a)
{
	char names[CL_MERGE_MAX][128];
	const char *list[CL_MERGE_MAX];
	struct cl_qspec s;
	struct cl_err err;
	int n, i, whole = a->res.sql && cl_query_has_limit(a->q.query);

	if (a->res.mjob != NULL) {
		int64_t page = a->res.sql ? APP_SQL_PAGE : APP_PAGE_ROWS;

		a->res.want += page;
		a->res.done = 0;
		cl_mjob_more(a->res.mjob, page);
		return 0;
	}
	if ((n = cl_merge_split(a->q.logstore, names, CL_MERGE_MAX)) <= 0) {
		app_statusf(a, 1, "logstores: give 1 to %d names (letters, digits, _ - .)",
		    CL_MERGE_MAX);
		a->res.done = 1;
		return -1;
	}
	for (i = 0; i < n; i++)
		list[i] = names[i];
	memset(&s, 0, sizeof s);
	app_query_spec(a, &s.q);
	s.q.reverse = a->q.reverse;
	s.limit = whole ? 0 : a->res.sql ? APP_SQL_PAGE : APP_PAGE_ROWS;
	s.inflight = 2;
	s.with_pack_meta = 1;
	a->res.want = s.limit; /* 0: nothing more to ask for by scrolling */
	a->res.done = 0;
	a->res.mjob = cl_mjob_start(a->cl, &s, list, (size_t)n, app_results_on_page, a, &err);
	if (a->res.mjob == NULL) {
		app_text_err(a->res.err, sizeof a->res.err, "query", &err);
		a->res.done = 1;
		return -1;
	}
	return 0;
}

void
app_results_start(struct app *a)
{
	struct cl_qspec s;

	if (strchr(a->q.logstore, ',') != NULL) {
		(void)app_results_merged(a);
		return;
	}
	if (!a->res.sql || !cl_query_has_limit(a->q.query)) {
		app_results_fetch_more(a);
		return;
	}
	memset(&s, 0, sizeof s);
	app_query_spec(a, &s.q);
	s.limit = 0;     /* the statement's own LIMIT, or every row */
	s.inflight = 2;
	a->res.job = cl_qjob_start(a->cl, &s, app_results_on_page, a);
}

/* Ask for the next rows of a search (scrolling near the end). */
void
app_results_fetch_more(struct app *a)
{
	struct cl_qspec s;

	if (strchr(a->q.logstore, ',') != NULL) {
		(void)app_results_merged(a);
		return;
	}
	if (a->res.job)
		cl_qjob_free(a->res.job);
	memset(&s, 0, sizeof s);
	app_query_spec(a, &s.q);
	s.q.reverse = a->q.reverse;
	s.q.offset = (int64_t)a->res.want;
	s.limit = a->res.sql ? APP_SQL_PAGE : APP_PAGE_ROWS;
	s.page = a->res.sql ? APP_SQL_PAGE : 0;
	s.inflight = 3;
	s.with_pack_meta = 1;
	a->res.want += s.limit;
	a->res.done = 0;
	a->res.job = cl_qjob_start(a->cl, &s, app_results_on_page, a);
}

/* Are there rows past those loaded (more come while scrolling)? */
static int
app_results_more(const struct app *a)
{
	return a->res.want > 0 && a->res.rows.n == (size_t)a->res.want;
}

static void
app_results_sort(struct app *a, int quiet)
{
	const char **cols;
	size_t nc = cl_logs_columns(&a->res.rows.pages[0], &cols);

	if ((size_t)a->res.sort_col < nc) {
		app_rows_sort(&a->res.rows, cols[a->res.sort_col], a->res.sort_desc);
		if (!quiet)
			app_statusf(a, 0, "sorted %sby %s%s", app_results_more(a) ?
			    "the rows loaded (more load as you scroll) " : "", cols[a->res.sort_col],
			    a->res.sort_desc ? ", descending" : "");
	}
	free(cols);
}

/* Esc or Ctrl-G while the results are loading: stop asking; what came
 * stays. Says whether there was anything to stop. */
int
app_results_cancel(struct app *a)
{
	if ((a->res.job == NULL && a->res.mjob == NULL) || a->res.done)
		return 0;
	cl_qjob_free(a->res.job);
	a->res.job = NULL;
	a->res.done = 1;
	if (a->res.mjob) { /* merged: what came stays, nothing more is asked */
		cl_mjob_free(a->res.mjob);
		a->res.mjob = NULL;
		a->res.want = 0;
	}
	if (a->res.want > 0) /* paged: scrolling asks again */
		a->res.want = (int64_t)a->res.rows.n;
	a->dirty = 1;
	return 1;
}

/* Sort the SQL table by column col (a click on its header; again:
 * descending). */
void
app_results_sort_by(struct app *a, long col)
{
	if (col < 0 || a->res.rows.npages == 0)
		return;
	a->res.sort_desc = a->res.sort_col == col ? !a->res.sort_desc : 0;
	a->res.sort_col = (int)col;
	app_results_sort(a, 0);
}

/* Does any value of row i contain the find text? */
static int
app_results_row_has(const struct app_rows *rows, size_t i, const char *find)
{
	const struct cl_logs *pg;
	const struct cl_row *r = app_rows_get(rows, i, &pg);
	uint32_t k;

	for (k = 0; r && k < r->n; k++)
		if (app_text_ci_contains(cl_row_val(r, k, NULL), find))
			return 1;
	return 0;
}

/* n / N: the next (dir 1) or previous (-1) row holding the find text,
 * starting after the selection (or at it when from_here). */
void
app_results_find(struct app *a, int dir, int skip)
{
	struct app_rows *rows = a->ctx.on ? &a->ctx.rows : &a->res.rows;
	size_t *sel = a->ctx.on ? &a->ctx.pos.sel : &a->res.pos.sel, i = *sel, n;

	if (a->res.find[0] == '\0') {
		app_statusf(a, 1, "nothing to find: :find TEXT first");
		return;
	}
	for (n = 0; n < rows->n; n++) {
		if (skip || n > 0)
			i = dir > 0 ? (i + 1) % rows->n : (i + rows->n - 1) % rows->n;
		if (app_results_row_has(rows, i, a->res.find)) {
			*sel = i;
			app_statusf(a, 0, "found \"%s\" in row %zu of %zu", a->res.find, i + 1, rows->n);
			return;
		}
	}
	app_statusf(a, 1, "\"%s\" is not in the %zu rows loaded", a->res.find, rows->n);
}

/* y: the selected log as one JSON line, onto the terminal's clipboard. */
void
app_results_yank(struct app *a, const struct app_rows *rows, size_t i)
{
	const struct cl_logs *pg;
	const struct cl_row *r = app_rows_get(rows, i, &pg);
	struct sb b;
	long n;

	if (r == NULL)
		return;
	sb_init(&b, 0);
	if (cl_fmt_json_row(&b, pg, r, 0) == 0) {
		n = scr_clipboard(b.p, b.len);
		if (n < 0)
			app_statusf(a, 1, "too long for the clipboard (%zu bytes)", b.len);
		else
			app_statusf(a, 0, "copied %ld bytes to the clipboard (OSC 52)", n);
	}
	sb_free(&b);
}

/* Log lines (results, context): w wraps them; h/l (arrows) scroll them
 * sideways by APP_HSTEP columns, H/L by half the pane, 0 back to the
 * start. 1 when the key was one of these. */
int
app_results_view_key(struct app *a, const struct scr_key *k)
{
	struct app_layout l;
	int d;

	app_layout(a, &l);
	switch (k->code) {
	case 'w':
		a->res.wrap = !a->res.wrap;
		a->res.hscroll = 0;
		app_statusf(a, 0, a->res.wrap ? "wrap on: each log on as many lines as it needs" :
		    "wrap off: h/l scroll sideways");
		return 1;
	case 'h': case SK_LEFT: d = -APP_HSTEP; break;
	case 'l': case SK_RIGHT: d = APP_HSTEP; break;
	case 'H': d = -(l.res.w / 2); break;
	case 'L': d = l.res.w / 2; break;
	case '0': d = -a->res.hscroll; break;
	default: return 0;
	}
	if (a->res.wrap) {
		app_statusf(a, 0, "wrap is on (w turns it off to scroll sideways)");
		return 1;
	}
	a->res.hscroll += d;
	a->res.hscroll = a->res.hscroll < 0 ? 0 : a->res.hscroll > APP_HSCROLL_MAX ?
	    APP_HSCROLL_MAX : a->res.hscroll;
	return 1;
}

void
app_results_key(struct app *a, const struct scr_key *k)
{
	int page = (int)app_layout_page(a);
	long v;

	v = app_list_nav(k, a->res.pos.sel, a->res.rows.n, page);
	if (v >= 0) {
		a->res.pos.sel = (size_t)v;
		/* scrolling near the end asks for the next rows */
		if (a->res.done && app_results_more(a) &&
		    a->res.pos.sel + (size_t)page * 2 >= a->res.rows.n)
			app_results_fetch_more(a);
		return;
	}
	if (app_marks_key(a, k))
		return;
	switch (k->code) {
	case SK_ENTER:
		if (a->res.sql)
			app_drill_open(a);
		else
			app_ctx_open(a);
		break;
	case SK_ESC: case SK_BACKSPACE: app_drill_back(a); break;
	case 'v': case 'd': a->detail.on = a->res.rows.n > 0; a->detail.pos.top = a->detail.pos.sel = 0; break;
	case 'y': app_results_yank(a, &a->res.rows, a->res.pos.sel); break;
	case 'n': case 'N': app_results_find(a, k->code == 'n' ? 1 : -1, 1); break;
	case 's':
		if (a->res.sql)
			app_results_sort_by(a, a->res.hscroll);
		break;
	default:
		if (!a->res.sql)
			app_results_view_key(a, k);
		else if ((k->code == 'h' || k->code == SK_LEFT) && a->res.hscroll > 0)
			a->res.hscroll--;
		else if (k->code == 'l' || k->code == SK_RIGHT)
			a->res.hscroll++;
		break;
	}
}

/* The fields log lines show, from "a,b c" (commas or spaces); "" or NULL
 * shows every field again. */
void
app_results_set_columns(struct app *a, const char *spec)
{
	char *s, *tok, *save = NULL;
	size_t i;

	for (i = 0; i < a->res.ncols; i++)
		free(a->res.cols[i]);
	free(a->res.cols);
	a->res.cols = NULL;
	a->res.ncols = 0;
	if (spec == NULL)
		return;
	s = xstrdup(spec);
	for (tok = strtok_r(s, ", \t", &save); tok; tok = strtok_r(NULL, ", \t", &save)) {
		a->res.cols = xrealloc(a->res.cols, (a->res.ncols + 1) * sizeof *a->res.cols);
		a->res.cols[a->res.ncols++] = xstrdup(tok);
	}
	free(s);
}

static int
app_results_hidden_key(const char *k)
{
	return strcmp(k, "__time__") == 0 || strcmp(k, "__pack_meta__") == 0 ||
	    strcmp(k, CL_MERGE_FIELD) == 0 ||
	    strcmp(k, "__tag__:__pack_id__") == 0 || strcmp(k, "__time_ns_part__") == 0 ||
	    strcmp(k, "__index_number__") == 0;
}

/* The search terms of the current results (meta.terms), for highlighting. */
static size_t
app_results_terms(const struct app *a, const char *const **out)
{
	if (a->res.rows.npages == 0 || a->res.sql)
		return 0;
	*out = a->res.rows.pages[0].terms;
	return a->res.rows.pages[0].nterms;
}

/* Text with every case-insensitive occurrence of a term in THEME_MATCH. */
static int
app_results_hl(const struct app *a, struct canvas *cv, int x, int y, int maxw, const char *s,
    size_t n, enum theme_role role)
{
	const char *const *terms = NULL;
	size_t nt = app_results_terms(a, &terms), i = 0, t;
	int used = 0;

	while (i < n && used < maxw) {
		size_t best = n, blen = 0;
		/* a match is looked for only where it would show: a 200 KB value
		 * is not scanned per frame */
		size_t lim = nt ? i + cv_text_fit(cv, s + i, n - i, maxw - used, NULL) : i;

		for (t = 0; t < nt; t++) {
			size_t tl = strcspn(terms[t], "*?"), j;

			if (tl == 0 || tl > n - i)
				continue;
			for (j = i; j + tl <= n && j < best && j <= lim; j++)
				if (strncasecmp(s + j, terms[t], tl) == 0) {
					if (j < best || tl > blen) {
						best = j;
						blen = tl;
					}
					break;
				}
		}
		used += cv_text(cv, x + used, y, maxw - used, s + i, best - i, role);
		if (best == n)
			break;
		used += cv_text(cv, x + used, y, maxw - used, s + best, blen, THEME_MATCH);
		i = best + blen;
	}
	return used;
}

/* A value's colour: levels stand out. */
static enum theme_role
app_results_value_role(const char *k, const char *v, enum theme_role dflt)
{
	if (strcmp(k, "level") != 0 && strcmp(k, "severity") != 0)
		return dflt;
	if (strncasecmp(v, "err", 3) == 0 || strncasecmp(v, "fatal", 5) == 0)
		return THEME_LEVEL_ERROR;
	if (strncasecmp(v, "warn", 4) == 0)
		return THEME_LEVEL_WARN;
	return dflt;
}

/* The chosen fields (:columns, columns= in the config), in their order;
 * a field the log lacks is left out. */
static int
app_results_draw_columns(const struct app *a, struct canvas *cv, int x, int y, int end,
    const struct cl_logs *pg, const struct cl_row *row)
{
	size_t c;

	for (c = 0; c < a->res.ncols && x < end; c++) {
		size_t vn = 0;
		const char *k = a->res.cols[c], *val = cl_row_get(pg, row, k, &vn);

		if (val == NULL)
			continue;
		x += cv_text(cv, x, y, end - x, k, strlen(k), THEME_RESULT_KEY);
		x += cv_text(cv, x, y, end - x, "=", 1, THEME_DEFAULT);
		x += app_results_hl(a, cv, x, y, end - x, val, vn,
		    app_results_value_role(k, val, THEME_RESULT_VALUE));
		x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	}
	return x;
}

/* A log's key=value pairs from (x, y), at most to column end; the column
 * where they end. */
static int
app_results_draw_fields(const struct app *a, struct canvas *cv, int x, int y, int end,
    const struct cl_logs *pg, const struct cl_row *row)
{
	uint32_t i;

	if (a->res.ncols)
		return app_results_draw_columns(a, cv, x, y, end, pg, row);
	/* several logstores open: which one, first */
	if (row->n > 0 && strcmp(cl_row_key(pg, row, 0), CL_MERGE_FIELD) == 0) {
		size_t vn;
		const char *ls = cl_row_val(row, 0, &vn);

		x += cv_text(cv, x, y, end - x, "[", 1, THEME_TREE_DIM);
		x += cv_text(cv, x, y, end - x, ls, vn, THEME_RESULT_KEY);
		x += cv_text(cv, x, y, end - x, "] ", 2, THEME_TREE_DIM);
	}
	/* the log's own fields first, then __topic__, __source__, __tag__:* */
	for (i = 0; i < 2u * row->n && x < end; i++) {
		const char *k = cl_row_key(pg, row, i % row->n);
		size_t vn;
		const char *val = cl_row_val(row, i % row->n, &vn);
		enum theme_role vr = i < row->n ? THEME_RESULT_VALUE : THEME_TREE_DIM;

		if (app_results_hidden_key(k) || (i < row->n) == (strncmp(k, "__", 2) == 0))
			continue;
		vr = app_results_value_role(k, val, vr);
		x += cv_text(cv, x, y, end - x, k, strlen(k), i < row->n ? THEME_RESULT_KEY
									    : THEME_TREE_DIM);
		x += cv_text(cv, x, y, end - x, "=", 1, THEME_DEFAULT);
		x += app_results_hl(a, cv, x, y, end - x, val, vn, vr);
		x += cv_text(cv, x, y, end - x, " ", 1, THEME_DEFAULT);
	}
	return x;
}

/* A log's time as the list shows it (and a space); "" when it has none. */
static size_t
app_results_time(const struct app *a, const struct cl_logs *pg, const struct cl_row *row,
    char *buf, size_t n)
{
	const char *t = cl_row_get(pg, row, "__time__", NULL);

	buf[0] = '\0';
	if (t) {
		tz_fmt(strtoll(t, NULL, 10), tz_days(a->q.from, a->q.to), buf,
		    n - 1);
		strcat(buf, " ");
	}
	return strlen(buf);
}

/* The log drawn off screen: its fields into row 0 of the strip; the
 * columns they take. */
static int
app_results_render(const struct app *a, struct canvas *st, const struct cl_logs *pg,
    const struct cl_row *row)
{
	cv_clear(st, THEME_DEFAULT);
	return app_results_draw_fields(a, st, 0, 0, st->w, pg, row);
}

/* The lines a log takes: 1, or wrapped, as many as its fields need (at
 * most maxl). */
static int
app_results_log_lines(const struct app *a, struct canvas *st, int w, int maxl,
    const struct cl_logs *pg, const struct cl_row *row)
{
	char tb[40];
	int fw = w - (int)app_results_time(a, pg, row, tb, sizeof tb);

	if (!a->res.wrap || fw <= 0)
		return 1;
	return cv_wrap_lines(st, fw, app_results_render(a, st, pg, row), maxl);
}

/* One log from line y: its time, then its fields, scrolled sideways by
 * hscroll columns or wrapped onto at most maxl lines (under the fields'
 * first column). Returns the lines it took. */
static int
app_results_draw_log(const struct app *a, struct canvas *cv, struct canvas *st,
    const struct app_rect *r, int y, int maxl, const struct cl_logs *pg, const struct cl_row *row)
{
	char tb[40];
	size_t tn = app_results_time(a, pg, row, tb, sizeof tb);
	int x = r->x + cv_text(cv, r->x, y, r->w, tb, tn, THEME_RESULT_TIME);
	int fw = r->x + r->w - x, used;

	if (fw <= 0)
		return 1;
	used = app_results_render(a, st, pg, row);
	if (!a->res.wrap) {
		cv_copy(cv, x, y, st, a->res.hscroll, 0, fw);
		return 1;
	}
	return cv_wrap_copy(cv, x, y, st, fw, used, 0, maxl);
}

/* The first log shown: the selection's, or earlier while the logs from
 * it to the selection fit in n lines. */
static size_t
app_results_top(const struct app *a, struct canvas *st, int w, const struct app_rows *rows,
    size_t top, size_t sel, size_t n)
{
	size_t i = sel, acc = 0;

	if (sel >= rows->n)
		return 0; /* no rows (yet) */
	if (sel < top)
		return sel;
	if (!a->res.wrap)
		return n && sel >= top + n ? sel - n + 1 : top;
	for (;;) {
		const struct cl_logs *pg;
		const struct cl_row *row = app_rows_get(rows, i, &pg);

		acc += (size_t)app_results_log_lines(a, st, w, (int)n + 1, pg, row);
		if (acc > n)
			return i + 1 > sel ? sel : i + 1 > top ? i + 1 : top;
		if (i == top)
			return top;
		i--;
	}
}

/* The row shown on line y of the log list (0: the first under the
 * title), for a click: wrapped logs take several lines. */
size_t
app_results_row_at(const struct app *a, int y)
{
	struct app_layout l;
	struct canvas *st;
	size_t i = a->res.pos.top;
	int line = 0;

	if (!a->res.wrap || a->res.sql)
		return app_list_move(a->res.pos.top + (size_t)(y > 0 ? y : 0), a->res.rows.n, 0);
	app_layout(a, &l);
	st = cv_new(l.res.w * l.res.h, 1);
	st->ascii = !a->utf8;
	for (; i < a->res.rows.n; i++) {
		const struct cl_logs *pg;
		const struct cl_row *row = app_rows_get(&a->res.rows, i, &pg);

		line += app_results_log_lines(a, st, l.res.w, l.res.h, pg, row);
		if (line > y)
			break;
	}
	cv_free(st);
	return app_list_move(i, a->res.rows.n, 0);
}

void
app_results_draw_loglist(const struct app *a, struct canvas *cv, const struct app_rect *r,
    const struct app_rows *rows, struct app_list *pos, int focused)
{
	size_t i, sel = pos->sel, n = r->h > 1 ? (size_t)r->h - 1 : 0;
	int y = r->y + 1, bottom = r->y + r->h;
	struct canvas *st;

	if (n == 0 || r->w <= 0)
		return;
	/* the strip: as wide as what shows of a log, scrolled or wrapped */
	st = cv_strip(cv, a->res.wrap ? r->w * ((int)n + 1) : a->res.hscroll + r->w);
	pos->top = app_results_top(a, st, r->w, rows, pos->top, sel, n);
	for (i = pos->top; i < rows->n && y < bottom; i++) {
		const struct cl_logs *pg;
		const struct cl_row *row = app_rows_get(rows, i, &pg);
		int l = app_results_draw_log(a, cv, st, r, y, bottom - y, pg, row), j;
		uint8_t mark = 0; /* a marked row; the log a context is around */

		if (rows == &a->res.rows && app_marks_row(a, i))
			mark = THEME_A_UNDERLINE;
		else if (rows == &a->ctx.rows && i == a->ctx.anchor && a->ctx.rows.n)
			mark = THEME_A_UNDERLINE | THEME_A_BOLD;
		for (j = 0; j < l; j++) {
			if (i == sel)
				cv_set_attr(cv, r->x, y + j, r->w, focused ? THEME_A_REVERSE : THEME_A_BOLD);
			if (mark)
				cv_set_attr(cv, r->x, y + j, r->w, mark);
		}
		y += l;
	}
	cv_free(st);
}

static const char *
app_results_tcell(void *ud, size_t row, size_t col, size_t *len)
{
	const struct app_results_tsrc *s = ud;
	const struct cl_logs *pg;
	const struct cl_row *r = app_rows_get(&s->a->res.rows, row, &pg);
	const char *v = r ? cl_row_get(pg, r, s->cols[col], len) : NULL;

	if (v == NULL) {
		*len = 0;
		return "";
	}
	return v;
}

static void
app_results_draw_table(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	struct tbl *t;
	struct app_results_tsrc src;
	size_t nc;

	if (a->res.rows.npages == 0)
		return;
	if (a->res.tbl == NULL)
		((struct app *)a)->res.tbl = tbl_new();
	t = a->res.tbl;
	src.a = a;
	nc = cl_logs_columns(&a->res.rows.pages[0], &src.cols);
	tbl_set_columns(t, src.cols, nc);
	tbl_set_source(t, a->res.rows.n, app_results_tcell, &src);
	tbl_home(t);
	tbl_move(t, (long)a->res.pos.sel);
	tbl_hscroll(t, -100000);
	tbl_hscroll(t, a->res.hscroll);
	tbl_set_sort(t, a->res.sort_col, a->res.sort_desc);
	tbl_draw(t, cv, r->x, r->y + 1, r->w, r->h - 1);
	free(src.cols);
}

/* How log lines are shown, after the title: wrapped, or scrolled
 * sideways from which column. */
void
app_results_view_label(const struct app *a, char *title, size_t n)
{
	size_t k = strlen(title);

	if (a->res.sql && !a->ctx.on)
		return;
	if (a->res.wrap)
		snprintf(title + k, n - k, "  [wrap]");
	else if (a->res.hscroll > 0)
		snprintf(title + k, n - k, "  [col %d+]", a->res.hscroll + 1);
}

void
app_results_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[256];
	int focused = a->focus == AF_RESULTS;

	char marks[48] = "";

	if (a->marks.count)
		snprintf(marks, sizeof marks, "  %zu marked", a->marks.count);
	size_t k;

	app_counts_results(title, sizeof title, a->res.pos.sel, a->res.rows.n, app_counts_total(a));
	k = strlen(title);
	snprintf(title + k, sizeof title - k, "%s%s", marks, a->res.sql
	    ? "  (h/l scroll columns, s sort)" : "  (Enter: context, v: detail)");
	app_results_view_label(a, title, sizeof title);
	app_chrome_title(cv, r, focused, title);
	if (a->res.sql)
		app_results_draw_table(a, cv, r);
	else
		app_results_draw_loglist(a, cv, r, &a->res.rows, &((struct app *)a)->res.pos, focused);
	if (a->res.rows.n == 0 && a->res.done && !a->res.err[0] && a->q.project)
		cv_text(cv, r->x + 1, r->y + 1, r->w - 1, "no logs match", 13, THEME_TREE_DIM);
}
