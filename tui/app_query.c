/*
 * app_query — the query line: opening a logstore, running the query
 * (the panes reset, the results and histogram asked for), the editor's
 * keys, and drawing the query line, the info line and completions.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clk.h"
#include "base/tz.h"
#include "base/u8.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_an.h"
#include "client/cl_merge.h"
#include "client/cl_query.h"
#include "client/cl_tail.h"
#include "tui/qedit.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

/* The index of the open logstore: its fields complete in the editor,
 * its numeric ones (long, double) get aggregates in the field view. */
void
app_query_on_index(struct app *a, const struct cl_resp *rs)
{
	struct cl_index x;
	struct cl_err perr;
	const char **v;
	size_t i;

	if (cl_parse_index(rs, &x, &perr) != 0)
		return;
	v = xcalloc(x.n + 1, sizeof *v);
	app_query_numeric_free(a);
	for (i = 0; i < x.n; i++) {
		v[i] = x.f[i].name;
		if (cl_an_numeric(x.f[i].type)) {
			a->q.numeric = xreallocarray(a->q.numeric, a->q.nnumeric + 1,
			    sizeof *a->q.numeric);
			a->q.numeric[a->q.nnumeric++] = xstrdup(x.f[i].name);
		}
	}
	qedit_set_fields(v, x.n);
	free(v);
	cl_index_free(&x);
}

void
app_query_numeric_free(struct app *a)
{
	size_t i;

	for (i = 0; i < a->q.nnumeric; i++)
		free(a->q.numeric[i]);
	free(a->q.numeric);
	a->q.numeric = NULL;
	a->q.nnumeric = 0;
}

int
app_query_is_numeric(const struct app *a, const char *field)
{
	size_t i;

	for (i = 0; i < a->q.nnumeric; i++)
		if (strcmp(a->q.numeric[i], field) == 0)
			return 1;
	return 0;
}

void
app_query_open(struct app *a, const char *project, const char *logstore)
{
	struct cl_args args;
	struct cl_call call;
	char names[CL_MERGE_MAX][128], list[CL_MERGE_MAX * 129] = "";
	int n = cl_merge_split(logstore, names, CL_MERGE_MAX), i;

	if (strchr(logstore, ',') != NULL && n <= 0) {
		app_statusf(a, 1, "logstores: give 1 to %d names (letters, digits, _ - .), "
				"separated by commas", CL_MERGE_MAX);
		return;
	}
	for (i = 0; i < n; i++) /* "a, b,a" is "a,b" */
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? "," : "",
		    names[i]);
	free(a->q.project);
	free(a->q.logstore);
	a->q.project = xstrdup(project);
	a->q.logstore = xstrdup(n > 1 ? list : logstore);
	cl_args_init(&args);
	/* several: the first one's index (fields to complete, numbers) */
	cl_api_get_index(&call, &args, project, n > 1 ? names[0] : logstore);
	app_req_send(a, app_req_new(a, RQ_INDEX, NULL), &call);
	cl_args_free(&args);
	if (a->tail.eng) {
		cl_tail_free(a->tail.eng);
		a->tail.eng = NULL;
	}
	/* another logstore's tail starts at its end */
	app_text_copy(a->tail.from, sizeof a->tail.from, "end");
	a->tail.from_label[0] = '\0';
	if (a->tail.on)
		app_tail_start(a);
	a->ctx.on = 0;
	a->detail.on = 0;
	app_drill_free(a);
	app_psql_leave(a);
	app_query_run(a);
}

static void
app_query_range_now(struct app *a)
{
	if (a->q.range_s > 0) {
		a->q.to = (int64_t)clk_wall() + 1;
		a->q.from = a->q.to - a->q.range_s;
	} else if (a->q.range_s < 0) { /* today */
		time_t now = clk_wall();
		struct tm tm;

		localtime_r(&now, &tm);
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		a->q.from = (int64_t)mktime(&tm);
		a->q.to = (int64_t)now + 1;
	}
}

void
app_query_spec(const struct app *a, struct cl_query *q)
{
	memset(q, 0, sizeof *q);
	q->project = a->q.project;
	q->logstore = a->q.logstore;
	q->from = a->q.from;
	q->to = a->q.to;
	q->query = a->q.query;
}

