/*
 * cmd_pat — `slsx patterns`: the kinds of line a search matches over a
 * range, the headless twin of the UI's patterns view. A spread sample of
 * the logs (client/cl_sample: all of them up to --sample) is clustered
 * as it arrives (client/cl_pat) into templates with their count, share,
 * first and last time and a sparkline over the range, most lines first.
 */
#include "cli/cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/tparse.h"
#include "base/tz.h"
#include "client/cl_fmt.h"
#include "client/cl_pat.h"
#include "client/cl_query.h"
#include "client/cl_sample.h"

struct cmd_pat_run {
	struct cl_pat *pat;
	const char *field;
	int done, failed;
	struct cl_err err;
};

static void
cmd_pat_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cmd_pat_run *r = ud;

	if (page == NULL) {
		r->done = 1;
		if (err) {
			r->err = *err;
			r->failed = 1;
		}
		return;
	}
	cl_pat_add_rows(r->pat, page, r->field, NULL);
	cl_logs_free(page);
}

static void
cmd_pat_print_table(struct cmd_pat_run *r, const struct cl_sample_stat *st, int64_t from,
    int64_t to, size_t limit, int raw)
{
	const struct cl_pat_group *g;
	size_t n = cl_pat_groups(r->pat, &g), i;
	int64_t lines = cl_pat_lines(r->pat);
	int days = tz_days(from, to), ascii = !cli_utf8();
	struct sb b;
	char what[80];

	sb_init(&b, 0);
	cl_sample_describe(st, lines, what, sizeof what);
	printf("%zu patterns in %" PRId64 " logs (%s)\n", n, lines, what);
	printf("%7s %6s  %-*s %-*s %-24s  %s\n", "COUNT", "SHARE", days ? 14 : 8, "FIRST",
	    days ? 14 : 8, "LAST", "OVER THE RANGE", "PATTERN");
	for (i = 0; i < n && (limit == 0 || i < limit); i++) {
		char first[32], last[32], spark[3 * CL_PAT_SPARK + 1];

		tz_fmt(g[i].first, days, first, sizeof first);
		tz_fmt(g[i].last, days, last, sizeof last);
		cl_pat_spark(g[i].spark, CL_PAT_SPARK, ascii, spark);
		sb_reset(&b);
		if (cl_fmt_text(&b, g[i].tmpl, strlen(g[i].tmpl), raw) != 0)
			break;
		printf("%7" PRId64 " %5.1f%%  %s %s %s  %s\n", g[i].count,
		    lines ? 100.0 * (double)g[i].count / (double)lines : 0.0, first, last, spark,
		    b.p ? b.p : "");
	}
	sb_free(&b);
}

static void
cmd_pat_print_jsonl(struct cmd_pat_run *r, size_t limit, int raw)
{
	const struct cl_pat_group *g;
	size_t n = cl_pat_groups(r->pat, &g), i, k;
	int64_t lines = cl_pat_lines(r->pat);
	struct sb b;

	sb_init(&b, 0);
	for (i = 0; i < n && (limit == 0 || i < limit); i++) {
		int rc = 0;

		sb_reset(&b);
		rc |= sb_adds(&b, "{\"pattern\":");
		rc |= cl_fmt_json_str(&b, g[i].tmpl, strlen(g[i].tmpl), raw);
		rc |= sb_addf(&b, ",\"count\":%" PRId64 ",\"share\":%.4f,\"first\":%" PRId64
		    ",\"last\":%" PRId64 ",\"spark\":[", g[i].count,
		    lines ? (double)g[i].count / (double)lines : 0.0, g[i].first, g[i].last);
		for (k = 0; k < CL_PAT_SPARK; k++)
			rc |= sb_addf(&b, "%s%u", k ? "," : "", g[i].spark[k]);
		rc |= sb_adds(&b, "]}\n");
		if (rc == 0)
			fwrite(b.p, 1, b.len, stdout);
	}
	sb_free(&b);
}

int
cmd_pat_run(struct cli *x, const struct cli_opts *o)
{
	const char *query = o->argc > 0 ? o->argv[0] : "*";
	struct cl_sample_spec s;
	struct cmd_pat_run r;
	struct cl_sample *j;
	const struct cl_sample_stat *st;
	int jsonl = 0, rc = SLSX_EX_OK;

	if (o->format && strcmp(o->format, "jsonl") == 0)
		jsonl = 1;
	else if (o->format && strcmp(o->format, "table") != 0) {
		fprintf(stderr, "slsx: bad --format %s (table or jsonl)\n", o->format);
		return SLSX_EX_USAGE;
	}
	if (cl_query_is_sql(query)) {
		fprintf(stderr, "slsx: patterns takes a search, not SQL (drop the '| ...' part)\n");
		return SLSX_EX_USAGE;
	}
	memset(&s, 0, sizeof s);
	if (cli_times(o, &s.q.from, &s.q.to) != 0)
		return SLSX_EX_USAGE;
	s.q.project = x->project;
	s.q.logstore = x->logstore;
	s.q.query = query;
	s.q.topic = o->topic;
	s.max = o->sample;
	memset(&r, 0, sizeof r);
	r.pat = cl_pat_new(s.q.from, s.q.to);
	r.field = o->field;
	j = cl_sample_start(x->cl, &s, cmd_pat_on_page, &r);
	while (!r.done && !cli_stop)
		cl_poll(x->cl, NULL, 0, 200);
	st = cl_sample_stat(j);
	if (r.failed)
		rc = cli_report("patterns", &r.err);
	else if (cli_stop)
		rc = SLSX_EX_FAIL;
	else if (jsonl)
		cmd_pat_print_jsonl(&r, (size_t)(o->limit_set ? o->limit : 0), x->raw);
	else
		cmd_pat_print_table(&r, st, s.q.from, s.q.to,
		    (size_t)(o->limit_set ? o->limit : 0), x->raw);
	if (!st->complete)
		fprintf(stderr, "slsx: warning: the server reported an answer as Incomplete; "
				"the sample may miss logs\n");
	if (o->verbose)
		fprintf(stderr, "slsx: %" PRId64 " logs sampled of %" PRId64 " hits\n", st->rows,
		    st->hits);
	cl_sample_free(j);
	cl_pat_free(r.pat);
	return rc;
}
