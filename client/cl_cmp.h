/*
 * cl_cmp — comparing two windows: items (patterns, field values) counted
 * in a window and in a baseline, their shares on each side, and how
 * surprising the change is:
 *
 *   score = (p - q) * ln((p + e) / (q + e)),   e = 0.001
 *
 * with p and q the shares in the window and the baseline: the item's term
 * of the symmetric Kullback-Leibler divergence (smoothed so that new and
 * gone items score finitely), never negative, large when a share moves a
 * lot in absolute and relative terms. Pure: the callers run the queries.
 */
#ifndef SLSX_CLIENT_CL_CMP_H
#define SLSX_CLIENT_CL_CMP_H

#include <stddef.h>
#include <stdint.h>

struct cl_cmp_item {
	char *key;              /* a template, or a field's value (malloc'd) */
	size_t keylen;
	char *field;            /* the field for a value; NULL for a pattern */
	int64_t n[2];           /* count in the window [0] and the baseline [1] */
	double share[2];
	double score;
};

struct cl_cmp {
	struct cl_cmp_item *v;
	size_t n, cap;
	uint32_t *slot;         /* (field, key) -> index + 1; 0 empty (rebuilt as needed) */
	size_t mask;
};

/* Add (or add to) the item (field, key): count c on side (0 window, 1
 * baseline). Found by hash: thousands of patterns and values add in
 * linear time. */
void cl_cmp_add(struct cl_cmp *c, const char *field, const char *key, size_t keylen, int side,
    int64_t count);
/* Shares of every item of field (NULL: the patterns) against the totals
 * of each side, then scores; then the whole list sorted by score, most
 * surprising first. */
void cl_cmp_finish(struct cl_cmp *c, const char *field, int64_t total0, int64_t total1);
void cl_cmp_sort(struct cl_cmp *c);
double cl_cmp_score(double p, double q);
void cl_cmp_free(struct cl_cmp *c);

#endif