void
app_query_run(struct app *a)
{
	if (a->q.psql) { /* r: the project SQL again */
		char *p = xstrdup(a->q.psql_project), *q = xstrdup(a->q.psql);

		app_psql_run(a, p, q);
		free(p);
		free(q);
		return;
	}
	if (a->q.project == NULL || a->q.logstore == NULL) {
		app_statusf(a, 1, "choose a logstore in the tree first");
		return;
	}
	a->gen++;
	app_stats_mark(a);
	app_results_reset(a);
	app_hist_reset(a);
	app_ctx_close(a);
	app_detail_close(a);
	app_an_close(a);
	if (a->q.nzoom == 0)
		app_query_range_now(a);
	app_results_start(a);
	app_hist_request(a);
	a->dirty = 1;
}

void
app_query_key(struct app *a, const struct scr_key *k)
{
	if (k->nseq == 0)
		return;
	if (qedit_feed(k->seq, k->nseq) == QEDIT_SUBMIT) {
		char *line = qedit_take_line();

		free(a->q.query);
		a->q.query = line && *line ? line : xstrdup("*");
		if (line && !*line)
			free(line);
		qedit_set_text(a->q.query);
		a->q.nzoom = 0;
		app_drill_free(a); /* a query of one's own: Esc no longer goes back */
		app_psql_leave(a);
		app_query_run(a);
		a->focus = AF_RESULTS;
	}
}

static enum theme_role
app_query_span_role(enum qspan_role r)
{
	switch (r) {
	case QS_FIELD: return THEME_RESULT_KEY;
	case QS_OP: case QS_PIPE: case QS_KEYWORD: return THEME_HELP_KEY;
	case QS_STRING: return THEME_RESULT_VALUE;
	case QS_NUMBER: return THEME_NUM;
	case QS_SQL: case QS_FUNC: return THEME_QUERY_SQL;
	default: return THEME_QUERY_SEARCH;
	}
}

static void
app_query_range_label(const struct app *a, char *buf, size_t n)
{
	static const struct {
		int64_t s;
		const char *name;
	} names[] = { { 300, "5m" }, { 900, "15m" }, { 3600, "1h" }, { 4 * 3600, "4h" },
		{ 86400, "1d" }, { 7 * 86400, "7d" }, { -1, "today" } };
	size_t i;

	if (a->q.nzoom == 0)
		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (names[i].s == a->q.range_s) {
				snprintf(buf, n, "[%s]", names[i].name);
				return;
			}
	{
		char f[32], t[32];

		/* the end is shown too: midnight to midnight names both days */
		int days = tz_days(a->q.from, a->q.to + 1);

		tz_fmt(a->q.from, days, f, sizeof f);
		tz_fmt(a->q.to, days, t, sizeof t);
		if (snprintf(buf, n, days ? "[%s - %s]" : "[%s-%s]", f, t) < 0)
			buf[0] = '\0';
	}
}

/* Out of the editor, the line shows the query that produced the results,
 * from its start; edits not run yet are kept in the editor and marked. */
static void
app_query_draw_ran(const struct app *a, struct canvas *cv, const struct app_rect *r, int x,
    const char *edited)
{
	static const char mark[] = "  [edited, / shows]";
	const char *q = a->q.query ? a->q.query : "";
	struct qspan sp[256];
	size_t ns, i;
	int end = r->x + r->w, dirty = edited && strcmp(edited, q) != 0;

	if (dirty && end - x > (int)sizeof mark + 8)
		end -= (int)sizeof mark - 1;
	ns = qedit_spans(q, strlen(q), sp, sizeof sp / sizeof sp[0]);
	for (i = 0; i < ns && x < end; i++)
		x += cv_text(cv, x, r->y, end - x, q + sp[i].off, sp[i].len,
		    a->res.err[0] ? THEME_QUERY_ERROR : app_query_span_role(sp[i].role));
	if (dirty)
		cv_text(cv, x, r->y, r->x + r->w - x, mark, sizeof mark - 1, THEME_HELP_KEY);
}

