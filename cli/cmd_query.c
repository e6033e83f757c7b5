/*
 * cmd_query — the headless query commands: query, histogram, context,
 * index, topics and project-query (the TUI's twins for scripts and pipes).
 *
 * `slsx query` runs a cl_qjob: pages stream in order while several are in
 * flight. jsonl and json stream as pages arrive; table, text and csv
 * gather the rows first (column widths and the CSV header need them).
 * Nothing from log data reaches the output unescaped unless --raw.
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
#include "base/u8.h"
#include "base/xalloc.h"
#include "client/cl_hist.h"
#include "client/cl_merge.h"
#include "client/cl_query.h"
#include "client/cl_fmt.h"

enum cmd_query_fmt { F_TABLE, F_TEXT, F_JSONL, F_JSON, F_CSV };

static int
cmd_query_format(const char *s, int sql, enum cmd_query_fmt *out)
{
	static const char *const names[] = { "table", "text", "jsonl", "json", "csv" };
	size_t i;

	if (s == NULL) {
		*out = !isatty(STDOUT_FILENO) ? F_JSONL : sql ? F_TABLE : F_TEXT;
		return 0;
	}
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum cmd_query_fmt)i;
			return 0;
		}
	fprintf(stderr, "slsx: bad --format %s (table, text, jsonl, json or csv)\n", s);
	return -1;
}

/* ---- row printers ---- */

/* ---- query ---- */

struct cmd_query_run {
	struct cli *x;
	enum cmd_query_fmt fmt;
	struct cl_logs *pages;  /* gathered for table/text/csv */
	size_t npages;
	int64_t rows;
	int first;
	int done;
	struct cl_err err;
	int failed;
};

static void
cmd_query_emit(struct cmd_query_run *q, struct cl_logs *pg)
{
	struct sb b;
	size_t i;
	int rc = 0;

	sb_init(&b, 0);
	for (i = 0; i < pg->nrows; i++) {
		if (q->fmt == F_JSON)
			rc |= sb_adds(&b, q->first ? "[\n" : ",\n");
		q->first = 0;
		rc |= cl_fmt_json_row(&b, pg, &pg->rows[i], q->x->raw);
		if (q->fmt == F_JSONL)
			rc |= sb_addc(&b, '\n');
	}
	if (rc == 0)
		fwrite(b.p ? b.p : "", 1, b.len, stdout);
	sb_free(&b);
	cl_logs_free(pg);
}

static void
cmd_query_on_page(void *ud, struct cl_logs *page, const struct cl_err *err)
{
	struct cmd_query_run *q = ud;

	if (page == NULL) {
		q->done = 1;
		if (err) {
			q->err = *err;
			q->failed = 1;
		}
		return;
	}
	q->rows += (int64_t)page->nrows;
	if (q->fmt == F_JSONL || q->fmt == F_JSON) {
		cmd_query_emit(q, page);
		return;
	}
	q->pages = xreallocarray(q->pages, q->npages + 1, sizeof *q->pages);
	q->pages[q->npages++] = *page;
	memset(page, 0, sizeof *page);
}

/* The union of the columns of every page, first-seen order. */
static size_t
cmd_query_columns(const struct cmd_query_run *q, const char ***out)
{
	const char **v = NULL;
	size_t n = 0, p, i, k;

	for (p = 0; p < q->npages; p++) {
		const char **c;
		size_t nc = cl_logs_columns(&q->pages[p], &c);

		for (i = 0; i < nc; i++) {
			for (k = 0; k < n && strcmp(v[k], c[i]) != 0; k++)
				;
			if (k == n) {
				v = xreallocarray(v, n + 1, sizeof *v);
				v[n++] = c[i];
			}
		}
		free(c);
	}
	*out = v;
	return n;
}

