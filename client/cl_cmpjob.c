/*
 * cl_cmpjob — comparing two windows as one job (see cl_cmpjob.h).
 *
 * Stages: GetIndex (fields not given), the approx_distinct statement,
 * then the samples and the top-value statements at once. Jobs that ended
 * in their own callbacks are only freed with the whole job.
 */
#include "client/cl_cmpjob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "client/cl_an.h"
#include "client/cl_api.h"
#include "client/cl_logs.h"
#include "client/cl_pat.h"
#include "client/cl_sample.h"

struct cl_cmpjob;

struct cl_cmpjob_side {
	struct cl_cmpjob *j;
	struct cl_sample *smp;
	int64_t *gn;                /* lines per pattern group */
	size_t ngn;
	int done;
};

struct cl_cmpjob_rows {         /* a statement's pages, gathered */
	struct cl_cmpjob *j;
	struct cl_qjob *qj;
	struct cl_logs *pages;
	size_t npages;
	int done;
};

struct cl_cmpjob {
	struct cl_client *c;
	struct cl_cmpjob_spec s;
	char *project, *logstore, *query, *topic;
	cl_cmpjob_fn *fn;
	void *ud;
	uint64_t index_id;
	int index_pending;
	char **cand;
	size_t ncand;
	struct cl_cmpjob_rows distinct;
	struct cl_cmpjob_side side[2];
	struct cl_cmpjob_rows *tops; /* [field * 2 + side] */
	struct cl_pat *pat;
	struct cl_cmpjob_result r;
	int ended;
};

static void
cl_cmpjob_end(struct cl_cmpjob *j, const struct cl_err *err)
{
	if (j->ended)
		return;
	j->ended = 1;
	j->fn(j->ud, err);
}

/* ---- the last stage: samples and top values ---- */

static void
cl_cmpjob_on_sample(void *ud, struct cl_logs *page, const struct cl_err *err);
static void
cl_cmpjob_on_rows(void *ud, struct cl_logs *page, const struct cl_err *err);

static void
cl_cmpjob_rows_start(struct cl_cmpjob *j, struct cl_cmpjob_rows *r, const char *sql, int side)
{
	struct cl_qspec q;

	memset(&q, 0, sizeof q);
	q.q = j->s.q;
	q.q.project = j->project;
	q.q.logstore = j->logstore;
	q.q.topic = j->topic;
	q.q.query = sql;
	if (side == 1) {
		q.q.from = j->s.base_from;
		q.q.to = j->s.base_to;
	}
	r->j = j;
	r->qj = cl_qjob_start(j->c, &q, cl_cmpjob_on_rows, r);
}

/* Both sides' values of every field into r.vals, ranked. */
static int
cl_cmpjob_values(struct cl_cmpjob *j)
{
	size_t f, s, i;

	for (f = 0; f < j->r.nfields; f++) {
		int64_t total[2] = { 0, 0 };

		for (s = 0; s < 2; s++) {
			struct cl_cmpjob_rows *r = &j->tops[f * 2 + s];
			struct cl_an_top t;

			if (cl_an_top_read(r->pages, r->npages, &t) != 0)
				return -1;
			for (i = 0; i < t.n; i++)
				cl_cmp_add(&j->r.vals, j->r.fields[f], t.v[i].value ? t.v[i].value : "(none)",
				    t.v[i].value ? t.v[i].len : 6, (int)s, t.v[i].count);
			total[s] = t.total;
			cl_an_top_free(&t);
		}
		cl_cmp_finish(&j->r.vals, j->r.fields[f], total[0], total[1]);
	}
	cl_cmp_sort(&j->r.vals);
	return 0;
}

static void
cl_cmpjob_patterns(struct cl_cmpjob *j)
{
	const struct cl_pat_group *g;
	size_t n = cl_pat_groups(j->pat, &g), i, s;

	for (i = 0; i < n; i++)
		for (s = 0; s < 2; s++)
			cl_cmp_add(&j->r.pats, NULL, g[i].tmpl, strlen(g[i].tmpl), (int)s,
			    g[i].id < j->side[s].ngn ? j->side[s].gn[g[i].id] : 0);
	cl_cmp_finish(&j->r.pats, NULL, j->r.sampled[0], j->r.sampled[1]);
	cl_cmp_sort(&j->r.pats);
}

/* When everything of the last stage came: the lists. */
static void
cl_cmpjob_check(struct cl_cmpjob *j)
{
	size_t i;

	if (j->ended || !j->side[0].done || !j->side[1].done)
		return;
	for (i = 0; i < j->r.nfields * 2; i++)
		if (!j->tops[i].done)
			return;
	for (i = 0; i < 2; i++) {
		const struct cl_sample_stat *st = cl_sample_stat(j->side[i].smp);

		j->r.hits[i] = st->hits;
		j->r.all[i] = st->all;
		if (!st->complete)
			j->r.complete = 0;
	}
	cl_cmpjob_patterns(j);
	if (cl_cmpjob_values(j) != 0) {
		struct cl_err e;

		memset(&e, 0, sizeof e);
		e.st = CL_E_DECODE;
		snprintf(e.msg, sizeof e.msg, "a top-values answer is not the shape asked for");
		cl_cmpjob_end(j, &e);
		return;
	}
	cl_cmpjob_end(j, NULL);
}

