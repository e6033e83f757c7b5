/*
 * app_an — the analysis views of the results pane:
 *
 * - patterns (P): the current search over the current range, sampled
 *   (client/cl_sample: every log up to CL_SAMPLE_DEFAULT, else spread by
 *   the histogram) and clustered as pages come (client/cl_pat): template,
 *   count, share, a sparkline over the range, most lines first. Enter
 *   shows that pattern's own logs (the sample's rows of its group), x
 *   hides a pattern (noise out), X shows them all again.
 * - a field's values (a on a field of the detail view, or on a log: pick
 *   the field): its top values over the search and range (client/cl_an's
 *   one statement), count, share and a bar, and for a numeric field the
 *   aggregates and a distribution. Enter narrows the query to the value,
 *   x excludes it; the query line shows the new query.
 *
 * - compare (C, :compare [SHIFT | FROM to TO]): the range against a
 *   baseline (the same length just before, shifted back by SHIFT, or the
 *   range given): hits and rate of each, then the patterns and field
 *   values whose share moved most, most surprising first
 *   (client/cl_cmpjob). Enter on a value narrows the query to it.
 *
 * Esc returns (from a pattern's logs to the patterns, then to the results).
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/tz.h"
#include "base/u8.h"
#include "base/xalloc.h"
#include "client/cl_an.h"
#include "client/cl_cmpjob.h"
#include "client/cl_pat.h"
#include "client/cl_query.h"
#include "client/cl_sample.h"
#include "tui/qedit.h"
#include "tui/saved.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

/* ---- shared ---- */

/* The search part of the current query ("*" when it has none). */
static char *
app_an_search(const struct app *a)
{
	const char *q = a->q.query ? a->q.query : "*", *pipe = cl_query_pipe(q);
	size_t n = pipe ? (size_t)(pipe - q) : strlen(q);

	while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\t'))
		n--;
	return n ? xstrndup(q, n) : xstrdup("*");
}

void
app_an_close(struct app *a)
{
	struct app_an *an = &a->an;
	size_t i;

	cl_sample_free(an->smp);
	cl_pat_free(an->pat);
	app_rows_free(&an->rows);
	free(an->gid);
	free(an->hidden);
	free(an->all);
	cl_qjob_free(an->tj);
	cl_qjob_free(an->sj);
	for (i = 0; i < an->ntp; i++)
		cl_logs_free(&an->tp[i]);
	for (i = 0; i < an->nsp; i++)
		cl_logs_free(&an->sp[i]);
	free(an->tp);
	free(an->sp);
	cl_an_top_free(&an->top);
	cl_cmpjob_free(an->cj);
	memset(an, 0, sizeof *an);
}

/* ---- patterns ---- */

/* A page of the sample into the rows; while one pattern's logs are
 * shown, its new rows show too and the rest wait in the full list. */
static void
app_an_rows_add(struct app_an *an, struct cl_logs *page, size_t n)
{
	size_t at = an->rows.n, i, k;

	if (app_rows_add(&an->rows, page, 0, n, at) != 0) {
		an->done = 1;
		return;
	}
	if (!an->drill)
		return;
	an->all = xreallocarray(an->all, an->nall + n + 1, sizeof *an->all);
	memcpy(an->all + an->nall, an->rows.ref + at, n * sizeof *an->all);
	an->nall += n;
	for (i = at, k = at; i < at + n; i++)
		if (an->gid[an->rows.ref[i]] == an->drill_id)
			an->rows.ref[k++] = an->rows.ref[i];
	an->rows.n = k;
}

static void
app_an_on_sample(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct app *a = ud;
	struct app_an *an = &a->an;
	size_t n;

	a->dirty = 1;
	if (page == NULL) {
		an->done = 1;
		if (err)
			app_text_err(an->err, sizeof an->err, "patterns", err);
		return;
	}
	n = page->nrows;
	if (an->ngid + n > an->capgid) {
		an->capgid = (an->ngid + n) * 2;
		an->gid = xreallocarray(an->gid, an->capgid, sizeof *an->gid);
	}
	cl_pat_add_rows(an->pat, page, NULL, an->gid + an->ngid);
	an->ngid += n;
	app_an_rows_add(an, page, n);
}