static void
cmd_query_print_csv(const struct cmd_query_run *q)
{
	const char **cols;
	size_t nc = cmd_query_columns(q, &cols), p, r, c;
	struct sb b;
	int rc = 0;

	sb_init(&b, 0);
	for (c = 0; c < nc; c++) {
		rc |= c ? sb_addc(&b, ',') : 0;
		rc |= cl_fmt_csv_cell(&b, cols[c], strlen(cols[c]), q->x->raw);
	}
	rc |= nc ? sb_adds(&b, "\r\n") : 0;
	for (p = 0; p < q->npages; p++)
		for (r = 0; r < q->pages[p].nrows; r++) {
			for (c = 0; c < nc; c++) {
				size_t n = 0;
				const char *v = cl_row_get(&q->pages[p], &q->pages[p].rows[r],
				    cols[c], &n);

				rc |= c ? sb_addc(&b, ',') : 0;
				rc |= v ? cl_fmt_csv_cell(&b, v, n, q->x->raw) : 0;
			}
			rc |= sb_adds(&b, "\r\n");
		}
	if (rc == 0)
		fwrite(b.p ? b.p : "", 1, b.len, stdout);
	sb_free(&b);
	free(cols);
}

#define CLIQ_COL_MAX 48

/* One table cell, escaped, cut to w columns and padded (numbers right). */
static int
cmd_query_cell(struct sb *b, const char *s, size_t n, size_t w, int raw)
{
	struct sb t;
	size_t used = 0, cut, pad;
	int rc, num;

	sb_init(&t, 0);
	rc = cl_fmt_text(&t, s, n, raw);
	cut = u8_prefix_for_cols(t.p ? t.p : "", t.len, w, &used);
	if (cut < t.len && w > 0) {
		cut = u8_prefix_for_cols(t.p, t.len, w - 1, &used);
		used++;
	}
	num = n > 0 && strspn(s, "-+0123456789.eE") == n;
	pad = w > used ? w - used : 0;
	while (num && pad-- > 0)
		rc |= sb_addc(b, ' ');
	rc |= sb_add(b, t.p ? t.p : "", cut);
	if (cut < t.len)
		rc |= sb_adds(b, "\u2026");
	while (!num && pad-- > 0)
		rc |= sb_addc(b, ' ');
	sb_free(&t);
	return rc;
}

static void
cmd_query_print_table(const struct cmd_query_run *q)
{
	const char **cols;
	size_t nc = cmd_query_columns(q, &cols), p, r, c, *w = xcalloc(nc + 1, sizeof *w);
	struct sb b;
	int rc = 0;

	for (c = 0; c < nc; c++)
		w[c] = u8_width(cols[c], strlen(cols[c]));
	for (p = 0; p < q->npages; p++)
		for (r = 0; r < q->pages[p].nrows; r++)
			for (c = 0; c < nc; c++) {
				size_t n = 0, vw;
				const char *v = cl_row_get(&q->pages[p], &q->pages[p].rows[r],
				    cols[c], &n);

				vw = v ? u8_width(v, n) : 0;
				if (vw > w[c])
					w[c] = vw > CLIQ_COL_MAX ? CLIQ_COL_MAX : vw;
			}
	sb_init(&b, 0);
	for (c = 0; c < nc; c++) {
		rc |= c ? sb_adds(&b, "  ") : 0;
		rc |= cmd_query_cell(&b, cols[c], strlen(cols[c]), w[c], q->x->raw);
	}
	rc |= nc ? sb_addc(&b, '\n') : 0;
	for (p = 0; p < q->npages; p++)
		for (r = 0; r < q->pages[p].nrows; r++) {
			for (c = 0; c < nc; c++) {
				size_t n = 0;
				const char *v = cl_row_get(&q->pages[p], &q->pages[p].rows[r],
				    cols[c], &n);

				rc |= c ? sb_adds(&b, "  ") : 0;
				rc |= cmd_query_cell(&b, v ? v : "", n, w[c], q->x->raw);
			}
			rc |= sb_addc(&b, '\n');
		}
	if (rc == 0)
		fwrite(b.p ? b.p : "", 1, b.len, stdout);
	sb_free(&b);
	free(cols);
	free(w);
}

