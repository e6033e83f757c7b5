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
 * Esc returns (from a pattern's logs to the patterns, then to the results).
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/u8.h"
#include "base/xalloc.h"
#include "client/cl_an.h"
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

void
app_an_patterns_open(struct app *a)
{
	struct app_an *an = &a->an;
	struct cl_sample_spec s;
	char *search;

	if (a->q.project == NULL || a->q.logstore == NULL)
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

static void
app_an_patterns_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	const struct app_an *an = &a->an;
	const struct cl_sample_stat *st = an->smp ? cl_sample_stat(an->smp) : NULL;
	const struct cl_pat_group *g;
	size_t hidden, n = app_an_groups(a, &g, &hidden), shown = n - hidden, rows, i, top;
	int64_t lines = an->pat ? cl_pat_lines(an->pat) : 0;
	char title[720], hid[32] = "";
	int focused = a->focus == AF_RESULTS;

	if (hidden)
		snprintf(hid, sizeof hid, ", %zu hidden", hidden);
	snprintf(title, sizeof title, "Patterns  %zu in %" PRId64 " logs (%s%" PRId64 " hits%s)%s%s  %s",
	    shown, lines, st && st->done && st->all ? "all of the " : "a sample of ",
	    st && st->hits >= 0 ? st->hits : 0, hid, an->done ? "" : " ",
	    an->done ? "" : app_chrome_spinner(),
	    an->err[0] ? an->err : "(Enter: its logs, x hide, Esc back)");
	app_chrome_title(cv, r, focused, title);
	rows = r->h > 1 ? (size_t)r->h - 1 : 0;
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

	if (a->q.project == NULL || a->q.logstore == NULL || field == NULL || !*field)
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

/* ---- dispatch ---- */

void
app_an_key(struct app *a, const struct scr_key *k)
{
	if (a->an.kind == AN_PATTERNS)
		app_an_patterns_key(a, k);
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
	else
		app_an_top_draw(a, cv, r);
}
