/*
 * cmd_cmp — `slsx compare`: a window against a baseline (by default the
 * window of the same length just before), the headless twin of the UI's
 * :compare: the hits and rate of each; the patterns new in the window,
 * gone from it, and those whose share moved most; and for chosen fields
 * (--field a,b; by default the index's text and long fields with few
 * values) the values whose share moved most, everything ranked by how
 * surprising the change is. The work is client/cl_cmpjob's; this prints.
 */
#include "cli/cmd.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clk.h"
#include "base/sb.h"
#include "base/tparse.h"
#include "base/tz.h"
#include "base/xalloc.h"
#include "client/cl_cmpjob.h"
#include "client/cl_fmt.h"
#include "client/cl_query.h"

#define CMD_CMP_SHOWN 15      /* rows per section (table) */

struct cmd_cmp {
	int64_t from[2], to[2];
	int done, failed;
	struct cl_err err;
};

/* The baseline: --baseline-from/--baseline-to, else the same length
 * just before the window. */
static int
cmd_cmp_baseline(const struct cli_opts *o, int64_t from, int64_t to, int64_t *bf, int64_t *bt)
{
	char err[160];
	time_t now = clk_wall(), f, t;

	*bf = from - (to - from);
	*bt = from;
	if (o->baseline_from && tparse(o->baseline_from, now, &f, err, sizeof err) != 0) {
		fprintf(stderr, "slsx: --baseline-from: %s\n", err);
		return -1;
	}
	if (o->baseline_to && tparse(o->baseline_to, now, &t, err, sizeof err) != 0) {
		fprintf(stderr, "slsx: --baseline-to: %s\n", err);
		return -1;
	}
	if (o->baseline_from)
		*bf = f;
	if (o->baseline_to)
		*bt = t;
	else if (o->baseline_from)
		*bt = *bf + (to - from);
	if (*bf >= *bt) {
		fprintf(stderr, "slsx: the baseline must end after it starts\n");
		return -1;
	}
	return 0;
}

/* ---- output ---- */

static const char *
cmd_cmp_change(const struct cl_cmp_item *it, char *buf, size_t n)
{
	if (it->n[1] == 0)
		return "new";
	if (it->n[0] == 0)
		return "gone";
	snprintf(buf, n, "%+.1f", 100.0 * (it->share[0] - it->share[1]));
	return buf;
}

static void
cmd_cmp_table(const struct cmd_cmp *c, const struct cl_cmpjob_result *res, int raw)
{
	/* both windows' ends are shown: dates when they span two days */
	int days = tz_days(c->from[0] < c->from[1] ? c->from[0] : c->from[1],
	    (c->to[0] > c->to[1] ? c->to[0] : c->to[1]) + 1) ? TZ_YEAR : TZ_TIME;
	const char *names[2] = { "window", "baseline" };
	struct sb b;
	size_t i, k;

	sb_init(&b, 0);
	for (i = 0; i < 2; i++) {
		char f[32], t[32];
		double mins = (double)(c->to[i] - c->from[i]) / 60.0;

		tz_fmt(c->from[i], days, f, sizeof f);
		tz_fmt(c->to[i], days, t, sizeof t);
		printf("%-9s %s - %s  %" PRId64 " hits  %.1f/min", names[i], f, t, res->hits[i],
		    mins > 0 ? (double)res->hits[i] / mins : 0.0);
		if (i == 1 && res->hits[1] > 0)
			printf("  (window %+.1f%%)", 100.0 * (double)(res->hits[0] - res->hits[1]) / (double)res->hits[1]);
		putchar('\n');
	}
	printf("\npatterns, most changed first (shares of %" PRId64 " and %" PRId64
	       " logs sampled)\n%7s %9s %7s  %s\n", res->sampled[0], res->sampled[1], "WINDOW",
	    "BASELINE", "CHANGE", "PATTERN");
	for (i = 0, k = 0; i < res->pats.n && k < CMD_CMP_SHOWN; i++) {
		const struct cl_cmp_item *it = &res->pats.v[i];
		char ch[16];

		if (it->score <= 0)
			continue;
		sb_reset(&b);
		if (cl_fmt_text(&b, it->key, it->keylen, raw) != 0)
			break;
		printf("%6.1f%% %8.1f%% %7s  %s\n", 100 * it->share[0], 100 * it->share[1],
		    cmd_cmp_change(it, ch, sizeof ch), b.p ? b.p : "");
		k++;
	}
	printf("\nvalues, most changed first (fields:");
	for (i = 0; i < res->nfields; i++) {
		sb_reset(&b);
		(void)cl_fmt_text(&b, res->fields[i], strlen(res->fields[i]), raw);
		printf("%s %s", i ? "," : "", b.p ? b.p : "");
	}
	printf("%s)\n%7s %9s %7s  %s\n", res->nfields ? "" : " none", "WINDOW", "BASELINE",
	    "CHANGE", "FIELD=VALUE");
	for (i = 0, k = 0; i < res->vals.n && k < CMD_CMP_SHOWN; i++) {
		const struct cl_cmp_item *it = &res->vals.v[i];
		char ch[16];
		int e;

		if (it->score <= 0)
			continue;
		sb_reset(&b);
		e = cl_fmt_text(&b, it->field, strlen(it->field), raw);
		e |= sb_addc(&b, '=');
		e |= cl_fmt_text(&b, it->key, it->keylen, raw);
		if (e != 0)
			break;
		printf("%6.1f%% %8.1f%% %7s  %s\n", 100 * it->share[0], 100 * it->share[1],
		    cmd_cmp_change(it, ch, sizeof ch), b.p);
		k++;
	}
	sb_free(&b);
}

