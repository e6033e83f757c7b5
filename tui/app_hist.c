/*
 * app_hist — the hits histogram pane: asking for it, its keys (select
 * a bar, zoom in and out) and its drawing.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tz.h"
#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_hist.h"
#include "proto/hstep.h"
#include "tui/scr.h"
#include "widgets/canvas.h"
#include "widgets/hist.h"

static int app_hist_range(const struct app *a, int w, int col, int64_t *f, int64_t *t);

/* An answer of the histogram job (or its failure). */
static void
app_hist_on_ev(void *ud, const struct cl_hist_ev *ev)
{
	struct app *a = ud;

	a->dirty = 1;
	a->hist.loading = !ev->final;
	a->hist.reasks = ev->reasks;
	if (ev->h) {
		cl_hist_free(&a->hist.data);
		a->hist.data = *ev->h; /* moved */
		a->hist.err[0] = '\0';
		app_status_ok(a, AM_HIST);
		return;
	}
	if (ev->bad_reply) {
		cl_hist_free(&a->hist.data);
		app_text_err(a->hist.err, sizeof a->hist.err, "histogram", ev->err);
		return;
	}
	{
		char msg[300];

		app_text_err(msg, sizeof msg, "histogram", ev->err);
		app_text_copy(a->hist.err, sizeof a->hist.err, msg);
		app_status_req(a, AM_HIST, msg);
	}
}

/* Ask for the histogram of the current query and range; the job re-asks
 * while the answer is Incomplete. */
void
app_hist_request(struct app *a)
{
	struct cl_hist_spec s;
	struct app_layout l;

	cl_hist_job_free(a->hist.job);
	a->hist.job = NULL;
	a->hist.loading = 1;
	app_layout(a, &l);
	a->hist.cols = l.hist.w > 0 ? l.hist.w : 0;
	if (a->hist.cols == 0)
		return; /* before the screen is up: asked once it is (app_hist_refit) */
	memset(&s, 0, sizeof s);
	app_query_spec(a, &s.q);
	s.cols = a->hist.cols; /* buckets that fill the bars' columns */
	a->hist.job = cl_hist_job_start(a->cl, &s, app_hist_on_ev, a);
}

void
app_hist_refit(struct app *a)
{
	struct app_layout l;

	if (a->hist.cols < 0 || a->q.project == NULL || a->q.logstore == NULL)
		return;
	app_layout(a, &l);
	if (l.hist.w > 0 && (a->hist.cols == 0 || (l.hist.w != a->hist.cols &&
	    hstep_pick(a->q.from, a->q.to, l.hist.w) != hstep_pick(a->q.from, a->q.to, a->hist.cols))))
		app_hist_request(a);
}

/* The histogram of a new query: nothing yet (a job in flight is
 * cancelled). */
void
app_hist_reset(struct app *a)
{
	cl_hist_job_free(a->hist.job);
	a->hist.job = NULL;
	a->hist.loading = 0;
	cl_hist_free(&a->hist.data);
	a->hist.err[0] = '\0';
	a->hist.sel = -1;
	a->hist.mark = -1;
	a->hist.reasks = 0;
}

/* Stop asking (Ctrl-G): the bars that came stay. 1 when it was asking. */
int
app_hist_cancel(struct app *a)
{
	if (a->hist.job == NULL || !a->hist.loading)
		return 0;
	cl_hist_job_free(a->hist.job);
	a->hist.job = NULL;
	a->hist.loading = 0;
	return 1;
}

/* Moving along the bars: h/l one, PgUp/PgDn ten, g/G the first/last
 * (last: the index of the last column). 1 when the key was one of those. */
static int
app_hist_move(struct app *a, int last, uint32_t code)
{
	long to;

	switch (code) {
	case 'h': case SK_LEFT: to = a->hist.sel - 1; break;
	case 'l': case SK_RIGHT: to = a->hist.sel + 1; break;
	case SK_PGUP: to = a->hist.sel - 10; break;
	case SK_PGDN: case ' ': to = a->hist.sel < 0 ? 9 : a->hist.sel + 10; break;
	case 'g': case SK_HOME: to = 0; break;
	case 'G': case SK_END: to = last; break;
	default: return 0;
	}
	a->hist.sel = (int)(to < 0 ? 0 : to > last ? last : to);
	return 1;
}

/* The marked span's first and last column (just the selection when
 * nothing is marked). */
static void
app_hist_span(const struct app *a, int *lo, int *hi)
{
	int m = a->hist.mark >= 0 ? a->hist.mark : a->hist.sel;

	*lo = m < a->hist.sel ? m : a->hist.sel;
	*hi = m < a->hist.sel ? a->hist.sel : m;
}

/* m marks the selected bar (again: unmarks); H / L move with a mark
 * left where they started, so Enter zooms into the whole span. */
static int
app_hist_mark_key(struct app *a, int last, uint32_t code)
{
	if (code == 'm') {
		a->hist.mark = a->hist.mark >= 0 || a->hist.sel < 0 ? -1 : a->hist.sel;
		return 1;
	}
	if (code != 'H' && code != 'L')
		return 0;
	if (a->hist.sel < 0)
		a->hist.sel = code == 'L' ? 0 : last;
	if (a->hist.mark < 0)
		a->hist.mark = a->hist.sel;
	app_hist_move(a, last, code == 'H' ? 'h' : 'l');
	return 1;
}