static void
cmd_query_print_text(const struct cmd_query_run *q)
{
	size_t p, r;

	for (p = 0; p < q->npages; p++)
		for (r = 0; r < q->pages[p].nrows; r++) {
			struct sb b;

			sb_init(&b, 0);
			if (cl_fmt_text_row(&b, &q->pages[p], &q->pages[p].rows[r], q->x->raw) == 0 &&
			    sb_addc(&b, '\n') == 0)
				fwrite(b.p, 1, b.len, stdout);
			sb_free(&b);
		}
}

static void
cmd_query_finish_output(struct cmd_query_run *q)
{
	size_t p;

	if (q->fmt == F_JSON)
		fputs(q->first ? "[]\n" : "\n]\n", stdout);
	else if (q->fmt == F_CSV)
		cmd_query_print_csv(q);
	else if (q->fmt == F_TABLE)
		cmd_query_print_table(q);
	else if (q->fmt == F_TEXT)
		cmd_query_print_text(q);
	for (p = 0; p < q->npages; p++)
		cl_logs_free(&q->pages[p]);
	free(q->pages);
	fflush(stdout);
}

/* Run the job to its end (or a stop). While stderr is a terminal and the
 * export takes more than a second, a progress line: rows, rows/s,
 * requests in flight, elapsed. */
static void
cmd_query_wait(struct cli *x, struct cl_qjob *j, const struct cmd_query_run *q,
    struct cl_mjob *m)
{
	int tty = isatty(STDERR_FILENO), shown = 0;
	int64_t t0 = clk_mono_ms(), next = t0 + 1000;

	while (!q->done && !cli_stop) {
		int64_t now;

		cl_poll(x->cl, NULL, 0, 200);
		now = clk_mono_ms();
		if (tty && now >= next && !q->done) {
			const struct cl_qstat *st = j ? cl_qjob_stat(j) : cl_mjob_stat(m);
			double secs = (double)(now - t0) / 1000.0;

			fprintf(stderr, "\r\033[Kslsx: %" PRId64 " rows, %.0f rows/s, %d in flight, "
					"%.1f s", q->rows, (double)q->rows / secs, st->inflight, secs);
			shown = 1;
			next = now + 250;
		}
	}
	if (shown)
		fputs("\r\033[K", stderr);
}

/* The warnings of a finished query (Incomplete, re-asks) and with -v its
 * figures. */
static void
cmd_query_report(const struct cli_opts *o, const struct cl_qstat *st)
{
	if (!st->complete)
		fprintf(stderr, "slsx: warning: the server reported the result as Incomplete "
				"after %" PRId64 " re-asks; it may miss rows\n", st->reasks);
	else if (st->reasks > 0)
		fprintf(stderr, "slsx: warning: the server answered Incomplete %" PRId64 " time%s; "
				"asked again until it was complete\n", st->reasks, st->reasks == 1 ? "" : "s");
	if (o->verbose)
		fprintf(stderr, "slsx: %" PRId64 " rows in %" PRId64 " requests, %" PRId64
		    " re-asks%s%s; at most %d in flight, %" PRId64 " throttled, %" PRId64
		    " repeats dropped\n", st->rows, st->requests, st->reasks,
		    st->v1 ? " (GetLogs v1)" : "", st->sql ? " (SQL)" : "", st->inflight_peak,
		    st->throttled, st->repeats);
}

/* -l a,b: one query over several logstores, merged by time (cl_merge). */
static int
cmd_query_merged(struct cli *x, const struct cli_opts *o, const struct cl_qspec *s,
    struct cmd_query_run *q)
{
	char names[CL_MERGE_MAX][128];
	const char *list[CL_MERGE_MAX];
	struct cl_mjob *m;
	struct cl_err err;
	int n = cl_merge_split(x->logstore, names, CL_MERGE_MAX), i, rc = SLSX_EX_OK;

