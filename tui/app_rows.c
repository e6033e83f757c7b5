/*
 * app_rows — the row model: result pages and the 32-bit references to
 * their rows in display order (see struct app_rows).
 */
#include "tui/app_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "client/cl_logs.h"

void
app_rows_free(struct app_rows *r)
{
	size_t i;

	for (i = 0; i < r->npages; i++)
		cl_logs_free(&r->pages[i]);
	free(r->pages);
	free(r->start);
	free(r->ref);
	memset(r, 0, sizeof *r);
}

int
app_rows_add(struct app_rows *r, struct cl_logs *pg, size_t lo, size_t hi, size_t at)
{
	size_t k, n;
	uint64_t first = r->npages ? (uint64_t)r->start[r->npages - 1] +
	    r->pages[r->npages - 1].nrows : 0;

	if (hi > pg->nrows)
		hi = pg->nrows;
	n = hi > lo ? hi - lo : 0;
	if (first + pg->nrows >= UINT32_MAX) {
		cl_logs_free(pg);
		return -1;
	}
	cl_logs_shrink(pg);
	r->pages = xreallocarray(r->pages, r->npages + 1, sizeof *r->pages);
	r->pages[r->npages] = *pg;
	r->start = xreallocarray(r->start, r->npages + 1, sizeof *r->start);
	r->start[r->npages] = (uint32_t)first;
	memset(pg, 0, sizeof *pg);
	if (r->n + n > r->cap) {
		r->cap = (r->n + n) * 2 + 64;
		r->ref = xreallocarray(r->ref, r->cap, sizeof *r->ref);
	}
	if (at > r->n)
		at = r->n;
	if (n > 0 && r->n > at)
		memmove(r->ref + at + n, r->ref + at, (r->n - at) * sizeof *r->ref);
	for (k = 0; k < n; k++)
		r->ref[at + k] = (uint32_t)(first + lo + k);
	r->n += n;
	r->npages++;
	return 0;
}

/* The row numbered g (see struct app_rows) and its page. */
const struct cl_row *
app_rows_of(const struct app_rows *rows, uint32_t g, const struct cl_logs **pg)
{
	size_t lo = 0, hi = rows->npages;

	while (hi - lo > 1) { /* the last page starting at or before g */
		size_t mid = lo + (hi - lo) / 2;

		if (rows->start[mid] <= g)
			lo = mid;
		else
			hi = mid;
	}
	*pg = &rows->pages[lo];
	return &(*pg)->rows[g - rows->start[lo]];
}

const struct cl_row *
app_rows_get(const struct app_rows *rows, size_t i, const struct cl_logs **pg)
{
	if (i >= rows->n)
		return NULL;
	return app_rows_of(rows, rows->ref[i], pg);
}

/* A row's sort key: its value of the column, as a number when it is one,
 * and the row's reference, so that comparing needs no context. */
struct app_rows_key {
	const char *s;
	double d;
	int num;
	uint32_t ref;
};

/* Numbers as numbers, else text. */
static int
app_rows_key_cmp(const void *x, const void *y)
{
	const struct app_rows_key *p = x, *q = y;

	if (p->num && q->num)
		return p->d < q->d ? -1 : p->d > q->d;
	return strcmp(p->s, q->s);
}

static int
app_rows_key_cmp_desc(const void *x, const void *y)
{
	return -app_rows_key_cmp(x, y);
}

void
app_rows_sort(struct app_rows *r, const char *col, int desc)
{
	struct app_rows_key *k = xcalloc(r->n + 1, sizeof *k);
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct cl_logs *pg;
		const struct cl_row *row = app_rows_of(r, r->ref[i], &pg);
		const char *v = cl_row_get(pg, row, col, NULL);
		char *end;

		k[i].s = v ? v : "";
		k[i].d = strtod(k[i].s, &end);
		k[i].num = *k[i].s && *end == '\0';
		k[i].ref = r->ref[i];
	}
	qsort(k, r->n, sizeof *k, desc ? app_rows_key_cmp_desc : app_rows_key_cmp);
	for (i = 0; i < r->n; i++)
		r->ref[i] = k[i].ref;
	free(k);
}