void
app_query_draw(const struct app *a, struct canvas *cv, const struct app_rect *r, int *cx,
    int *cy)
{
	struct qedit_view v;
	struct qspan sp[256];
	char label[64];
	size_t ns, i, cur_cols;
	int x = r->x, start, avail;

	if (a->q.psql)
		snprintf(label, sizeof label, "[project %.40s]", a->q.psql_project);
	else
		app_query_range_label(a, label, sizeof label);
	cv_fill(cv, r->x, r->y, r->w, 1, ' ', THEME_DEFAULT);
	x += cv_text(cv, x, r->y, r->w, label, strlen(label), THEME_HELP_KEY);
	x += cv_text(cv, x, r->y, 1, " ", 1, THEME_DEFAULT);
	qedit_view(&v);
	if (a->focus != AF_QUERY && a->q.psql) { /* the statement, as the SQL part is drawn */
		cv_text(cv, x, r->y, r->x + r->w - x, a->q.psql, strlen(a->q.psql), THEME_QUERY_SQL);
		return;
	}
	if (a->focus != AF_QUERY) {
		app_query_draw_ran(a, cv, r, x, v.line);
		return;
	}
	if (v.prompt && *v.prompt)
		x += cv_text(cv, x, r->y, r->x + r->w - x, v.prompt, strlen(v.prompt),
		    THEME_HELP_KEY);
	/* scroll so the cursor stays visible */
	cur_cols = u8_width(v.line, v.point);
	avail = r->x + r->w - x - 1;
	start = avail > 0 && (int)cur_cols > avail ? (int)cur_cols - avail : 0;
	ns = qedit_spans(v.line, strlen(v.line), sp, sizeof sp / sizeof sp[0]);
	{
		int col = 0;

		for (i = 0; i < ns; i++) {
			const char *s = v.line + sp[i].off;
			size_t k = 0;

			/* drop what scrolled off on the left, a character at a time */
			while (k < sp[i].len && col < start) {
				int32_t cp;
				size_t n = u8_decode(s + k, sp[i].len - k, &cp);

				col += u8_cp_width(cp) > 0 ? u8_cp_width(cp) : 1;
				k += n ? n : 1;
			}
			if (col >= start)
				x += cv_text(cv, x, r->y, r->x + r->w - x, s + k, sp[i].len - k,
				    a->res.err[0] && a->focus != AF_QUERY ? THEME_QUERY_ERROR
									 : app_query_span_role(sp[i].role));
		}
	}
	if (a->focus == AF_QUERY) {
		*cx = r->x + (int)strlen(label) + 1 + (int)u8_width(v.prompt ? v.prompt : "",
		    v.prompt ? strlen(v.prompt) : 0) + (int)cur_cols - start;
		*cy = r->y;
	}
}

/* While the results' job asks again for a page the server answered
 * Incomplete: its re-asks so far, else 0. */
static int
app_query_reasking(const struct app *a)
{
	const struct cl_qstat *st = a->res.job ? cl_qjob_stat(a->res.job) :
	    a->res.mjob ? cl_mjob_stat(a->res.mjob) : NULL;

	return st && !a->res.done ? st->reasking : 0;
}

/* The info line of a logstore's query: where, the zone, the rows, the
 * client's time, the order, the server's figures for the whole query.
 * drop 1 leaves out the client's time, 2 the order too, 3 the project
 * too, 4 the server's figures too (a narrow pane keeps what matters). */
static void
app_query_info_text(const struct app *a, char *buf, size_t n, int drop)
{
	char zone[32], ms[32] = "", dir[32] = "", load[40] = "";
	int64_t prow, pms;
	int again_n;

	app_chrome_tz_label(zone, sizeof zone);
	if (a->load.loading) { /* right after the name: a narrow pane cuts the end */
		memcpy(load, "  ", 3);
		app_load_label(a, load + 2, sizeof load - 2);
	}
	if (drop < 1)
		snprintf(ms, sizeof ms, "  %" PRId64 " ms", a->res.elapsed_ms);
	if (drop < 2 || a->res.sql)
		snprintf(dir, sizeof dir, "  %s",
		    a->res.sql ? "SQL" : a->q.reverse ? "newest first" : "oldest first");
	snprintf(buf, n, "%s%s%s%s  %s  %zu row%s%s%s%s%s", drop < 3 ? a->q.project : "",
	    drop < 3 ? "/" : "", a->q.logstore, load, zone, a->res.rows.n,
	    a->res.rows.n == 1 ? "" : "s", a->res.done ? "" : " ",
	    a->res.done ? "" : app_chrome_spinner(), ms, dir);
	app_counts_query(a, &prow, &pms);
	if (prow > 0 && drop < 4) {
		/* the server's meta: rows it scanned, and its own time, for
		 * every request of the query */
		char meta[96];

		meta[0] = meta[1] = ' ';
		app_counts_processed(meta + 2, sizeof meta - 2, prow, pms);
		strncat(buf, meta, n - strlen(buf) - 1);
	}
	if ((again_n = app_query_reasking(a)) > 0) {
		char again[64];

		snprintf(again, sizeof again, "  (Incomplete: asking again, %d of %d)", again_n,
		    CL_REASK_MAX);
		strncat(buf, again, n - strlen(buf) - 1);
	} else if (!a->res.complete) {
		strncat(buf, a->load.loading ? "  (Incomplete: runs again when loaded)" :
		    "  (Incomplete)", n - strlen(buf) - 1);
	}
}

