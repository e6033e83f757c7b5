/*
 * cl_merge — a query over several logstores as one job (see cl_merge.h).
 *
 * Each logstore's cl_qjob hands its pages, in order, to a queue of its
 * own. A search is merged like a k-way merge of sorted runs: the head
 * row with the best time (newest first when reverse) is taken while every
 * logstore still loading has a row queued, for one that has none could
 * yet bring a better one. SQL rows are not in time order: they go
 * logstore by logstore, each as soon as the ones before it are done.
 */
#include "client/cl_merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/xalloc.h"

struct cl_msub {
	struct cl_mjob *m;
	char name[128];
	struct cl_qjob *job;   /* asking now (NULL: not) */
	struct cl_qjob *old;   /* a finished job, freed outside its callback */
	struct cl_qstat prev;  /* the figures of its finished jobs, summed */
	struct cl_logs *q;     /* pages waiting, in order */
	size_t nq, capq;
	size_t head, row;      /* the next row: page q[head], row */
	int64_t got, asked;    /* rows it gave in all; asked of the job now */
	int64_t got_job;       /* rows the job now gave */
	int done;              /* no more rows: its last job gave fewer than asked */
	int starting, ended_now; /* inside cl_qjob_start; its job ended there */
};

struct cl_mjob {
	struct cl_client *c;
	struct cl_qspec s;
	char *project, *query, *topic;
	struct cl_msub sub[CL_MERGE_MAX];
	size_t n;
	int sql, reverse;
	int whole;           /* an SQL statement with its own LIMIT: one ask a logstore */
	int64_t limit, given;  /* rows wanted so far (0: all), and given */
	int ended;             /* page NULL given for what was wanted */
	int failed;
	struct cl_err err;
	cl_qpage_fn *fn;
	void *ud;
	struct cl_qstat st;
};

static void cl_merge_on_page(void *ud, struct cl_logs *page, const struct cl_err *err);

/* Ask logstore s for the rows it may still owe: as many as are wanted
 * and not given yet (one logstore could hold them all), from where it is. */
static void
cl_merge_ask(struct cl_mjob *m, struct cl_msub *s)
{
	struct cl_qspec one = m->s;

	one.q.project = m->project;
	one.q.query = m->query;
	one.q.topic = m->topic;
	one.q.logstore = s->name;
	one.q.offset = m->whole ? 0 : s->got;
	one.limit = m->limit > 0 ? m->limit - m->given : 0;
	s->asked = one.limit;
	s->got_job = 0;
	s->starting = 1;
	s->ended_now = 0;
	s->job = cl_qjob_start(m->c, &one, cl_merge_on_page, s);
	s->starting = 0;
	if (s->ended_now) { /* it ended inside cl_qjob_start */
		if (s->old)
			cl_qjob_free(s->old);
		s->old = s->job;
		s->job = NULL;
	}
}

int
cl_merge_split(const char *list, char names[][128], size_t max)
{
	size_t n = 0;
	const char *p = list;

	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p), i;

		while (len > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			len--;
		}
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len >= 128)
			return -1;
		for (i = 0; i < len; i++)
			if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z') ||
			    (p[i] >= '0' && p[i] <= '9') || p[i] == '_' || p[i] == '-' || p[i] == '.'))
				return -1;
		for (i = 0; i < n && (strlen(names[i]) != len || memcmp(names[i], p, len) != 0); i++)
			;
		if (len > 0 && i == n) {
			if (n == max)
				return -1;
			memcpy(names[n], p, len);
			names[n++][len] = '\0';
		}
		p = e ? e + 1 : NULL;
	}
	return (int)n;
}

/* ---- rows ---- */

static int
cl_merge_has_row(const struct cl_msub *s)
{
	return s->head < s->nq && s->row < s->q[s->head].nrows;
}

/* The head row's time (and ns part) as one number. */
static int64_t
cl_merge_time(const struct cl_msub *s)
{
	const struct cl_logs *pg = &s->q[s->head];
	const char *t = cl_row_get(pg, &pg->rows[s->row], "__time__", NULL);
	const char *ns = cl_row_get(pg, &pg->rows[s->row], "__time_ns_part__", NULL);

	return (t ? strtoll(t, NULL, 10) : 0) * 1000000000 + (ns ? strtoll(ns, NULL, 10) : 0);
}

/* The head row into out, __logstore__ first; then on to the next row
 * (a used page is freed). */
