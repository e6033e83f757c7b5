/*
 * cmd_top — `slsx top`: the values of a field over a search, the headless
 * twin of the UI's field panel: value, count, share and a bar, most
 * first; for a numeric field (from the index) also the count of numbers,
 * min, max, average, p50/p90/p99 and a small distribution. The top values
 * and the aggregates are one SQL statement each (client/cl_an), asked at
 * once.
 */
#include "cli/cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sb.h"
#include "base/xalloc.h"
#include "client/cl_an.h"
#include "client/cl_api.h"
#include "client/cl_fmt.h"
#include "client/cl_pat.h"
#include "client/cl_query.h"

#define CMD_TOP_BINS 24

/* The type of field in the logstore's index ("" when not indexed). */
static int
cmd_top_type(struct cli *x, const char *field, char *type, size_t n)
{
	struct cl_index idx;
	size_t i;
	int rc;

	type[0] = '\0';
	if ((rc = cli_get_index(x, &idx)) != SLSX_EX_OK)
		return rc;
	for (i = 0; i < idx.n; i++)
		if (strcmp(idx.f[i].name, field) == 0)
			snprintf(type, n, "%s", idx.f[i].type);
	cl_index_free(&idx);
	return SLSX_EX_OK;
}

static void
cmd_top_print_values(const struct cl_an_top *t, const char *field, int raw, int utf8)
{
	struct sb b;
	size_t i, w = 5;
	int64_t max = 1;

	sb_init(&b, 0);
	for (i = 0; i < t->n; i++) {
		max = t->v[i].count > max ? t->v[i].count : max;
		w = t->v[i].value && t->v[i].len > w ? (t->v[i].len > 40 ? 40 : t->v[i].len) : w;
	}
	sb_reset(&b);
	(void)cl_fmt_text(&b, field, strlen(field), raw);
	printf("%s: %zu value%s shown of %" PRId64 " logs\n", b.p ? b.p : "", t->n,
	    t->n == 1 ? "" : "s", t->total);
	printf("%-*s %10s %6s\n", (int)w, "VALUE", "COUNT", "SHARE");
	for (i = 0; i < t->n; i++) {
		int bar = (int)(t->v[i].count * 30 / max), k;

		sb_reset(&b);
		if (t->v[i].value == NULL || cl_fmt_text(&b, t->v[i].value, t->v[i].len, raw) != 0)
			b.len = 0;
		printf("%-*s %10" PRId64 " %5.1f%%  ", (int)w,
		    t->v[i].value == NULL ? "(none)" : b.len ? b.p : "\"\"", t->v[i].count,
		    t->total ? 100.0 * (double)t->v[i].count / (double)t->total : 0.0);
		for (k = 0; k < bar; k++)
			fputs(utf8 ? "\xe2\x96\x88" : "#", stdout);
		putchar('\n');
	}
	sb_free(&b);
}

static void
cmd_top_print_stats(const struct cl_an_stats *st, int64_t total, int utf8)
{
	double bins[CMD_TOP_BINS];
	uint32_t v[CMD_TOP_BINS];
	char spark[3 * CMD_TOP_BINS + 1];
	size_t i;

	if (st->count == 0) {
		printf("numbers: none of the %" PRId64 " logs has a number here\n", total);
		return;
	}
	printf("numbers: %" PRId64 " of %" PRId64 " logs  min %g  avg %g  p50 %g  p90 %g  "
	       "p99 %g  max %g\n", st->count, total, st->min, st->avg, st->q[4], st->q[8],
	    st->q[10], st->max);
	cl_an_dist(st, bins, CMD_TOP_BINS);
	for (i = 0; i < CMD_TOP_BINS; i++)
		v[i] = (uint32_t)(bins[i] * 1e6);
	cl_pat_spark(v, CMD_TOP_BINS, !utf8, spark);
	printf("distribution: %g %s %g\n", st->min, spark, st->max);
}