	if (n <= 0) {
		fprintf(stderr, "slsx: -l: give 1 to %d logstore names (letters, digits, _ - .), "
				"separated by commas\n", CL_MERGE_MAX);
		return SLSX_EX_USAGE;
	}
	for (i = 0; i < n; i++)
		list[i] = names[i];
	m = cl_mjob_start(x->cl, s, list, (size_t)n, cmd_query_on_page, q, &err);
	if (m == NULL)
		return cli_report("GetLogs", &err);
	cmd_query_wait(x, NULL, q, m);
	if (q->failed)
		rc = cli_report("GetLogs", &q->err);
	else if (cli_stop)
		rc = SLSX_EX_FAIL;
	cmd_query_finish_output(q);
	cmd_query_report(o, cl_mjob_stat(m));
	cl_mjob_free(m);
	return rc;
}

int
cmd_query_query(struct cli *x, const struct cli_opts *o)
{
	const char *query = o->argc > 0 ? o->argv[0] : "*";
	struct cl_qspec s;
	struct cmd_query_run q;
	struct cl_qjob *j;
	const struct cl_qstat *st;
	int rc = SLSX_EX_OK;

	memset(&s, 0, sizeof s);
	memset(&q, 0, sizeof q);
	if (cli_times(o, &s.q.from, &s.q.to) != 0 ||
	    cmd_query_format(o->format, cl_query_is_sql(query), &q.fmt) != 0)
		return SLSX_EX_USAGE;
	s.q.project = x->project;
	s.q.logstore = x->logstore;
	s.q.query = query;
	s.q.topic = o->topic;
	s.q.reverse = o->reverse;
	s.limit = o->limit;
	/* newest first over several pages: the second now being written would
	 * push rows down while pages are read in parallel, and a page read just
	 * after such a push misses a row; so the range ends before it */
	if (o->reverse && !cl_query_is_sql(query) && (o->limit == 0 || o->limit > 100) &&
	    s.q.to > (int64_t)clk_wall())
		s.q.to = (int64_t)clk_wall();
	s.inflight = o->inflight;
	s.force_v1 = o->v1;
	s.with_pack_meta = 1;
	s.dedupe = 1;
	q.x = x;
	q.first = 1;
	if (strchr(x->logstore, ',') != NULL)
		return cmd_query_merged(x, o, &s, &q);
	j = cl_qjob_start(x->cl, &s, cmd_query_on_page, &q);
	cmd_query_wait(x, j, &q, NULL);
	st = cl_qjob_stat(j);
	if (q.failed)
		rc = cli_report("GetLogs", &q.err);
	else if (cli_stop)
		rc = SLSX_EX_FAIL;
	cmd_query_finish_output(&q);
	cmd_query_report(o, st);
	cl_qjob_free(j);
	return rc;
}

/* ---- histogram ---- */

/* The latest answer of the histogram job, or its failure reported. */
struct cmd_query_hist {
	struct cl_hist h;
	int have, final, rc;
};

static void
cmd_query_on_hist(void *ud, const struct cl_hist_ev *ev)
{
	struct cmd_query_hist *w = ud;

	w->final = ev->final;
	if (ev->err) {
		w->rc = cli_report(ev->bad_reply ? "GetHistograms reply" : "GetHistograms", ev->err);
		return;
	}
	cl_hist_free(&w->h);
	w->h = *ev->h;
	w->have = 1;
	if (!ev->final)
		fprintf(stderr, "slsx: warning: GetHistograms answered Incomplete; asking again "
				"(%d of %d)\n", ev->reasks, CL_REASK_MAX);
	memset(ev->h, 0, sizeof *ev->h);
}