/* Several logstores open: the analysis views take one (their SQL and
 * samples are one logstore's); 1, and says so, when several are. */
static int
app_an_several(struct app *a)
{
	if (strchr(a->q.logstore, ',') == NULL)
		return 0;
	app_statusf(a, 1, "patterns, field values and compare look at one logstore: open one "
			"(several are open: %s)", a->q.logstore);
	return 1;
}

void
app_an_patterns_open(struct app *a)
{
	struct app_an *an = &a->an;
	struct cl_sample_spec s;
	char *search;

	if (a->q.project == NULL || a->q.logstore == NULL || app_an_several(a))
		return;
	app_an_close(a);
	search = app_an_search(a);
	memset(&s, 0, sizeof s);
	app_query_spec(a, &s.q);
	s.q.query = search;
	an->on = 1;
	an->kind = AN_PATTERNS;
	an->pat = cl_pat_new(a->q.from, a->q.to);
	an->smp = cl_sample_start(a->cl, &s, app_an_on_sample, a);
	free(search);
}

/* The groups shown (hidden ones left out), most lines first. */
static size_t
app_an_groups(const struct app *a, const struct cl_pat_group **out, size_t *hidden)
{
	const struct app_an *an = &a->an;
	size_t n = an->pat ? cl_pat_groups(an->pat, out) : 0, i, k = 0;

	*hidden = 0;
	for (i = 0; i < n; i++)
		if ((*out)[i].id < an->nhidden && an->hidden[(*out)[i].id])
			(*hidden)++;
	(void)k;
	return n;
}

/* The i-th group shown, or NULL. */
static const struct cl_pat_group *
app_an_group_at(const struct app *a, size_t i)
{
	const struct cl_pat_group *g;
	size_t hidden, n = app_an_groups(a, &g, &hidden), k, m = 0;

	for (k = 0; k < n; k++) {
		if (g[k].id < a->an.nhidden && a->an.hidden[g[k].id])
			continue;
		if (m++ == i)
			return &g[k];
	}
	return NULL;
}

static size_t
app_an_nshown(const struct app *a)
{
	const struct cl_pat_group *g;
	size_t hidden, n = app_an_groups(a, &g, &hidden);

	return n - hidden;
}

/* Show the sample's logs of group id alone (the row references of the
 * others taken out; the full list kept to come back). */
static void
app_an_drill(struct app *a, uint32_t id)
{
	struct app_an *an = &a->an;
	size_t i, k = 0;

	free(an->all);
	an->all = xmemdup(an->rows.ref, (an->rows.n + 1) * sizeof *an->rows.ref);
	an->nall = an->rows.n;
	for (i = 0; i < an->nall; i++)
		if (an->all[i] < an->ngid && an->gid[an->all[i]] == id)
			an->rows.ref[k++] = an->all[i];
	an->rows.n = k;
	an->drill = 1;
	an->drill_id = id;
	an->dpos.sel = an->dpos.top = 0;
}

static void
app_an_undrill(struct app *a)
{
	struct app_an *an = &a->an;

	if (an->all) {
		memcpy(an->rows.ref, an->all, an->nall * sizeof *an->all);
		an->rows.n = an->nall;
	}
	free(an->all);
	an->all = NULL;
	an->nall = 0;
	an->drill = 0;
}

static void
app_an_hide(struct app *a, uint32_t id)
{
	struct app_an *an = &a->an;

	if (id >= an->nhidden) {
		size_t n = (size_t)id * 2 + 16;

		an->hidden = xrealloc(an->hidden, n);
		memset(an->hidden + an->nhidden, 0, n - an->nhidden);
		an->nhidden = n;
	}
	an->hidden[id] = 1;
}