static void
cmd_top_jsonl(const struct cl_an_top *t, const struct cl_an_stats *st, int raw)
{
	struct sb b;
	size_t i;
	int rc;

	sb_init(&b, 0);
	for (i = 0; i < t->n; i++) {
		sb_reset(&b);
		rc = sb_adds(&b, "{\"value\":");
		rc |= t->v[i].value ? cl_fmt_json_str(&b, t->v[i].value, t->v[i].len, raw)
				    : sb_adds(&b, "null");
		rc |= sb_addf(&b, ",\"count\":%" PRId64 ",\"share\":%.4f}\n", t->v[i].count,
		    t->total ? (double)t->v[i].count / (double)t->total : 0.0);
		if (rc == 0)
			fwrite(b.p, 1, b.len, stdout);
	}
	if (st && st->count > 0)
		printf("{\"numbers\":%" PRId64 ",\"min\":%.17g,\"max\":%.17g,\"avg\":%.17g,"
		       "\"p50\":%.17g,\"p90\":%.17g,\"p99\":%.17g}\n", st->count, st->min,
		    st->max, st->avg, st->q[4], st->q[8], st->q[10]);
	sb_free(&b);
}

int
cmd_top_run(struct cli *x, const struct cli_opts *o)
{
	const char *field = o->argv[0], *search = o->argc > 1 ? o->argv[1] : "*";
	struct cli_rows top, stats;
	struct cl_an_top t;
	struct cl_an_stats st;
	char type[16], *sql;
	int64_t from, to;
	int rc, numeric, jsonl = o->format && strcmp(o->format, "jsonl") == 0, have_st = 0;

	if (o->format && !jsonl && strcmp(o->format, "table") != 0) {
		fprintf(stderr, "slsx: bad --format %s (table or jsonl)\n", o->format);
		return SLSX_EX_USAGE;
	}
	if (cl_query_is_sql(search) || *field == '\0') {
		fprintf(stderr, "slsx: top takes a FIELD and a search (no '| SQL')\n");
		return SLSX_EX_USAGE;
	}
	if (cli_times(o, &from, &to) != 0)
		return SLSX_EX_USAGE;
	if ((rc = cmd_top_type(x, field, type, sizeof type)) != SLSX_EX_OK)
		return rc;
	if (type[0] == '\0')
		fprintf(stderr, "slsx: warning: %s is not in the logstore's index; SQL may not "
				"see it\n", field);
	numeric = cl_an_numeric(type);
	sql = cl_an_top_sql(search, field, o->limit_set && o->limit > 0 ? (int)o->limit : 10);
	cli_rows_start(x, o, from, to, sql, &top);
	free(sql);
	memset(&stats, 0, sizeof stats);
	stats.done = 1;
	if (numeric) {
		sql = cl_an_stats_sql(search, field);
		cli_rows_start(x, o, from, to, sql, &stats);
		free(sql);
	}
	while ((!top.done || !stats.done) && !cli_stop)
		cl_poll(x->cl, NULL, 0, 200);
	if (top.failed || stats.failed)
		rc = cli_report("GetLogs (SQL)", top.failed ? &top.err : &stats.err);
	else if (cli_stop)
		rc = SLSX_EX_FAIL;
	else if (cl_an_top_read(top.pages, top.npages, &t) != 0 ||
	    (numeric && !(have_st = cl_an_stats_read(stats.pages, stats.npages, &st) == 0))) {
		fprintf(stderr, "slsx: the server's answer is not the shape asked for\n");
		rc = SLSX_EX_SERVER;
		cl_an_top_free(&t); /* a no-op when the reading failed */
	} else {
		if (jsonl) {
			cmd_top_jsonl(&t, numeric ? &st : NULL, x->raw);
		} else {
			cmd_top_print_values(&t, field, x->raw, cli_utf8());
			if (numeric)
				cmd_top_print_stats(&st, t.total, cli_utf8());
		}
		cl_an_top_free(&t);
	}
	cli_rows_free(&top);
	cli_rows_free(&stats);
	return rc;
}
