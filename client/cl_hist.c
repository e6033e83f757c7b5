/*
 * cl_hist — the histogram job (see cl_hist.h).
 */
#include "client/cl_hist.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

struct cl_hist_job {
	struct cl_client *c;
	struct cl_query q;        /* its strings are the job's */
	int max_reask, reasks;
	uint64_t id;              /* the request in flight, 0 none */
	cl_hist_fn *fn;
	void *ud;
};

static char *
cl_hist_dup(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void cl_hist_done(void *ud, const struct cl_resp *rs, const struct cl_err *err);

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

struct cl_hist_job *
cl_hist_job_start(struct cl_client *c, const struct cl_hist_spec *s, cl_hist_fn *fn, void *ud)
{
	struct cl_hist_job *j = xcalloc(1, sizeof *j);
	const char *q = s->q.query ? s->q.query : "";
	const char *bar = cl_query_pipe(q);

	j->c = c;
	j->q = s->q;
	j->q.project = cl_hist_dup(s->q.project);
	j->q.logstore = cl_hist_dup(s->q.logstore);
	j->q.topic = cl_hist_dup(s->q.topic);
	/* histograms count the search part only */
	j->q.query = bar ? xstrndup(q, (size_t)(bar - q)) : xstrdup(q);
	j->max_reask = s->max_reask == 0 ? CL_REASK_MAX : s->max_reask < 0 ? 0 : s->max_reask;
	j->fn = fn;
	j->ud = ud;
	cl_hist_send(j, 0);
	return j;
}

int
cl_hist_job_busy(const struct cl_hist_job *j)
{
	return j != NULL && j->id != 0;
}

void
cl_hist_job_free(struct cl_hist_job *j)
{
	if (j == NULL)
		return;
	if (j->id)
		cl_abandon(j->c, j->id);
	free((char *)j->q.project);
	free((char *)j->q.logstore);
	free((char *)j->q.topic);
	free((char *)j->q.query);
	free(j);
}