static void
app_an_patterns_key(struct app *a, const struct scr_key *k)
{
	struct app_an *an = &a->an;
	const struct cl_pat_group *g;
	size_t n = app_an_nshown(a);
	long v;

	if (an->drill) {
		v = app_list_nav(k, an->dpos.sel, an->rows.n, (int)app_layout_page(a));
		if (v >= 0)
			an->dpos.sel = (size_t)v;
		else if (k->code == SK_ESC || k->code == 'q' || k->code == SK_BACKSPACE)
			app_an_undrill(a);
		else if (k->code == 'y')
			app_results_yank(a, &an->rows, an->dpos.sel);
		return;
	}
	v = app_list_nav(k, an->pos.sel, n, (int)app_layout_page(a));
	if (v >= 0) {
		an->pos.sel = (size_t)v;
		return;
	}
	switch (k->code) {
	case SK_ESC: case 'q': case SK_BACKSPACE: app_an_close(a); break;
	case SK_ENTER:
		if ((g = app_an_group_at(a, an->pos.sel)) != NULL)
			app_an_drill(a, g->id);
		break;
	case 'x':
		if ((g = app_an_group_at(a, an->pos.sel)) != NULL) {
			app_an_hide(a, g->id);
			app_statusf(a, 0, "hid a pattern (X shows them all again)");
			if (an->pos.sel + 1 >= n && an->pos.sel > 0)
				an->pos.sel--;
		}
		break;
	case 'X':
		if (an->hidden)
			memset(an->hidden, 0, an->nhidden);
		break;
	default: break;
	}
}

#define APP_AN_FOOT_MAX 4

/* The rows the selected pattern takes at the pane's foot, in full, when
 * its row (room columns for the template) cuts it: 0 when it fits, else
 * a rule and the template wrapped, at most APP_AN_FOOT_MAX rows. */
static int
app_an_foot_rows(const struct app_rect *r, const char *tmpl, int room)
{
	size_t w = u8_width(tmpl, strlen(tmpl)), cols = r->w > 2 ? (size_t)r->w - 2 : 1;
	size_t need = (w + cols - 1) / cols;

	if (room < 0)
		room = 0;
	if (w <= (size_t)room || r->h < 8)
		return 0;
	return 1 + (int)(need < APP_AN_FOOT_MAX - 1 ? need : APP_AN_FOOT_MAX - 1);
}

static void
app_an_foot_draw(struct canvas *cv, const struct app_rect *r, const char *tmpl, int rows)
{
	size_t len = strlen(tmpl), off = 0, cols = r->w > 2 ? (size_t)r->w - 2 : 1;
	int y = r->y + r->h - rows, i;

	cv_fill(cv, r->x, y, r->w, 1, ' ', THEME_DEFAULT);
	cv_text(cv, r->x + 1, y, r->w - 1, "the pattern in full:", 20, THEME_TREE_DIM);
	for (i = 1; i < rows && off < len; i++) {
		size_t used, k = u8_prefix_for_cols(tmpl + off, len - off, cols, &used);

		if (k == 0)
			break;
		cv_fill(cv, r->x, y + i, r->w, 1, ' ', THEME_DEFAULT);
		cv_text(cv, r->x + 1, y + i, r->w - 1, tmpl + off, k, THEME_RESULT_VALUE);
		off += k;
	}
}

