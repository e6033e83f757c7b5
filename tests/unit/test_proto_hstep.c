/*
 * test_proto_hstep — histogram bucket sizes: slsd's default (at most 120,
 * never fewer than 60 when the range allows), a size that fits the UI's
 * columns (at most that many, at least half), alignment, huge ranges.
 */
#include <stdio.h>

#include "proto/hstep.h"
#include "tests/unit/t.h"

static void
test_default_sizes(void)
{
	T_EQ_INT(hstep_pick(0, 900, 120), 10);
	T_EQ_INT(hstep_pick(0, 3600, 120), 30);
	T_EQ_INT(hstep_pick(0, 86400, 120), 900);
	T_EQ_INT(hstep_pick(17, 17 + 7 * 86400, 120), 7200);
	for (int64_t span = 60; span < 400LL * 86400; span = span * 13 / 10 + 1) {
		int64_t st = hstep_pick(1000003, 1000003 + span, 120);
		int64_t n = hstep_count(1000003, 1000003 + span, st);

		if (n < 60 || n > 120)
			fprintf(stderr, "    span %lld: step %lld gives %lld buckets\n", (long long)span,
			    (long long)st, (long long)n);
		T_CHECK(n >= 60 && n <= 120);
	}
}

/* A day on 94 columns: 20-minute buckets (72), not 15 minutes (96, which
 * a bar of two buckets each showed on 48 columns). */
static void
test_fits_columns(void)
{
	int64_t w;

	T_EQ_INT(hstep_pick(0, 86400, 94), 1200);
	T_EQ_INT(hstep_count(0, 86400, 1200), 72);
	for (w = 20; w <= 300; w += 7) {
		int64_t span;

		for (span = 600; span < 30LL * 86400; span = span * 17 / 10) {
			int64_t n = hstep_count(1796259000, 1796259000 + span,
			    hstep_pick(1796259000, 1796259000 + span, w));

			T_CHECK(n <= w && (n * 2 >= w || span < w));
		}
	}
}

static void
test_edges(void)
{
	T_EQ_INT(hstep_count(5, 6, 1), 1);
	T_EQ_INT(hstep_count(5, 5, 10), 1);
	T_EQ_INT(hstep_count(59, 61, 60), 2); /* aligned: [0, 60) and [60, 120) */
	T_EQ_INT(hstep_pick(0, 10, 0), 10);   /* maxn < 1: one bucket */
	T_EQ_INT(hstep_pick(-100, 100, 200), 1);
	{
		int64_t from = 0, to = 200LL * 31536000, st = hstep_pick(from, to, 50);

		T_CHECK(st > 31536000 && hstep_count(from, to, st) <= 50);
	}
}

#define T_LIST(X) X(test_default_sizes) X(test_fits_columns) X(test_edges)
T_MAIN(T_LIST)
