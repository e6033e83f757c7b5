/*
 * cl_cmp — comparing two windows (see cl_cmp.h).
 */
#include "client/cl_cmp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

#define CL_CMP_EPS 0.001

double
cl_cmp_score(double p, double q)
{
	return (p - q) * log((p + CL_CMP_EPS) / (q + CL_CMP_EPS));
}

static int
cl_cmp_same_field(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

void
cl_cmp_add(struct cl_cmp *c, const char *field, const char *key, size_t keylen, int side,
    int64_t count)
{
	struct cl_cmp_item *it;
	size_t i;

	for (i = 0; i < c->n; i++) {
		it = &c->v[i];
		if (it->keylen == keylen && memcmp(it->key, key, keylen) == 0 &&
		    cl_cmp_same_field(it->field, field)) {
			it->n[side & 1] += count;
			return;
		}
	}
	c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
	it = &c->v[c->n++];
	memset(it, 0, sizeof *it);
	it->key = xmalloc(keylen + 1);
	memcpy(it->key, key, keylen);
	it->key[keylen] = '\0';
	it->keylen = keylen;
	it->field = field ? xstrdup(field) : NULL;
	it->n[side & 1] = count;
}

void
cl_cmp_finish(struct cl_cmp *c, const char *field, int64_t total0, int64_t total1)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct cl_cmp_item *it = &c->v[i];

		if (!cl_cmp_same_field(it->field, field))
			continue;
		it->share[0] = total0 > 0 ? (double)it->n[0] / (double)total0 : 0;
		it->share[1] = total1 > 0 ? (double)it->n[1] / (double)total1 : 0;
		it->score = cl_cmp_score(it->share[0], it->share[1]);
	}
}

static int
cl_cmp_by_score(const void *a, const void *b)
{
	const struct cl_cmp_item *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->n[0] + x->n[1] != y->n[0] + y->n[1])
		return x->n[0] + x->n[1] > y->n[0] + y->n[1] ? -1 : 1;
	return strcmp(x->key, y->key);
}

void
cl_cmp_sort(struct cl_cmp *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof *c->v, cl_cmp_by_score);
}

void
cl_cmp_free(struct cl_cmp *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].key);
		free(c->v[i].field);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}
