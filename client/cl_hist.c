/*
 * cl_hist — the histogram job (see cl_hist.h).
 */
#include "client/cl_hist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl_merge.h"
#include "proto/hstep.h"

struct cl_hist_job {
	struct cl_client *c;
	struct cl_query q;        /* its strings are the job's */
	int max_reask, reasks;
	uint64_t id;              /* the request in flight, 0 none */
	cl_hist_fn *fn;
	void *ud;
	/* logstore "a,b": a job each, their latest answers summed */
	struct cl_hist_job *sub[CL_MERGE_MAX];
	struct cl_hist part[CL_MERGE_MAX];
	int have[CL_MERGE_MAX], final[CL_MERGE_MAX];
	size_t nsub;
	int failed;
	struct cl_hist_job *parent;
	size_t index;             /* in the parent's */
};

void
cl_hist_add(struct cl_hist *a, const struct cl_hist *b)
{
	size_t i, k;

	a->total += b->total;
	a->complete &= b->complete;
	for (i = 0; i < b->n; i++) {
		for (k = 0; k < a->n && (a->b[k].from != b->b[i].from || a->b[k].to != b->b[i].to); k++)
			;
		if (k < a->n) {
			a->b[k].count += b->b[i].count;
			a->b[k].complete &= b->b[i].complete;
			continue;
		}
		a->b = xreallocarray(a->b, a->n + 1, sizeof *a->b);
		for (k = a->n; k > 0 && a->b[k - 1].from > b->b[i].from; k--)
			a->b[k] = a->b[k - 1];
		a->b[k] = b->b[i];
		a->n++;
	}
}

/* A logstore's answer (or failure) in a merged job: the sum so far goes
 * up, final when every logstore's is. */
static void
cl_hist_on_part(void *ud, const struct cl_hist_ev *ev)
{
	struct cl_hist_job *sj = ud, *j = sj->parent;
	struct cl_hist_ev out;
	struct cl_hist sum;
	size_t i;
	int final = 1, reasks = 0;

	if (j->failed)
		return;
	if (ev->h == NULL) {
		j->failed = 1;
		j->fn(j->ud, ev);
		return;
	}
	cl_hist_free(&j->part[sj->index]);
	j->part[sj->index] = *ev->h; /* moved */
	memset(ev->h, 0, sizeof *ev->h);
	j->have[sj->index] = 1;
	j->final[sj->index] = ev->final;
	for (i = 0; i < j->nsub; i++)
		if (!j->have[i])
			return; /* a sum once every logstore has answered */
	memset(&sum, 0, sizeof sum);
	sum.complete = 1;
	for (i = 0; i < j->nsub; i++) {
		final &= j->final[i];
		reasks += j->sub[i]->reasks;
		cl_hist_add(&sum, &j->part[i]);
	}
	memset(&out, 0, sizeof out);
	out.h = &sum;
	out.final = final;
	out.reasks = reasks;
	j->fn(j->ud, &out); /* the sum is the callee's now */
}

static char *
cl_hist_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void cl_hist_done(void *ud, const struct cl_resp *rs, const struct cl_err *err);
static void cl_hist_job_init(struct cl_hist_job *j, struct cl_client *c,
    const struct cl_hist_spec *s, cl_hist_fn *fn, void *ud);

static void
cl_hist_send(struct cl_hist_job *j, long delay_ms)
{
	struct cl_args a;
	struct cl_call call;

	cl_args_init(&a);
	cl_api_get_histograms(&call, &a, &j->q);
	call.delay_ms = delay_ms;
	j->id = cl_send(j->c, &call, cl_hist_done, j);
	cl_args_free(&a);
}

static void
cl_hist_fail(struct cl_hist_job *j, const struct cl_err *err, int bad_reply)
{
	struct cl_hist_ev ev;

	memset(&ev, 0, sizeof ev);
	ev.err = err;
	ev.bad_reply = bad_reply;
	ev.final = 1;
	ev.reasks = j->reasks;
	j->fn(j->ud, &ev);
}

