/*
 * cmd_cmp — `slsx compare`: a window against a baseline (by default the
 * window of the same length just before), the headless twin of the UI's
 * :compare. It shows the hits and rate of each; the patterns new in the
 * window, gone from it, and those whose share moved most (a spread sample
 * of each side, client/cl_sample, clustered by one client/cl_pat so both
 * sides share templates); and for chosen fields (--field a,b; by default
 * the index's text and long fields with 2 to 30 distinct values in the
 * window, at most 6) the values whose share moved most (client/cl_an's top
 * statement on each side). Everything is ranked by client/cl_cmp's score.
 * The samples and the field queries run at once.
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
#include "base/xalloc.h"
#include "client/cl_an.h"
#include "client/cl_api.h"
#include "client/cl_cmp.h"
#include "client/cl_fmt.h"
#include "client/cl_pat.h"
#include "client/cl_query.h"
#include "client/cl_sample.h"

#define CMD_CMP_FIELDS 6      /* fields compared by default, at most */
#define CMD_CMP_CANDIDATES 24 /* index fields looked at for them */
#define CMD_CMP_VALUES 30     /* top values asked per field and side */
#define CMD_CMP_SHOWN 15      /* rows per section (table) */

struct cmd_cmp;

struct cmd_cmp_side {
	struct cmd_cmp *c;
	int idx;
	int64_t from, to;
	struct cl_sample *smp;
	int done, failed;
	struct cl_err err;
	int64_t *gn;            /* lines per pattern group */
	size_t ngn;
	int64_t lines;
};

struct cmd_cmp {
	struct cl_pat *pat;
	struct cmd_cmp_side side[2];
	char **fields;
	size_t nfields;
	struct cli_rows *tops;  /* [field * 2 + side] */
};

static void
cmd_cmp_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cmd_cmp_side *s = ud;
	uint32_t *ids;
	size_t i;

	if (page == NULL) {
		s->done = 1;
		if (err) {
			s->err = *err;
			s->failed = 1;
		}
		return;
	}
	ids = xcalloc(page->nrows + 1, sizeof *ids);
	cl_pat_add_rows(s->c->pat, page, NULL, ids);
	for (i = 0; i < page->nrows; i++) {
		uint32_t g = ids[i];

		if (g >= s->ngn) {
			size_t nn = (g + 1) * 2;

			s->gn = xreallocarray(s->gn, nn, sizeof *s->gn);
			memset(s->gn + s->ngn, 0, (nn - s->ngn) * sizeof *s->gn);
			s->ngn = nn;
		}
		s->gn[g]++;
		s->lines++;
	}
	free(ids);
	cl_logs_free(page);
}

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

static void
cmd_cmp_add_field(struct cmd_cmp *c, const char *f, size_t n)
{
	if (n == 0)
		return;
	c->fields = xreallocarray(c->fields, c->nfields + 1, sizeof *c->fields);
	c->fields[c->nfields++] = xstrndup(f, n);
}

/* The index fields that may be categorical (text, long; not __*__). */
static int
cmd_cmp_candidates(struct cli *x, char ***out, size_t *nout)
{
	struct cl_index idx;
	size_t i;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = cli_get_index(x, &idx)) != SLSX_EX_OK)
		return rc;
	for (i = 0; i < idx.n && *nout < CMD_CMP_CANDIDATES; i++) {
		const struct cl_ifield *f = &idx.f[i];

		if (strncmp(f->name, "__", 2) == 0 || !f->doc_value ||
		    (strcmp(f->type, "text") != 0 && strcmp(f->type, "long") != 0))
			continue;
		*out = xreallocarray(*out, *nout + 1, sizeof **out);
		(*out)[(*nout)++] = xstrdup(f->name);
	}
	cl_index_free(&idx);
	return SLSX_EX_OK;
}

/* Fields with 2 .. CMD_CMP_VALUES distinct values in the window (one
 * statement of approx_distinct over the candidates). */