static void
app_an_patterns_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct app_an *an = &a->an;
	const struct cl_sample_stat *st = an->smp ? cl_sample_stat(an->smp) : NULL;
	const struct cl_pat_group *g;
	const struct cl_pat_group *sel;
	size_t hidden, n = app_an_groups(a, &g, &hidden), shown = n - hidden, rows, i, top;
	int foot;
	int64_t lines = an->pat ? cl_pat_lines(an->pat) : 0;
	char title[720], hid[32] = "", what[80] = "a sample";
	int focused = a->focus == AF_RESULTS;

	if (hidden)
		snprintf(hid, sizeof hid, ", %zu hidden", hidden);
	if (st)
		cl_sample_describe(st, lines, what, sizeof what);
	snprintf(title, sizeof title, "Patterns  %zu in %" PRId64 " logs (%s%s)%s%s  %s",
	    shown, lines, what, hid, an->done ? "" : " ",
	    an->done ? "" : app_chrome_spinner(),
	    an->err[0] ? an->err : "(Enter: its logs, x hide, Esc back)");
	app_chrome_title(cv, r, focused, title);
	sel = app_an_group_at(a, an->pos.sel);
	/* count, share, sparkline, two blanks: what is left is the template's */
	foot = sel ? app_an_foot_rows(r, sel->tmpl, r->w - 15 - CL_PAT_SPARK - 2) : 0;
	rows = r->h > 1 + foot ? (size_t)(r->h - 1 - foot) : 0;
	top = an->pos.sel >= rows && rows ? an->pos.sel - rows + 1 : 0;
	for (i = 0; i < rows; i++) {
		const struct cl_pat_group *p = app_an_group_at(a, top + i);
		char lead[96], spark[3 * CL_PAT_SPARK + 1];
		int x = r->x, y = r->y + 1 + (int)i, w;

		if (p == NULL)
			break;
		cl_pat_spark(p->spark, CL_PAT_SPARK, !a->utf8, spark);
		w = snprintf(lead, sizeof lead, "%7" PRId64 " %5.1f%% ", p->count,
		    lines ? 100.0 * (double)p->count / (double)lines : 0.0);
		x += cv_text(cv, x, y, r->w, lead, (size_t)w, THEME_NUM);
		x += cv_text(cv, x, y, r->x + r->w - x, spark, strlen(spark), THEME_HIST_BAR);
		x += cv_text(cv, x, y, r->x + r->w - x, "  ", 2, THEME_DEFAULT);
		cv_text(cv, x, y, r->x + r->w - x, p->tmpl, strlen(p->tmpl), THEME_RESULT_VALUE);
		if (top + i == an->pos.sel)
			cv_set_attr(cv, r->x, y, r->w, focused ? THEME_A_REVERSE : THEME_A_BOLD);
	}
	if (foot)
		app_an_foot_draw(cv, r, sel->tmpl, foot);
	if (shown == 0 && an->done && !an->err[0])
		cv_text(cv, r->x + 1, r->y + 1, r->w - 1, "no logs match", 13, THEME_TREE_DIM);
	(void)g;
}

static void
app_an_drill_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct cl_pat_group *g = NULL;
	const struct app_an *an = &a->an;
	char title[400];
	size_t i;

	for (i = 0; an->pat && i < app_an_nshown(a); i++) {
		const struct cl_pat_group *p = app_an_group_at(a, i);

		if (p && p->id == an->drill_id)
			g = p;
	}
	snprintf(title, sizeof title, "Pattern  %zu logs of the sample  %.200s  (Esc back)",
	    an->rows.n, g ? g->tmpl : "");
	app_chrome_title(cv, r, a->focus == AF_RESULTS, title);
	app_results_draw_loglist(a, cv, r, &an->rows, &((struct app *)a)->an.dpos,
	    a->focus == AF_RESULTS);
}

/* ---- a field's values ---- */

static void
app_an_on_top(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct app *a = ud;
	struct app_an *an = &a->an;

	a->dirty = 1;
	if (page == NULL) {
		an->tdone = 1;
		if (err)
			app_text_err(an->err, sizeof an->err, "values", err);
		else if (cl_an_top_read(an->tp, an->ntp, &an->top) != 0)
			snprintf(an->err, sizeof an->err, "values: the answer is not the shape asked for");
		return;
	}
	an->tp = xreallocarray(an->tp, an->ntp + 1, sizeof *an->tp);
	an->tp[an->ntp++] = *page;
	memset(page, 0, sizeof *page);
}

static void
app_an_on_stats(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct app *a = ud;
	struct app_an *an = &a->an;

	a->dirty = 1;
	if (page == NULL) {
		an->sdone = 1;
		if (err)
			app_text_err(an->err, sizeof an->err, "numbers", err);
		else
			an->have_stats = cl_an_stats_read(an->sp, an->nsp, &an->stats) == 0;
		return;
	}
	an->sp = xreallocarray(an->sp, an->nsp + 1, sizeof *an->sp);
	an->sp[an->nsp++] = *page;
	memset(page, 0, sizeof *page);
}

static struct cl_qjob *
app_an_sql(struct app *a, const char *sql, cl_qpage_fn *fn)
{
	struct cl_qspec s;

	memset(&s, 0, sizeof s);
	app_query_spec(a, &s.q);
	s.q.query = sql;
	return cl_qjob_start(a->cl, &s, fn, a);
}