int
cmd_query_histogram(struct cli *x, const struct cli_opts *o)
{
	const char *query = o->argc > 0 ? o->argv[0] : "*";
	struct cl_hist_spec spec;
	struct cmd_query_hist w;
	struct cl_hist_job *j;
	struct cl_hist h;
	size_t i;

	memset(&spec, 0, sizeof spec);
	memset(&w, 0, sizeof w);
	if (cli_times(o, &spec.q.from, &spec.q.to) != 0)
		return SLSX_EX_USAGE;
	spec.q.project = x->project;
	spec.q.query = query;
	spec.q.topic = o->topic;
	spec.q.logstore = x->logstore; /* "a,b": the job sums them */
	spec.q.interval = o->interval;
	j = cl_hist_job_start(x->cl, &spec, cmd_query_on_hist, &w);
	while (!w.final && !cli_stop)
		cl_poll(x->cl, NULL, 0, 100);
	cl_hist_job_free(j);
	if (w.rc != SLSX_EX_OK || !w.have || cli_stop) {
		cl_hist_free(&w.h);
		return w.rc != SLSX_EX_OK ? w.rc : SLSX_EX_FAIL;
	}
	h = w.h;
	if (!h.complete)
		fprintf(stderr, "slsx: warning: the histogram is Incomplete\n");
	if (o->format && strcmp(o->format, "jsonl") == 0) {
		for (i = 0; i < h.n; i++)
			printf("{\"from\":%" PRId64 ",\"to\":%" PRId64 ",\"count\":%" PRId64 "}\n",
			    h.b[i].from, h.b[i].to, h.b[i].count);
	} else {
		const char *block = cli_utf8() ? "\u2588" : "#";
		int64_t max = 1;

		for (i = 0; i < h.n; i++)
			max = h.b[i].count > max ? h.b[i].count : max;
		for (i = 0; i < h.n; i++) {
			char buf[32];
			int bar = (int)(h.b[i].count * 50 / max), c;

			tz_fmt(h.b[i].from, TZ_YEAR, buf, sizeof buf);
			printf("%s %10" PRId64 " ", buf, h.b[i].count);
			for (c = 0; c < bar; c++)
				fputs(block, stdout);
			putchar('\n');
		}
		printf("total %" PRId64 "\n", h.total);
	}
	cl_hist_free(&h);
	return SLSX_EX_OK;
}

/* ---- context ---- */

/* One GetContextLogs call, re-asked while Incomplete. */
static int
cmd_query_context_call(struct cli *x, const char *id, const char *meta, int back, int fwd,
    struct cl_logs *out)
{
	struct cl_args a;
	struct cl_call call;
	struct cli_result r;
	struct cl_err perr;
	int rc, tries;

	for (tries = 0;; tries++) {
		cl_logs_init(out);
		cl_args_init(&a);
		cl_api_get_context(&call, &a, x->project, x->logstore, id, meta, back, fwd);
		call.delay_ms = tries ? cl_reask_ms(tries - 1) : 0;
		rc = cli_call(x, &call, &r);
		cl_args_free(&a);
		if (rc != 0) {
			cl_logs_free(out);
			return -cli_report("GetContextLogs", &r.err);
		}
		rc = cl_parse_context(&r.rs, out, &perr);
		cli_result_free(&r);
		if (rc != 0) {
			cl_logs_free(out);
			return -cli_report("GetContextLogs reply", &perr);
		}
		if (out->complete)
			return 0;
		if (tries >= CL_REASK_MAX || cli_stop) {
			fprintf(stderr, "slsx: warning: GetContextLogs is still Incomplete after %d "
					"re-asks; lines may be missing\n", tries);
			return 0;
		}
		fprintf(stderr, "slsx: warning: GetContextLogs answered Incomplete; asking again in "
				"%ld ms (%d of %d)\n", cl_reask_ms(tries), tries + 1, CL_REASK_MAX);
		cl_logs_free(out);
	}
}

/* Lines before (dir < 0) or after the anchor, chained 100 at a time from
 * the first (or last) log of the previous answer. */
static int
cmd_query_context_dir(struct cli *x, const char *id, const char *meta, int want, int dir,
    struct cl_logs **pages, size_t *npages)
{
	char *cid = xstrdup(id), *cmeta = xstrdup(meta);
	int got = 0, rc = 0;