static void
cl_merge_take(struct cl_msub *s, struct cl_logs *out)
{
	struct cl_logs *pg = &s->q[s->head];
	const struct cl_row *r = &pg->rows[s->row];
	size_t n = (size_t)r->n + 1, i;
	const char **k = xcalloc(n, sizeof *k), **v = xcalloc(n, sizeof *v);
	size_t *kl = xcalloc(n, sizeof *kl), *vl = xcalloc(n, sizeof *vl);

	if (s->row == 0) { /* the first row taken of that page: its figures */
		out->processed_rows += pg->processed_rows;
		out->elapsed_ms += pg->elapsed_ms;
	}
	k[0] = CL_MERGE_FIELD;
	kl[0] = strlen(CL_MERGE_FIELD);
	v[0] = s->name;
	vl[0] = strlen(s->name);
	for (i = 1; i < n; i++) {
		k[i] = cl_row_key(pg, r, (uint32_t)(i - 1));
		kl[i] = strlen(k[i]);
		v[i] = cl_row_val(r, (uint32_t)(i - 1), &vl[i]);
	}
	cl_logs_add_row(out, k, kl, v, vl, n);
	free(k);
	free(v);
	free(kl);
	free(vl);
	if (++s->row >= pg->nrows) {
		cl_logs_free(pg);
		memset(pg, 0, sizeof *pg);
		s->head++;
		s->row = 0;
	}
}

/* The metadata of a merged page: the first page's, its SQL columns with
 * __logstore__ first, and the figures summed over what was merged. */
static void
cl_merge_meta(const struct cl_logs *src, struct cl_logs *out)
{
	size_t i;

	out->has_sql = src->has_sql;
	out->complete &= src->complete;
	if (src->ncols > 0 && out->ncols == 0) {
		out->cols = arena_alloc(out->ar, (src->ncols + 1) * sizeof *out->cols, sizeof(void *));
		out->cols[0] = CL_MERGE_FIELD;
		for (i = 0; i < src->ncols; i++)
			out->cols[i + 1] = arena_strndup(out->ar, src->cols[i], strlen(src->cols[i]));
		out->ncols = src->ncols + 1;
	}
	if (src->nterms > 0 && out->nterms == 0) {
		out->terms = arena_alloc(out->ar, src->nterms * sizeof *out->terms, sizeof(void *));
		for (i = 0; i < src->nterms; i++)
			out->terms[i] = arena_strndup(out->ar, src->terms[i], strlen(src->terms[i]));
		out->nterms = src->nterms;
	}
}

/* The sub whose head row goes next, or NULL when none may go yet. */
static struct cl_msub *
cl_merge_next(struct cl_mjob *m)
{
	struct cl_msub *best = NULL;
	int64_t bt = 0;
	size_t i;

	for (i = 0; i < m->n; i++) {
		struct cl_msub *s = &m->sub[i];
		int64_t t;

		if (!cl_merge_has_row(s)) {
			if (s->done)
				continue;
			if (s->job == NULL && !m->failed)
				cl_merge_ask(m, s); /* it gave what was asked: it may have more */
			return NULL; /* it may still bring a row that goes first */
		}
		if (m->sql)
			return s; /* logstore by logstore */
		t = cl_merge_time(s);
		if (best == NULL || (m->reverse ? t > bt : t < bt)) {
			best = s;
			bt = t;
		}
	}
	return best;
}

/* Give what may go now; at the end (or the limit), page NULL. */
static void
cl_merge_pump(struct cl_mjob *m)
{
	struct cl_logs out;
	struct cl_msub *s;
	size_t i;
	int all = 1;

	if (m->ended)
		return;
	cl_logs_init(&out);
	while (!m->failed && (m->limit == 0 || m->given < m->limit) &&
	    (s = cl_merge_next(m)) != NULL) {
		cl_merge_meta(&s->q[s->head], &out);
		cl_merge_take(s, &out);
		m->given++;
	}
	m->st.rows = m->given;
	out.count = (int64_t)out.nrows;
	if (out.nrows > 0)
		m->fn(m->ud, &out, NULL);
	else
		cl_logs_free(&out);
	for (i = 0; i < m->n; i++)
		all &= m->sub[i].done && !cl_merge_has_row(&m->sub[i]);
	if (m->failed || all || (m->limit > 0 && m->given >= m->limit)) {
		/* what was wanted is given (more may follow cl_mjob_more) */
		m->ended = 1;
		m->st.done = 1;
		m->fn(m->ud, NULL, m->failed ? &m->err : NULL);
	}
}