void
app_hist_key(struct app *a, const struct scr_key *k)
{
	struct app_layout l;
	int64_t f, t, f2, t2;
	int lo, hi, last;

	app_layout(a, &l);
	last = hist_ncols(l.hist.w, a->hist.data.n) - 1;
	if (app_hist_move(a, last, k->code) || app_hist_mark_key(a, last, k->code))
		return;
	app_hist_span(a, &lo, &hi);
	if (k->code == SK_ENTER && a->hist.sel >= 0 && a->q.nzoom < 8 &&
	    app_hist_range(a, l.hist.w, lo, &f, &t) == 0 &&
	    app_hist_range(a, l.hist.w, hi, &f2, &t2) == 0) {
		t = t2;
		a->hist.mark = -1;
		a->q.zoom_from[a->q.nzoom] = a->q.from;
		a->q.zoom_to[a->q.nzoom] = a->q.to;
		a->q.nzoom++;
		a->q.from = f;
		a->q.to = t > f ? t : f + 1;
		app_query_run(a);
	} else if ((k->code == 'z' || k->code == SK_BACKSPACE || k->code == '-') && a->q.nzoom > 0) {
		a->q.nzoom--;
		a->q.from = a->q.zoom_from[a->q.nzoom];
		a->q.to = a->q.zoom_to[a->q.nzoom];
		app_query_run(a);
	}
}

/* The histogram answer as the widget's buckets (malloc'd, data.n). */
static struct hist_bucket *
app_hist_buckets(const struct app *a)
{
	struct hist_bucket *b = xcalloc(a->hist.data.n + 1, sizeof *b);
	size_t i;

	for (i = 0; i < a->hist.data.n; i++) {
		b[i].from = a->hist.data.b[i].from;
		b[i].to = a->hist.data.b[i].to;
		b[i].count = a->hist.data.b[i].count;
		b[i].complete = a->hist.data.b[i].complete;
	}
	return b;
}

static int
app_hist_range(const struct app *a, int w, int col, int64_t *f, int64_t *t)
{
	struct hist_bucket *b = app_hist_buckets(a);
	int rc = hist_col_range(w, b, a->hist.data.n, col, f, t);

	free(b);
	return rc;
}

/* After "Incomplete" in the title: what comes of it (buf, n). */
static const char *
app_hist_partial_why(const struct app *a, char *buf, size_t n)
{
	if (a->hist.data.complete || a->hist.data.n == 0)
		return "";
	if (a->load.loading)
		snprintf(buf, n, ", file loading %d%%: asked again once loaded", app_load_pct(a));
	else if (a->hist.loading)
		snprintf(buf, n, ", asking again");
	else
		snprintf(buf, n, " (r runs it again)");
	return buf;
}

void
app_hist_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[256];
	struct hist_bucket *b;

	if (r->h < 2)
		return;
	if (a->q.psql)
		snprintf(title, sizeof title, "Hits  (project SQL: no histogram; its range is in its WHERE)");
	else if (a->hist.err[0])
		snprintf(title, sizeof title, "Hits  %s", a->hist.err);
	else if (a->hist.sel >= 0 && a->hist.data.n > 0) {
		int64_t f, t, f2, t2, c = 0;
		size_t i;
		int lo, hi;

		b = app_hist_buckets(a);
		app_hist_span(a, &lo, &hi);
		if (hist_col_range(r->w, b, a->hist.data.n, lo, &f, &t) == 0 &&
		    hist_col_range(r->w, b, a->hist.data.n, hi, &f2, &t2) == 0) {
			char fs[32], ts[32], cs[32];

			t = t2;

			for (i = 0; i < a->hist.data.n; i++)
				if (b[i].from >= f && b[i].from < t)
					c += b[i].count;
			int d0 = tz_days(f, t + 1), d1 = tz_days(a->q.from, a->q.to);
			int days = d0 > d1 ? d0 : d1;

			tz_fmt(f, days, fs, sizeof fs);
			tz_fmt(t, days, ts, sizeof ts);
			if (hi > lo)
				snprintf(title, sizeof title, "Hits  %s - %s: %s  (%d bars marked; "
				    "Enter zooms, m unmarks)", fs, ts, app_counts_num(c, cs, sizeof cs),
				    hi - lo + 1);
			else
				snprintf(title, sizeof title, "Hits  %s - %s: %s  (Enter zooms, "
				    "z back)  m, H L: mark a span", fs, ts, app_counts_num(c, cs, sizeof cs));
		} else {
			snprintf(title, sizeof title, "Hits");
		}
		free(b);
	} else {
		char load[96];
		size_t k;

		app_counts_hits(title, sizeof title, a->hist.data.total);
		k = strlen(title);
		snprintf(title + k, sizeof title - k, "%s%s%s%s",
		    a->hist.data.complete || a->hist.data.n == 0 ? "" : "  Incomplete",
		    app_hist_partial_why(a, load, sizeof load),
		    a->hist.loading ? " " : "", a->hist.loading ? app_chrome_spinner() : "");
	}
	app_chrome_title(cv, r, a->focus == AF_HIST, title);
	b = app_hist_buckets(a);
	{
		int lo = -1, hi = -1;

		if (a->focus == AF_HIST && a->hist.sel >= 0)
			app_hist_span(a, &lo, &hi);
		hist_draw_span(cv, r->x, r->y + 1, r->w, r->h - 1, b, a->hist.data.n, lo, hi,
		    !a->utf8);
	}
	free(b);
}
