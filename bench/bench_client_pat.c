/*
 * bench_client_pat — log patterns (client/cl_pat): lines clustered per
 * second over 1,000,000 generated lines of 5 shapes (nginx-like access
 * lines, application messages with ids, IPs, times, paths, durations)
 * whose words vary among 8, the generation not timed. The floor is 200,000 lines a second.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clk.h"
#include "client/cl_pat.h"

#define BENCH_LINES 1000000

static uint32_t bench_seed = 12345;

static uint32_t
bench_rand(uint32_t n)
{
	bench_seed = bench_seed * 1103515245u + 12345u;
	return (bench_seed >> 8) % n;
}

static const char *const bench_words[] = { "cache", "db", "queue", "auth", "billing",
	"search", "mailer", "gateway" };

/* One line of kind k (0..39) into buf. */
static int
bench_line(char *buf, size_t cap, uint32_t k)
{
	const char *w = bench_words[k % 8];

	switch (k / 8) {
	case 0:
		return snprintf(buf, cap, "%u.%u.%u.%u - - \"GET /api/v%u/%s/%u HTTP/1.1\" %u %u "
		    "\"-\" \"curl/7.88\" rt=%u.%03u", 10 + bench_rand(200), bench_rand(256),
		    bench_rand(256), bench_rand(256), 1 + k % 2, w, bench_rand(100000),
		    bench_rand(5) ? 200 : 500, bench_rand(60000), bench_rand(3), bench_rand(1000));
	case 1:
		return snprintf(buf, cap, "user %s%u logged in to %s from %u.%u.%u.%u session "
		    "%08x-%04x-4%03x-a%03x-%012u", w, bench_rand(5000), w, 10 + bench_rand(200),
		    bench_rand(256), bench_rand(256), bench_rand(256), bench_rand(0x7fffffff),
		    bench_rand(0xffff), bench_rand(0xfff), bench_rand(0xfff), bench_rand(1000000000));
	case 2:
		return snprintf(buf, cap, "2026-12-02T%02u:%02u:%02u.%03uZ ERROR %s: connection "
		    "to %s-%u.internal:%u refused after %ums (attempt %u of 5)", bench_rand(24),
		    bench_rand(60), bench_rand(60), bench_rand(1000), w, w, bench_rand(9),
		    5000 + bench_rand(4000), bench_rand(3000), 1 + bench_rand(5));
	case 3:
		return snprintf(buf, cap, "job %s_%u finished in %u.%us, wrote %u rows to "
		    "/data/%s/part-%05u.parquet", w, bench_rand(900), bench_rand(100),
		    bench_rand(10), bench_rand(1000000), w, bench_rand(100000));
	default:
		return snprintf(buf, cap, "level=warn msg=\"slow %s query\" table=%s_%u "
		    "duration=%ums rows=%u trace_id=%016" PRIx64, w, w, k, bench_rand(9000),
		    bench_rand(50000), (uint64_t)bench_rand(0x7fffffff) << 20 | bench_rand(1 << 20));
	}
}

int
main(void)
{
	char *text = malloc((size_t)BENCH_LINES * 200);
	uint32_t *off = malloc(sizeof *off * (BENCH_LINES + 1));
	const struct cl_pat_group *g;
	struct cl_pat *p;
	size_t i, at = 0, ng;
	int64_t t0, t1;
	double secs;

	if (text == NULL || off == NULL)
		return 1;
	for (i = 0; i < BENCH_LINES; i++) {
		int n = bench_line(text + at, 200, bench_rand(40));

		off[i] = (uint32_t)at;
		at += n > 0 && n < 200 ? (size_t)n : 0;
	}
	off[BENCH_LINES] = (uint32_t)at;
	p = cl_pat_new(0, BENCH_LINES);
	t0 = clk_mono_ms();
	for (i = 0; i < BENCH_LINES; i++)
		cl_pat_add(p, text + off[i], off[i + 1] - off[i], (int64_t)i);
	ng = cl_pat_groups(p, &g);
	t1 = clk_mono_ms();
	secs = (double)(t1 - t0) / 1000.0;
	printf("patterns: %.0f lines/s (%d lines, %.1f MB, %.2f s, %zu patterns; floor 200,000)\n",
	    secs > 0 ? BENCH_LINES / secs : 0.0, BENCH_LINES, (double)at / 1e6, secs, ng);
	for (i = 0; i < ng && i < 3; i++)
		printf("   %" PRId64 "  %s\n", g[i].count, g[i].tmpl);
	cl_pat_free(p);
	free(text);
	free(off);
	return 0;
}