static void
cl_cmpjob_on_sample(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cl_cmpjob_side *s = ud;
	struct cl_cmpjob *j = s->j;
	uint32_t *ids;
	size_t i;

	if (page == NULL) {
		s->done = 1;
		if (err)
			cl_cmpjob_end(j, err);
		else
			cl_cmpjob_check(j);
		return;
	}
	ids = xcalloc(page->nrows + 1, sizeof *ids);
	cl_pat_add_rows(j->pat, page, NULL, ids);
	for (i = 0; i < page->nrows; i++) {
		if (ids[i] >= s->ngn) {
			size_t nn = ((size_t)ids[i] + 1) * 2;

			s->gn = xreallocarray(s->gn, nn, sizeof *s->gn);
			memset(s->gn + s->ngn, 0, (nn - s->ngn) * sizeof *s->gn);
			s->ngn = nn;
		}
		s->gn[ids[i]]++;
	}
	j->r.sampled[s == &j->side[0] ? 0 : 1] += (int64_t)page->nrows;
	free(ids);
	cl_logs_free(page);
}

static void
cl_cmpjob_main(struct cl_cmpjob *j)
{
	size_t i;

	j->pat = cl_pat_new(j->s.base_from < j->s.q.from ? j->s.base_from : j->s.q.from,
	    j->s.base_to > j->s.q.to ? j->s.base_to : j->s.q.to);
	j->tops = xcalloc(j->r.nfields * 2 + 1, sizeof *j->tops);
	for (i = 0; i < 2; i++) {
		struct cl_sample_spec s;

		memset(&s, 0, sizeof s);
		s.q = j->s.q;
		s.q.project = j->project;
		s.q.logstore = j->logstore;
		s.q.query = j->query;
		s.q.topic = j->topic;
		if (i == 1) {
			s.q.from = j->s.base_from;
			s.q.to = j->s.base_to;
		}
		s.max = j->s.sample;
		j->side[i].j = j;
		j->side[i].smp = cl_sample_start(j->c, &s, cl_cmpjob_on_sample, &j->side[i]);
	}
	for (i = 0; i < j->r.nfields * 2; i++) {
		char *sql = cl_an_top_sql(j->query, j->r.fields[i / 2], CL_CMPJOB_VALUES);

		cl_cmpjob_rows_start(j, &j->tops[i], sql, (int)(i % 2));
		free(sql);
	}
}

/* ---- choosing the fields ---- */

static void
cl_cmpjob_add_field(struct cl_cmpjob *j, const char *f)
{
	j->r.fields = xreallocarray(j->r.fields, j->r.nfields + 1, sizeof *j->r.fields);
	j->r.fields[j->r.nfields++] = xstrdup(f);
}

/* The approx_distinct answer: the fields with 2 .. CL_CMPJOB_VALUES values. */
static void
cl_cmpjob_pick(struct cl_cmpjob *j)
{
	const struct cl_cmpjob_rows *r = &j->distinct;
	size_t i;

	for (i = 0; r->npages && r->pages[0].nrows && i < j->ncand &&
	     j->r.nfields < CL_CMPJOB_FIELDS; i++) {
		char k[24];
		const char *v;

		snprintf(k, sizeof k, "d%zu", i);
		v = cl_row_get(&r->pages[0], &r->pages[0].rows[0], k, NULL);
		if (v && atoll(v) >= 2 && atoll(v) <= CL_CMPJOB_VALUES)
			cl_cmpjob_add_field(j, j->cand[i]);
	}
}

static void
cl_cmpjob_on_rows(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cl_cmpjob_rows *r = ud;
	struct cl_cmpjob *j = r->j;

	if (page != NULL) {
		if (!page->complete)
			j->r.complete = 0;
		r->pages = xreallocarray(r->pages, r->npages + 1, sizeof *r->pages);
		r->pages[r->npages++] = *page;
		memset(page, 0, sizeof *page);
		return;
	}
	r->done = 1;
	if (err) {
		cl_cmpjob_end(j, err);
		return;
	}
	if (r == &j->distinct) {
		cl_cmpjob_pick(j);
		cl_cmpjob_main(j);
		return;
	}
	cl_cmpjob_check(j);
}

