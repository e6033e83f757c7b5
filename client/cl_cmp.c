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

/* FNV-1a of the key, then of the field. */
static uint64_t
cl_cmp_hash(const char *field, const char *key, size_t keylen)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < keylen; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull; /* no field and field "" differ */
	for (; field && *field; field++)
		h = (h ^ (unsigned char)*field) * 1099511628211ull;
	return h;
}

/* The table from scratch, for n items and more (after a sort, or full). */
static void
cl_cmp_rehash(struct cl_cmp *c)
{
	size_t size = 64, i;

	while (size < 4 * (c->n + 1))
		size *= 2;
	free(c->slot);
	c->slot = xcalloc(size, sizeof *c->slot);
	c->mask = size - 1;
	for (i = 0; i < c->n; i++) {
		size_t j = (size_t)cl_cmp_hash(c->v[i].field, c->v[i].key, c->v[i].keylen) & c->mask;

		while (c->slot[j])
			j = (j + 1) & c->mask;
		c->slot[j] = (uint32_t)i + 1;
	}
}

void
cl_cmp_add(struct cl_cmp *c, const char *field, const char *key, size_t keylen, int side,
    int64_t count)
{
	struct cl_cmp_item *it;
	size_t j;

	if (c->slot == NULL || 2 * (c->n + 1) > c->mask)
		cl_cmp_rehash(c);
	for (j = (size_t)cl_cmp_hash(field, key, keylen) & c->mask; c->slot[j];
	     j = (j + 1) & c->mask) {
		it = &c->v[c->slot[j] - 1];
		if (it->keylen == keylen && memcmp(it->key, key, keylen) == 0 &&
		    cl_cmp_same_field(it->field, field)) {
			it->n[side & 1] += count;
			return;
		}
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->slot[j] = (uint32_t)c->n + 1;
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
	free(c->slot); /* the places moved: rebuilt on the next add */
	c->slot = NULL;
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
	free(c->slot);
	memset(c, 0, sizeof *c);
}