static void
cl_hist_done(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct cl_hist_job *j = ud;
	struct cl_hist_ev ev;
	struct cl_hist h;
	struct cl_err perr;

	j->id = 0;
	if (err->st != CL_OK) {
		cl_hist_fail(j, err, 0);
		return;
	}
	if (cl_parse_histograms(rs, &h, &perr) != 0) {
		cl_hist_fail(j, &perr, 1);
		return;
	}
	cl_stats_meta(j->c, 0, 0, !h.complete);
	memset(&ev, 0, sizeof ev);
	ev.h = &h;
	ev.final = h.complete || j->reasks >= j->max_reask;
	if (!ev.final) /* ask again first: the callback sees the job busy */
		cl_hist_send(j, cl_reask_ms(j->reasks++));
	ev.reasks = j->reasks;
	j->fn(j->ud, &ev);
}

/* logstore "a,b": a job for each logstore, summed by cl_hist_on_part. */
static struct cl_hist_job *
cl_hist_job_merged(struct cl_client *c, const struct cl_hist_spec *s, cl_hist_fn *fn, void *ud)
{
	struct cl_hist_job *j = xcalloc(1, sizeof *j);
	char names[CL_MERGE_MAX][128];
	int n = cl_merge_split(s->q.logstore, names, CL_MERGE_MAX), i;

	j->c = c;
	j->fn = fn;
	j->ud = ud;
	if (n <= 0) {
		struct cl_err e;

		memset(&e, 0, sizeof e);
		e.st = CL_E_USAGE;
		snprintf(e.msg, sizeof e.msg, "give 1 to %d logstore names, separated by commas",
		    CL_MERGE_MAX);
		j->failed = 1;
		cl_hist_fail(j, &e, 0);
		return j;
	}
	j->nsub = (size_t)n;
	for (i = 0; i < n; i++) {
		j->sub[i] = xcalloc(1, sizeof *j->sub[i]);
		j->sub[i]->parent = j;
		j->sub[i]->index = (size_t)i;
	}
	for (i = 0; i < n; i++) { /* each its own job, set up as cl_hist_job_start does */
		struct cl_hist_spec one = *s;
		struct cl_hist_job *sj = j->sub[i];

		one.q.logstore = names[i];
		cl_hist_job_init(sj, c, &one, cl_hist_on_part, sj);
		cl_hist_send(sj, 0);
	}
	return j;
}

static void
cl_hist_job_init(struct cl_hist_job *j, struct cl_client *c, const struct cl_hist_spec *s,
    cl_hist_fn *fn, void *ud)
{
	const char *q = s->q.query ? s->q.query : "";
	const char *bar = cl_query_pipe(q);

	j->c = c;
	j->q = s->q;
	j->q.project = cl_hist_dup(s->q.project);
	j->q.logstore = cl_hist_dup(s->q.logstore);
	j->q.topic = cl_hist_dup(s->q.topic);
	/* histograms count the search part only */
	j->q.query = bar ? xstrndup(q, (size_t)(bar - q)) : xstrdup(q);
	if (s->cols > 0)
		j->q.interval = hstep_pick(s->q.from, s->q.to, s->cols);
	j->max_reask = s->max_reask == 0 ? CL_REASK_MAX : s->max_reask < 0 ? 0 : s->max_reask;
	j->fn = fn;
	j->ud = ud;
}

struct cl_hist_job *
cl_hist_job_start(struct cl_client *c, const struct cl_hist_spec *s, cl_hist_fn *fn, void *ud)
{
	struct cl_hist_job *j;
	if (s->q.logstore && strchr(s->q.logstore, ','))
		return cl_hist_job_merged(c, s, fn, ud);
	j = xcalloc(1, sizeof *j);
	cl_hist_job_init(j, c, s, fn, ud);
	cl_hist_send(j, 0);
	return j;
}

int
cl_hist_job_busy(const struct cl_hist_job *j)
{
	size_t i;

	if (j == NULL)
		return 0;
	for (i = 0; i < j->nsub; i++)
		if (cl_hist_job_busy(j->sub[i]))
			return 1;
	return j->id != 0;
}

void
cl_hist_job_free(struct cl_hist_job *j)
{
	size_t i;

	if (j == NULL)
		return;
	for (i = 0; i < j->nsub; i++) {
		cl_hist_job_free(j->sub[i]);
		cl_hist_free(&j->part[i]);
	}
	if (j->id)
		cl_abandon(j->c, j->id);
	free((char *)j->q.project);
	free((char *)j->q.logstore);
	free((char *)j->q.topic);
	free((char *)j->q.query);
	free(j);
}