/* The approx_distinct statement over the window's candidates. */
static void
cl_cmpjob_distinct(struct cl_cmpjob *j)
{
	struct sb b;
	size_t i;
	int e = 0;

	if (j->ncand == 0) {
		cl_cmpjob_main(j);
		return;
	}
	sb_init(&b, 0);
	e |= sb_addf(&b, "%s | select ", j->query);
	for (i = 0; i < j->ncand; i++) {
		const char *p;

		e |= sb_adds(&b, i ? ", approx_distinct(\"" : "approx_distinct(\"");
		for (p = j->cand[i]; *p; p++)
			e |= *p == '"' ? sb_adds(&b, "\"\"") : sb_addc(&b, *p);
		e |= sb_addf(&b, "\") as d%zu", i);
	}
	if (e == 0)
		cl_cmpjob_rows_start(j, &j->distinct, b.p, 0);
	else
		cl_cmpjob_main(j);
	sb_free(&b);
}

static void
cl_cmpjob_on_index(void *ud, const struct cl_resp *rs, const struct cl_err *err)
{
	struct cl_cmpjob *j = ud;
	struct cl_index idx;
	struct cl_err perr;
	size_t i;

	j->index_pending = 0;
	if (err->st != CL_OK) {
		cl_cmpjob_end(j, err);
		return;
	}
	if (cl_parse_index(rs, &idx, &perr) != 0) {
		cl_cmpjob_end(j, &perr);
		return;
	}
	for (i = 0; i < idx.n && j->ncand < CL_CMPJOB_CANDIDATES; i++) {
		const struct cl_ifield *f = &idx.f[i];

		if (strncmp(f->name, "__", 2) == 0 || !f->doc_value ||
		    (strcmp(f->type, "text") != 0 && strcmp(f->type, "long") != 0))
			continue;
		j->cand = xreallocarray(j->cand, j->ncand + 1, sizeof *j->cand);
		j->cand[j->ncand++] = xstrdup(f->name);
	}
	cl_index_free(&idx);
	cl_cmpjob_distinct(j);
}

/* ---- the interface ---- */

struct cl_cmpjob *
cl_cmpjob_start(struct cl_client *c, const struct cl_cmpjob_spec *s, cl_cmpjob_fn *fn, void *ud)
{
	struct cl_cmpjob *j = xcalloc(1, sizeof *j);
	size_t i;

	j->c = c;
	j->s = *s;
	j->fn = fn;
	j->ud = ud;
	j->project = xstrdup(s->q.project ? s->q.project : "");
	j->logstore = xstrdup(s->q.logstore ? s->q.logstore : "");
	j->query = xstrdup(s->q.query && *s->q.query ? s->q.query : "*");
	j->topic = s->q.topic ? xstrdup(s->q.topic) : NULL;
	j->s.fields = NULL;
	j->r.complete = 1;
	for (i = 0; s->fields && i < s->nfields; i++)
		cl_cmpjob_add_field(j, s->fields[i]);
	if (s->fields) {
		cl_cmpjob_main(j);
	} else {
		struct cl_args a;
		struct cl_call call;

		cl_args_init(&a);
		cl_api_get_index(&call, &a, j->project, j->logstore);
		j->index_pending = 1;
		j->index_id = cl_send(c, &call, cl_cmpjob_on_index, j);
		cl_args_free(&a);
	}
	return j;
}

const struct cl_cmpjob_result *
cl_cmpjob_result(const struct cl_cmpjob *j)
{
	return &j->r;
}

int64_t
cl_cmpjob_progress(const struct cl_cmpjob *j)
{
	return j->r.sampled[0] + j->r.sampled[1];
}

static void
cl_cmpjob_rows_free(struct cl_cmpjob_rows *r)
{
	size_t i;

	cl_qjob_free(r->qj);
	for (i = 0; i < r->npages; i++)
		cl_logs_free(&r->pages[i]);
	free(r->pages);
}

void
cl_cmpjob_free(struct cl_cmpjob *j)
{
	size_t i;

	if (j == NULL)
		return;
	if (j->index_pending)
		cl_abandon(j->c, j->index_id);
	cl_cmpjob_rows_free(&j->distinct);
	for (i = 0; j->tops && i < j->r.nfields * 2; i++)
		cl_cmpjob_rows_free(&j->tops[i]);
	free(j->tops);
	for (i = 0; i < 2; i++) {
		cl_sample_free(j->side[i].smp);
		free(j->side[i].gn);
	}
	for (i = 0; i < j->ncand; i++)
		free(j->cand[i]);
	free(j->cand);
	for (i = 0; i < j->r.nfields; i++)
		free(j->r.fields[i]);
	free(j->r.fields);
	cl_cmp_free(&j->r.pats);
	cl_cmp_free(&j->r.vals);
	cl_pat_free(j->pat);
	free(j->project);
	free(j->logstore);
	free(j->query);
	free(j->topic);
	free(j);
}