void
app_an_top_open(struct app *a, const char *field)
{
	struct app_an *an = &a->an;
	char *search, *sql;

	if (a->q.project == NULL || a->q.logstore == NULL || field == NULL || !*field ||
	    app_an_several(a))
		return;
	app_an_close(a);
	an->on = 1;
	an->kind = AN_TOP;
	app_text_copy(an->field, sizeof an->field, field);
	an->numeric = app_query_is_numeric(a, field);
	search = app_an_search(a);
	sql = cl_an_top_sql(search, field, 30);
	an->tj = app_an_sql(a, sql, app_an_on_top);
	free(sql);
	an->sdone = 1;
	if (an->numeric) {
		an->sdone = 0;
		sql = cl_an_stats_sql(search, field);
		an->sj = app_an_sql(a, sql, app_an_on_stats);
		free(sql);
	}
	free(search);
}

/* The query narrowed to (or, excl, without) value i of the field. */
static void
app_an_narrow(struct app *a, size_t i, int excl)
{
	struct app_an *an = &a->an;
	const char *q = a->q.query ? a->q.query : "*", *pipe = cl_query_pipe(q);
	char *search = app_an_search(a), *s;
	struct sb b;
	int rc = 0, star = strcmp(search, "*") == 0;

	if (i >= an->top.n)
		return;
	sb_init(&b, 0);
	if (!star)
		rc |= sb_addf(&b, "(%s) ", search);
	else if (excl || an->top.v[i].value == NULL)
		rc |= sb_adds(&b, "* ");
	if (an->top.v[i].value == NULL) { /* logs without the field */
		rc |= sb_addf(&b, "%s%s:*", excl ? "and " : "not ", an->field);
	} else {
		rc |= sb_addf(&b, "%s%s:\"", excl ? "not " : star ? "" : "and ", an->field);
		for (s = an->top.v[i].value; s < an->top.v[i].value + an->top.v[i].len; s++)
			rc |= *s == '"' || *s == '\\' ? sb_addf(&b, "\\%c", *s)
						       : sb_addc(&b, *s ? *s : ' ');
		rc |= sb_addc(&b, '"');
	}
	if (pipe)
		rc |= sb_addf(&b, " %s", pipe);
	free(search);
	if (rc != 0) {
		sb_free(&b);
		return;
	}
	free(a->q.query);
	a->q.query = b.p;
	qedit_set_text(a->q.query);
	a->q.nzoom = 0;
	app_an_close(a);
	app_query_run(a);
}

static void
app_an_top_key(struct app *a, const struct scr_key *k)
{
	struct app_an *an = &a->an;
	long v = app_list_nav(k, an->pos.sel, an->top.n, (int)app_layout_page(a));

	if (v >= 0) {
		an->pos.sel = (size_t)v;
		return;
	}
	if (k->code == SK_ESC || k->code == 'q' || k->code == SK_BACKSPACE)
		app_an_close(a);
	else if (k->code == SK_ENTER && an->tdone)
		app_an_narrow(a, an->pos.sel, 0);
	else if ((k->code == 'x' || k->code == '-') && an->tdone)
		app_an_narrow(a, an->pos.sel, 1);
}

/* The numeric line: count, min, average, percentiles, max, and the
 * distribution as a sparkline. */
static void
app_an_stats_draw(const struct app *a, struct canvas *cv, int x, int y, int w)
{
	const struct cl_an_stats *st = &a->an.stats;
	double bins[24];
	uint32_t v[24];
	char buf[256], spark[3 * 24 + 1];
	size_t i;
	int n;

	if (st->count == 0) {
		cv_text(cv, x, y, w, "no numbers here", 15, THEME_TREE_DIM);
		return;
	}
	cl_an_dist(st, bins, 24);
	for (i = 0; i < 24; i++)
		v[i] = (uint32_t)(bins[i] * 1e6);
	cl_pat_spark(v, 24, !a->utf8, spark);
	n = snprintf(buf, sizeof buf, "%" PRId64 " numbers  min %g  avg %g  p50 %g  p90 %g  p99 %g  "
	    "max %g  ", st->count, st->min, st->avg, st->q[4], st->q[8], st->q[10], st->max);
	n = cv_text(cv, x, y, w, buf, (size_t)(n > 0 ? n : 0), THEME_NUM);
	cv_text(cv, x + n, y, w - n, spark, strlen(spark), THEME_HIST_BAR);
}

