/*
 * hstep — histogram bucket sizes (GetHistograms' interval): the sizes a
 * user reads at a glance, and the one that fits a count of buckets. slsd
 * picks its default with it (at most 120 buckets); the UI asks for the one
 * that fills its histogram's columns.
 */
#ifndef PROTO_HSTEP_H
#define PROTO_HSTEP_H

#include <stdint.h>

/* The smallest size of the list (1 s ... 1 year, each at most twice the
 * one before) whose buckets, aligned to multiples of it, cover [from, to)
 * in at most maxn; past the list, the size that does. maxn < 1 counts as 1. */
int64_t hstep_pick(int64_t from, int64_t to, int64_t maxn);
/* How many buckets of size step, aligned to multiples of it, cover [from,
 * to) (at least 1; step > 0). */
int64_t hstep_count(int64_t from, int64_t to, int64_t step);

#endif