	while (got < want && !cli_stop) {
		int n = want - got > 100 ? 100 : want - got;
		struct cl_logs l;
		const struct cl_row *edge;
		int64_t have;
		const char *nid, *nmeta;

		if ((rc = cmd_query_context_call(x, cid, cmeta, dir < 0 ? n : 0, dir > 0 ? n : 0, &l)) != 0)
			break;
		have = dir < 0 ? l.back_lines : l.forward_lines;
		if (have <= 0 || l.nrows < 2) {
			cl_logs_free(&l);
			break;
		}
		edge = dir < 0 ? &l.rows[0] : &l.rows[l.nrows - 1];
		nid = cl_row_get(&l, edge, "__tag__:__pack_id__", NULL);
		nmeta = cl_row_get(&l, edge, "__pack_meta__", NULL);
		free(cid);
		free(cmeta);
		cid = xstrdup(nid ? nid : "");
		cmeta = xstrdup(nmeta ? nmeta : "");
		got += (int)have;
		*pages = xreallocarray(*pages, *npages + 1, sizeof **pages);
		(*pages)[(*npages)++] = l;
		if (have < n || nid == NULL || nmeta == NULL)
			break;
	}
	free(cid);
	free(cmeta);
	return rc;
}

/* Copy rows [lo, hi) of src to dst. */
static void
cmd_query_copy_rows(struct cl_logs *dst, const struct cl_logs *src, size_t lo, size_t hi)
{
	const char *k[256], *v[256];
	size_t kl[256], vl[256], r, i;

	for (r = lo; r < hi && r < src->nrows; r++) {
		const struct cl_row *row = &src->rows[r];
		size_t n = row->n < 256 ? row->n : 256;

		for (i = 0; i < n; i++) {
			k[i] = cl_row_key(src, row, (uint32_t)i);
			kl[i] = strlen(k[i]);
			v[i] = cl_row_val(row, (uint32_t)i, &vl[i]);
		}
		cl_logs_add_row(dst, k, kl, v, vl, n);
	}
}

int
cmd_query_context(struct cli *x, const struct cli_opts *o)
{
	struct cl_logs *before = NULL, *after = NULL, all;
	const struct cl_logs *a;
	size_t nb = 0, na = 0, i;
	struct cmd_query_run q;
	int rc;

	memset(&q, 0, sizeof q);
	if (o->pack_id == NULL || o->pack_meta == NULL) {
		fprintf(stderr, "slsx context: --pack-id and --pack-meta are required (slsx query "
				"prints them as __tag__:__pack_id__ and __pack_meta__)\n");
		return SLSX_EX_USAGE;
	}
	if (cmd_query_format(o->format, 0, &q.fmt) != 0)
		return SLSX_EX_USAGE;
	q.x = x;
	q.first = 1;
	if ((rc = cmd_query_context_dir(x, o->pack_id, o->pack_meta, o->before, -1, &before, &nb)) ||
	    (rc = cmd_query_context_dir(x, o->pack_id, o->pack_meta, o->after, 1, &after, &na))) {
		rc = -rc;
		goto out;
	}
	cl_logs_init(&all);
	/* oldest first: the before-pages in reverse order of fetching */
	for (i = nb; i-- > 0;)
		cmd_query_copy_rows(&all, &before[i], 0, (size_t)before[i].back_lines);
	/* the anchor sits after the back lines of the first answer */
	a = nb ? &before[0] : na ? &after[0] : NULL;
	if (a) {
		size_t at = (size_t)(nb ? a->back_lines : (int64_t)a->nrows - a->forward_lines - 1);

		cmd_query_copy_rows(&all, a, at, at + 1);
	} else {
		fprintf(stderr, "slsx: no lines around that log (or no log has that pack id "
				"and meta)\n");
	}
	for (i = 0; i < na; i++)
		cmd_query_copy_rows(&all, &after[i], after[i].nrows - (size_t)after[i].forward_lines,
		    after[i].nrows);
	cmd_query_on_page(&q, &all, NULL);
	cmd_query_finish_output(&q);
	rc = SLSX_EX_OK;
out:
	for (i = 0; i < nb; i++)
		cl_logs_free(&before[i]);
	for (i = 0; i < na; i++)
		cl_logs_free(&after[i]);
	free(before);
	free(after);
	return rc;
}

/* ---- index, topics, project-query ---- */