static int
cmd_cmp_json_item(struct sb *b, const struct cl_cmp_item *it, int raw)
{
	int e = sb_adds(b, it->field ? "{\"kind\":\"value\",\"field\":" : "{\"kind\":\"pattern\"");

	if (it->field) {
		e |= cl_fmt_json_str(b, it->field, strlen(it->field), raw);
		e |= sb_adds(b, ",\"value\":");
	} else {
		e |= sb_adds(b, ",\"pattern\":");
	}
	e |= cl_fmt_json_str(b, it->key, it->keylen, raw);
	e |= sb_addf(b, ",\"window\":{\"count\":%" PRId64 ",\"share\":%.4f},\"baseline\":{"
	    "\"count\":%" PRId64 ",\"share\":%.4f},\"score\":%.6f}\n", it->n[0], it->share[0],
	    it->n[1], it->share[1], it->score);
	return e;
}

static void
cmd_cmp_jsonl(const struct cmd_cmp *c, const struct cl_cmpjob_result *res, int raw)
{
	const struct cl_cmp *lists[2] = { &res->pats, &res->vals };
	struct sb b;
	size_t l, i;

	printf("{\"kind\":\"hits\",\"window\":{\"from\":%" PRId64 ",\"to\":%" PRId64 ",\"hits\":%"
	    PRId64 ",\"sampled\":%" PRId64 "},\"baseline\":{\"from\":%" PRId64 ",\"to\":%" PRId64
	    ",\"hits\":%" PRId64 ",\"sampled\":%" PRId64 "}}\n", c->from[0], c->to[0],
	    res->hits[0], res->sampled[0], c->from[1], c->to[1], res->hits[1], res->sampled[1]);
	sb_init(&b, 0);
	for (l = 0; l < 2; l++)
		for (i = 0; i < lists[l]->n; i++) {
			sb_reset(&b);
			if (cmd_cmp_json_item(&b, &lists[l]->v[i], raw) == 0)
				fwrite(b.p, 1, b.len, stdout);
		}
	sb_free(&b);
}

/* ---- the command ---- */

static void
cmd_cmp_on_done(void *ud, const struct cl_err *err)
{
	struct cmd_cmp *c = ud;

	c->done = 1;
	if (err) {
		c->err = *err;
		c->failed = 1;
	}
}

/* --field a,b,c into a list (malloc'd names). */
static size_t
cmd_cmp_fields(const char *spec, char ***out)
{
	const char *p = spec, *e;
	size_t n = 0;

	*out = NULL;
	while (p) {
		e = strchr(p, ',');
		if ((e ? (size_t)(e - p) : strlen(p)) > 0) {
			*out = xreallocarray(*out, n + 1, sizeof **out);
			(*out)[n++] = e ? xstrndup(p, (size_t)(e - p)) : xstrdup(p);
		}
		p = e ? e + 1 : NULL;
	}
	return n;
}

int
cmd_cmp_run(struct cli *x, const struct cli_opts *o)
{
	const char *search = o->argc > 0 ? o->argv[0] : "*";
	struct cl_cmpjob_spec s;
	struct cl_cmpjob *j;
	struct cmd_cmp c;
	char **fields = NULL;
	size_t nf = 0, i;
	int rc = SLSX_EX_OK, jsonl = o->format && strcmp(o->format, "jsonl") == 0;

	if (o->format && !jsonl && strcmp(o->format, "table") != 0) {
		fprintf(stderr, "slsx: bad --format %s (table or jsonl)\n", o->format);
		return SLSX_EX_USAGE;
	}
	if (cl_query_is_sql(search)) {
		fprintf(stderr, "slsx: compare takes a search, not SQL (drop the '| ...' part)\n");
		return SLSX_EX_USAGE;
	}
	memset(&c, 0, sizeof c);
	if (cli_times(o, &c.from[0], &c.to[0]) != 0 ||
	    cmd_cmp_baseline(o, c.from[0], c.to[0], &c.from[1], &c.to[1]) != 0)
		return SLSX_EX_USAGE;
	memset(&s, 0, sizeof s);
	s.q.project = x->project;
	s.q.logstore = x->logstore;
	s.q.query = search;
	s.q.topic = o->topic;
	s.q.from = c.from[0];
	s.q.to = c.to[0];
	s.base_from = c.from[1];
	s.base_to = c.to[1];
	s.sample = o->sample;
	if (o->field) {
		nf = cmd_cmp_fields(o->field, &fields);
		s.fields = (const char *const *)fields;
		s.nfields = nf;
	}
	j = cl_cmpjob_start(x->cl, &s, cmd_cmp_on_done, &c);
	while (!c.done && !cli_stop)
		cl_poll(x->cl, NULL, 0, 200);
	if (c.failed)
		rc = cli_report("compare", &c.err);
	else if (cli_stop)
		rc = SLSX_EX_FAIL;
	else if (jsonl)
		cmd_cmp_jsonl(&c, cl_cmpjob_result(j), x->raw);
	else
		cmd_cmp_table(&c, cl_cmpjob_result(j), x->raw);
	if (rc == SLSX_EX_OK && !cl_cmpjob_result(j)->complete)
		fprintf(stderr, "slsx: warning: the server reported an answer as Incomplete\n");
	cl_cmpjob_free(j);
	for (i = 0; i < nf; i++)
		free(fields[i]);
	free(fields);
	return rc;
}
