/*
 * hstep — histogram bucket sizes (see hstep.h).
 */
#include "proto/hstep.h"

#include <stddef.h>

/* Each at most twice the one before, so the pick gives between half of
 * maxn and maxn buckets when the range allows. */
static const int64_t hstep_sizes[] = { 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60, 120, 180, 240,
	300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400, 172800, 345600,
	604800, 1209600, 1814400, 2592000, 5184000, 7776000, 15552000, 31536000 };

int64_t
hstep_count(int64_t from, int64_t to, int64_t step)
{
	int64_t first = from - ((from % step) + step) % step;
	int64_t n = (to - first + step - 1) / step;

	return n > 0 ? n : 1;
}

int64_t
hstep_pick(int64_t from, int64_t to, int64_t maxn)
{
	size_t i;
	int64_t s;

	if (maxn < 1)
		maxn = 1;
	for (i = 0; i < sizeof hstep_sizes / sizeof hstep_sizes[0]; i++)
		if (hstep_count(from, to, hstep_sizes[i]) <= maxn)
			return hstep_sizes[i];
	/* past a year a bucket: the size that gives maxn, one bucket more
	 * where the alignment needs it */
	s = (to - from + maxn - 1) / maxn;
	while (s > 0 && hstep_count(from, to, s) > maxn)
		s++;
	return s > 0 ? s : 1;
}