static void
app_an_top_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct app_an *an = &a->an;
	int focused = a->focus == AF_RESULTS, y = r->y + 1, busy = !an->tdone || !an->sdone;
	size_t i, rows, top, vw = 8;
	int64_t max = 1;
	char title[640];

	snprintf(title, sizeof title, "Field %.100s  %zu values of %" PRId64 " logs%s%s  %s",
	    an->field, an->top.n, an->top.total, busy ? " " : "", busy ? app_chrome_spinner() : "",
	    an->err[0] ? an->err : "(Enter: narrow to it, x: exclude it, Esc back)");
	app_chrome_title(cv, r, focused, title);
	if (an->numeric && an->sdone && an->have_stats)
		app_an_stats_draw(a, cv, r->x, y++, r->w);
	for (i = 0; i < an->top.n; i++) {
		size_t w = an->top.v[i].value ? u8_width(an->top.v[i].value, an->top.v[i].len) : 6;

		vw = w > vw ? (w > 40 ? 40 : w) : vw;
		max = an->top.v[i].count > max ? an->top.v[i].count : max;
	}
	rows = r->y + r->h > y ? (size_t)(r->y + r->h - y) : 0;
	top = an->pos.sel >= rows && rows ? an->pos.sel - rows + 1 : 0;
	for (i = 0; i < rows && top + i < an->top.n; i++) {
		const struct cl_an_value *v = &an->top.v[top + i];
		char num[64];
		int x = r->x, n, bar, barw;

		n = cv_text(cv, x, y, (int)vw, v->value ? v->value : "(none)", v->value ? v->len : 6,
		    v->value ? THEME_RESULT_VALUE : THEME_TREE_DIM);
		x += (int)vw + 2;
		(void)n;
		n = snprintf(num, sizeof num, "%9" PRId64 " %5.1f%%  ", v->count, an->top.total ?
		    100.0 * (double)v->count / (double)an->top.total : 0.0);
		x += cv_text(cv, x, y, r->x + r->w - x, num, (size_t)n, THEME_NUM);
		barw = r->x + r->w - x;
		bar = barw > 0 ? (int)(v->count * (barw > 30 ? 30 : barw) / max) : 0;
		cv_fill(cv, x, y, bar, 1, a->utf8 ? 0x2588 : '#', THEME_HIST_BAR);
		if (top + i == an->pos.sel)
			cv_set_attr(cv, r->x, y, r->w, focused ? THEME_A_REVERSE : THEME_A_BOLD);
		y++;
	}
}

/* a on a log: pick one of its fields (its own, then __topic__ and tags) */
void
app_an_pick_field(struct app *a)
{
	const struct cl_logs *pg;
	const struct cl_row *r = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	struct app_picker *p = &a->pick;
	uint32_t i;

	if (r == NULL || a->res.sql)
		return;
	saved_names_free(p->names, p->n);
	p->names = NULL;
	p->n = 0;
	for (i = 0; i < 2u * r->n; i++) { /* the log's own fields, then __topic__ and tags */
		const char *k = cl_row_key(pg, r, i % r->n);

		if ((i < r->n) == (strncmp(k, "__", 2) == 0) || strcmp(k, "__time__") == 0 ||
		    strcmp(k, "__pack_meta__") == 0 || strcmp(k, "__time_ns_part__") == 0 ||
		    strcmp(k, "__tag__:__pack_id__") == 0)
			continue;
		p->names = xreallocarray(p->names, p->n + 1, sizeof *p->names);
		p->names[p->n++] = xstrdup(k);
	}
	if (p->n == 0)
		return;
	p->on = 1;
	p->kind = PICK_FIELD;
	p->sel = 0;
	p->filter[0] = '\0';
}

/* ---- compare ---- */