static void
cl_merge_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cl_msub *s = ud;
	struct cl_mjob *m = s->m;

	if (page == NULL) {
		if (s->starting) {
			s->ended_now = 1; /* cl_merge_ask moves the job aside */
		} else {
			const struct cl_qstat *q = cl_qjob_stat(s->job);

			s->prev.requests += q->requests;
			s->prev.reasks += q->reasks;
			s->prev.throttled += q->throttled;
			s->prev.repeats += q->repeats;
			s->prev.complete |= !q->complete;
			s->prev.v1 |= q->v1;
			if (s->old)
				cl_qjob_free(s->old);
			s->old = s->job; /* in its own callback: freed later */
			s->job = NULL;
		}
		/* fewer than asked (or all asked for): nothing more there */
		s->done = err != NULL || m->whole || s->asked == 0 || s->got_job < s->asked;
		if (err && !m->failed) {
			m->failed = 1;
			m->err = *err;
			snprintf(m->err.msg, sizeof m->err.msg, "logstore %.100s: %.400s", s->name,
			    err->msg);
		}
	} else { /* kept even after what was wanted is given: cl_mjob_more takes them */
		if (s->nq == s->capq) {
			s->capq = s->capq ? 2 * s->capq : 8;
			s->q = xreallocarray(s->q, s->capq, sizeof *s->q);
		}
		s->q[s->nq++] = *page;
		s->got += (int64_t)page->nrows;
		s->got_job += (int64_t)page->nrows;
		memset(page, 0, sizeof *page);
	}
	cl_merge_pump(m);
}

struct cl_mjob *
cl_mjob_start(struct cl_client *c, const struct cl_qspec *s, const char *const *logstores,
    size_t n, cl_qpage_fn *fn, void *ud, struct cl_err *err)
{
	struct cl_mjob *m;
	size_t i;

	if (n == 0 || n > CL_MERGE_MAX) {
		memset(err, 0, sizeof *err);
		err->st = CL_E_USAGE;
		snprintf(err->msg, sizeof err->msg, "a merged query takes 1 to %d logstores",
		    CL_MERGE_MAX);
		return NULL;
	}
	m = xcalloc(1, sizeof *m);
	m->c = c;
	m->s = *s;
	m->project = xstrdup(s->q.project ? s->q.project : "");
	m->query = s->q.query ? xstrdup(s->q.query) : NULL;
	m->topic = s->q.topic ? xstrdup(s->q.topic) : NULL;
	m->n = n;
	m->sql = cl_query_is_sql(s->q.query ? s->q.query : "");
	m->whole = m->sql && cl_query_has_limit(s->q.query);
	m->reverse = s->q.reverse;
	m->limit = s->limit;
	m->fn = fn;
	m->ud = ud;
	for (i = 0; i < n; i++) {
		m->sub[i].m = m;
		snprintf(m->sub[i].name, sizeof m->sub[i].name, "%s", logstores[i]);
	}
	for (i = 0; i < n && !m->failed; i++)
		cl_merge_ask(m, &m->sub[i]);
	return m;
}

void
cl_mjob_more(struct cl_mjob *m, int64_t rows)
{
	size_t i;

	if (m->failed || m->limit == 0 || rows <= 0)
		return;
	for (i = 0; i < m->n; i++)
		if (m->sub[i].old != NULL) { /* not in a callback now: free what finished */
			cl_qjob_free(m->sub[i].old);
			m->sub[i].old = NULL;
		}
	m->limit += rows;
	m->ended = 0;
	m->st.done = 0;
	cl_merge_pump(m);
}

int
cl_mjob_exhausted(const struct cl_mjob *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!m->sub[i].done || cl_merge_has_row(&m->sub[i]))
			return 0;
	return 1;
}

const struct cl_qstat *
cl_mjob_stat(struct cl_mjob *m)
{
	struct cl_qstat t;
	size_t i;

	memset(&t, 0, sizeof t);
	t.complete = 1;
	for (i = 0; i < m->n; i++) {
		const struct cl_qstat *q;

		const struct cl_qstat *p = &m->sub[i].prev;

		t.throttled += p->throttled;
		t.repeats += p->repeats;
		t.requests += p->requests;
		t.reasks += p->reasks;
		t.complete &= !p->complete; /* prev.complete counts the incomplete ones */
		t.v1 |= p->v1;
		t.sql |= m->sql;
		if (m->sub[i].job == NULL)
			continue;
		q = cl_qjob_stat(m->sub[i].job);
		t.inflight += q->inflight;
		t.inflight_peak += q->inflight_peak;
		t.throttled += q->throttled;
		t.repeats += q->repeats;
		t.requests += q->requests;
		t.reasks += q->reasks;
		t.reasking = q->reasking > t.reasking ? q->reasking : t.reasking;
		t.complete &= q->complete;
		t.v1 |= q->v1;
	}
	t.rows = m->given;
	t.done = m->ended;
	m->st = t;
	return &m->st;
}

void
cl_mjob_free(struct cl_mjob *m)
{
	size_t i, k;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++) {
		struct cl_msub *s = &m->sub[i];

		if (s->job)
			cl_qjob_free(s->job);
		if (s->old)
			cl_qjob_free(s->old);
		for (k = s->head; k < s->nq; k++)
			cl_logs_free(&s->q[k]);
		free(s->q);
	}
	free(m->project);
	free(m->query);
	free(m->topic);
	free(m);
}