static int
cmd_cmp_pick_fields(struct cli *x, const struct cli_opts *o, struct cmd_cmp *c,
    const char *search)
{
	char **cand;
	size_t nc, i;
	struct cli_rows r;
	struct sb b;
	int rc = cmd_cmp_candidates(x, &cand, &nc), e = 0;

	if (rc != SLSX_EX_OK || nc == 0)
		return rc;
	sb_init(&b, 0);
	e |= sb_addf(&b, "%s | select ", search);
	for (i = 0; i < nc; i++) {
		const char *p;

		e |= sb_adds(&b, i ? ", approx_distinct(\"" : "approx_distinct(\"");
		for (p = cand[i]; *p; p++)
			e |= *p == '"' ? sb_adds(&b, "\"\"") : sb_addc(&b, *p);
		e |= sb_addf(&b, "\") as d%zu", i);
	}
	if (e == 0) {
		cli_rows_start(x, o, c->side[0].from, c->side[0].to, b.p, &r);
		while (!r.done && !cli_stop)
			cl_poll(x->cl, NULL, 0, 200);
		if (r.failed)
			rc = cli_report("GetLogs (SQL)", &r.err);
		for (i = 0; !r.failed && r.npages && r.pages[0].nrows && i < nc &&
		     c->nfields < CMD_CMP_FIELDS; i++) {
			char k[24];
			const char *v;

			snprintf(k, sizeof k, "d%zu", i);
			v = cl_row_get(&r.pages[0], &r.pages[0].rows[0], k, NULL);
			if (v && atoll(v) >= 2 && atoll(v) <= CMD_CMP_VALUES)
				cmd_cmp_add_field(c, cand[i], strlen(cand[i]));
		}
		cli_rows_free(&r);
	}
	sb_free(&b);
	for (i = 0; i < nc; i++)
		free(cand[i]);
	free(cand);
	return rc;
}

/* ---- output ---- */