void
app_query_draw_info(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char buf[512];
	struct qedit_view v;
	int drop;

	cv_fill(cv, r->x, r->y, r->w, 1, ' ', THEME_DEFAULT);
	qedit_view(&v);
	if (a->focus == AF_QUERY && v.nmatches > 1) {
		snprintf(buf, sizeof buf, "%zu completions", v.nmatches);
		cv_text(cv, r->x, r->y, r->w, buf, strlen(buf), THEME_HELP_KEY);
		return;
	}
	if (a->res.err[0]) {
		cv_text(cv, r->x, r->y, r->w, a->res.err, strlen(a->res.err), THEME_STATUS_ERR);
		return;
	}
	if (a->q.psql) {
		snprintf(buf, sizeof buf, "%s  project SQL  %zu row%s%s%s  %" PRId64 " ms  (r again, / "
		    "a query of the logstore)", a->q.psql_project, a->res.rows.n,
		    a->res.rows.n == 1 ? "" : "s", a->res.done ? "" : " ",
		    a->res.done ? "" : app_chrome_spinner(), a->res.elapsed_ms);
	} else if (a->q.project == NULL) {
		snprintf(buf, sizeof buf, "choose a logstore in the tree (Enter), then type a query "
					  "(/)");
	} else {
		for (drop = 0; drop <= 4; drop++) {
			app_query_info_text(a, buf, sizeof buf, drop);
			if (u8_width(buf, strlen(buf)) <= (size_t)(r->w > 0 ? r->w : 0))
				break;
		}
	}
	cv_text(cv, r->x, r->y, r->w, buf, strlen(buf), THEME_STATUS);
}

/* Completion candidates in a box under the cursor of the query line:
 * at most 12 at a time, the window following the one Tab put in
 * (highlighted), a line saying how many are above and below. */
#define APP_COMPL_ROWS 12
void
app_query_draw_completions(const struct app *a, struct canvas *cv, int cx)
{
	struct qedit_view v;
	size_t i, n, top = 0, wmax = 12;
	int w, h, x;

	qedit_view(&v);
	if (a->focus != AF_QUERY || v.nmatches < 2)
		return;
	n = v.nmatches < APP_COMPL_ROWS ? v.nmatches : APP_COMPL_ROWS;
	if (v.msel != (size_t)-1 && v.msel >= n)
		top = v.msel - n + 1;
	for (i = 0; i < v.nmatches; i++) {
		size_t k = u8_width(v.matches[i], strlen(v.matches[i]));

		wmax = k > wmax ? k : wmax;
	}
	w = (int)(wmax > 40 ? 40 : wmax) + 4;
	h = (int)n + 2 + (v.nmatches > n);
	x = cx + w > a->w ? a->w - w : cx;
	if (x < 0)
		x = 0;
	cv_fill(cv, x, 1, w, h, ' ', THEME_DEFAULT);
	(a->utf8 ? cv_box : cv_box_ascii)(cv, x, 1, w, h, THEME_BORDER, NULL);
	for (i = 0; i < n; i++) {
		const char *m = v.matches[top + i];

		cv_text(cv, x + 2, 2 + (int)i, w - 4, m, strlen(m), THEME_HELP_KEY);
		if (top + i == v.msel)
			cv_set_attr(cv, x + 1, 2 + (int)i, w - 2, THEME_A_REVERSE);
	}
	if (v.nmatches > n) {
		char more[64];

		snprintf(more, sizeof more, "%zu above, %zu below: Tab", top,
		    v.nmatches - n - top);
		if (top == 0)
			snprintf(more, sizeof more, "+%zu more: Tab", v.nmatches - n);
		cv_text(cv, x + 2, 2 + (int)n, w - 4, more, strlen(more), THEME_TREE_DIM);
	}
}

void
app_query_free(struct app *a)
{
	free(a->q.project);
	free(a->q.logstore);
	free(a->q.query);
	a->q.project = a->q.logstore = a->q.query = NULL;
	app_query_numeric_free(a);
	app_psql_leave(a);
}
