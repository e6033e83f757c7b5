/*
 * app_hist — the hits histogram pane: asking for it, its keys (select
 * a bar, zoom in and out) and its drawing.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_query.h"
#include "tui/scr.h"
#include "widgets/canvas.h"
#include "widgets/hist.h"

static int app_hist_range(const struct app *a, int w, int col, int64_t *f, int64_t *t);

void
app_hist_request(struct app *a, long delay_ms)
{
	struct cl_args args;
	struct cl_call call;
	struct cl_query q;
	char *search = xstrdup(a->q.query), *bar = strchr(search, '|');

	if (bar)
		*bar = '\0'; /* histograms take only the search part */
	memset(&q, 0, sizeof q);
	q.project = a->q.project;
	q.logstore = a->q.logstore;
	q.from = a->q.from;
	q.to = a->q.to;
	q.query = search;
	cl_args_init(&args);
	cl_api_get_histograms(&call, &args, &q);
	call.delay_ms = delay_ms;
	a->hist.loading = 1;
	app_req_send(a, app_req_new(a, RQ_HIST, NULL), &call);
	cl_args_free(&args);
	free(search);
}

void
app_hist_on_reply(struct app *a, struct app_req *rq, const struct cl_resp *rs)
{
	struct cl_err perr;

	cl_hist_free(&a->hist.data);
	a->hist.loading = 0;
	if (cl_parse_histograms(rs, &a->hist.data, &perr) != 0) {
		app_text_err(a->hist.err, sizeof a->hist.err, "histogram", &perr);
		return;
	}
	if (!a->hist.data.complete && rq->tries < CL_REASK_MAX) {
		a->hist.reasks++;
		app_hist_request(a, cl_reask_ms(rq->tries));
		/* the request just made took a new slot; carry the count */
		{
			size_t i;

			for (i = 0; i < APP_NREQ; i++)
				if (a->reqs[i].used && a->reqs[i].kind == RQ_HIST && &a->reqs[i] != rq)
					a->reqs[i].tries = rq->tries + 1;
		}
	}
}

/* The histogram of a new query: nothing yet. */
void
app_hist_reset(struct app *a)
{
	cl_hist_free(&a->hist.data);
	a->hist.err[0] = '\0';
	a->hist.sel = -1;
	a->hist.reasks = 0;
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

void
app_hist_key(struct app *a, const struct scr_key *k)
{
	struct app_layout l;
	int64_t f, t;

	app_layout(a, &l);
	if (app_hist_move(a, hist_ncols(l.hist.w, a->hist.data.n) - 1, k->code))
		return;
	if (k->code == SK_ENTER && a->hist.sel >= 0 && a->q.nzoom < 8 &&
	    app_hist_range(a, l.hist.w, a->hist.sel, &f, &t) == 0) {
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

void
app_hist_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[256];
	struct hist_bucket *b;

	if (r->h < 2)
		return;
	if (a->hist.err[0])
		snprintf(title, sizeof title, "Hits  %s", a->hist.err);
	else if (a->hist.sel >= 0 && a->hist.data.n > 0) {
		int64_t f, t, c = 0;
		size_t i;

		b = app_hist_buckets(a);
		if (hist_col_range(r->w, b, a->hist.data.n, a->hist.sel, &f, &t) == 0) {
			char fs[32], ts[32];

			for (i = 0; i < a->hist.data.n; i++)
				if (b[i].from >= f && b[i].from < t)
					c += b[i].count;
			app_chrome_fmt_time(f, t - f >= 86400 || a->q.to - a->q.from > 86400, fs, sizeof fs);
			app_chrome_fmt_time(t, t - f >= 86400 || a->q.to - a->q.from > 86400, ts, sizeof ts);
			snprintf(title, sizeof title, "Hits  %s - %s: %" PRId64 "  (Enter zooms, z back)",
			    fs, ts, c);
		} else {
			snprintf(title, sizeof title, "Hits");
		}
		free(b);
	} else {
		snprintf(title, sizeof title, "Hits  %" PRId64 "%s%s%s", a->hist.data.total,
		    a->hist.data.complete || a->hist.data.n == 0 ? "" : "  Incomplete, asking again",
		    a->hist.loading ? " " : "", a->hist.loading ? app_chrome_spinner() : "");
	}
	app_chrome_title(cv, r, a->focus == AF_HIST, title);
	b = app_hist_buckets(a);
	(a->utf8 ? hist_draw : hist_draw_ascii)(cv, r->x, r->y + 1, r->w, r->h - 1, b, a->hist.data.n,
	    a->focus == AF_HIST ? a->hist.sel : -1);
	free(b);
}
