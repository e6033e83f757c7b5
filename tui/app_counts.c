/*
 * app_counts — the figures the panes show, in words a reader cannot take
 * for something else: numbers with thousands separators, the results'
 * place as "N of M" (M the query's hits when the histogram counted them,
 * with how many are loaded when that is fewer), the histogram's hits, and
 * what the server did for the whole query (rows processed and its time,
 * summed over every request of the query: pages, re-asks, histogram).
 * Pure formatting: the callers pass the figures in.
 */
#include "tui/app_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "client/cl.h"

const char *
app_counts_num(int64_t n, char *buf, size_t len)
{
	char raw[32];
	size_t i, k = 0, d;

	if (len == 0)
		return buf;
	snprintf(raw, sizeof raw, "%" PRIu64, n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n);
	d = strlen(raw);
	if (n < 0 && k + 1 < len)
		buf[k++] = '-';
	for (i = 0; i < d && k + 2 < len; i++) {
		if (i && (d - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = raw[i];
	}
	buf[k] = '\0';
	return buf;
}

void
app_counts_results(char *buf, size_t n, size_t sel, size_t loaded, int64_t total)
{
	char s[32], t[32], l[32];

	if (total < (int64_t)loaded)
		total = (int64_t)loaded;
	app_counts_num(loaded ? (int64_t)sel + 1 : 0, s, sizeof s);
	app_counts_num(total, t, sizeof t);
	if (total > (int64_t)loaded)
		snprintf(buf, n, "Results  %s of %s  (%s loaded)", s, t,
		    app_counts_num((int64_t)loaded, l, sizeof l));
	else
		snprintf(buf, n, "Results  %s of %s", s, t);
}

void
app_counts_hits(char *buf, size_t n, int64_t total)
{
	char t[32];

	snprintf(buf, n, "Hits  %s", app_counts_num(total, t, sizeof t));
}

void
app_counts_processed(char *buf, size_t n, int64_t rows, int64_t ms)
{
	char r[32], m[32];

	snprintf(buf, n, "%s processed in %s ms", app_counts_num(rows, r, sizeof r),
	    app_counts_num(ms, m, sizeof m));
}

/* The hits of the query on screen, when the histogram has counted them
 * (a log search: SQL rows and project SQL are not its hits); else -1. */
int64_t
app_counts_total(const struct app *a)
{
	if (a->res.sql || a->q.psql || a->hist.err[0] || a->hist.data.n == 0)
		return -1;
	return a->hist.data.total;
}

/* What the server did for the query on screen, summed over its requests
 * since it was run (the client's counters, see app_stats_mark). */
void
app_counts_query(const struct app *a, int64_t *rows, int64_t *ms)
{
	const struct cl_stats *st = a->cl ? cl_stats(a->cl) : NULL;

	*rows = st ? st->rows_processed - a->stats0.rows_processed : 0;
	*ms = st ? st->server_ms - a->stats0.server_ms : 0;
}
