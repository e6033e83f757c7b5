/*
 * cl_an — field analysis queries and their answers (see cl_an.h).
 */
#include "client/cl_an.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/xalloc.h"

const double cl_an_q[CL_AN_NQ] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99 };

/* "field" as an SQL identifier ("" doubled inside). */
static int
cl_an_ident(struct sb *b, const char *f)
{
	int rc = sb_addc(b, '"');

	for (; *f; f++)
		rc |= *f == '"' ? sb_adds(b, "\"\"") : sb_addc(b, *f);
	return rc | sb_addc(b, '"');
}

static const char *
cl_an_search(const char *search)
{
	return search && *search ? search : "*";
}

char *
cl_an_top_sql(const char *search, const char *field, int limit)
{
	struct sb b;
	int rc;

	sb_init(&b, 0);
	rc = sb_addf(&b, "%s | select ", cl_an_search(search));
	rc |= cl_an_ident(&b, field);
	rc |= sb_adds(&b, " as value, count(*) as n, sum(count(*)) over () as total group by ");
	rc |= cl_an_ident(&b, field);
	rc |= sb_addf(&b, " order by n desc, value limit %d", limit > 0 ? limit : 10);
	if (rc != 0) {
		sb_free(&b);
		return xstrdup("*");
	}
	return b.p;
}

char *
cl_an_stats_sql(const char *search, const char *field)
{
	struct sb b, f;
	size_t i;
	int rc;

	sb_init(&b, 0);
	sb_init(&f, 0);
	rc = sb_adds(&f, "try_cast(");
	rc |= cl_an_ident(&f, field);
	rc |= sb_adds(&f, " as double)");
	rc |= sb_addf(&b, "%s | select count(%s) as c, min(%s) as mn, max(%s) as mx, avg(%s) as a",
	    cl_an_search(search), f.p, f.p, f.p, f.p);
	for (i = 0; i < CL_AN_NQ; i++)
		rc |= sb_addf(&b, ", approx_percentile(%s, %g) as q%zu", f.p, cl_an_q[i], i);
	sb_free(&f);
	if (rc != 0) {
		sb_free(&b);
		return xstrdup("*");
	}
	return b.p;
}

static int64_t
cl_an_int(const struct cl_logs *pg, const struct cl_row *r, const char *k, int *bad)
{
	const char *v = cl_row_get(pg, r, k, NULL);
	char *end;
	long long n;

	if (v == NULL) {
		*bad = 1;
		return 0;
	}
	n = strtoll(v, &end, 10);
	if (end == v || (*end && *end != '.'))
		*bad = 1;
	return n;
}

int
cl_an_top_read(const struct cl_logs *pages, size_t npages, struct cl_an_top *out)
{
	size_t p, i;
	int bad = 0;

	memset(out, 0, sizeof *out);
	for (p = 0; p < npages; p++)
		for (i = 0; i < pages[p].nrows; i++) {
			const struct cl_row *r = &pages[p].rows[i];
			size_t vn;
			const char *v = cl_row_get(&pages[p], r, "value", &vn);
			struct cl_an_value *o;

			out->v = xreallocarray(out->v, out->n + 1, sizeof *out->v);
			o = &out->v[out->n++];
			o->len = 0;
			o->value = NULL;
			if (v && !(vn == 4 && memcmp(v, "null", 4) == 0)) {
				o->value = xmalloc(vn + 1);
				memcpy(o->value, v, vn);
				o->value[vn] = '\0';
				o->len = vn;
			}
			o->count = cl_an_int(&pages[p], r, "n", &bad);
			out->total = cl_an_int(&pages[p], r, "total", &bad);
		}
	if (bad) {
		cl_an_top_free(out);
		return -1;
	}
	return 0;
}

void
cl_an_top_free(struct cl_an_top *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].value);
	free(t->v);
	memset(t, 0, sizeof *t);
}

static double
cl_an_num(const struct cl_logs *pg, const struct cl_row *r, const char *k, int *bad)
{
	const char *v = cl_row_get(pg, r, k, NULL);
	char *end;
	double d;

	if (v == NULL || strcmp(v, "null") == 0) {
		*bad = 1;
		return 0;
	}
	d = strtod(v, &end);
	if (end == v)
		*bad = 1;
	return d;
}

int
cl_an_stats_read(const struct cl_logs *pages, size_t npages, struct cl_an_stats *out)
{
	const struct cl_row *r;
	size_t i;
	int bad = 0, none = 0;
	char k[24];

	memset(out, 0, sizeof *out);
	if (npages == 0 || pages[0].nrows != 1)
		return -1;
	r = &pages[0].rows[0];
	out->count = cl_an_int(&pages[0], r, "c", &bad);
	if (bad)
		return -1;
	if (out->count == 0)
		return 0; /* no numbers: the aggregates are null */
	out->min = cl_an_num(&pages[0], r, "mn", &none);
	out->max = cl_an_num(&pages[0], r, "mx", &none);
	out->avg = cl_an_num(&pages[0], r, "a", &none);
	for (i = 0; i < CL_AN_NQ; i++) {
		snprintf(k, sizeof k, "q%zu", i);
		out->q[i] = cl_an_num(&pages[0], r, k, &none);
	}
	return none ? -1 : 0;
}

int
cl_an_numeric(const char *type)
{
	return type && (strcmp(type, "long") == 0 || strcmp(type, "double") == 0);
}

/* The CDF at x: straight between the known points. */
static double
cl_an_cdf(const double *xs, const double *ps, size_t n, double x)
{
	size_t i;

	if (x <= xs[0])
		return 0;
	for (i = 1; i < n; i++)
		if (x <= xs[i]) {
			double dx = xs[i] - xs[i - 1];

			return dx > 0 ? ps[i - 1] + (ps[i] - ps[i - 1]) * (x - xs[i - 1]) / dx : ps[i];
		}
	return 1;
}

void
cl_an_dist(const struct cl_an_stats *st, double *bins, size_t nb)
{
	double xs[CL_AN_NQ + 2], ps[CL_AN_NQ + 2], w, prev = 0;
	size_t i, n = 0;

	if (nb == 0)
		return;
	memset(bins, 0, nb * sizeof *bins);
	if (st->count == 0)
		return;
	if (!(st->max > st->min)) { /* one value */
		bins[0] = 1;
		return;
	}
	xs[n] = st->min;
	ps[n++] = 0;
	for (i = 0; i < CL_AN_NQ; i++) { /* quantiles are not below what came before */
		xs[n] = st->q[i] < xs[n - 1] ? xs[n - 1] : st->q[i] > st->max ? st->max : st->q[i];
		ps[n++] = cl_an_q[i];
	}
	xs[n] = st->max;
	ps[n++] = 1;
	w = (st->max - st->min) / (double)nb;
	for (i = 0; i < nb; i++) {
		double c = i + 1 == nb ? 1 : cl_an_cdf(xs, ps, n, st->min + w * (double)(i + 1));

		bins[i] = c - prev;
		prev = c;
	}
}