static void
cmd_cmp_time(int64_t t, int days, char *buf, size_t n)
{
	time_t s = (time_t)t;
	struct tm tm;

	localtime_r(&s, &tm);
	strftime(buf, n, days ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
}

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
cmd_cmp_table(const struct cmd_cmp *c, const struct cl_cmp *pats, const struct cl_cmp *vals,
    const int64_t *hits, int raw)
{
	int days = c->side[1].to - c->side[1].from > 86400 ||
	    c->side[0].from - c->side[1].from > 86400;
	const char *names[2] = { "window", "baseline" };
	struct sb b;
	size_t i, k;

	sb_init(&b, 0);
	for (i = 0; i < 2; i++) {
		char f[32], t[32];
		double mins = (double)(c->side[i].to - c->side[i].from) / 60.0;

		cmd_cmp_time(c->side[i].from, days, f, sizeof f);
		cmd_cmp_time(c->side[i].to, days, t, sizeof t);
		printf("%-9s %s - %s  %" PRId64 " hits  %.1f/min", names[i], f, t, hits[i],
		    mins > 0 ? (double)hits[i] / mins : 0.0);
		if (i == 1 && hits[1] > 0)
			printf("  (window %+.1f%%)", 100.0 * (double)(hits[0] - hits[1]) / (double)hits[1]);
		putchar('\n');
	}
	printf("\npatterns, most changed first (shares of %" PRId64 " and %" PRId64
	       " logs sampled)\n%7s %9s %7s  %s\n", c->side[0].lines, c->side[1].lines, "WINDOW",
	    "BASELINE", "CHANGE", "PATTERN");
	for (i = 0, k = 0; i < pats->n && k < CMD_CMP_SHOWN; i++) {
		const struct cl_cmp_item *it = &pats->v[i];
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
	for (i = 0; i < c->nfields; i++) {
		sb_reset(&b);
		(void)cl_fmt_text(&b, c->fields[i], strlen(c->fields[i]), raw);
		printf("%s %s", i ? "," : "", b.p ? b.p : "");
	}
	printf("%s)\n%7s %9s %7s  %s\n", c->nfields ? "" : " none", "WINDOW", "BASELINE",
	    "CHANGE", "FIELD=VALUE");
	for (i = 0, k = 0; i < vals->n && k < CMD_CMP_SHOWN; i++) {
		const struct cl_cmp_item *it = &vals->v[i];
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
cmd_cmp_jsonl(const struct cmd_cmp *c, const struct cl_cmp *pats, const struct cl_cmp *vals,
    const int64_t *hits, int raw)
{
	const struct cl_cmp *lists[2] = { pats, vals };
	struct sb b;
	size_t l, i;

	printf("{\"kind\":\"hits\",\"window\":{\"from\":%" PRId64 ",\"to\":%" PRId64 ",\"hits\":%"
	    PRId64 ",\"sampled\":%" PRId64 "},\"baseline\":{\"from\":%" PRId64 ",\"to\":%" PRId64
	    ",\"hits\":%" PRId64 ",\"sampled\":%" PRId64 "}}\n", c->side[0].from, c->side[0].to,
	    hits[0], c->side[0].lines, c->side[1].from, c->side[1].to, hits[1], c->side[1].lines);
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
cmd_cmp_patterns(struct cmd_cmp *c, struct cl_cmp *out)
{
	const struct cl_pat_group *g;
	size_t n = cl_pat_groups(c->pat, &g), i, s;

	for (i = 0; i < n; i++)
		for (s = 0; s < 2; s++)
			cl_cmp_add(out, NULL, g[i].tmpl, strlen(g[i].tmpl), (int)s,
			    g[i].id < c->side[s].ngn ? c->side[s].gn[g[i].id] : 0);
	cl_cmp_finish(out, NULL, c->side[0].lines, c->side[1].lines);
	cl_cmp_sort(out);
}

static int
cmd_cmp_values(struct cmd_cmp *c, struct cl_cmp *out)
{
	size_t f, s, i;

	for (f = 0; f < c->nfields; f++) {
		int64_t total[2] = { 0, 0 };

		for (s = 0; s < 2; s++) {
			struct cli_rows *r = &c->tops[f * 2 + s];
			struct cl_an_top t;

			if (r->failed)
				return cli_report("GetLogs (SQL)", &r->err);
			if (cl_an_top_read(r->pages, r->npages, &t) != 0) {
				fprintf(stderr, "slsx: the server's answer is not the shape asked for\n");
				return SLSX_EX_SERVER;
			}
			for (i = 0; i < t.n; i++)
				cl_cmp_add(out, c->fields[f], t.v[i].value ? t.v[i].value : "(none)",
				    t.v[i].value ? t.v[i].len : 6, (int)s, t.v[i].count);
			total[s] = t.total;
			cl_an_top_free(&t);
		}
		cl_cmp_finish(out, c->fields[f], total[0], total[1]);
	}
	cl_cmp_sort(out);
	return SLSX_EX_OK;
}

static int
cmd_cmp_setup(struct cli *x, const struct cli_opts *o, struct cmd_cmp *c, const char *search)
{
	int64_t from, to;
	size_t i;

	if (cli_times(o, &from, &to) != 0 ||
	    cmd_cmp_baseline(o, from, to, &c->side[1].from, &c->side[1].to) != 0)
		return SLSX_EX_USAGE;
	c->side[0].from = from;
	c->side[0].to = to;
	if (o->field) { /* a,b,c */
		const char *p = o->field, *e;

		while ((e = strchr(p, ',')) != NULL) {
			cmd_cmp_add_field(c, p, (size_t)(e - p));
			p = e + 1;
		}
		cmd_cmp_add_field(c, p, strlen(p));
	} else {
		int rc = cmd_cmp_pick_fields(x, o, c, search);

		if (rc != SLSX_EX_OK)
			return rc;
	}
	c->pat = cl_pat_new(c->side[1].from < from ? c->side[1].from : from,
	    c->side[1].to > to ? c->side[1].to : to);
	c->tops = xcalloc(c->nfields * 2 + 1, sizeof *c->tops);
	for (i = 0; i < 2; i++) {
		struct cl_sample_spec s;

		memset(&s, 0, sizeof s);
		s.q.project = x->project;
		s.q.logstore = x->logstore;
		s.q.query = search;
		s.q.topic = o->topic;
		s.q.from = c->side[i].from;
		s.q.to = c->side[i].to;
		s.max = o->sample;
		c->side[i].c = c;
		c->side[i].idx = (int)i;
		c->side[i].smp = cl_sample_start(x->cl, &s, cmd_cmp_on_page, &c->side[i]);
	}
	for (i = 0; i < c->nfields * 2; i++) {
		char *sql = cl_an_top_sql(search, c->fields[i / 2], CMD_CMP_VALUES);

		cli_rows_start(x, o, c->side[i % 2].from, c->side[i % 2].to, sql, &c->tops[i]);
		free(sql);
	}
	return SLSX_EX_OK;
}

static int
cmd_cmp_busy(const struct cmd_cmp *c)
{
	size_t i;

	if (!c->side[0].done || !c->side[1].done)
		return 1;
	for (i = 0; i < c->nfields * 2; i++)
		if (!c->tops[i].done)
			return 1;
	return 0;
}

static void
cmd_cmp_free(struct cmd_cmp *c)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		cl_sample_free(c->side[i].smp);
		free(c->side[i].gn);
	}
	for (i = 0; c->tops && i < c->nfields * 2; i++)
		cli_rows_free(&c->tops[i]);
	for (i = 0; i < c->nfields; i++)
		free(c->fields[i]);
	free(c->fields);
	free(c->tops);
	cl_pat_free(c->pat);
}

int
cmd_cmp_run(struct cli *x, const struct cli_opts *o)
{
	const char *search = o->argc > 0 ? o->argv[0] : "*";
	struct cmd_cmp c;
	struct cl_cmp pats, vals;
	int64_t hits[2];
	int rc, jsonl = o->format && strcmp(o->format, "jsonl") == 0, i;

	if (o->format && !jsonl && strcmp(o->format, "table") != 0) {
		fprintf(stderr, "slsx: bad --format %s (table or jsonl)\n", o->format);
		return SLSX_EX_USAGE;
	}
	if (cl_query_is_sql(search)) {
		fprintf(stderr, "slsx: compare takes a search, not SQL (drop the '| ...' part)\n");
		return SLSX_EX_USAGE;
	}
	memset(&c, 0, sizeof c);
	memset(&pats, 0, sizeof pats);
	memset(&vals, 0, sizeof vals);
	rc = cmd_cmp_setup(x, o, &c, search);
	while (rc == SLSX_EX_OK && cmd_cmp_busy(&c) && !cli_stop)
		cl_poll(x->cl, NULL, 0, 200);
	for (i = 0; rc == SLSX_EX_OK && i < 2; i++)
		if (c.side[i].failed)
			rc = cli_report(i ? "the baseline" : "the window", &c.side[i].err);
	if (rc == SLSX_EX_OK && cli_stop)
		rc = SLSX_EX_FAIL;
	if (rc == SLSX_EX_OK)
		rc = cmd_cmp_values(&c, &vals);
	if (rc == SLSX_EX_OK) {
		cmd_cmp_patterns(&c, &pats);
		for (i = 0; i < 2; i++)
			hits[i] = cl_sample_stat(c.side[i].smp)->hits;
		if (jsonl)
			cmd_cmp_jsonl(&c, &pats, &vals, hits, x->raw);
		else
			cmd_cmp_table(&c, &pats, &vals, hits, x->raw);
	}
	cl_cmp_free(&pats);
	cl_cmp_free(&vals);
	cmd_cmp_free(&c);
	return rc;
}