int
cmd_query_index(struct cli *x, const struct cli_opts *o)
{
	struct cl_index idx;
	size_t i;
	int rc, jsonl = o->format && strcmp(o->format, "jsonl") == 0;

	if ((rc = cli_get_index(x, &idx)) != SLSX_EX_OK)
		return rc;
	if (!jsonl)
		printf("full-text index: %s\n%-32s %-7s %s\n", idx.fulltext ? "yes" : "no", "FIELD",
		    "TYPE", "SQL");
	for (i = 0; i < idx.n; i++) {
		struct sb b;
		int e;

		sb_init(&b, 0);
		if (jsonl) {
			e = sb_adds(&b, "{\"field\":");
			e |= cl_fmt_json_str(&b, idx.f[i].name, strlen(idx.f[i].name), x->raw);
			e |= sb_adds(&b, ",\"type\":");
			e |= cl_fmt_json_str(&b, idx.f[i].type, strlen(idx.f[i].type), 0);
			e |= sb_addf(&b, ",\"sql\":%s}\n", idx.f[i].doc_value ? "true" : "false");
		} else {
			e = cl_fmt_text(&b, idx.f[i].name, strlen(idx.f[i].name), x->raw);
			e |= sb_addf(&b, "%*s ", (int)(b.len < 32 ? 32 - b.len : 0), "");
			e |= cl_fmt_text(&b, idx.f[i].type, strlen(idx.f[i].type), 0);
			e |= sb_addf(&b, "%*s %s\n", (int)(strlen(idx.f[i].type) < 7 ?
			    7 - strlen(idx.f[i].type) : 0), "", idx.f[i].doc_value ? "yes" : "no");
		}
		if (e == 0)
			fwrite(b.p, 1, b.len, stdout);
		sb_free(&b);
	}
	cl_index_free(&idx);
	return SLSX_EX_OK;
}

int
cmd_query_topics(struct cli *x, const struct cli_opts *o)
{
	char token[256] = "";
	int pages;

	(void)o;
	for (pages = 0; pages < 100000 && !cli_stop; pages++) {
		struct cl_args a;
		struct cl_call call;
		struct cli_result r;
		struct cl_names names;
		struct cl_err perr;
		size_t i;
		int rc;

		cl_args_init(&a);
		cl_api_list_topics(&call, &a, x->project, x->logstore, 100, token);
		rc = cli_call(x, &call, &r);
		cl_args_free(&a);
		if (rc != 0)
			return cli_report("ListTopics", &r.err);
		rc = cl_parse_topics(&r.rs, &names, &perr);
		snprintf(token, sizeof token, "%s", r.rs.nexttoken);
		cli_result_free(&r);
		if (rc != 0)
			return cli_report("ListTopics reply", &perr);
		for (i = 0; i < names.n; i++) {
			cli_print_text(names.v[i], strlen(names.v[i]), x->raw);
			putchar('\n');
		}
		cl_names_free(&names);
		/* an empty token (slsd sends " " for empty) ends the list */
		if (strspn(token, " ") == strlen(token))
			break;
	}
	return SLSX_EX_OK;
}

int
cmd_query_project(struct cli *x, const struct cli_opts *o)
{
	const char *sql = o->argv[0];
	struct cl_args a;
	struct cl_call call;
	struct cli_result r;
	struct cl_logs l;
	struct cl_err perr;
	struct cmd_query_run q;
	int rc;

	memset(&q, 0, sizeof q);
	if (cmd_query_format(o->format, 1, &q.fmt) != 0)
		return SLSX_EX_USAGE;
	q.x = x;
	q.first = 1;
	cl_args_init(&a);
	cl_api_get_project_logs(&call, &a, x->project, sql, 0);
	rc = cli_call(x, &call, &r);
	cl_args_free(&a);
	if (rc != 0)
		return cli_report("GetProjectLogs", &r.err);
	cl_logs_init(&l);
	rc = cl_parse_logs_v1(&r.rs, &l, &perr);
	cli_result_free(&r);
	if (rc != 0) {
		cl_logs_free(&l);
		return cli_report("GetProjectLogs reply", &perr);
	}
	if (!l.complete)
		fprintf(stderr, "slsx: warning: the server reported the result as Incomplete\n");
	cmd_query_on_page(&q, &l, NULL);
	cmd_query_finish_output(&q);
	return SLSX_EX_OK;
}