static void
app_an_on_compare(void *ud, const struct cl_err *err)
{
	struct app *a = ud;

	a->dirty = 1;
	a->an.cdone = 1;
	if (err)
		app_text_err(a->an.err, sizeof a->an.err, "compare", err);
}

void
app_an_compare_open(struct app *a, int64_t base_from, int64_t base_to)
{
	struct app_an *an = &a->an;
	struct cl_cmpjob_spec s;
	char *search;

	if (a->q.project == NULL || a->q.logstore == NULL || a->q.psql || app_an_several(a))
		return;
	app_an_close(a);
	an->on = 1;
	an->kind = AN_COMPARE;
	an->cfrom[0] = a->q.from;
	an->cto[0] = a->q.to;
	an->cfrom[1] = base_from;
	an->cto[1] = base_to;
	search = app_an_search(a);
	memset(&s, 0, sizeof s);
	app_query_spec(a, &s.q);
	s.q.query = search;
	s.base_from = base_from;
	s.base_to = base_to;
	an->cj = cl_cmpjob_start(a->cl, &s, app_an_on_compare, a);
	free(search);
}

/* Row i of the compare list: the patterns that moved, then the values. */
static const struct cl_cmp_item *
app_an_cmp_at(const struct app *a, size_t i, int *is_value)
{
	const struct cl_cmpjob_result *r;
	size_t k, m = 0, l;

	if (a->an.cj == NULL || !a->an.cdone)
		return NULL;
	r = cl_cmpjob_result(a->an.cj);
	for (l = 0; l < 2; l++) {
		const struct cl_cmp *c = l ? &r->vals : &r->pats;

		for (k = 0; k < c->n; k++) {
			if (c->v[k].score <= 0)
				continue;
			if (m++ == i) {
				*is_value = (int)l;
				return &c->v[k];
			}
		}
	}
	return NULL;
}

static size_t
app_an_cmp_n(const struct app *a)
{
	size_t n = 0;
	int v;

	while (app_an_cmp_at(a, n, &v) != NULL)
		n++;
	return n;
}

/* Enter on a value: the query narrowed to it (the range kept). */
static void
app_an_cmp_narrow(struct app *a, const struct cl_cmp_item *it)
{
	struct app_an *an = &a->an;

	cl_an_top_free(&an->top);
	an->top.v = xcalloc(1, sizeof *an->top.v);
	an->top.n = 1;
	an->top.v[0].value = strcmp(it->key, "(none)") == 0 ? NULL : xstrdup(it->key);
	an->top.v[0].len = it->keylen;
	app_text_copy(an->field, sizeof an->field, it->field);
	app_an_narrow(a, 0, 0);
}

static void
app_an_compare_key(struct app *a, const struct scr_key *k)
{
	struct app_an *an = &a->an;
	long v = app_list_nav(k, an->pos.sel, app_an_cmp_n(a), (int)app_layout_page(a));
	const struct cl_cmp_item *it;
	int is_value = 0;

	if (v >= 0) {
		an->pos.sel = (size_t)v;
		return;
	}
	if (k->code == SK_ESC || k->code == 'q' || k->code == SK_BACKSPACE)
		app_an_close(a);
	else if (k->code == SK_ENTER && (it = app_an_cmp_at(a, an->pos.sel, &is_value)) && is_value)
		app_an_cmp_narrow(a, it);
}

