/*
 * app_ctx — the context pane: the lines around one result, fetched in
 * both directions as the user scrolls past either end.
 */
#include "tui/app_int.h"

#include <stdio.h>
#include <string.h>

#include "client/cl.h"
#include "client/cl_api.h"
#include "client/cl_merge.h"
#include "client/cl_query.h"
#include "tui/scr.h"
#include "widgets/canvas.h"

static void
app_ctx_request(struct app *a, enum app_req_kind kind, const char *id, const char *meta,
    int back, int fwd)
{
	struct cl_args args;
	struct cl_call call;

	cl_args_init(&args);
	cl_api_get_context(&call, &args, a->q.project, a->ctx.ls[0] ? a->ctx.ls : a->q.logstore, id,
	    meta, back, fwd);
	a->ctx.loading = 1;
	app_req_send(a, app_req_new(a, kind, NULL), &call);
	cl_args_free(&args);
}

void
app_ctx_open(struct app *a)
{
	const struct cl_logs *pg;
	const struct cl_row *r = app_rows_get(&a->res.rows, a->res.pos.sel, &pg);
	const char *id, *meta;

	if (r == NULL || a->res.sql)
		return;
	id = cl_row_get(pg, r, "__tag__:__pack_id__", NULL);
	meta = cl_row_get(pg, r, "__pack_meta__", NULL);
	if (id == NULL || meta == NULL) {
		app_statusf(a, 1, "this log has no pack id: its context is not known");
		return;
	}
	a->ctx.ls[0] = '\0';
	if (strchr(a->q.logstore, ',') != NULL) { /* several logstores: the row's own */
		const char *ls = cl_row_get(pg, r, CL_MERGE_FIELD, NULL);

		if (ls == NULL || strlen(ls) >= sizeof a->ctx.ls) {
			app_statusf(a, 1, "this log does not say its logstore: its context is not known");
			return;
		}
		snprintf(a->ctx.ls, sizeof a->ctx.ls, "%s", ls);
	}
	app_rows_free(&a->ctx.rows);
	a->ctx.err[0] = '\0';
	a->ctx.on = 1;
	a->ctx.pos.sel = a->ctx.pos.top = 0;
	a->ctx.more_back = a->ctx.more_fwd = 1;
	a->gen++; /* a context answer for an older anchor is dropped */
	app_ctx_request(a, RQ_CTX_FIRST, id, meta, 50, 50);
}

/* Fetch more context past the first (back) or last line. */
void
app_ctx_more(struct app *a, int back)
{
	const struct cl_logs *pg;
	const struct cl_row *r;
	const char *id, *meta;

	if (a->ctx.loading || a->ctx.rows.n == 0 || !(back ? a->ctx.more_back : a->ctx.more_fwd))
		return;
	r = app_rows_get(&a->ctx.rows, back ? 0 : a->ctx.rows.n - 1, &pg);
	id = cl_row_get(pg, r, "__tag__:__pack_id__", NULL);
	meta = cl_row_get(pg, r, "__pack_meta__", NULL);
	if (id && meta)
		app_ctx_request(a, back ? RQ_CTX_BACK : RQ_CTX_FWD, id, meta, back ? 100 : 0,
		    back ? 0 : 100);
}

void
app_ctx_on_reply(struct app *a, struct app_req *rq, const struct cl_resp *rs)
{
	struct cl_logs l;
	struct cl_err perr;
	size_t n;

	a->ctx.loading = 0;
	cl_logs_init(&l);
	if (cl_parse_context(rs, &l, &perr) != 0) {
		app_text_err(a->ctx.err, sizeof a->ctx.err, "context", &perr);
		cl_logs_free(&l);
		return;
	}
	if (rq->kind == RQ_CTX_FIRST) {
		if (l.nrows == 0) {
			snprintf(a->ctx.err, sizeof a->ctx.err, "no lines around this log");
			a->ctx.more_back = a->ctx.more_fwd = 0;
			cl_logs_free(&l);
			return;
		}
		a->ctx.pos.sel = a->ctx.anchor = (size_t)l.back_lines;
		a->ctx.pos.top = a->ctx.pos.sel > app_layout_page(a) / 2 ? a->ctx.pos.sel - app_layout_page(a) / 2 : 0;
		a->ctx.more_back = l.back_lines >= 50;
		a->ctx.more_fwd = l.forward_lines >= 50;
		app_rows_add(&a->ctx.rows, &l, 0, l.nrows, 0);
	} else if (rq->kind == RQ_CTX_BACK) {
		n = (size_t)l.back_lines;
		a->ctx.more_back = l.back_lines >= 100;
		app_rows_add(&a->ctx.rows, &l, 0, n, 0);
		a->ctx.pos.sel += n;
		a->ctx.pos.top += n;
		a->ctx.anchor += n;
	} else {
		a->ctx.more_fwd = l.forward_lines >= 100;
		n = (size_t)l.forward_lines;
		app_rows_add(&a->ctx.rows, &l, l.nrows > n ? l.nrows - n : 0, l.nrows, a->ctx.rows.n);
	}
	cl_logs_free(&l);
}

/* The context's keys: moving past either end fetches more lines. */
void
app_ctx_key(struct app *a, const struct scr_key *k)
{
	struct app_ctx *c = &a->ctx;
	long v = app_list_nav(k, c->pos.sel, c->rows.n, (int)app_layout_page(a));

	if (v >= 0) {
		if (v == 0 && c->pos.sel == 0)
			app_ctx_more(a, 1);
		if (c->rows.n && (size_t)v == c->rows.n - 1 && c->pos.sel == c->rows.n - 1)
			app_ctx_more(a, 0);
		c->pos.sel = (size_t)v;
	}
	if (k->code == SK_ESC || k->code == 'q' || k->code == SK_BACKSPACE)
		c->on = 0;
	else if (k->code == 'y')
		app_results_yank(a, &c->rows, c->pos.sel);
	else if (k->code == 'a' && c->anchor < c->rows.n)
		c->pos.sel = c->anchor;
	else if (k->code == 'n' || k->code == 'N')
		app_results_find(a, k->code == 'n' ? 1 : -1, 1);
	else
		app_results_view_key(a, k); /* w wrap, h/l sideways */
}

void
app_ctx_draw(const struct app *a, struct canvas *cv, const struct app_rect *r)
{
	char title[256];
	int focused = a->focus == AF_RESULTS;

	const struct app_list *p = &a->ctx.pos;
	int anchored = a->ctx.rows.n > 0 && a->ctx.anchor < a->ctx.rows.n;

	snprintf(title, sizeof title, "Context  %zu lines%s%s  %s", a->ctx.rows.n,
	    a->ctx.loading ? " " : "", a->ctx.loading ? app_chrome_spinner() : "",
	    a->ctx.err[0] ? a->ctx.err : anchored && p->sel != a->ctx.anchor ?
	    "(underlined: the log, a: back to it, Esc returns)" : "(Esc returns)");
	app_results_view_label(a, title, sizeof title);
	app_chrome_title(cv, r, focused, title);
	/* the log the context is around stays underlined when the cursor leaves it */
	app_results_draw_loglist(a, cv, r, &a->ctx.rows, &((struct app *)a)->ctx.pos, focused);
}

void
app_ctx_close(struct app *a)
{
	a->ctx.on = 0;
}

void
app_ctx_free(struct app *a)
{
	app_rows_free(&a->ctx.rows);
	a->ctx.on = 0;
}
