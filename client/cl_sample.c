/*
 * cl_sample — a spread sample of a search's logs (see cl_sample.h).
 */
#include "client/cl_sample.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl_hist.h"

struct cl_sample_slice {
	int64_t from, to, want;
};

struct cl_sample {
	struct cl_client *c;
	struct cl_sample_spec s;
	char *project, *logstore, *query, *topic;
	cl_sample_fn *fn;
	void *ud;
	struct cl_hist_job *hj;
	struct cl_qjob *qj[CL_SAMPLE_SLICES]; /* one per slice: a job that ended
	                                       * in its callback is freed at the end */
	struct cl_sample_slice sl[CL_SAMPLE_SLICES];
	int nslice, cur;
	struct cl_sample_stat st;
};

static void cl_sample_next(struct cl_sample *j);

static void
cl_sample_end(struct cl_sample *j, const struct cl_err *err)
{
	j->st.done = 1;
	j->fn(j->ud, NULL, err);
}

static void
cl_sample_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cl_sample *j = ud;

	if (page != NULL) {
		if (!page->complete)
			j->st.complete = 0;
		j->st.rows += (int64_t)page->nrows;
		j->fn(j->ud, page, NULL);
		return;
	}
	if (err) {
		cl_sample_end(j, err);
		return;
	}
	j->cur++;
	cl_sample_next(j);
}

/* The query job of the next slice, or the end. */
static void
cl_sample_next(struct cl_sample *j)
{
	struct cl_qspec q;

	while (j->cur < j->nslice && j->sl[j->cur].want <= 0)
		j->cur++;
	if (j->cur >= j->nslice) {
		cl_sample_end(j, NULL);
		return;
	}
	memset(&q, 0, sizeof q);
	q.q = j->s.q;
	q.q.project = j->project;
	q.q.logstore = j->logstore;
	q.q.query = j->query;
	q.q.topic = j->topic;
	q.q.from = j->sl[j->cur].from;
	q.q.to = j->sl[j->cur].to;
	q.q.offset = 0;
	q.limit = j->sl[j->cur].want;
	q.with_pack_meta = 1;
	q.dedupe = 1;
	j->qj[j->cur] = cl_qjob_start(j->c, &q, cl_sample_on_page, j);
}

/* Cut the histogram's buckets into slices, each asked for its share of
 * max (all of its hits when they all fit). */
static void
cl_sample_plan(struct cl_sample *j, const struct cl_hist *h)
{
	size_t per = (h->n + CL_SAMPLE_SLICES - 1) / CL_SAMPLE_SLICES, i, k;
	int64_t total = 0;

	for (i = 0; i < h->n; i++)
		total += h->b[i].count;
	j->st.hits = total;
	j->st.all = total <= j->s.max;
	j->nslice = 0;
	if (h->n == 0 || total == 0)
		return;
	for (i = 0; i < h->n; i += per) {
		struct cl_sample_slice *s = &j->sl[j->nslice++];
		int64_t hits = 0;

		for (k = i; k < i + per && k < h->n; k++)
			hits += h->b[k].count;
		s->from = h->b[i].from;
		s->to = h->b[k - 1].to;
		if (i == 0 && s->from > j->s.q.from)
			s->from = j->s.q.from;
		s->want = j->st.all ? hits : hits * j->s.max / total;
	}
	j->sl[j->nslice - 1].to = j->s.q.to > j->sl[j->nslice - 1].to ? j->s.q.to
									: j->sl[j->nslice - 1].to;
	if (j->st.all) /* logs that came after the histogram: take them too */
		for (i = 0; i < (size_t)j->nslice; i++)
			j->sl[i].want = 0x7fffffffffffLL;
}

static void
cl_sample_on_hist(void *ud, const struct cl_hist_ev *ev)
{
	struct cl_sample *j = ud;

	if (ev->err) {
		cl_sample_end(j, ev->err);
		return;
	}
	if (!ev->h->complete)
		j->st.complete = 0;
	if (!ev->final) {
		cl_hist_free(ev->h);
		return;
	}
	cl_sample_plan(j, ev->h);
	cl_hist_free(ev->h);
	cl_sample_next(j);
}

struct cl_sample *
cl_sample_start(struct cl_client *c, const struct cl_sample_spec *s, cl_sample_fn *fn, void *ud)
{
	struct cl_sample *j = xcalloc(1, sizeof *j);
	struct cl_hist_spec hs;

	j->c = c;
	j->s = *s;
	if (j->s.max <= 0)
		j->s.max = CL_SAMPLE_DEFAULT;
	j->fn = fn;
	j->ud = ud;
	j->project = xstrdup(s->q.project ? s->q.project : "");
	j->logstore = xstrdup(s->q.logstore ? s->q.logstore : "");
	j->query = xstrdup(s->q.query && *s->q.query ? s->q.query : "*");
	j->topic = s->q.topic ? xstrdup(s->q.topic) : NULL;
	j->st.hits = -1;
	j->st.complete = 1;
	memset(&hs, 0, sizeof hs);
	hs.q = j->s.q;
	hs.q.project = j->project;
	hs.q.logstore = j->logstore;
	hs.q.query = j->query;
	hs.q.topic = j->topic;
	j->hj = cl_hist_job_start(c, &hs, cl_sample_on_hist, j);
	return j;
}

const struct cl_sample_stat *
cl_sample_stat(const struct cl_sample *j)
{
	return &j->st;
}

void
cl_sample_describe(const struct cl_sample_stat *st, int64_t rows, char *buf, size_t n)
{
	int64_t hits = st->hits >= 0 ? st->hits : 0;

	if (!st->all || !st->done)
		snprintf(buf, n, "a sample of %" PRId64 " hits", hits);
	else if (rows != hits)
		snprintf(buf, n, "all hits (%" PRId64 " when counted)", hits);
	else
		snprintf(buf, n, "all of the %" PRId64 " hits", hits);
}

void
cl_sample_free(struct cl_sample *j)
{
	int i;

	if (j == NULL)
		return;
	cl_hist_job_free(j->hj);
	for (i = 0; i < CL_SAMPLE_SLICES; i++)
		cl_qjob_free(j->qj[i]);
	free(j->project);
	free(j->logstore);
	free(j->query);
	free(j->topic);
	free(j);
}