static void
app_an_compare_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct app_an *an = &a->an;
	const struct cl_cmpjob_result *res = an->cj ? cl_cmpjob_result(an->cj) : NULL;
	char title[400], w0[32], w1[32], b0[32], b1[32];
	/* the ends are shown: one that is midnight names its day */
	int days = tz_days(an->cfrom[1], an->cto[0] + 1), y = r->y + 1;
	size_t rows = r->h > 1 ? (size_t)r->h - 1 : 0, i, top;

	tz_fmt(an->cfrom[0], days, w0, sizeof w0);
	tz_fmt(an->cto[0], days, w1, sizeof w1);
	tz_fmt(an->cfrom[1], days, b0, sizeof b0);
	tz_fmt(an->cto[1], days, b1, sizeof b1);
	if (an->cdone && res && !an->err[0]) {
		double m0 = (double)(an->cto[0] - an->cfrom[0]) / 60, m1 = (double)(an->cto[1] - an->cfrom[1]) / 60;

		snprintf(title, sizeof title, "Compare  window %" PRId64 " hits (%.1f/min)  baseline %"
		    PRId64 " (%.1f/min)  %+.1f%%", res->hits[0], m0 > 0 ? (double)res->hits[0] / m0 : 0.0,
		    res->hits[1], m1 > 0 ? (double)res->hits[1] / m1 : 0.0, res->hits[1] ? 100.0 *
		    (double)(res->hits[0] - res->hits[1]) / (double)res->hits[1] : 0.0);
	} else {
		snprintf(title, sizeof title, "Compare  %s %s", an->err[0] ? an->err : "sampling both",
		    an->err[0] ? "" : app_chrome_spinner());
	}
	app_chrome_title(cv, r, a->focus == AF_RESULTS, title);
	if (rows == 0)
		return;
	{ /* the two ranges, the columns (as `slsx compare` has them), then the list */
		char head[200];
		int n = snprintf(head, sizeof head, "window %s - %s   baseline %s - %s", w0, w1, b0, b1);

		cv_text(cv, r->x, y++, r->w, head, (size_t)(n > 0 ? n : 0), THEME_TREE_DIM);
		rows--;
		if (rows == 0)
			return;
		n = snprintf(head, sizeof head, "%7s %9s %7s  %s", "window", "baseline", "change",
		    "most changed first (shares of each window's hits; Enter on a value narrows the "
		    "query)");
		cv_text(cv, r->x, y++, r->w, head, (size_t)(n > 0 ? n : 0), THEME_TREE_DIM);
		rows--;
	}
	top = an->pos.sel >= rows && rows ? an->pos.sel - rows + 1 : 0;
	for (i = 0; i < rows; i++, y++) {
		int is_value = 0, x = r->x, n;
		const struct cl_cmp_item *it = app_an_cmp_at(a, top + i, &is_value);
		char lead[64], ch[16];

		if (it == NULL)
			break;
		if (it->n[1] == 0)
			snprintf(ch, sizeof ch, "new");
		else if (it->n[0] == 0)
			snprintf(ch, sizeof ch, "gone");
		else
			snprintf(ch, sizeof ch, "%+.1f", 100.0 * (it->share[0] - it->share[1]));
		n = snprintf(lead, sizeof lead, "%6.1f%% %8.1f%% %7s  %s", 100 * it->share[0],
		    100 * it->share[1], ch, is_value ? "" : "pattern ");
		x += cv_text(cv, x, y, r->w, lead, (size_t)n, THEME_NUM);
		if (is_value) {
			x += cv_text(cv, x, y, r->x + r->w - x, it->field, strlen(it->field), THEME_RESULT_KEY);
			x += cv_text(cv, x, y, r->x + r->w - x, "=", 1, THEME_DEFAULT);
		}
		cv_text(cv, x, y, r->x + r->w - x, it->key, it->keylen, THEME_RESULT_VALUE);
		if (top + i == an->pos.sel)
			cv_set_attr(cv, r->x, y, r->w, a->focus == AF_RESULTS ? THEME_A_REVERSE : THEME_A_BOLD);
	}
	if (an->cdone && !an->err[0] && app_an_cmp_n(a) == 0)
		cv_text(cv, r->x + 1, r->y + 3, r->w - 1, "nothing changed", 15, THEME_TREE_DIM);
}

/* ---- dispatch ---- */

void
app_an_key(struct app *a, const struct scr_key *k)
{
	if (a->an.kind == AN_PATTERNS)
		app_an_patterns_key(a, k);
	else if (a->an.kind == AN_COMPARE)
		app_an_compare_key(a, k);
	else
		app_an_top_key(a, k);
}

void
app_an_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	if (a->an.kind == AN_PATTERNS && a->an.drill)
		app_an_drill_draw(a, cv, r);
	else if (a->an.kind == AN_PATTERNS)
		app_an_patterns_draw(a, cv, r);
	else if (a->an.kind == AN_COMPARE)
		app_an_compare_draw(a, cv, r);
	else
		app_an_top_draw(a, cv, r);
}
